/**
 * Small helpers to build YAML nodes while loading (merge, extends, interpolation). Loading
 * never mutates a parsed node, because aliases share node objects: every change makes a new
 * node that keeps the position (file + offset) of the node it stands for.
 */
import { childPath, MapNode, PairNode, ScalarNode, SeqNode, type ScalarType, type YMap, type YNode, type YPair, type YScalar, type YSeq } from '../../yaml/node.js';

/** A path segment inside a document: a mapping key or a list index. */
export type Seg = string | number;

/** A string scalar written at `at`'s position. */
export function strAt(at: YNode, value: string): YScalar {
  return new ScalarNode(at.file, at.start, 'str', value, true);
}

/** A scalar of any type written at `at`'s position. */
export function scalarAt(at: YNode, type: ScalarType, value: string | number | boolean | null): YScalar {
  return new ScalarNode(at.file, at.start, type, value, false);
}

export function mapAt(at: YNode, entries: YPair[]): YMap {
  let size = 1;
  for (const e of entries) size += e.value.size + 1;
  return new MapNode(at.file, at.start, entries, size, undefined);
}

export function seqAt(at: YNode, items: YNode[]): YSeq {
  let size = 1;
  for (const i of items) size += i.size;
  return new SeqNode(at.file, at.start, items, size, undefined);
}

/*
 * Copies with one field changed are built field by field, never as `{ ...node, value }`. Why: a
 * spread clones the source's hidden class, and the override then stores into a field V8 had
 * marked constant for that class; the field becomes mutable for every object of the class and
 * all optimised code that relied on it is thrown away. Measured on the 1000-service benchmark
 * file: the YAML composer and js-yaml's parser (11 functions) were deoptimised and the composer
 * recompiled while the file loaded. A fresh literal initialises the field instead.
 */

/** `pair` with another value. */
export function withValue(pair: YPair, value: YNode): YPair {
  return new PairNode(pair.key, pair.keyNode, value, pair.merged);
}

/** A scalar like `node` (position, tag, quoting) with another type and value. */
export function scalarLike(node: YScalar, type: ScalarType, value: string | number | boolean | null): YScalar {
  const out: YScalar = new ScalarNode(node.file, node.start, type, value, node.quoted);
  if (node.tag !== undefined) out.tag = node.tag;
  if (node.exact !== undefined) out.exact = node.exact;
  return out;
}

/** A pair whose key is written at `at` (used for keys that were not written as keys). */
export function pairAt(at: YNode, key: string, value: YNode): YPair {
  return new PairNode(key, strAt(at, key), value, undefined);
}

/** The same node without its tag (tags are only meaningful in the file that wrote them). */
export function untagged<T extends YNode>(node: T): T {
  if (node.tag === undefined) return node;
  const copy = { ...node };
  delete copy.tag;
  return copy;
}

/** Replaces (or appends) `key` in a mapping, returning a new mapping. */
export function withEntry(map: YMap, key: string, value: YNode, keyAt?: YNode): YMap {
  const entries = map.entries.slice();
  const i = entries.findIndex((e) => e.key === key);
  if (i === -1) entries.push(pairAt(keyAt ?? value, key, value));
  else {
    const e = entries[i] as YPair;
    entries[i] = new PairNode(e.key, e.keyNode, value, false);
  }
  return mapAt(map, entries);
}

/** A mapping without `key`, or the same mapping when the key is absent. */
export function withoutEntry(map: YMap, key: string): YMap {
  if (!map.entries.some((e) => e.key === key)) return map;
  return mapAt(
    map,
    map.entries.filter((e) => e.key !== key),
  );
}

/** Deep structural equality of two nodes (positions ignored; ints and floats compared by value). */
export function sameValue(a: YNode, b: YNode): boolean {
  if (a === b) return true;
  if (a.kind !== b.kind) return false;
  if (a.kind === 'scalar') {
    const bs = b as YScalar;
    return a.value === bs.value && (a.type === bs.type || (isNumberType(a.type) && isNumberType(bs.type)));
  }
  if (a.kind === 'seq') {
    const bs = b as YSeq;
    return a.items.length === bs.items.length && a.items.every((x, i) => sameValue(x, bs.items[i] as YNode));
  }
  const bm = b as YMap;
  if (a.entries.length !== bm.entries.length) return false;
  for (const e of a.entries) {
    const other = bm.entries.find((x) => x.key === e.key);
    if (!other || !sameValue(e.value, other.value)) return false;
  }
  return true;
}

function isNumberType(t: ScalarType): boolean {
  return t === 'int' || t === 'float';
}

/** `services.web.ports[0]` from segments (same spelling as `childPath`). */
export function docPath(segs: readonly Seg[]): string {
  let out = '';
  for (const s of segs) out = childPath(out, s);
  return out;
}
