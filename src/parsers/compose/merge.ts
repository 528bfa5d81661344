/**
 * Merging Compose documents the way Docker Compose does (compose-go `override`): several `-f`
 * files, the documents of a multi-document file, `extends` (base under local) and `include`
 * (imported under local). See ../shared/docs/compose.md §7.1–7.4.
 *
 * General rules: mappings merge key by key, lists append, scalars are replaced, an override
 * that is null keeps the base. Special paths (command, environment, ports, …) follow §7.2;
 * `!reset` removes a key from what earlier files built, `!override` replaces it without
 * merging. After a merge `enforceUnicity` removes entries that share an identity key (§7.3):
 * the later entry takes the earlier one's place.
 *
 * Representation choice (not Compose's): when a key-value list (`environment`, `labels`, …) in
 * one file meets the mapping form in another, the result is the mapping form (list entries are
 * split at the first `=`; a bare `NAME` becomes a null value), so that the value nodes written
 * in mapping form keep their YAML type and position. Compose produces the list form instead;
 * the meaning is the same.
 */
import type { Reporter } from '../../diagnostics/context.js';
import type { YMap, YNode, YPair, YScalar, YSeq } from '../../yaml/node.js';
import { nodeOrigin, PairNode, ScalarNode } from '../../yaml/node.js';
import { goScalarString } from './go-format.js';
import { docPath, mapAt, pairAt, scalarAt, seqAt, sameValue, strAt, untagged, withValue, type Seg } from './nodes.js';

export interface MergeOptions {
  reporter: Reporter;
  /**
   * Keep `!reset`/`!override` tagged entries of the override side in the result (used for
   * `extends`, whose local tags must still apply to earlier files afterwards).
   */
  keepTags?: boolean;
}

type Rule = 'replace' | 'kv' | 'list' | 'extra-hosts' | 'depends-on' | 'null-map' | 'build' | 'logging' | 'ipam';

const SERVICE_RULES: Record<string, Rule> = {
  command: 'replace',
  entrypoint: 'replace',
  environment: 'kv',
  labels: 'kv',
  annotations: 'kv',
  sysctls: 'kv',
  dns: 'list',
  dns_opt: 'list',
  dns_search: 'list',
  tmpfs: 'list',
  env_file: 'list',
  label_file: 'list',
  extra_hosts: 'extra-hosts',
  depends_on: 'depends-on',
  networks: 'null-map',
  models: 'null-map',
  build: 'build',
  logging: 'logging',
};

const SERVICE_SUB_RULES: Record<string, Rule> = {
  'healthcheck.test': 'replace',
  'deploy.labels': 'kv',
  'build.args': 'kv',
  'build.labels': 'kv',
  'build.additional_contexts': 'kv',
  'build.extra_hosts': 'extra-hosts',
};

function ruleFor(segs: readonly Seg[]): Rule | undefined {
  const n = segs.length;
  const top = segs[0];
  if (top === 'services') {
    if (n === 3) return SERVICE_RULES[segs[2] as string];
    if (n === 4) {
      if (segs[2] === 'ulimits') return 'replace';
      return SERVICE_SUB_RULES[`${String(segs[2])}.${String(segs[3])}`];
    }
    return undefined;
  }
  if ((top === 'networks' || top === 'volumes') && n === 3 && segs[2] === 'labels') return 'kv';
  if (top === 'networks' && n === 4 && segs[2] === 'ipam' && segs[3] === 'config') return 'ipam';
  return undefined;
}

function isNullNode(n: YNode): boolean {
  return n.kind === 'scalar' && n.type === 'null';
}

/**
 * Removes what `!reset` marks (mapping entries and list items) and drops `!override` tags,
 * for a document used on its own (the first file, or content with nothing under it).
 * Returns undefined when the node itself is reset.
 */
export function clean(node: YNode): YNode | undefined {
  if (node.tag === '!reset') return undefined;
  const self = node.tag === '!override' ? untagged(node) : node;
  if (self.kind === 'scalar') return self;
  if (self.kind === 'seq') {
    let changed = self !== node;
    const items: YNode[] = [];
    for (const item of self.items) {
      const c = clean(item);
      if (c !== item) changed = true;
      if (c) items.push(c);
    }
    return changed ? seqAt(self, items) : self;
  }
  let changed = self !== node;
  const entries: YPair[] = [];
  for (const e of self.entries) {
    const c = clean(e.value);
    if (c !== e.value) changed = true;
    if (c) entries.push(c === e.value ? e : withValue(e, c));
  }
  return changed ? mapAt(self, entries) : self;
}

