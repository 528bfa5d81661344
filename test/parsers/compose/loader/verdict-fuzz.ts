/**
 * Random Compose documents for the differential tests of the verdict validator (the validator of
 * YAML nodes, see `verdictCode` in scripts/build-compose-validator.mjs) against Ajv: documents
 * generated from the schema itself, so that every property, pattern, enum, bound and `oneOf`
 * branch is reached, and mutations of documents aimed at what the verdict validator does
 * differently from Ajv's code: wrong types, unknown and odd keys (`__proto__`, `constructor`),
 * nulls, keys written twice, repeated list items (also mappings with their keys in another
 * order), enum misses, numbers at and beyond their bounds (NaN, Infinity, -0, 1.0), removed
 * required keys and shared (aliased) nodes.
 *
 * Documents are built here as `Doc` values (a mapping is an `M`, a list of entries, so a key
 * can be written twice) and turned into YAML nodes directly (`nodesOf`), where a value used
 * twice becomes one shared node, as an alias makes it.
 */
import { sourceFile } from '../../../../src/ir/source-file.js';
import { MapNode, PairNode, ScalarNode, SeqNode, type YNode, type ScalarType } from '../../../../src/yaml/node.js';

export class M {
  constructor(public entries: [string, Doc][]) {}
}
export type Doc = string | number | boolean | null | Doc[] | M;

type Schema = Record<string, unknown> | boolean;

const FILE = sourceFile('fuzz.yaml', '');

/** Sample keys for each `patternProperties` pattern of the schema: some match, some do not. */
const PATTERN_KEYS: Record<string, string[]> = {
  '^x-': ['x-a', 'x-', 'x-\n'],
  '^[a-zA-Z0-9._-]+$': ['web', 'a.b_c-1', '__proto__', 'constructor', 'bad key'],
  '.+': ['KEY', 'a b', '\n', '\nB', 'x\n', '\u2028', ''],
  '^.+$': ['k', '\n', 'x\ny', ''],
  '^[a-z]+$': ['nofile', 'NOFILE', 'core'],
};
/** Sample strings for each `pattern` of the schema. */
const PATTERN_STRINGS: Record<string, string[]> = {
  '[a-zA-Z0-9][a-zA-Z0-9_.-]+': ['web-1', '-x', 'a', '-ab1', '..'],
  'always|never|build|if_not_present|missing|refresh|daily|weekly|every_([0-9]+[wdhms])+': ['always', 'every_2d', 'sometimes', 'xdailyx', 'every_'],
};
const STRINGS = ['text', '', '80:80', '8080:80/udp', 'a=b', '1.5', '__proto__', 'constructor', 'service_started', 'bind', 'x-a'];
export const SCALARS: Doc[] = [...STRINGS, 0, -0, 1, -1, 1.5, 2 ** 53, 1e21, NaN, Infinity, -Infinity, true, false, null, -1000, -1001, 1000, 1001, 100, 101, 0.5];
const ODD_KEYS = ['unknown', 'x-ext', '__proto__', 'constructor', '', 'a/b', '~', 'image', 'type', 'condition', 'soft', 'target'];

export function pick<T>(random: () => number, list: readonly T[]): T {
  return list[Math.floor(random() * list.length)] as T;
}

/** The schema each generated collection was generated from (for the mutations that read it). */
const schemaOf = new WeakMap<object, Record<string, unknown>>();

