/**
 * A small YAML node tree that remembers where every node was written.
 *
 * Parsers work on these nodes (not on plain JS values) so that every later stage (interpolation,
 * merging of several files, `extends`) keeps exact positions for diagnostics. Aliases share the
 * node object they point at, so a value defined once under an anchor reports the anchor's line.
 */
import { originAt, type SourceFile } from '../ir/source-file.js';
import type { Origin } from '../ir/types.js';

export type ScalarType = 'null' | 'bool' | 'int' | 'float' | 'str';

interface NodeBase {
  file: SourceFile;
  /** Offset of the node in `file.text`. */
  start: number;
  /** Tag as written (`!reset`, `!!str`, `!Ref`), if any. */
  tag?: string;
  /** Number of nodes this node expands to, aliases included (alias-bomb guard). */
  size: number;
}

export interface YScalar extends NodeBase {
  kind: 'scalar';
  type: ScalarType;
  value: string | number | boolean | null;
  /** Whether the scalar was quoted or a block scalar (never typed as anything but a string). */
  quoted: boolean;
  /**
   * An int beyond ±2^53 (where `value` is only the nearest double): its exact decimal digits,
   * as Go's int64/uint64 hold them. Set only on such ints.
   */
  exact?: string;
}

export interface YPair {
  /** The key as a string (keys are strings in every format ecsify reads). */
  key: string;
  keyNode: YScalar;
  value: YNode;
  /** Entry came from a `<<` merge key rather than being written in this mapping. */
  merged?: boolean;
}

export interface YMap extends NodeBase {
  kind: 'map';
  entries: YPair[];
  /**
   * Whether some string scalar below (through aliases and merged entries too; keys excluded)
   * contains a `$`: a subtree without one has nothing to interpolate. Set by the parser on the
   * collections it builds; undefined (unknown) on collections built later, so a copy of a
   * parsed collection with other content must not keep it (build one with `mapAt`/`seqAt`).
   */
  hasDollar?: boolean;
}

export interface YSeq extends NodeBase {
  kind: 'seq';
  items: YNode[];
  /** As `YMap.hasDollar`. */
  hasDollar?: boolean;
}

export type YNode = YScalar | YMap | YSeq;

/*
 * Nodes are created with these constructors, not object literals. Why: V8 tracks an
 * "allocation site" per object literal and, once most objects from a site survive a scavenge,
 * allocates them in old space from then on, throwing away every optimised function that
 * allocates there ("code dependencies"). Loading the 1000-service benchmark file did that to
 * the composer and again to the interpolation and the composer, which V8 then optimised again.
 * Objects created by `new` have no such site. Measured under callgrind, loading the benchmark
 * file: −74 M instructions (−2.7 %). (The deoptimisations left are js-yaml's, for its event
 * objects, and the composer's for its `[]` arrays: `Array.of()` avoided that but cost more than
 * it saved.) Each constructor sets every field, always in the same order, so that all nodes of
 * a kind share one hidden class. The fields are only `declare`d (tsc then emits no class
 * field): a field is defined (as undefined) by an initialiser V8 calls before the constructor
 * body stores it again; without them each `new` is the constructor's stores alone (measured
 * under callgrind, loading the benchmark file: −5 M instructions).
 */

/** A scalar node (see `YScalar`). */
export class ScalarNode implements YScalar {
  declare readonly kind: 'scalar';
  declare file: SourceFile;
  declare start: number;
  declare type: ScalarType;
  declare value: string | number | boolean | null;
  declare quoted: boolean;
  declare size: number;
  constructor(file: SourceFile, start: number, type: ScalarType, value: string | number | boolean | null, quoted: boolean) {
    this.kind = 'scalar';
    this.file = file;
    this.start = start;
    this.type = type;
    this.value = value;
    this.quoted = quoted;
    this.size = 1;
  }
}
export interface ScalarNode {
  tag?: string;
  exact?: string;
}

/** A mapping node (see `YMap`); `hasDollar` undefined: unknown. */
export class MapNode implements YMap {
  declare readonly kind: 'map';
  declare file: SourceFile;
  declare start: number;
  declare entries: YPair[];
  declare size: number;
  declare hasDollar: boolean | undefined;
  constructor(file: SourceFile, start: number, entries: YPair[], size: number, hasDollar: boolean | undefined) {
    this.kind = 'map';
    this.file = file;
    this.start = start;
    this.entries = entries;
    this.size = size;
    this.hasDollar = hasDollar;
  }
}
export interface MapNode {
  tag?: string;
}

