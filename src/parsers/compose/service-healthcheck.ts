/**
 * `healthcheck`: `test` as a string (→ `["CMD-SHELL", string]`, not split), or a list starting
 * with `CMD`, `CMD-SHELL` or `NONE`; `disable: true` ≡ `NONE`; durations → whole seconds.
 * ECS's own ranges (interval 5–300 s…) are checked by the passes on the IR, not here.
 */
import { parseDurationSeconds, wholeSeconds } from '../../ir/units.js';
import type { HealthCheck } from '../../ir/types.js';
import { isMap, isScalar, type YNode } from '../../yaml/node.js';
import { approximated, at, entries, goString, invalid, Item, originOf, readBool, readInt, svc, type PathLike, type ServiceContext, type Entry } from './to-ir-context.js';

export function mapHealthcheck(ctx: ServiceContext): HealthCheck | undefined {
  const pair = ctx.keys.get('healthcheck');
  if (!pair) return undefined;
  if (!isMap(pair.value)) {
    if (!(isScalar(pair.value) && pair.value.value === null)) invalid(ctx, at(pair.value, pair.path), `${svc(ctx)}'s healthcheck must be a mapping.`, 'Write `healthcheck: {test: ["CMD", "curl", "-f", "http://localhost/"]}`.');
    return undefined;
  }
  let command: string[] | undefined;
  let disabled = false;
  let testSeen = false;
  const hc: Partial<HealthCheck> = {};
  const eList = entries(pair.value, pair);
  for (let eIndex = 0; eIndex < eList.length; eIndex++) {
    const e = eList[eIndex] as Entry;
    switch (e.key) {
      case 'test':
        testSeen = true;
        command = readTest(ctx, e.value, e);
        if (command && command[0] === 'NONE') {
          disabled = true;
          command = undefined;
        }
        break;
      case 'disable':
        if (readBool(ctx, e.value, e, `${svc(ctx)}'s healthcheck disable`)) disabled = true;
        break;
      case 'interval':
      case 'timeout':
      case 'start_period': {
        const s = readDurationSeconds(ctx, e.value, e, `${svc(ctx)}'s healthcheck ${e.key}`);
        // Docker reads 0 as "the default", as ECS reads a missing value.
        if (s === undefined || s === 0) break;
        if (e.key === 'interval') hc.intervalSeconds = s;
        else if (e.key === 'timeout') hc.timeoutSeconds = s;
        else hc.startPeriodSeconds = s;
        break;
      }
      case 'retries': {
        const n = readInt(ctx, e.value, e, `${svc(ctx)}'s healthcheck retries`, { min: 0 });
        if (n !== undefined && n !== 0) hc.retries = n; // 0: the default, as for the durations
        break;
      }
      case 'start_interval':
        approximated(ctx, e, `${svc(ctx)}'s healthcheck start_interval has no ECS counterpart; ECS checks at the normal interval during the start period.`);
        break;
      default:
        if (!e.key.startsWith('x-')) invalid(ctx, e, `${svc(ctx)}'s healthcheck has an unknown key \`${e.key}\`.`, 'A healthcheck takes test, interval, timeout, retries, start_period, start_interval and disable.');
    }
  }
  if (disabled) return undefined;
  if (!command) {
    if (!testSeen) {
      approximated(ctx, pair, `${svc(ctx)}'s healthcheck sets timings but no \`test\`, so it relies on the image's HEALTHCHECK, which ECS ignores; no health check is converted.`, 'Add the `test` command to the healthcheck.');
    }
    return undefined;
  }
  const out: HealthCheck = { command, origin: originOf(pair) };
  if (hc.intervalSeconds !== undefined) out.intervalSeconds = hc.intervalSeconds;
  if (hc.timeoutSeconds !== undefined) out.timeoutSeconds = hc.timeoutSeconds;
  if (hc.retries !== undefined) out.retries = hc.retries;
  if (hc.startPeriodSeconds !== undefined) out.startPeriodSeconds = hc.startPeriodSeconds;
  return out;
}

function readTest(ctx: ServiceContext, node: YNode, path: PathLike): string[] | undefined {
  if (isScalar(node)) {
    const text = goString(node);
    if (text === undefined) return undefined;
    if (text === 'NONE') return ['NONE'];
    return ['CMD-SHELL', text];
  }
  if (node.kind === 'map') {
    invalid(ctx, at(node, path), `${svc(ctx)}'s healthcheck test must be a string or a list.`, 'Write `test: ["CMD", "curl", "-f", "http://localhost/"]` or `test: curl -f http://localhost/ || exit 1`.');
    return undefined;
  }
  const words: string[] = [];
  for (let i = 0; i < node.items.length; i++) {
    const item = node.items[i] as YNode;
    const v = isScalar(item) ? goString(item) : undefined;
    if (v === undefined) {
      invalid(ctx, new Item(item, path, i), `${svc(ctx)}'s healthcheck test has an item that is not a string.`, 'Write every item as a string.');
      return undefined;
    }
    words.push(v);
  }
  const first = words[0];
  if (first !== 'CMD' && first !== 'CMD-SHELL' && first !== 'NONE') {
    invalid(
      ctx,
      at(node, path),
      words.length === 0 ? `${svc(ctx)}'s healthcheck test is empty.` : `${svc(ctx)}'s healthcheck test starts with \`${first}\`, not CMD, CMD-SHELL or NONE.`,
      'Start the list with "CMD" (run the words directly) or "CMD-SHELL" (run one string with /bin/sh), or write the test as a plain string.',
    );
    return undefined;
  }
  if (first !== 'NONE' && words.length < 2) {
    invalid(ctx, at(node, path), `${svc(ctx)}'s healthcheck test \`${first}\` has no command.`, 'Add the command after CMD or CMD-SHELL.');
    return undefined;
  }
  return words;
}

/** A Go duration (`30s`, `1m30s`) as whole seconds (rounded up, reported), or undefined after a report. */
export function readDurationSeconds(ctx: ServiceContext, node: YNode, path: PathLike, what: string): number | undefined {
  const text = isScalar(node) ? goString(node) : undefined;
  const seconds = text === undefined ? undefined : parseDurationSeconds(text);
  if (text === undefined || seconds === undefined || seconds < 0) {
    if (isScalar(node) && node.value === null) return undefined;
    invalid(ctx, at(node, path), `${what} ${text !== undefined ? `\`${text}\` ` : ''}is not a duration${text !== undefined && /^\d+(\.\d+)?$/.test(text) ? ' (the unit is missing)' : ''}.`, 'Write a duration with a unit, such as `10s` or `1m30s`.');
    return undefined;
  }
  const whole = wholeSeconds(seconds);
  if (whole !== seconds) approximated(ctx, at(node, path), `${what} \`${text}\` is rounded up to ${whole} s (ECS counts whole seconds).`);
  return whole;
}