/** A random value that the schema `s` (mostly) accepts. */
export function generate(random: () => number, s: Schema, definitions: Record<string, Schema>, depth = 0): Doc {
  if (s === true || s === false || Object.keys(s).filter((k) => k !== 'description').length === 0) return pick(random, SCALARS);
  if (typeof s['$ref'] === 'string') return generate(random, definitions[(s['$ref'] as string).slice('#/definitions/'.length)] as Schema, definitions, depth);
  if (Array.isArray(s['oneOf'])) return generate(random, pick(random, s['oneOf'] as Schema[]), definitions, depth);
  if (Array.isArray(s['enum'])) return random() < 0.9 ? (pick(random, s['enum']) as Doc) : `${String(s['enum'][0])}x`;
  const types = s['type'] === undefined ? ['string', 'number', 'object', 'array', 'boolean', 'null'] : ([] as string[]).concat(s['type'] as string);
  const t = pick(random, types);
  switch (t) {
    case 'object': {
      const entries: [string, Doc][] = [];
      const required = (s['required'] as string[] | undefined) ?? [];
      const share = depth > 3 ? 0.05 : depth > 1 ? 0.2 : 0.35;
      for (const [k, sub] of Object.entries((s['properties'] as Record<string, Schema> | undefined) ?? {})) {
        if (required.includes(k) || random() < share) entries.push([k, generate(random, sub, definitions, depth + 1)]);
      }
      for (const [p, sub] of Object.entries((s['patternProperties'] as Record<string, Schema> | undefined) ?? {})) {
        const n = depth === 0 ? 0 : Math.floor(random() * (depth === 1 ? 4 : 2.5));
        for (let i = 0; i < n; i++) entries.push([pick(random, PATTERN_KEYS[p] ?? ['k']), generate(random, sub, definitions, depth + 1)]);
      }
      if (depth === 0) {
        const services = definitions['service'] as Schema;
        const list = Array.from({ length: 1 + Math.floor(random() * 3) }, (_, i): [string, Doc] => [`s${i}`, generate(random, services, definitions, 2)]);
        entries.push(['services', new M(list)]);
      }
      const additional = s['additionalProperties'];
      if (additional && typeof additional === 'object' && random() < 0.3) entries.push([pick(random, ODD_KEYS), generate(random, additional as Schema, definitions, depth + 1)]);
      const m = new M(shuffle(random, entries));
      schemaOf.set(m, s);
      return m;
    }
    case 'array': {
      const n = Math.floor(random() * 4);
      const out: Doc[] = [];
      for (let i = 0; i < n; i++) out.push(generate(random, (s['items'] as Schema | undefined) ?? true, definitions, depth + 1));
      schemaOf.set(out, s);
      return out;
    }
    case 'string':
      return typeof s['pattern'] === 'string' ? pick(random, PATTERN_STRINGS[s['pattern']] ?? ['a']) : pick(random, STRINGS);
    case 'number':
    case 'integer': {
      const min = s['minimum'] as number | undefined;
      const max = s['maximum'] as number | undefined;
      const near = [min, max, min === undefined ? undefined : min - 1, max === undefined ? undefined : max + 1, min === undefined ? undefined : min - 0.5].filter((x) => x !== undefined);
      return random() < 0.5 && near.length ? (pick(random, near) as number) : pick(random, [0, -0, 1, 2, 1.5, 3, 80, 1.0, NaN, Infinity, -1, 2 ** 53]);
    }
    case 'boolean':
      return random() < 0.5;
    default:
      return null;
  }
}

function shuffle<T>(random: () => number, list: T[]): T[] {
  for (let i = list.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [list[i], list[j]] = [list[j] as T, list[i] as T];
  }
  return list;
}

/** A value just outside what `s` accepts, when it says how (enum, bounds, integer). */
function nearMiss(random: () => number, s: Schema, definitions: Record<string, Schema>): Doc {
  if (typeof s !== 'object') return null;
  if (typeof s['$ref'] === 'string') return nearMiss(random, definitions[(s['$ref'] as string).slice('#/definitions/'.length)] as Schema, definitions);
  if (Array.isArray(s['oneOf'])) return nearMiss(random, pick(random, s['oneOf'] as Schema[]), definitions);
  if (Array.isArray(s['enum'])) {
    const e = String(pick(random, s['enum']));
    return pick(random, [`${e}x`, e.slice(1), e.toUpperCase(), null, e]);
  }
  const near: Doc[] = [];
  for (const b of [s['minimum'], s['maximum']]) if (typeof b === 'number') near.push(b - 1, b, b + 1, b - 0.5, b + 0.5);
  if (s['type'] === 'integer' || (Array.isArray(s['type']) && s['type'].includes('integer'))) near.push(1.5, 2.0, NaN, Infinity, -Infinity, 2 ** 53 + 2);
  if (near.length) return pick(random, [...near, NaN]);
  return generate(random, { type: pick(random, ['string', 'number', 'boolean', 'null', 'array', 'object']) }, definitions, 3);
}

/** Every collection of a document (to mutate one). */
function collections(d: Doc, out: (M | Doc[])[] = []): (M | Doc[])[] {
  if (d instanceof M) {
    out.push(d);
    for (const [, v] of d.entries) collections(v, out);
  } else if (Array.isArray(d)) {
    out.push(d);
    for (const v of d) collections(v, out);
  }
  return out;
}

/** A copy of a document (shared values stay shared only within the copy's own mutations). */
export function clone(d: Doc): Doc {
  if (d instanceof M) return new M(d.entries.map(([k, v]) => [k, clone(v)]));
  if (Array.isArray(d)) return d.map(clone);
  return d;
}

