/**
 * What every part of the Compose → IR mapping shares: the loaded model, the options, the reporter
 * and the secret collector, plus small readers that turn YAML nodes into typed values and report
 * `compose/invalid-value` (never throw) when a value has the wrong shape.
 */
import type { Reporter, ReportOptions } from '../../diagnostics/context.js';
import type { RuleId } from '../../diagnostics/catalog.js';
import type { LaunchType, Origin } from '../../ir/types.js';
import type { SecretCollector } from '../../secrets/env-var.js';
import { childPath, getPair, isMap, isScalar, nodeOrigin, type YMap, type YNode, type YPair, type YScalar, type YSeq } from '../../yaml/node.js';
import { escapePointer } from './validate.js';
import type { LoadOptions } from '../options.js';
import { goScalarString } from './go-format.js';
import type { ComposeModel } from './model.js';

export interface MapContext {
  model: ComposeModel;
  options: LoadOptions;
  reporter: Reporter;
  collector: SecretCollector;
  launchType: LaunchType;
}

/** The context while mapping one service. */
export interface ServiceContext extends MapContext {
  /** The Compose service name, as written. */
  service: string;
  /** Document path of the service, e.g. `services.web`. */
  path: string;
  node: YMap;
  /** The service's keys (see `keyIndex`). */
  keys: ReadonlyMap<string, Entry>;
  /** The same entries in the order of `keys` (walked by index: see `keyIndex`). */
  keyList: readonly Entry[];
  /** `Service `web`` (see `svc`). */
  subject: string;
}

/**
 * A node or a key/value pair with its document path: something a diagnostic can point at. An
 * `Entry` is one too (its pair, with the path built only if a diagnostic or an origin needs it).
 */
export type At = { readonly node: YNode | YPair; readonly path: string };

export function at(node: YNode | YPair, path: PathLike): At {
  return { node, path: pathOf(path) };
}

/** A document path, or something that builds its path when asked (an `Entry`). */
export type PathLike = string | { readonly path: string };

export function pathOf(p: PathLike): string {
  return typeof p === 'string' ? p : p.path;
}

export function originOf(where: At): Origin {
  return nodeOrigin(where.node, where.path);
}

export function report(ctx: MapContext, rule: RuleId, where: At | undefined, message: string, options: Omit<ReportOptions, 'origin'> = {}): void {
  // Field by field rather than `{ ...options, origin }`: the options objects come in many shapes,
  // and a spread of them was the costliest line of the mapping (measured); a field left
  // undefined means the same to the reporter as one left out.
  // The service, when there is one, so that a line several services share is reported once.
  ctx.reporter.report(rule, message, { origin: where ? originOf(where) : undefined, hint: options.hint, notes: options.notes, severity: options.severity, subject: (ctx as Partial<ServiceContext>).service });
}

/**
 * Reports a value Compose would reject (or ecsify cannot read) at its location — unless the
 * loader's schema check already reported that place (or a place around it).
 */
export function invalid(ctx: MapContext, where: At, message: string, hint: string): void {
  if (schemaReported(ctx, where.path)) return;
  report(ctx, 'compose/invalid-value', where, message, { hint });
}

/** Whether the loader reported a schema error at `path` or at one of its ancestors. */
export function schemaReported(ctx: MapContext, path: string): boolean {
  const errors = ctx.model.schemaErrors;
  if (!errors || errors.length === 0) return false;
  const pointer = pathToPointer(path);
  return errors.some((e) => pointer === e || pointer.startsWith(e === '' ? '/' : `${e}/`));
}

/** `services.web.ports[0]` / `services["a.b"]` → `/services/web/ports/0` / `/services/a.b`. */
export function pathToPointer(path: string): string {
  const parts: string[] = [];
  const re = /(?:^|\.)([A-Za-z0-9_-]+)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/y;
  let pos = 0;
  while (pos < path.length) {
    re.lastIndex = pos;
    const m = re.exec(path);
    if (!m) return `/${path}`; // not a path this module wrote
    parts.push(m[1] ?? m[2] ?? (JSON.parse(m[3] as string) as string));
    pos = re.lastIndex;
  }
  return parts.map((p) => `/${escapePointer(p)}`).join('');
}

/** Reports an approximation (info) at its location. */
export function approximated(ctx: MapContext, where: At, message: string, hint?: string): void {
  report(ctx, 'compose/approximated', where, message, hint ? { hint } : {});
}

/** Reports a key with no ECS counterpart (`compose/unsupported-key`). */
export function unsupported(ctx: MapContext, where: At, message: string, hint: string, severity?: 'info' | 'warning' | 'error'): void {
  report(ctx, 'compose/unsupported-key', where, message, severity ? { hint, severity } : { hint });
}

/**
 * `Service `web`` — the prefix of most messages. Built once per service: the readers take their
 * message subject before they know whether they will report (about fourteen per service).
 */
export function svc(ctx: ServiceContext): string {
  return ctx.subject;
}