/** Whether a file's text uses the `!reset`/`!override` tags at all (lets loading skip `clean`). */
export function usesMergeTags(text: string): boolean {
  return text.includes('!reset') || text.includes('!override');
}

/** Merges document `over` onto `base` (both top-level mappings). */
export function mergeDocuments(base: YMap, over: YMap, options: MergeOptions): YMap {
  return mergeMaps(base, over, [], options);
}

/** Merges `over` onto `base` at `segs` (the path of both in the document). */
export function mergeValue(base: YNode, over: YNode, segs: Seg[], options: MergeOptions): YNode {
  const rule = ruleFor(segs);
  const fresh = (n: YNode): YNode => (options.keepTags ? n : (clean(n) ?? scalarAt(n, 'null', null)));
  if (rule === 'replace') return fresh(over);
  if (isNullNode(over) && over.tag === undefined) return base;
  switch (rule) {
    case 'kv':
      return mergeKeyValues(base, over, segs, options);
    case 'list':
      return appendLists(base, toList(base), toList(fresh(over)));
    case 'extra-hosts':
      return mergeExtraHosts(base, over, options);
    case 'depends-on':
    case 'null-map': {
      if (base.kind === 'seq' && over.kind === 'seq') return appendLists(base, base.items, (fresh(over) as YSeq).items);
      const b = listToMap(base, rule);
      const o = listToMap(over, rule);
      if (b.kind === 'map' && o.kind === 'map') return mergeMaps(b, o, segs, options);
      break;
    }
    case 'build': {
      const b = buildMap(base);
      const o = buildMap(over);
      if (b.kind === 'map' && o.kind === 'map') return mergeMaps(b, o, segs, options);
      break;
    }
    case 'logging':
      if (base.kind === 'map' && over.kind === 'map') {
        const bd = base.entries.find((e) => e.key === 'driver')?.value;
        const od = over.entries.find((e) => e.key === 'driver')?.value;
        if (bd && od && !sameValue(bd, od)) return fresh(over);
        return mergeMaps(base, over, segs, options);
      }
      break;
    case 'ipam':
      if (base.kind === 'seq' && over.kind === 'seq') return mergeIpamConfig(base, over, segs, options);
      break;
    case undefined:
      break;
  }
  return mergeGeneric(base, over, segs, options);
}

function mergeGeneric(base: YNode, over: YNode, segs: Seg[], options: MergeOptions): YNode {
  const fresh = (n: YNode): YNode => (options.keepTags ? n : (clean(n) ?? scalarAt(n, 'null', null)));
  if (base.kind === 'map') {
    if (over.kind === 'map') return mergeMaps(base, over, segs, options);
    cannotOverride(over, segs, options, 'a mapping');
    return base;
  }
  if (base.kind === 'seq') {
    if (over.kind === 'seq') return appendLists(base, base.items, (fresh(over) as YSeq).items);
    cannotOverride(over, segs, options, 'a list');
    return base;
  }
  return fresh(over);
}

function cannotOverride(over: YNode, segs: Seg[], options: MergeOptions, was: string): void {
  const path = docPath(segs);
  options.reporter.report('compose/cannot-merge', `${path} is ${was} in an earlier file and cannot be overridden by a ${kindName(over)}.`, {
    origin: nodeOrigin(over, path),
    hint: `Write ${path} as ${was} here too, or use \`!override\` to replace it.`,
  });
}

function kindName(n: YNode): string {
  return n.kind === 'map' ? 'mapping' : n.kind === 'seq' ? 'list' : 'single value';
}

/**
 * The index of a merged mapping's keys (key → position), handed from a merge result to the next
 * merge that takes it as its base: a file of thousands of documents merges each into the whole
 * project so far, and rebuilding the index of every service name for each document made the
 * load quadratic (8,000 one-service documents: 2.7 s of index building). The index moves with
 * its mapping: a base that is merged again later, or a result that lost entries, builds its own.
 */
