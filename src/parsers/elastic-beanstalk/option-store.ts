/**
 * EB option settings as data: reading the three `option_settings` forms (and the saved
 * configuration `OptionSettings` map), keeping where each value was written, and the effective
 * value of each option after every source is layered (later sources win).
 *
 * Values are strings to EB. A value may also be a CloudFormation function that EB resolved in
 * its own stack; `Fn::GetOptionSetting` can be resolved from the other options here, the rest
 * cannot (see `resolveOption`).
 */
import type { Origin } from '../../ir/types.js';
import { childPath, type YMap, type YNode, type YSeq } from '../../yaml/node.js';
import { closest } from '../../util/closest.js';
import { originOf, scalarString, type EbContext } from './common.js';

export const ENV_NAMESPACE = 'aws:elasticbeanstalk:application:environment';
export const SECRETS_NAMESPACE = 'aws:elasticbeanstalk:application:environmentsecrets';
export const CUSTOM_NAMESPACE = 'aws:elasticbeanstalk:customoption';

/** A part of an option value: literal text, an option to look up, or something only CloudFormation knows. */
export type ValuePiece =
  | { text: string }
  | { getOption: { namespace: string; option: string; default?: string } }
  | { unresolved: string };

export interface OptionValue {
  namespace: string;
  option: string;
  /** `resource_name` (scheduled actions), if any. */
  resource?: string;
  pieces: ValuePiece[];
  /** The value node as written (for origins and type checks). */
  node: YNode | undefined;
  /** Where the option was set (the option name, or the value for list forms). */
  origin: Origin;
  /** The file that set it. */
  source: string;
  /** Written as a YAML number/boolean or a list (EB wants strings). */
  nonString?: 'number' | 'boolean' | 'list';
}

export function optionKey(namespace: string, option: string, resource?: string): string {
  return `${resource ?? ''}\u0000${namespace}\u0000${option}`;
}

const FN_KEY = /^(Ref|Fn::[A-Za-z]+)$/;

function describeIntrinsic(node: YNode): string {
  if (node.tag && node.tag.startsWith('!') && !node.tag.startsWith('!!')) return `${node.tag} ${node.kind === 'scalar' ? scalarString(node) : '...'}`;
  if (node.kind === 'map' && node.entries[0]) return node.entries[0].key;
  return 'a CloudFormation function';
}

function getOptionSetting(arg: unknown): ValuePiece | undefined {
  if (!arg || typeof arg !== 'object' || Array.isArray(arg)) return undefined;
  const a = arg as Record<string, unknown>;
  if (typeof a['OptionName'] !== 'string') return undefined;
  const ns = typeof a['Namespace'] === 'string' ? a['Namespace'] : CUSTOM_NAMESPACE;
  const d = a['DefaultValue'];
  const piece: { namespace: string; option: string; default?: string } = { namespace: ns, option: a['OptionName'] };
  if (typeof d === 'string' || typeof d === 'number' || typeof d === 'boolean') piece.default = String(d);
  return { getOption: piece };
}