/**
 * One key of a mapping, with its document path. The path is built on first use: most keys are
 * read without a problem and without an origin, so most paths are never looked at. An entry is
 * an `At` pointing at its key.
 *
 * The fields are `declare`d and set in the constructor (here and in `Item`): declared class
 * fields (parameter properties too) compile to field definitions that run before the constructor
 * on every construction, which in unoptimised code cost more than the assignments themselves,
 * and tens of thousands of entries are built in one cold run.
 */
export class Entry implements At {
  declare readonly pair: YPair;
  declare private readonly parent: PathLike;
  declare readonly key: string;
  declare readonly value: YNode;
  declare private builtPath: string | undefined;
  constructor(pair: YPair, parent: PathLike) {
    this.pair = pair;
    this.parent = parent;
    this.key = pair.key;
    this.value = pair.value;
    this.builtPath = undefined;
  }
  get path(): string {
    return (this.builtPath ??= childPath(pathOf(this.parent), this.key));
  }
  get node(): YPair {
    return this.pair;
  }
}

/** An item of a list, with its document path built on first use (see `Entry`). */
export class Item implements At {
  declare readonly node: YNode;
  declare private readonly parent: PathLike;
  declare private readonly index: number;
  declare private builtPath: string | undefined;
  constructor(node: YNode, parent: PathLike, index: number) {
    this.node = node;
    this.parent = parent;
    this.index = index;
    this.builtPath = undefined;
  }
  get path(): string {
    return (this.builtPath ??= childPath(pathOf(this.parent), this.index));
  }
}

/** Entries of a mapping with their paths. (Per-service code walks them by index: see `keyIndex`.) */
export function entries(node: YMap, path: PathLike): Entry[] {
  return node.entries.map((pair) => new Entry(pair, path));
}

/** Items of a list with their paths. */
export function items(node: YSeq, path: PathLike): Item[] {
  return node.items.map((item, i) => new Item(item, path, i));
}

/** The entry of `key` in the mapping an entry holds (the last one if written twice). */
export function childEntry(parent: Entry | undefined, key: string): Entry | undefined {
  if (!parent || !isMap(parent.value)) return undefined;
  const pair = getPair(parent.value, key);
  return pair && new Entry(pair, parent);
}

/**
 * The context for one service. Written out field by field: an object spread of the shared
 * context costs over a kilobyte per service here (measured), a plain literal a few words.
 */
export function serviceContext(ctx: MapContext, service: Entry, node: YMap): ServiceContext {
  const keyList: Entry[] = [];
  return {
    model: ctx.model,
    options: ctx.options,
    reporter: ctx.reporter,
    collector: ctx.collector,
    launchType: ctx.launchType,
    service: service.key,
    path: service.path,
    node,
    keys: keyIndex(node, service.path, keyList),
    keyList,
    subject: `Service \`${service.key}\``,
  };
}

/**
 * The entries of a service's mapping by key (the last one when a key is written twice, as
 * `getPair` finds it): the service's keys are looked up dozens of times, found in one pass.
 * `list` receives the same entries in the map's order (a key written twice keeps the place of
 * its first line): the keys are also walked three times per service, and walking a map (or a
 * list with `for…of`) allocates a result object per step in code not yet optimised, which is
 * all of a one-pass CLI run.
 */
export function keyIndex(node: YMap, path: string, list: Entry[] = []): Map<string, Entry> {
  const index = new Map<string, Entry>();
  const pairs = node.entries;
  for (let i = 0; i < pairs.length; i++) {
    const pair = pairs[i] as YPair;
    const entry = new Entry(pair, path);
    const before = index.get(pair.key);
    index.set(pair.key, entry);
    if (before === undefined) list.push(entry);
    else list[list.indexOf(before)] = entry;
  }
  return index;
}

/**
 * A scalar as the string Compose would see (numbers and booleans formatted like Go's `fmt.Sprint`:
 * `1.10` → `1.1`, `1000000.0` → `1e+06`); null is undefined (no value).
 */
export function goString(s: YScalar): string | undefined {
  return s.value === null ? undefined : goScalarString(s);
}

// ---------------------------------------------------------------------------------------------
// Typed readers. Each returns undefined after reporting when the node has the wrong shape.

/** A scalar as a string (numbers and booleans Go-formatted); null → undefined without a report. */
export function readString(ctx: MapContext, node: YNode, path: PathLike, what: string): string | undefined {
  if (!isScalar(node)) {
    invalid(ctx, at(node, path), `${what} must be a single value, not a ${node.kind === 'map' ? 'mapping' : 'list'}.`, 'Write a plain value here.');
    return undefined;
  }
  return goString(node);
}

const TRUE_WORDS = new Set(['true', 'yes', 'y', 'on']);
const FALSE_WORDS = new Set(['false', 'no', 'n', 'off']);

/** A boolean, also from the strings Compose accepts (`"true"`, `"yes"`, `"off"`…). */
export function readBool(ctx: MapContext, node: YNode, path: PathLike, what: string): boolean | undefined {
  if (isScalar(node)) {
    if (typeof node.value === 'boolean') return node.value;
    if (typeof node.value === 'string') {
      const v = node.value.trim().toLowerCase();
      if (TRUE_WORDS.has(v)) return true;
      if (FALSE_WORDS.has(v)) return false;
    }
    if (node.value === null) return undefined;
  }
  invalid(ctx, at(node, path), `${what} must be true or false.`, 'Write true or false.');
  return undefined;
}