const keyIndexes = new WeakMap<YMap, Map<string, number>>();

function mergeMaps(base: YMap, over: YMap, segs: Seg[], options: MergeOptions): YMap {
  const entries: (YPair | undefined)[] = base.entries.slice();
  let index = keyIndexes.get(base);
  if (index) keyIndexes.delete(base);
  else {
    index = new Map<string, number>();
    for (let i = 0; i < entries.length; i++) index.set((entries[i] as YPair).key, i);
  }
  let removed = false;
  const put = (pair: YPair): void => {
    const i = index.get(pair.key);
    if (i === undefined) {
      index.set(pair.key, entries.length);
      entries.push(pair);
    } else {
      entries[i] = pair;
    }
  };
  for (const pair of over.entries) {
    const tag = pair.value.tag;
    const i = index.get(pair.key);
    if (tag === '!reset') {
      if (options.keepTags) put(pair);
      else if (i !== undefined) {
        entries[i] = undefined;
        index.delete(pair.key);
        removed = true;
      }
      continue;
    }
    const baseValue = i === undefined ? undefined : entries[i]?.value;
    if (tag === '!override' || baseValue === undefined || baseValue.tag === '!reset') {
      if (options.keepTags) put(pair);
      else {
        const c = clean(pair.value);
        if (c) put(c === pair.value ? pair : withValue(pair, c));
      }
      continue;
    }
    const merged = mergeValue(baseValue, pair.value, [...segs, pair.key], options);
    if (merged === baseValue) continue;
    // A replaced value is reported where the override wrote its key; a merged mapping or list
    // keeps the key of the file that introduced it.
    const keyFrom = merged.kind === 'scalar' || baseValue.kind === 'scalar' ? pair : (entries[i as number] as YPair);
    put(new PairNode(pair.key, keyFrom.keyNode, merged, undefined));
  }
  if (removed) return mapAt(base, entries.filter((e): e is YPair => e !== undefined));
  const merged = mapAt(base, entries as YPair[]);
  keyIndexes.set(merged, index);
  return merged;
}

/** Appends `add` to `items`, leaving out entries deeply identical to one already there. */
function appendLists(at: YNode, items: readonly YNode[], add: readonly YNode[]): YSeq {
  const out = items.slice();
  for (const item of add) {
    if (!out.some((x) => sameValue(x, item))) out.push(item);
  }
  return seqAt(at, out);
}

function toList(n: YNode): YNode[] {
  if (n.kind === 'seq') return n.items;
  if (isNullNode(n)) return [];
  return [n];
}

/** `KEY=VALUE` list ↔ mapping merge (environment, labels, build args…), §7.2. */
function mergeKeyValues(base: YNode, over: YNode, segs: Seg[], options: MergeOptions): YNode {
  if (base.kind === 'seq' && over.kind === 'seq') {
    const add = options.keepTags ? over.items : ((clean(over) as YSeq | undefined)?.items ?? []);
    return seqAt(base, [...base.items, ...add]);
  }
  const b = base.kind === 'seq' ? kvListToMap(base) : base;
  const o = over.kind === 'seq' ? kvListToMap(over) : over;
  if (b.kind === 'map' && o.kind === 'map') {
    const entries: (YPair | undefined)[] = b.entries.slice();
    const index = new Map<string, number>();
    entries.forEach((e, i) => index.set((e as YPair).key, i));
    for (const pair of o.entries) {
      const i = index.get(pair.key);
      if (pair.value.tag === '!reset' && !options.keepTags) {
        if (i !== undefined) entries[i] = undefined;
        index.delete(pair.key);
        continue;
      }
      const value = options.keepTags ? pair.value : untagged(pair.value);
      const next = value === pair.value ? pair : withValue(pair, value);
      if (i === undefined) {
        index.set(pair.key, entries.length);
        entries.push(next);
      } else {
        entries[i] = next;
      }
    }
    return mapAt(
      b,
      entries.filter((e): e is YPair => e !== undefined),
    );
  }
  if (b.kind === 'seq' || o.kind === 'seq') {
    // A list with entries that are not strings: keep Compose's list form (schema reports them).
    return seqAt(base, [...kvToList(b), ...kvToList(o)]);
  }
  return mergeGeneric(base, over, segs, options);
}