/** Splits a string with EB's backtick functions (`` `{"Ref": "X"}` ``) into pieces. */
function stringPieces(s: string): ValuePiece[] {
  if (!s.includes('`')) return [{ text: s }];
  const out: ValuePiece[] = [];
  const re = /`([^`]*)`/g;
  let last = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s))) {
    if (m.index > last) out.push({ text: s.slice(last, m.index) });
    const inner = (m[1] as string).trim();
    let piece: ValuePiece = { text: m[0] };
    if (inner.startsWith('{')) {
      try {
        const parsed = JSON.parse(inner) as Record<string, unknown>;
        const key = Object.keys(parsed)[0];
        if (key === 'Fn::GetOptionSetting') piece = getOptionSetting(parsed[key]) ?? { unresolved: inner };
        else if (key && FN_KEY.test(key)) piece = { unresolved: inner };
      } catch {
        piece = { unresolved: inner };
      }
    }
    out.push(piece);
    last = re.lastIndex;
  }
  if (last < s.length) out.push({ text: s.slice(last) });
  return out;
}

/** Turns a value node into pieces (literal, resolvable, or not). */
export function valuePieces(node: YNode | undefined): { pieces: ValuePiece[]; nonString?: 'number' | 'boolean' | 'list' } {
  if (!node) return { pieces: [{ text: '' }] };
  if (node.tag && node.tag.startsWith('!') && !node.tag.startsWith('!!')) {
    return { pieces: [{ unresolved: describeIntrinsic(node) }] };
  }
  if (node.kind === 'scalar') {
    const s = scalarString(node) ?? '';
    const nonString = typeof node.value === 'number' ? 'number' : typeof node.value === 'boolean' ? 'boolean' : undefined;
    return nonString ? { pieces: [{ text: s }], nonString } : { pieces: stringPieces(s) };
  }
  if (node.kind === 'map') {
    const first = node.entries[0];
    if (node.entries.length === 1 && first && FN_KEY.test(first.key)) {
      if (first.key === 'Fn::GetOptionSetting' && first.value.kind === 'map') {
        const js: Record<string, unknown> = {};
        for (const e of first.value.entries) js[e.key] = e.value.kind === 'scalar' ? e.value.value : undefined;
        const p = getOptionSetting(js);
        if (p) return { pieces: [p] };
      }
      return { pieces: [{ unresolved: first.key }] };
    }
    return { pieces: [{ unresolved: 'a mapping' }] };
  }
  // A list of plain scalars: EB wants a comma-separated string.
  const seq = node as YSeq;
  if (seq.items.every((i) => i.kind === 'scalar' && !i.tag)) {
    return { pieces: [{ text: seq.items.map((i) => scalarString(i) ?? '').join(',') }], nonString: 'list' };
  }
  return { pieces: [{ unresolved: 'a list' }] };
}

/** Options layered in order; the last setting of an option wins. */
export interface OptionStore {
  /** Effective settings in the order their option was first set. */
  readonly all: OptionValue[];
  get(namespace: string, option: string, resource?: string): OptionValue | undefined;
  /** Effective settings of one namespace (any resource). */
  namespace(namespace: string): OptionValue[];
  /** Namespaces with at least one setting, sorted. */
  namespaces(): string[];
}

export function buildStore(settings: readonly OptionValue[]): OptionStore {
  const map = new Map<string, OptionValue>();
  for (const s of settings) {
    const key = optionKey(s.namespace, s.option, s.resource);
    // Deleting first would move the option to the end; keep its first position, take the new value.
    map.set(key, s);
  }
  const all = [...map.values()];
  return {
    all,
    get: (ns, opt, res) => map.get(optionKey(ns, opt, res)),
    namespace: (ns) => all.filter((v) => v.namespace === ns),
    namespaces: () => [...new Set(all.map((v) => v.namespace))].sort(),
  };
}

export type Resolved = { ok: true; value: string } | { ok: false; unresolved: string };

/** The value of an option with `Fn::GetOptionSetting` resolved; other functions stay unresolved. */
export function resolveOption(store: OptionStore, v: OptionValue, depth = 0): Resolved {
  let out = '';
  for (const p of v.pieces) {
    if ('text' in p) out += p.text;
    else if ('unresolved' in p) return { ok: false, unresolved: p.unresolved };
    else {
      const target = store.get(p.getOption.namespace, p.getOption.option);
      if (target && target !== v && depth < 8) {
        const r = resolveOption(store, target, depth + 1);
        if (!r.ok) return r;
        out += r.value;
      } else if (p.getOption.default !== undefined) {
        out += p.getOption.default;
      } else {
        return { ok: false, unresolved: `Fn::GetOptionSetting ${p.getOption.namespace} ${p.getOption.option} (not set, no DefaultValue)` };
      }
    }
  }
  return { ok: true, value: out };
}

const LIST_KEYS = ['namespace', 'option_name', 'value', 'resource_name'] as const;

/**
 * Reads an `option_settings` node in any of its forms: a list of
 * `{namespace?, option_name, value, resource_name?}` (namespace defaults to the environment
 * properties), or a map `namespace: {option: value}` whose keys may carry a resource
 * (`ScheduledScaleUp.aws:autoscaling:scheduledaction`).
 */
export function readOptionSettings(ctx: EbContext, node: YNode, path: string, source: string): OptionValue[] {
  const out: OptionValue[] = [];
  if (node.kind === 'seq') {
    node.items.forEach((item, i) => {
      const ip = childPath(path, i);
      if (item.kind !== 'map') {
        ctx.reporter.report('eb/config-file', `Option setting ${i + 1} in ${source} is not a mapping, so EB skips it.`, {
          origin: originOf(item, ip),
          hint: 'Write each list item as `namespace: ...`, `option_name: ...`, `value: ...`.',
        });
        return;
      }
      const fields: Partial<Record<(typeof LIST_KEYS)[number], { node: YNode; origin: Origin }>> = {};
      for (const e of item.entries) {
        let key = e.key;
        if (!(LIST_KEYS as readonly string[]).includes(key)) {
          const near = closest(key, LIST_KEYS) ?? (/^(Namespace|OptionName|Value|ResourceName)$/.test(key) ? snake(key) : undefined);
          ctx.reporter.report('eb/unknown-key', `Option setting key \`${key}\` in ${source} is not one EB reads.`, {
            origin: originOf(e, childPath(ip, key)),
            hint: near
              ? `Did you mean \`${near}\`? ecsify reads it as \`${near}\`.`
              : 'The keys of a list item are namespace, option_name, value and resource_name.',
          });
          if (!near) continue;
          key = near;
        }
        fields[key as (typeof LIST_KEYS)[number]] = { node: e.value, origin: originOf(e, childPath(ip, e.key)) };
      }
      const optionName = scalarString(fields.option_name?.node);
      if (!optionName) {
        ctx.reporter.report('eb/config-file', `Option setting ${i + 1} in ${source} has no option_name, so EB skips it.`, {
          origin: originOf(item, ip),
          hint: 'Add `option_name:` with the option to set.',
        });
        return;
      }
      const namespace = scalarString(fields.namespace?.node)?.trim() || ENV_NAMESPACE;
      const { pieces, nonString } = valuePieces(fields.value?.node);
      const v: OptionValue = {
        namespace,
        option: optionName.trim(),
        pieces,
        node: fields.value?.node,
        origin: fields.option_name?.origin ?? originOf(item, ip),
        source,
      };
      const res = scalarString(fields.resource_name?.node)?.trim();
      if (res) v.resource = res;
      if (nonString) v.nonString = nonString;
      out.push(v);
    });
    return out;
  }
  if (node.kind === 'map') {
    for (const nsPair of node.entries) {
      const np = childPath(path, nsPair.key);
      let namespace = nsPair.key.trim();
      let resource: string | undefined;
      // `RESOURCE.aws:…`: the resource is everything before the namespace (names may hold dots).
      const dot = /^(.+?)\.(aws:[^.]+)$/.exec(namespace);
      if (dot) {
        resource = dot[1] as string;
        namespace = dot[2] as string;
      }
      const body = nsPair.value;
      if (body.kind === 'scalar' && body.value === null) continue;
      if (body.kind !== 'map') {
        ctx.reporter.report('eb/config-file', `Namespace \`${nsPair.key}\` in ${source} is not a mapping of options.`, {
          origin: originOf(nsPair, np),
          hint: 'In the shorthand form, write `namespace:` and below it `OptionName: value` lines.',
        });
        continue;
      }
      for (const e of (body as YMap).entries) {
        const { pieces, nonString } = valuePieces(e.value);
        const v: OptionValue = {
          namespace,
          option: e.key.trim(),
          pieces,
          node: e.value,
          origin: originOf(e, childPath(np, e.key)),
          source,
        };
        if (resource) v.resource = resource;
        if (nonString) v.nonString = nonString;
        out.push(v);
      }
    }
    return out;
  }
  if (node.kind === 'scalar' && node.value === null) return out;
  ctx.reporter.report('eb/config-file', `option_settings in ${source} is neither a list nor a mapping.`, {
    origin: originOf(node, path),
    hint: 'Write option_settings as a list of {namespace, option_name, value} or as `namespace: {option: value}`.',
  });
  return out;
}

function snake(key: string): string {
  return key === 'OptionName' ? 'option_name' : key === 'ResourceName' ? 'resource_name' : key.toLowerCase();
}