/** Applies one random mutation somewhere in `root` (in place). */
export function mutate(random: () => number, root: M, definitions: Record<string, Schema>): void {
  const all = collections(root);
  const c = pick(random, all);
  const other = (): Doc => (random() < 0.6 ? pick(random, SCALARS) : random() < 0.5 ? generate(random, pick(random, Object.values(definitions)), definitions, 3) : pick(random, [[], [1], ['a'], new M([]), new M([['x', 1]])]));
  const kind = Math.floor(random() * 10);
  const s = schemaOf.get(c);
  if (c instanceof M && s && kind >= 8) {
    // Aimed at the schema of this mapping: a required key removed, or a property set to a value
    // at its bounds, off its enum, or of another branch of its oneOf.
    const required = ((s['required'] as string[] | undefined) ?? []).filter((k) => c.entries.some(([key]) => key === k));
    if (kind === 8 && required.length) {
      const k = pick(random, required);
      c.entries = c.entries.filter(([key]) => key !== k);
      return;
    }
    const props = Object.entries((s['properties'] as Record<string, Schema> | undefined) ?? {});
    if (!props.length) return;
    const [k, sub] = pick(random, props);
    const value = random() < 0.5 ? generate(random, sub, definitions, 3) : nearMiss(random, sub, definitions);
    const at = c.entries.findIndex(([key]) => key === k);
    if (at === -1) c.entries.push([k, value]);
    else (c.entries[at] as [string, Doc])[1] = value;
    return;
  }
  if (c instanceof M) {
    const i = Math.floor(random() * c.entries.length);
    const entry = c.entries[i];
    switch (kind) {
      case 0: // another value
        if (entry) entry[1] = other();
        return;
      case 1: // a key it may not allow
        c.entries.splice(i, 0, [pick(random, ODD_KEYS), other()]);
        return;
      case 2: // the key written again later, with another value (the later one counts)
        if (entry) c.entries.push([entry[0], random() < 0.5 ? other() : clone(entry[1])]);
        return;
      case 3: // the key written again earlier, with a value the schema may reject
        if (entry) c.entries.splice(i, 0, [entry[0], other()]);
        return;
      case 4: // a (required) key removed
        if (entry) c.entries.splice(i, 1);
        return;
      case 5: // a shared node: the value of another place, aliased
        // (Not a collection that holds this one: that would be a cycle, which YAML cannot write.)
        if (entry) entry[1] = pick(random, all.filter((x) => !collections(x).includes(c))) ?? entry[1];
        return;
      case 6: // a number at a bound, or not an integer
        if (entry) entry[1] = pick(random, [-1, 0, -0, 100, 101, 1000, 1001, -1000, -1001, 0.5, 1e300, NaN, Infinity, -Infinity]);
        return;
      default: // a string off by one character (enum, pattern)
        if (entry && typeof entry[1] === 'string') entry[1] = random() < 0.5 ? `${entry[1]}x` : entry[1].slice(1);
        else if (entry) entry[1] = null;
    }
  } else {
    const i = Math.floor(random() * c.length);
    switch (kind) {
      case 0:
      case 1:
        if (c.length) c[i] = other();
        else c.push(other());
        return;
      case 2: // a repeated item (uniqueItems)
      case 3:
        if (c.length) c.push(clone(c[i] as Doc));
        return;
      case 4: // a mapping repeated with its keys in another order
        if (c[i] instanceof M) c.push(new M([...(c[i] as M).entries].reverse()));
        else if (c.length) c.push(typeof c[i] === 'string' && random() < 0.5 ? Number(c[i]) : String(c[i]));
        return;
      case 5:
        if (c.length) c.splice(i, 1);
        return;
      default:
        c.push(pick(random, SCALARS));
    }
  }
}

/** A document as plain values, mappings as `M` (from YAML nodes). */
export function docOf(n: YNode): Doc {
  if (n.kind === 'scalar') return n.value;
  if (n.kind === 'seq') return n.items.map(docOf);
  return new M(n.entries.map((e) => [e.key, docOf(e.value)]));
}

/** YAML nodes of a document; a collection used twice becomes one shared node (an alias). */
export function nodesOf(d: Doc, memo = new Map<Doc, YNode>()): YNode {
  if (d instanceof M || Array.isArray(d)) {
    const done = memo.get(d);
    if (done) return done;
    let node: YNode;
    if (d instanceof M) {
      const entries = d.entries.map(([k, v]) => new PairNode(k, new ScalarNode(FILE, 0, 'str', k, false), nodesOf(v, memo), false));
      node = new MapNode(FILE, 0, entries, 1 + entries.reduce((a, e) => a + 1 + e.value.size, 0), undefined);
    } else {
      const items = d.map((v) => nodesOf(v, memo));
      node = new SeqNode(FILE, 0, items, 1 + items.reduce((a, e) => a + e.size, 0), undefined);
    }
    memo.set(d, node);
    return node;
  }
  const type: ScalarType = d === null ? 'null' : typeof d === 'boolean' ? 'bool' : typeof d === 'number' ? (Number.isInteger(d) ? 'int' : 'float') : 'str';
  return new ScalarNode(FILE, 0, type, d, false);
}