/** A list of `KEY=VALUE` strings as a mapping, or the list itself if an entry is not a string. */
function kvListToMap(seq: YSeq): YNode {
  const pairs = new Map<string, YPair>();
  for (const item of seq.items) {
    if (item.kind !== 'scalar' || item.type !== 'str') return seq;
    const text = item.value as string;
    const eq = text.indexOf('=');
    const key = eq === -1 ? text : text.slice(0, eq);
    const value = eq === -1 ? scalarAt(item, 'null', null) : valueAfter(item, text.slice(eq + 1), key.length + 1);
    const pair: YPair = new PairNode(key, new ScalarNode(item.file, item.start, 'str', key, item.quoted), value, undefined);
    if (item.tag) pair.value = { ...value, tag: item.tag };
    pairs.delete(key);
    pairs.set(key, pair);
  }
  return mapAt(seq, [...pairs.values()]);
}

/** The value part of a `KEY=VALUE` item, positioned on the value when the item was plain. */
function valueAfter(item: YScalar, value: string, skip: number): YScalar {
  const node = strAt(item, value);
  node.quoted = item.quoted;
  if (!item.quoted && item.file.text.startsWith(String(item.value), item.start)) node.start = item.start + skip;
  return node;
}

function kvToList(n: YNode): YNode[] {
  if (n.kind === 'seq') return n.items;
  if (n.kind !== 'map') return [];
  return n.entries.map((e) =>
    e.value.kind === 'scalar' && e.value.type === 'null'
      ? strAt(e.keyNode, e.key)
      : e.value.kind === 'scalar'
        ? strAt(e.keyNode, `${e.key}=${goScalarString(e.value)}`)
        : e.value,
  );
}

function listToMap(n: YNode, rule: 'depends-on' | 'null-map'): YNode {
  if (n.kind !== 'seq') return n;
  const entries: YPair[] = [];
  for (const item of n.items) {
    if (item.kind !== 'scalar' || item.type !== 'str') return n;
    const value =
      rule === 'null-map'
        ? scalarAt(item, 'null', null)
        : mapAt(item, [pairAt(item, 'condition', strAt(item, 'service_started')), pairAt(item, 'required', scalarAt(item, 'bool', true))]);
    entries.push(pairAt(item, item.value as string, value));
  }
  return mapAt(n, entries);
}

function buildMap(n: YNode): YNode {
  if (n.kind === 'scalar' && n.type === 'str') return mapAt(n, [pairAt(n, 'context', n)]);
  return n;
}

function hostList(n: YNode): YNode[] {
  if (n.kind === 'seq') return n.items;
  if (n.kind !== 'map') return toList(n);
  const out: YNode[] = [];
  for (const e of n.entries) {
    const ips = e.value.kind === 'seq' ? e.value.items : [e.value];
    for (const ip of ips) out.push(strAt(e.keyNode, `${e.key}=${ip.kind === 'scalar' ? goScalarString(ip) : ''}`));
  }
  return out;
}

function mergeExtraHosts(base: YNode, over: YNode, options: MergeOptions): YNode {
  const o = options.keepTags ? over : clean(over);
  if (!o) return base;
  return appendLists(base, hostList(base), hostList(o));
}

/** `networks.*.ipam.config`: entries with the same `subnet` merge, others append. */
function mergeIpamConfig(base: YSeq, over: YSeq, segs: Seg[], options: MergeOptions): YSeq {
  const items = base.items.slice();
  const subnetOf = (n: YNode): unknown => (n.kind === 'map' ? (n.entries.find((e) => e.key === 'subnet')?.value as YScalar | undefined)?.value : undefined);
  for (const item of over.items) {
    const subnet = subnetOf(item);
    const i = subnet === undefined ? -1 : items.findIndex((x) => subnetOf(x) === subnet);
    if (i === -1) {
      const c = options.keepTags ? item : clean(item);
      if (c) items.push(c);
    } else {
      items[i] = mergeValue(items[i] as YNode, item, [...segs, i], options);
    }
  }
  return seqAt(base, items);
}