/** A whole number (also from a string of digits), optionally bounded. */
export function readInt(ctx: MapContext, node: YNode, path: PathLike, what: string, bounds: { min?: number; max?: number } = {}): number | undefined {
  let n: number | undefined;
  if (isScalar(node)) {
    if (typeof node.value === 'number') n = node.value;
    else if (typeof node.value === 'string' && /^\s*[+-]?\d+\s*$/.test(node.value)) n = Number(node.value);
    if (node.value === null) return undefined;
  }
  const range =
    bounds.min !== undefined && bounds.max !== undefined
      ? ` from ${bounds.min} to ${bounds.max}`
      : bounds.min !== undefined
        ? ` of at least ${bounds.min}`
        : '';
  if (n === undefined || !Number.isInteger(n) || (bounds.min !== undefined && n < bounds.min) || (bounds.max !== undefined && n > bounds.max)) {
    const shown = isScalar(node) ? ` \`${goString(node) ?? ''}\`` : '';
    invalid(ctx, at(node, path), `${what}${shown} is not a whole number${range}.`, `Write a whole number${range}.`);
    return undefined;
  }
  return n;
}

/** A number (int or float, also from a numeric string). */
export function readNumber(ctx: MapContext, node: YNode, path: PathLike, what: string): number | undefined {
  if (isScalar(node)) {
    if (typeof node.value === 'number' && Number.isFinite(node.value)) return node.value;
    if (typeof node.value === 'string' && node.value.trim() !== '' && Number.isFinite(Number(node.value))) return Number(node.value);
    if (node.value === null) return undefined;
  }
  invalid(ctx, at(node, path), `${what} is not a number.`, 'Write a number.');
  return undefined;
}

/** A string or a list of strings (`dns: 8.8.8.8` or `dns: [8.8.8.8]`), with each item's place. */
export function readStringList(ctx: MapContext, node: YNode, path: PathLike, what: string): { value: string; where: At }[] {
  if (isScalar(node)) {
    const v = goString(node);
    return v === undefined ? [] : [{ value: v, where: at(node, path) }];
  }
  if (node.kind === 'map') {
    invalid(ctx, at(node, path), `${what} must be a value or a list, not a mapping.`, 'Write a list of values.');
    return [];
  }
  const out: { value: string; where: At }[] = [];
  for (let i = 0; i < node.items.length; i++) {
    const item = new Item(node.items[i] as YNode, path, i);
    const v = readString(ctx, item.node, item, what);
    if (v !== undefined) out.push({ value: v, where: item });
  }
  return out;
}

/** One `KEY=value` entry of a list-or-mapping key (`environment`, `labels`, `sysctls`, `args`). */
export interface KeyValue {
  key: string;
  /** undefined: written without a value (`- KEY` or `KEY:` / `KEY: null`). */
  value: string | undefined;
  where: At;
}

/**
 * Reads a mapping (`{KEY: value}`) or a list (`["KEY=value", "KEY"]`, split at the first `=`).
 * A key ending in a blank is an error, as in Compose.
 */
export function readKeyValues(ctx: MapContext, node: YNode, path: PathLike, what: string): KeyValue[] {
  const out: KeyValue[] = [];
  if (node.kind === 'map') {
    for (let i = 0; i < node.entries.length; i++) {
      const pair = node.entries[i] as YPair;
      const value = pair.value;
      if (!isScalar(value)) {
        const e = new Entry(pair, path);
        invalid(ctx, at(value, e.path), `${what} \`${e.key}\` must have a single value, not a ${value.kind === 'map' ? 'mapping' : 'list'}.`, 'Write a plain value (quote it to keep it as text).');
        continue;
      }
      out.push({ key: pair.key, value: goString(value), where: new Entry(pair, path) });
    }
    return out;
  }
  if (node.kind === 'scalar') {
    if (node.value === null) return out;
    invalid(ctx, at(node, path), `${what} must be a mapping or a list, not a single value.`, 'Write `KEY: value` lines, or a list of `KEY=value` items.');
    return out;
  }
  for (let i = 0; i < node.items.length; i++) {
    const item = new Item(node.items[i] as YNode, path, i);
    // (A scalar needs no reader: that would only build its message.)
    const text = isScalar(item.node) ? goString(item.node) : readString(ctx, item.node, item, `An item of ${what}`);
    if (text === undefined) continue;
    const eq = text.indexOf('=');
    const key = eq === -1 ? text : text.slice(0, eq);
    if (key === '' || /\s$/.test(key)) {
      invalid(
        ctx,
        item,
        key === '' ? `An item of ${what} has no name before \`=\`.` : `${what} item \`${key.trim()}\` has a blank before \`=\`, which Compose rejects.`,
        'Write `KEY=value` with nothing between the name and `=`.',
      );
      continue;
    }
    out.push({ key, value: eq === -1 ? undefined : text.slice(eq + 1), where: item });
  }
  return out;
}