/** A sequence node (see `YSeq`). */
export class SeqNode implements YSeq {
  declare readonly kind: 'seq';
  declare file: SourceFile;
  declare start: number;
  declare items: YNode[];
  declare size: number;
  declare hasDollar: boolean | undefined;
  constructor(file: SourceFile, start: number, items: YNode[], size: number, hasDollar: boolean | undefined) {
    this.kind = 'seq';
    this.file = file;
    this.start = start;
    this.items = items;
    this.size = size;
    this.hasDollar = hasDollar;
  }
}
export interface SeqNode {
  tag?: string;
}

/** A mapping entry (see `YPair`); `merged` is always set, false for a written entry. */
export class PairNode implements YPair {
  declare key: string;
  declare keyNode: YScalar;
  declare value: YNode;
  declare merged: boolean | undefined;
  constructor(key: string, keyNode: YScalar, value: YNode, merged: boolean | undefined) {
    this.key = key;
    this.keyNode = keyNode;
    this.value = value;
    this.merged = merged;
  }
}

export function isMap(n: YNode | undefined): n is YMap {
  return n?.kind === 'map';
}
export function isSeq(n: YNode | undefined): n is YSeq {
  return n?.kind === 'seq';
}
export function isScalar(n: YNode | undefined): n is YScalar {
  return n?.kind === 'scalar';
}
export function isNull(n: YNode | undefined): boolean {
  return n === undefined || (n.kind === 'scalar' && n.type === 'null');
}

/** The entry for `key` in a mapping (the last one if written twice). */
export function getPair(map: YMap, key: string): YPair | undefined {
  const entries = map.entries;
  for (let i = entries.length - 1; i >= 0; i--) {
    const e = entries[i] as YPair;
    if (e.key === key) return e;
  }
  return undefined;
}

export function get(map: YNode | undefined, key: string): YNode | undefined {
  return map && map.kind === 'map' ? getPair(map, key)?.value : undefined;
}

/** Origin of a node, with `path` supplied by the caller (nodes are shared, paths are not). */
export function nodeOrigin(node: YNode | YPair, path: string): Origin {
  if ('keyNode' in node) return originAt(node.keyNode.file, node.keyNode.start, path);
  return originAt(node.file, node.start, path);
}

/** Appends a key or an index to a document path: `services` + `web` → `services.web`. */
export function childPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  const plain = plainKey(key);
  const seg = plain ? key : JSON.stringify(key);
  return path ? (plain ? `${path}.${seg}` : `${path}[${seg}]`) : seg;
}

/**
 * `/^[A-Za-z0-9_-]+$/.test(key)`, by character codes: a path is built for nearly every key of a
 * large file, and the regular expression cost ≈1.5 ms of its own on the 1000-service benchmark.
 */
export function plainKey(key: string): boolean {
  const n = key.length;
  if (n === 0) return false;
  for (let i = 0; i < n; i++) {
    const c = key.charCodeAt(i);
    // 0-9, A-Z, _, a-z, -
    if (!((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || c === 95 || (c >= 97 && c <= 122) || c === 45)) return false;
  }
  return true;
}

/** Scalar as text the way YAML wrote it for strings, or JS's formatting for numbers/bools. */
export function scalarText(n: YScalar): string {
  return n.value === null ? '' : String(n.value);
}

/**
 * Plain JS value of a node (aliases expanded). `__proto__` keys are kept as data. `special`
 * may turn a node into a value of its own (e.g. a tagged node), or return undefined to continue.
 */
export function toJS(node: YNode, special?: (node: YNode, recurse: (n: YNode) => unknown) => unknown): unknown {
  const recurse = (n: YNode): unknown => {
    if (special) {
      const v = special(n, recurse);
      if (v !== undefined) return v;
    }
    switch (n.kind) {
      case 'scalar':
        return n.value;
      case 'seq':
        return n.items.map(recurse);
      case 'map': {
        const out: Record<string, unknown> = {};
        for (const e of n.entries) {
          Object.defineProperty(out, e.key, { value: recurse(e.value), enumerable: true, writable: true, configurable: true });
        }
        return out;
      }
    }
  };
  return recurse(node);
}

/** Walks a JSON-pointer-like path (`/services/web/ports/0`) down a node tree. */
export function nodeAtPointer(root: YNode, pointer: string): { node: YNode; pair?: YPair } | undefined {
  if (pointer === '' || pointer === '/') return { node: root };
  const parts = pointer
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  let node: YNode = root;
  let pair: YPair | undefined;
  for (const part of parts) {
    if (node.kind === 'map') {
      pair = getPair(node, part);
      if (!pair) return { node, ...(pair ? { pair } : {}) };
      node = pair.value;
    } else if (node.kind === 'seq') {
      const item = node.items[Number(part)];
      if (!item) return { node };
      node = item;
      pair = undefined;
    } else {
      return { node };
    }
  }
  return pair ? { node, pair } : { node };
}