// ---------------------------------------------------------------------------------------------
// Identity keys (§7.3)

type Indexer = (item: YNode) => string | undefined;

function text(n: YNode | undefined): string | undefined {
  return n && n.kind === 'scalar' ? goScalarString(n) : undefined;
}
function field(n: YNode, key: string): YNode | undefined {
  return n.kind === 'map' ? n.entries.find((e) => e.key === key)?.value : undefined;
}

const keyValue: Indexer = (n) => {
  if (n.kind !== 'scalar' || n.type !== 'str') return undefined;
  const s = n.value as string;
  const eq = s.indexOf('=');
  return eq === -1 ? s : s.slice(0, eq);
};
const scalarText: Indexer = (n) => text(n);
const envFile: Indexer = (n) => (n.kind === 'map' ? text(field(n, 'path')) : text(n));
const ports: Indexer = (n) => {
  if (n.kind !== 'map') return text(n);
  const target = text(field(n, 'target'));
  if (target === undefined) return undefined;
  return `${text(field(n, 'host_ip')) ?? '0.0.0.0'}:${text(field(n, 'published')) ?? ''}:${target}/${text(field(n, 'protocol')) ?? 'tcp'}`;
};
const volumes: Indexer = (n) => (n.kind === 'map' ? text(field(n, 'target')) : n.kind === 'scalar' && n.type === 'str' ? volumeTarget(n.value as string) : undefined);
const devices: Indexer = (n) => {
  if (n.kind === 'map') return text(field(n, 'target'));
  const s = text(n);
  if (s === undefined) return undefined;
  const parts = s.split(':');
  return parts.length === 1 ? parts[0] : parts[1];
};
const mounts =
  (prefix: string): Indexer =>
  (n) => {
    if (n.kind === 'map') return text(field(n, 'target')) ?? `${prefix}/${text(field(n, 'source')) ?? ''}`;
    const s = text(n);
    return s === undefined ? undefined : `${prefix}/${s}`;
  };

// Maps rather than object literals: a key such as `toString` must not find an inherited member.
const SERVICE_UNIQUE: ReadonlyMap<string, Indexer> = indexers({
  annotations: keyValue,
  cap_add: keyValue,
  cap_drop: keyValue,
  configs: mounts(''),
  devices,
  dns: keyValue,
  dns_opt: keyValue,
  dns_search: keyValue,
  environment: keyValue,
  env_file: envFile,
  expose: scalarText,
  labels: keyValue,
  links: keyValue,
  ports,
  profiles: keyValue,
  secrets: mounts('/run/secrets'),
  sysctls: keyValue,
  tmpfs: keyValue,
  volumes,
});
const SERVICE_SUB_UNIQUE = indexers({
  args: keyValue,
  additional_contexts: keyValue,
  tags: keyValue,
  labels: keyValue,
});
const LABELS = indexers({ labels: keyValue });
const OPTIONS = indexers({ options: keyValue });
const NETWORK_ATTACHMENT = indexers({ aliases: keyValue, link_local_ips: keyValue });

function indexers(table: Record<string, Indexer>): ReadonlyMap<string, Indexer> {
  return new Map(Object.entries(table));
}

/**
 * The container path of a short volume spec (`src:dst:mode`, `dst`), split like Compose's
 * `format.ParseVolume` (a one-letter first field followed by `:` is a Windows drive).
 */
export function volumeTarget(spec: string): string | undefined {
  if (spec.length <= 2) return spec;
  const first = fieldEnd(spec, 0);
  if (first === spec.length) return spec;
  return spec.slice(first + 1, fieldEnd(spec, first + 1));
}

const LETTER = /^\p{L}$/u;

/** End of the `:`-separated field of `spec` that starts at `from` (a `X:` drive stays inside). */
function fieldEnd(spec: string, from: number): number {
  let end = spec.indexOf(':', from);
  if (end === from + 1 && LETTER.test(spec.charAt(from))) end = spec.indexOf(':', end + 1);
  return end === -1 ? spec.length : end;
}

