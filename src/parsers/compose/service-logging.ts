/**
 * `logging` (and the version 1 `log_driver`/`log_opt`): every container logs to CloudWatch Logs
 * (`awslogs`) on ECS. The `awslogs` driver is kept (Docker's ECS integration also read `awslogs-*`
 * options with no driver), with the options ECS's driver takes; the others are reported (see
 * ir/logging.ts). Other drivers and their options are replaced and reported
 * (`compose/logging-driver`).
 */
import type { Logging } from '../../ir/types.js';
import { awslogsOptions, replacedDriverHint, ROTATION_HINT } from '../../ir/logging.js';
import { redactUnreadTree } from '../../secrets/unread.js';
import { isMap, isScalar, type YNode } from '../../yaml/node.js';
import { at, entries, goString, invalid, originOf, readString, report, svc, type At, type PathLike, type ServiceContext, type Entry } from './to-ir-context.js';

export function mapLogging(ctx: ServiceContext): Logging | undefined {
  let driver: { value: string; where: At } | undefined;
  const options: { key: string; value: string; where: At }[] = [];
  // Where the options were read from (dropped options are masked: `redactDropped`).
  let optionsNode: YNode | undefined;
  let anchor: At | undefined;
  const pair = ctx.keys.get('logging');
  if (pair) {
    anchor = pair;
    if (isMap(pair.value)) {
      const eList = entries(pair.value, pair);
      for (let eIndex = 0; eIndex < eList.length; eIndex++) {
        const e = eList[eIndex] as Entry;
        if (e.key === 'driver') {
          const v = readString(ctx, e.value, e, `${svc(ctx)}'s logging driver`);
          if (v) driver = { value: v, where: e };
        } else if (e.key === 'options' || e.key === 'driver-opts') {
          readOptions(ctx, e.value, e, options);
          optionsNode = e.value;
        } else if (!e.key.startsWith('x-')) {
          invalid(ctx, e, `${svc(ctx)}'s logging has an unknown key \`${e.key}\`.`, 'logging takes driver and options.');
        }
      }
    } else if (!(isScalar(pair.value) && pair.value.value === null)) {
      invalid(ctx, at(pair.value, pair.path), `${svc(ctx)}'s logging must be a mapping.`, 'Write `logging: {driver: awslogs, options: {...}}`.');
    }
  }
  // Version 1 keys: used when the modern ones are absent.
  const legacyDriver = ctx.keys.get('log_driver');
  if (legacyDriver) {
    report(ctx, 'compose/legacy-key', legacyDriver, `${svc(ctx)} uses \`log_driver\` from the version 1 format; ecsify reads it as \`logging.driver\`.`, { hint: 'Write `logging: {driver: ...}` instead.' });
    const v = readString(ctx, legacyDriver.value, legacyDriver, `${svc(ctx)}'s log_driver`);
    if (v && !driver) driver = { value: v, where: legacyDriver };
    anchor ??= legacyDriver;
  }
  const legacyOpt = ctx.keys.get('log_opt');
  if (legacyOpt) {
    report(ctx, 'compose/legacy-key', legacyOpt, `${svc(ctx)} uses \`log_opt\` from the version 1 format; ecsify reads it as \`logging.options\`.`, { hint: 'Write `logging: {options: {...}}` instead.' });
    if (options.length === 0) {
      readOptions(ctx, legacyOpt.value, legacyOpt, options);
      optionsNode = legacyOpt.value;
    }
    anchor ??= legacyOpt;
  }
  if (!anchor) return undefined;

  const name = driver?.value;
  if (name === undefined || name === 'awslogs') {
    const kept = name === 'awslogs' ? options : options.filter((o) => o.key.startsWith('awslogs-'));
    const dropped = options.filter((o) => !kept.includes(o));
    if (dropped.length > 0) {
      redactDropped(ctx, optionsNode);
      report(ctx, 'compose/logging-driver', dropped[0]?.where, `${svc(ctx)}'s logging options ${dropped.map((o) => `\`${o.key}\``).join(', ')} belong to Docker's default json-file driver and are dropped: on ECS logs go to CloudWatch Logs.`, {
        hint: ROTATION_HINT,
      });
    }
    if (name === undefined && kept.length === 0) return undefined;
    const sorted = kept.sort((a, b) => (a.key < b.key ? -1 : 1));
    return { driver: 'awslogs', options: awslogsOptions(svc(ctx), sorted, ctx.reporter, (o) => originOf(o.where)), origin: originOf(anchor) };
  }
  if (options.length > 0) redactDropped(ctx, optionsNode);
  report(
    ctx,
    'compose/logging-driver',
    driver?.where,
    name === 'none'
      ? `${svc(ctx)} turns logging off (driver none); on ECS its output goes to CloudWatch Logs like every container's.`
      : `${svc(ctx)}'s logging driver \`${name}\` is replaced by CloudWatch Logs (awslogs)${options.length > 0 ? ', and its options are dropped' : ''}.`,
    { hint: replacedDriverHint(name) },
  );
  return undefined;
}

/**
 * Options left out are never read, but shown in code frames (a `splunk-token`, a URL's password):
 * the options are judged as a part of the file that is not read, once per node (services share
 * one `logging` through an anchor).
 */
function redactDropped(ctx: ServiceContext, node: YNode | undefined): void {
  if (node) redactUnreadTree(node, ctx.reporter, ctx.collector.policy, (ctx.collector.unread ??= new WeakSet()));
}

function readOptions(ctx: ServiceContext, node: YNode, path: PathLike, out: { key: string; value: string; where: At }[]): void {
  if (!isMap(node)) {
    if (!(isScalar(node) && node.value === null)) invalid(ctx, at(node, path), `${svc(ctx)}'s logging options must be a mapping.`, 'Write `options: {awslogs-group: my-group}`.');
    return;
  }
  const eList = entries(node, path);
  for (let eIndex = 0; eIndex < eList.length; eIndex++) {
    const e = eList[eIndex] as Entry;
    const v = isScalar(e.value) ? goString(e.value) : undefined;
    if (v === undefined) continue;
    out.push({ key: e.key, value: v, where: e });
  }
}