function dedupe(seq: YSeq, index: Indexer): YSeq {
  if (seq.items.length < 2) return seq;
  const out: YNode[] = [];
  const seen = new Map<string, number>();
  let changed = false;
  const items = seq.items;
  for (let i = 0; i < items.length; i++) {
    const item = items[i] as YNode;
    const key = index(item);
    const j = key === undefined ? undefined : seen.get(key);
    if (j !== undefined) {
      out[j] = item;
      changed = true;
    } else {
      if (key !== undefined) seen.set(key, out.length);
      out.push(item);
    }
  }
  return changed ? seqAt(seq, out) : seq;
}

/**
 * `map` with the lists `table` names de-duplicated, and `nested` applied to every mapping value
 * (the only values `nested` functions change). Lists of one item and values that are not
 * mappings are passed over before any lookup or call: this runs once per entry of every service
 * (≈12,000 in the benchmark file), mostly before it is optimised.
 */
function dedupeIn(map: YMap, table: ReadonlyMap<string, Indexer> | undefined, nested?: (key: string, value: YNode) => YNode): YMap {
  let entries: YPair[] | undefined;
  const list = map.entries;
  for (let i = 0; i < list.length; i++) {
    const e = list[i] as YPair;
    let value = e.value;
    if (table && value.kind === 'seq' && value.items.length > 1) {
      const index = table.get(e.key);
      if (index) value = dedupe(value, index);
    }
    if (nested && value.kind === 'map') value = nested(e.key, value);
    if (value !== e.value) {
      entries ??= list.slice();
      entries[i] = withValue(e, value);
    }
  }
  return entries ? mapAt(map, entries) : map;
}

/**
 * Removes list entries that share an identity key; the later entry takes the earlier place.
 * `touched`: when `root` is a project that was unique before a document was merged into it, the
 * names of the services that document wrote; the others are as they were, and are not looked at
 * again (which made a file of thousands of documents quadratic to load).
 */
export function enforceUnicity(root: YMap, touched?: ReadonlySet<string>): YMap {
  return dedupeIn(root, undefined, (key, value) => {
    if (value.kind !== 'map') return value;
    if (key === 'services') return touched ? dedupeSome(value, touched, uniqueServiceValue) : dedupeIn(value, undefined, uniqueServiceValue);
    if (key === 'networks') return dedupeIn(value, undefined, uniqueNetwork);
    return value;
  });
}

/**
 * `dedupeIn(map, undefined, nested)` for the entries named in `keys` only, found through the
 * index the last merge left on `map` (without one, every entry is done).
 */
function dedupeSome(map: YMap, keys: ReadonlySet<string>, nested: (key: string, value: YNode) => YNode): YMap {
  const index = keyIndexes.get(map);
  if (!index) return dedupeIn(map, undefined, nested);
  let entries: YPair[] | undefined;
  for (const key of keys) {
    const i = index.get(key);
    if (i === undefined) continue;
    const e = map.entries[i] as YPair;
    const value = e.value.kind === 'map' ? nested(key, e.value) : e.value;
    if (value === e.value) continue;
    entries ??= map.entries.slice();
    entries[i] = withValue(e, value);
  }
  if (!entries) return map;
  // Same keys at the same places: the index moves to the new mapping.
  const out = mapAt(map, entries);
  keyIndexes.delete(map);
  keyIndexes.set(out, index);
  return out;
}

function uniqueNetwork(_name: string, net: YNode): YNode {
  return net.kind === 'map' ? dedupeIn(net, LABELS, (k, v) => (k === 'ipam' && v.kind === 'map' ? dedupeIn(v, OPTIONS) : v)) : net;
}

function uniqueServiceValue(_name: string, service: YNode): YNode {
  return service.kind === 'map' ? dedupeIn(service, SERVICE_UNIQUE, uniqueServiceEntry) : service;
}

function uniqueServiceEntry(key: string, value: YNode): YNode {
  if (value.kind !== 'map') return value;
  if (key === 'build') return dedupeIn(value, SERVICE_SUB_UNIQUE);
  if (key === 'deploy') return dedupeIn(value, LABELS);
  if (key === 'networks') return dedupeIn(value, undefined, uniqueNetworkAttachment);
  return value;
}

function uniqueNetworkAttachment(_name: string, net: YNode): YNode {
  return net.kind === 'map' ? dedupeIn(net, NETWORK_ATTACHMENT) : net;
}
