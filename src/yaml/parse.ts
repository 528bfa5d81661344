/**
 * YAML (and JSON) reading with positions.
 *
 * Design note — why not the `yaml` package here: the design named `yaml` for its positions, but
 * measured on the 1 MB, 1000-service benchmark file its `parseDocument` takes 430–600 ms on this
 * machine, more than the whole 0.5 s budget for `convert`. js-yaml 5 exposes its parser as a flat
 * event stream with source offsets (`parseEvents`, 30–80 ms on the same file), so we compose our
 * own small position-aware tree from the events. That also lets us type scalars the way Docker
 * Compose (go-yaml) does — `0440` is octal, `0b101` and `1_000` are ints, `yes` is a string —
 * handle `<<` merge keys with Compose's rules, keep local tags (`!reset`, `!override`, `!Ref`),
 * and guard against alias bombs without rejecting honest files that share one anchor across
 * hundreds of services.
 *
 * Then `parseEvents` itself became the largest cost of `convert` (≈100 ms of ≈0.6 s on that
 * file), so a hand-written scanner (`scan`, in scan-events.ts) reads first. It covers the YAML
 * that Compose and EB files are written in — block collections, plain scalars, one-line quoted
 * scalars, block scalars, anchors, aliases, tags, flow collections — and produces exactly the
 * events js-yaml would, feeding them to the composer one by one instead of building the array
 * (which survived every young-generation collection). At anything else (tabs, CRLF, multi-line
 * quoted scalars, directives, explicit keys, and every syntax error) it gives up and the file
 * goes through `parseEvents` as before, with a fresh composer: the composer's diagnostics are
 * held until the scanner has read the whole file, and a document too big for the alias limit
 * before the event count is known also gives up. Measured on the benchmark file, cold:
 * parseYaml ≈150 ms → ≈85 ms. A file given up late is read about twice; the corpus's give-ups
 * are mostly at the first character check.
 */
import { EVENT_ID, getScalarValue, parseEvents, SCALAR_STYLE, type Event } from 'js-yaml';
import type { Reporter } from '../diagnostics/context.js';
import type { SecretPolicy } from '../secrets/classify.js';
import { redactAssignments, redactUnreadEntry } from '../secrets/unread.js';
import { originAt, type SourceFile } from '../ir/source-file.js';
import { giveUp, scan } from './scan-events.js';
import { MapNode, PairNode, ScalarNode, SeqNode, type ScalarType, type YMap, type YNode, type YPair, type YScalar, type YSeq } from './node.js';

export interface ParseOptions {
  /** Report non-string keys (Compose rejects them); otherwise keys are stringified silently. */
  strictKeys?: boolean;
  /** Severity of a key written twice (Compose: error; EB keeps the last one). */
  duplicateKeys?: 'error' | 'warning';
  /** The names declared secret or not, for the values of a file that cannot be read (`redactAssignments`). */
  secretPolicy?: SecretPolicy;
}

/** One YAML document of a file. `root` is undefined for an empty document. */
export interface YDocument {
  file: SourceFile;
  root: YNode | undefined;
  /** Index of the document in its file (0 for single-document files). */
  index: number;
  /** The document was left out, and reported (`yaml/alias-bomb`): its root is no empty document. */
  skipped?: true;
}

/** Result of parsing: the documents that parsed, and whether the file had a syntax error. */
export interface ParsedYaml {
  documents: YDocument[];
  ok: boolean;
}

const MIN_EXPANSION_LIMIT = 1_000_000;
const EXPANSION_PER_EVENT = 20;

/**
 * Parses every document of a YAML or JSON file. Syntax errors and structural problems are
 * reported through `reporter`; the function never throws for bad input.
 */
export function parseYaml(file: SourceFile, reporter: Reporter, options: ParseOptions = {}): ParsedYaml {
  const bom = file.text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let text = bom ? file.text.slice(1) : file.text;
  // The fast scanner, composing as it goes; diagnostics are held until it has read the whole
  // file, since it may give up midway and leave the file to js-yaml.
  const held: Parameters<Reporter['report']>[] = [];
  const fast = new Composer(file, text, [], bom, { report: (...args) => held.push(args) }, options, undefined);
  if (scan(text, fast)) {
    for (const args of held) reporter.report(...args);
    fast.redactReplaced(reporter);
    return { documents: fast.documents, ok: true };
  }
  // Offsets in `text` where spaces were inserted (see below), to map positions back.
  const inserted: { at: number; count: number }[] = [];
  let events: Event[] | undefined;
  for (let attempt = 0; !events; attempt++) {
    try {
      events = parseEvents(text, { filename: file.path, maxDepth: MAX_DEPTH });
    } catch (e) {
      const err = e as { reason?: string; message?: string; mark?: { position?: number } };
      const at = err.mark?.position ?? 0;
      // libyaml (and so Docker Compose) accepts a flow collection whose closing bracket sits at
      // the indentation of its key; js-yaml calls that deficient indentation. Indent such a
      // line and try again, remembering the insertion so positions stay those of the file.
      const lineStart = text.lastIndexOf('\n', at - 1) + 1;
      const lineEnd = text.indexOf('\n', lineStart);
      const line = text.slice(lineStart, lineEnd === -1 ? undefined : lineEnd);
      if (err.reason === 'deficient indentation' && /^[ ]*[\]}][,\]}\s]*(#.*)?$/.test(line) && attempt < 200) {
        const count = 2;
        text = text.slice(0, lineStart) + ' '.repeat(count) + text.slice(lineStart);
        inserted.push({ at: lineStart, count });
        continue;
      }
      const position = toOriginal(inserted, at) + bom;
      const tooDeep = err.reason?.startsWith('nesting exceeded') === true;
      const json = /\.json$/i.test(file.path);
      reporter.report(
        'yaml/syntax',
        tooDeep
          ? `${file.path} nests collections more than ${MAX_DEPTH} levels deep, more than ecsify reads.`
          : `${file.path} is not valid ${json ? 'JSON' : 'YAML'}: ${err.reason ?? err.message ?? 'parse error'}.`,
        {
          origin: originAt(file, position, ''),
          hint: tooDeep
            ? 'No Compose or Elastic Beanstalk file needs such depth: check that the file is the one you meant, or flatten the structure.'
            : json
              ? 'Fix the syntax at this position; JSON needs a comma between entries, double quotes around keys and strings, and every bracket closed.'
              : 'Fix the syntax at this position; YAML indentation must use spaces, and quotes and brackets must be closed.',
        },
      );
      // Nothing of the file is read, so no secret of it was judged; its lines are still shown.
      redactAssignments(file.text, reporter, options.secretPolicy);
      return { documents: [], ok: false };
    }
  }
  const composer = new Composer(file, text, inserted, bom, reporter, options, events.length);
  const documents = composer.run(events);
  composer.redactReplaced(reporter);
  return { documents, ok: true };
}

/**
 * The deepest nesting of collections read (js-yaml recurses once per level: past this, a
 * generated file could overflow the stack).
 */
const MAX_DEPTH = 1000;

/** Maps an offset in the patched text back to the text as written. */
function toOriginal(inserted: readonly { at: number; count: number }[], offset: number): number {
  let out = offset;
  // Insertions are recorded in patched coordinates, each after the previous ones were applied.
  for (let i = inserted.length - 1; i >= 0; i--) {
    const ins = inserted[i] as { at: number; count: number };
    if (out >= ins.at + ins.count) out -= ins.count;
    else if (out >= ins.at) out = ins.at;
  }
  return out;
}

/** An open mapping or sequence while its events are read. */
interface Frame {
  node: YMap | YSeq;
  /** Key waiting for its value (mappings only). */
  pendingKey: YNode | undefined;
  /** Merge sources collected from `<<` entries, in order, with the key that wrote them. */
  merges: { source: YNode; keyNode: YScalar }[] | undefined;
  /** Index in `node.entries` where the first `<<` was written. */
  mergeIndex: number;
  /**
   * Keys seen in this mapping → the key node first written. (A Map even for small mappings:
   * this code runs mostly before it is optimised, where one builtin call costs less than a
   * scan of a few entries written in JavaScript.)
   */
  seen: Map<string, YScalar> | undefined;
}

/**
 * Builds the node tree from js-yaml's events (an array, `run`, or one by one from the fast
 * scanner, `event`, which reuses its event objects: the composer must not keep one). It runs
 * once per event (~80 000 for the 1 MB benchmark file) and mostly before V8 has optimised it, so what counts is the number of
 * operations per event: scalar typing looks at the first character before anything costlier,
 * every node is created with its final fields, loops use indexes, not iterators, and adding a
 * finished node to its collection is written in the event loop, not a method (one call less per
 * event). (Measured alternatives that did worse: scanning small mappings for duplicate keys
 * instead of a Map, and reusing frame objects; a scan was no better counted in instructions.)
 * Most of the composer's remaining cost is not its own code: counted with valgrind under
 * `node --predictable`, about a third is garbage collection (the event array and the tree
 * survive every scavenge) and a third optimising compilation, done twice: midway through the
 * file V8 deoptimises this composer together with js-yaml's parser ("code dependencies"; it
 * coincides with V8 deciding to allocate the surviving nodes in old space), then recompiles.
 */
class Composer {
  private anchors = new Map<string, YNode>();
  /**
   * Each mapping key's text → the one string object every key with that text gets. Why: a
   * file writes the same few hundred keys tens of thousands of times; shared, each key string
   * is allocated (and kept alive for the whole run) once, its hash is computed once for the
   * duplicate-key Maps, and the validator's and mappers' lookups by key meet the same object.
   * Measured under callgrind on the benchmark file's `convert`: −12 M instructions (the
   * lookup here costs ~4 M; validation, interpolation and GC save the rest).
   */
  private readonly keys = new Map<string, string>();
  private readonly limit: number;
  /** Whether `limit` is the file's; else the smallest it can be (see `event`). */
  private readonly counted: boolean;
  /** Documents finished so far. */
  private readonly docs: YDocument[] = [];
  private inDocument = false;
  /** Open collections: `frames[0..depth)`. */
  private readonly frames: Frame[] = [];
  private depth = 0;
  /** Root node of the current document. */
  private root: YNode | undefined;

  constructor(
    private readonly file: SourceFile,
    private readonly text: string,
    /** Spaces inserted into `text` (see parseYaml) and the BOM length, to map offsets back. */
    private readonly inserted: readonly { at: number; count: number }[],
    private readonly bom: number,
    private readonly reporter: Pick<Reporter, 'report'>,
    private readonly options: ParseOptions,
    /** Number of events in the file; undefined when they are streamed (see `scan`). */
    eventCount: number | undefined,
  ) {
    this.counted = eventCount !== undefined;
    this.limit = Math.max(MIN_EXPANSION_LIMIT, (eventCount ?? 0) * EXPANSION_PER_EVENT);
  }

  /** The documents composed (after the last event). */
  get documents(): YDocument[] {
    return this.docs;
  }

  /**
   * Values of a key written twice that the second replaced, with their key: never read by a
   * parser, still shown in code frames (the duplicate-key report's frame shows the line above).
   * EB keeps the last of two `aws:elasticbeanstalk:application:environment:` sections of a file.
   */
  private replaced: [string, YNode][] | undefined;

  /** Hands the secrets of the replaced values to `reporter` (`redactUnreadEntry`). */
  redactReplaced(reporter: Reporter): void {
    for (const [key, value] of this.replaced ?? []) redactUnreadEntry(key, value, reporter, this.options.secretPolicy);
  }

  /** Offset in the file as written for an offset in the parsed text. */
  private pos(offset: number): number {
    return this.inserted.length === 0 ? offset + this.bom : toOriginal(this.inserted, offset) + this.bom;
  }

  /** Composes all the events of a file (js-yaml's array); returns its documents. */
  run(events: Event[]): YDocument[] {
    for (let i = 0; i < events.length; i++) this.event(events[i] as Event);
    return this.docs;
  }

  /** Composes the next event of the file (see `run`; `scan` calls it directly). */
  event(ev: Event): void {
    const frames = this.frames;
    const docs = this.docs;
    let node: YNode;
    switch (ev.type) {
      case EVENT_ID.SCALAR:
        node = this.scalar(ev);
        break;
      case EVENT_ID.MAPPING:
        this.open(new MapNode(this.file, this.pos(ev.start), [], 1, false), ev);
        return;
      case EVENT_ID.SEQUENCE:
        this.open(new SeqNode(this.file, this.pos(ev.start), [], 1, false), ev);
        return;
      case EVENT_ID.ALIAS:
        node = this.alias(ev);
        break;
      case EVENT_ID.POP:
        if (this.depth > 0) {
          const frame = frames[--this.depth] as Frame;
          node = frame.node;
          if (frame.merges && node.kind === 'map') this.finishMap(frame, node, frame.merges);
          break;
        }
        if (this.inDocument) {
          // End of a document.
          const root = this.root;
          if (root && root.size > this.limit) {
            // Streamed from `scan`, the file's event count (and so the limit) is not known yet.
            if (!this.counted) giveUp('a document larger than the alias limit without an event count');
            this.reporter.report(
              'yaml/alias-bomb',
              `Document ${docs.length + 1} of ${this.file.path} expands to more than ${this.limit} nodes through aliases.`,
              { origin: originAt(this.file, root.start, ''), hint: 'Reduce nested aliases; the document was skipped.' },
            );
            docs.push({ file: this.file, root: undefined, index: docs.length, skipped: true });
          } else docs.push({ file: this.file, root, index: docs.length });
          this.inDocument = false;
        }
        return;
      case EVENT_ID.DOCUMENT:
        this.inDocument = true;
        this.root = undefined;
        this.anchors = new Map();
        return;
      default:
        return;
    }
    // The finished node goes into the open collection (or becomes the document's root).
    // Written here rather than in another method: it runs for most events.
    if (this.depth === 0) {
      this.root = node;
      return;
    }
    const top = frames[this.depth - 1] as Frame;
    const parent = top.node;
    if (parent.kind === 'seq') {
      parent.items.push(node);
      parent.size += node.size;
      if (!parent.hasDollar && holdsDollar(node)) parent.hasDollar = true;
    } else if (top.pendingKey === undefined) {
      top.pendingKey = node;
    } else {
      const keyNode = top.pendingKey;
      top.pendingKey = undefined;
      this.addPair(top, parent, keyNode, node);
    }
  }

  /** Starts a collection (its anchor is usable from here on, so a recursive alias is detected). */
  private open(node: YMap | YSeq, ev: { tagStart: number; tagEnd: number; anchorStart: number; anchorEnd: number }): void {
    if (ev.tagStart !== -1) node.tag = this.text.slice(ev.tagStart, ev.tagEnd);
    if (ev.anchorStart !== -1) this.anchors.set(this.text.slice(ev.anchorStart, ev.anchorEnd), node);
    this.frames[this.depth++] = { node, pendingKey: undefined, merges: undefined, mergeIndex: 0, seen: undefined };
  }

  /** Whether `node` is a collection still being read (an alias to it would be recursive). */
  private isOpen(node: YNode): boolean {
    for (let i = 0; i < this.depth; i++) if ((this.frames[i] as Frame).node === node) return true;
    return false;
  }

  /** The node an alias stands for (a null scalar, reported, when it cannot be expanded). */
  private alias(ev: { anchorStart: number; anchorEnd: number }): YNode {
    const name = this.text.slice(ev.anchorStart, ev.anchorEnd);
    const target = this.anchors.get(name);
    if (!target) {
      this.reporter.report('yaml/unknown-alias', `Alias *${name} refers to no anchor defined before it.`, {
        origin: originAt(this.file, this.pos(ev.anchorStart - 1), ''),
        hint: `Define &${name} earlier in the same document.`,
      });
      return this.nullAt(this.pos(ev.anchorStart - 1));
    }
    if (target.kind !== 'scalar' && this.isOpen(target)) {
      this.reporter.report('yaml/unknown-alias', `Alias *${name} refers to the collection that contains it.`, {
        origin: originAt(this.file, this.pos(ev.anchorStart - 1), ''),
        hint: 'A recursive alias cannot be expanded; write the value out.',
      });
      return this.nullAt(this.pos(ev.anchorStart - 1));
    }
    return target;
  }

  private nullAt(start: number): YScalar {
    return new ScalarNode(this.file, start, 'null', null, false);
  }

  private scalar(ev: Extract<Event, { type: 4 }>): YScalar {
    const text = this.text;
    const style = ev.style;
    const valueStart = ev.valueStart;
    // As getScalarValue, without its call for the common unescaped scalar.
    let raw = valueStart === -1 ? '' : ev.fast ? text.slice(valueStart, ev.valueEnd) : getScalarValue(text, ev);
    if (this.depth > 0) {
      const top = this.frames[this.depth - 1] as Frame;
      if (top.pendingKey === undefined && top.node.kind === 'map') {
        // A key (see `keys`).
        const shared = this.keys.get(raw);
        if (shared === undefined) this.keys.set(raw, raw);
        else raw = shared;
      }
    }
    const quotes = style === SCALAR_STYLE.SINGLE_QUOTED || style === SCALAR_STYLE.DOUBLE_QUOTED;
    // Quoted scalars: point at the opening quote, where the value visibly starts.
    let start = valueStart !== -1 && quotes ? valueStart - 1 : valueStart;
    if (start === -1) start = ev.tagStart !== -1 ? ev.tagStart : ev.anchorStart !== -1 ? ev.anchorStart - 1 : -1;
    const tag = ev.tagStart === -1 ? undefined : text.slice(ev.tagStart, ev.tagEnd);
    let type: ScalarType = 'str';
    let value: string | number | boolean | null = raw;
    let exact: string | undefined;
    if (tag === undefined) {
      if (style === SCALAR_STYLE.PLAIN) {
        const typed = resolveUntagged(raw);
        if (typed) {
          // Not destructured: array destructuring goes through the iterator protocol, slow
          // while this code is still interpreted (it runs once per scalar of a cold process).
          type = typed[0];
          value = typed[1];
          exact = typed[2];
        }
      }
    } else if (tag !== '!!str' && tag !== 'tag:yaml.org,2002:str' && (style === SCALAR_STYLE.PLAIN || tag.startsWith('!!'))) {
      const typed = resolvePlain(raw, tag);
      type = typed[0];
      value = typed[1];
      exact = typed[2];
    }
    const node: YScalar = new ScalarNode(this.file, start === -1 ? this.emptyAt() : this.pos(start), type, value, style !== SCALAR_STYLE.PLAIN);
    if (tag !== undefined) node.tag = tag;
    if (exact !== undefined) node.exact = exact;
    if (ev.anchorStart !== -1) this.anchors.set(text.slice(ev.anchorStart, ev.anchorEnd), node);
    return node;
  }

  /**
   * Position of an empty scalar (no text, tag or anchor of its own): its list's, or as value
   * its key's. Given when the node is created, not by a copy made when it is added: the store
   * into a copy (`{ ...node, start }`) made V8 mark `start` mutable for every scalar and
   * deoptimise this composer and js-yaml's parser midway through the benchmark file.
   */
  private emptyAt(): number {
    if (this.depth === 0) return -1;
    const top = this.frames[this.depth - 1] as Frame;
    if (top.node.kind === 'seq') return top.node.start;
    return top.pendingKey === undefined ? -1 : top.pendingKey.start;
  }

  private addPair(frame: Frame, map: YMap, keyNode: YNode, value: YNode): void {
    if (keyNode.kind !== 'scalar') {
      this.reporter.report('yaml/non-string-key', 'A mapping key is a collection, not a string.', {
        origin: originAt(this.file, keyNode.start, ''),
        hint: 'Use a plain string as the key.',
      });
      return;
    }
    const isMergeKey = keyNode.type === 'str' && keyNode.value === '<<' && !keyNode.quoted && keyNode.tag === undefined;
    if (isMergeKey || keyNode.tag === '!!merge' || keyNode.tag === 'tag:yaml.org,2002:merge') {
      if (frame.merges) {
        this.reporter.report('yaml/duplicate-key', 'Mapping has a second `<<` merge key.', {
          origin: originAt(this.file, keyNode.start, ''),
          hint: 'Docker Compose rejects two merge keys in one mapping; write `<<: [*a, *b]` instead.',
          severity: this.options.duplicateKeys ?? 'error',
        });
      } else {
        frame.merges = [];
        frame.mergeIndex = map.entries.length;
      }
      frame.merges.push({ source: value, keyNode });
      return;
    }
    if (keyNode.type !== 'str' && this.options.strictKeys) {
      this.reporter.report('yaml/non-string-key', `Mapping key ${keyText(keyNode)} is a ${keyNode.type}, not a string.`, {
        origin: originAt(this.file, keyNode.start, ''),
        hint: `Quote the key: "${keyText(keyNode)}":`,
      });
    }
    const key = keyNode.type === 'str' ? (keyNode.value as string) : keyText(keyNode);
    const entries = map.entries;
    const seen = (frame.seen ??= new Map());
    const first = seen.get(key);
    if (first) {
      const line = originAt(this.file, first.start, '').line;
      this.reporter.report('yaml/duplicate-key', `Key "${key}" is already defined at line ${line}.`, {
        origin: originAt(this.file, keyNode.start, ''),
        hint: 'Remove one of the two entries; other tools keep different ones.',
        severity: this.options.duplicateKeys ?? 'error',
      });
      const idx = entries.findIndex((e) => e.key === key);
      if (idx !== -1) {
        const replaced = (entries[idx] as YPair).value;
        if (!(replaced.kind === 'scalar' && replaced.value === null)) (this.replaced ??= []).push([key, replaced]);
        map.size -= replaced.size + 1;
        entries.splice(idx, 1);
      }
    } else {
      seen.set(key, keyNode);
    }
    entries.push(new PairNode(key, keyNode, value, undefined));
    map.size += value.size + 1;
    // A value removed as a duplicate above may leave the flag set: harmless (it only costs a walk).
    if (!map.hasDollar && holdsDollar(value)) map.hasDollar = true;
  }

  /** Applies `<<` merges: local keys win, then earlier merge sources win over later ones. */
  private finishMap(frame: Frame, map: YMap, merges: { source: YNode; keyNode: YScalar }[]): void {
    // `seen` holds exactly the mapping's own keys; merged keys are added as they are taken.
    const present = (frame.seen ??= new Map());
    const merged: YPair[] = [];
    for (let i = 0; i < merges.length; i++) {
      const m = merges[i] as { source: YNode; keyNode: YScalar };
      const sources: YNode[] = m.source.kind === 'seq' ? m.source.items : [m.source];
      for (let j = 0; j < sources.length; j++) {
        const src = sources[j] as YNode;
        if (src.kind !== 'map') {
          this.reporter.report('yaml/bad-merge', 'A `<<` merge key must point at a mapping or a list of mappings.', {
            origin: originAt(this.file, m.keyNode.start, ''),
            hint: 'Merge a mapping anchor (`<<: *defaults`); lists cannot be merged.',
          });
          continue;
        }
        const entries = src.entries;
        for (let k = 0; k < entries.length; k++) {
          const e = entries[k] as YPair;
          if (present.has(e.key)) continue;
          present.set(e.key, e.keyNode);
          merged.push(new PairNode(e.key, e.keyNode, e.value, true));
          map.size += e.value.size + 1;
          if (!map.hasDollar && holdsDollar(e.value)) map.hasDollar = true;
        }
      }
    }
    if (merged.length === 0) return;
    // Merged entries go where the first `<<` was written. The array is changed in place (the
    // mapping is not shared yet): assigning `map.entries` would make the field mutable for
    // every mapping and deoptimise the code relying on it (see `emptyAt`).
    const entries = map.entries;
    const at = frame.mergeIndex;
    if (at === entries.length) for (let i = 0; i < merged.length; i++) entries.push(merged[i] as YPair);
    else entries.splice(at, 0, ...merged);
  }
}

/** Whether a finished node holds a `$` in a string scalar (see `YMap.hasDollar`). */
function holdsDollar(node: YNode): boolean {
  if (node.kind !== 'scalar') return node.hasDollar !== false;
  return node.type === 'str' && (node.value as string).indexOf('$') !== -1;
}

function keyText(n: YScalar): string {
  if (n.type === 'null') return n.value === null ? 'null' : String(n.value);
  return String(n.value);
}

/** Type, value, and for an int beyond ±2^53 its exact decimal digits (see `YScalar.exact`). */
type Resolved = readonly [ScalarType, string | number | boolean | null, string?];
const NULL_RESULT: Resolved = ['null', null];
const TRUE_RESULT: Resolved = ['bool', true];
const FALSE_RESULT: Resolved = ['bool', false];

/**
 * `resolvePlain` for an untagged plain scalar, or undefined when it is a string. Most scalars
 * (keys, names, images) are strings recognisable from their first character, so the sets and
 * regular expressions run only for the few that may be something else.
 */
function resolveUntagged(raw: string): Resolved | undefined {
  if (raw.length === 0) return NULL_RESULT;
  const first = raw.charCodeAt(0);
  switch (first) {
    case 126: // ~
      return raw.length === 1 ? NULL_RESULT : undefined;
    case 110: // n
    case 78: // N
      return NULLS.has(raw) ? NULL_RESULT : undefined;
    case 116: // t
    case 84: // T
      return TRUES.has(raw) ? TRUE_RESULT : undefined;
    case 102: // f
    case 70: // F
      return FALSES.has(raw) ? FALSE_RESULT : undefined;
    case 43: // +
    case 45: // -
    case 46: // .
      return resolvePlain(raw);
  }
  if (first < 48 || first > 57) return undefined;
  // Decimal digits without a leading zero: an int (what the regular expressions below decide).
  let digits = true;
  for (let i = 1; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c >= 48 && c <= 57) continue;
    digits = false;
    // A character no number form of `resolvePlain` has: a string (`10s`, `512M`, `1g`, a
    // host:port). Such values are common in Compose files and spared six regular expressions
    // (measured: −44 M instructions loading the 1000-service benchmark file).
    if (!NUMBER_CHAR[c]) return undefined;
  }
  // Up to 15 digits a double holds the value exactly.
  if (digits && (first !== 48 || raw.length === 1)) return raw.length < 16 ? ['int', Number(raw)] : bigInt(raw, raw, 10);
  return resolvePlain(raw);
}

/** Characters of the numbers `resolvePlain` reads after a leading digit: `[0-9A-Fa-f_.+\-xo]`. */
const NUMBER_CHAR: readonly boolean[] = (() => {
  const table: boolean[] = new Array<boolean>(128).fill(false);
  for (const ch of '0123456789abcdefABCDEF_.+-xo') table[ch.charCodeAt(0)] = true;
  return table;
})();

const NULLS = new Set(['', '~', 'null', 'Null', 'NULL']);
const TRUES = new Set(['true', 'True', 'TRUE']);
const FALSES = new Set(['false', 'False', 'FALSE']);
const RE_DEC = /^[-+]?[0-9][0-9_]*$/;
const RE_OCT_LEGACY = /^[-+]?0[0-7_]+$/;
const RE_OCT = /^[-+]?0o[0-7_]+$/;
const RE_HEX = /^[-+]?0x[0-9a-fA-F_]+$/;
const RE_BIN = /^[-+]?0b[01_]+$/;
const RE_FLOAT = /^[-+]?(\.[0-9]+|[0-9][0-9_]*(\.[0-9_]*)?)([eE][-+]?[0-9]+)?$/;
const RE_INF = /^[-+]?\.(inf|Inf|INF)$/;
const RE_NAN = /^\.(nan|NaN|NAN)$/;

/** Types a plain scalar the way go-yaml (and so Docker Compose) does. */
export function resolvePlain(raw: string, tag?: string): Resolved {
  const explicit = tag?.replace('tag:yaml.org,2002:', '!!');
  if (explicit === '!!null') return ['null', null];
  if (NULLS.has(raw) && !explicit) return ['null', null];
  if (TRUES.has(raw)) return ['bool', true];
  if (FALSES.has(raw)) return ['bool', false];
  if (explicit === '!!bool') return ['str', raw];
  const first = raw.charCodeAt(0);
  const numberish = (first >= 48 && first <= 57) || first === 43 || first === 45 || first === 46;
  if (numberish) {
    const sign = raw[0] === '-' ? -1 : 1;
    const body = raw.replace(/^[-+]/, '').replace(/_/g, '');
    if (RE_HEX.test(raw)) return intOf(raw, sign * parseInt(body.slice(2), 16), body.slice(2), 16);
    if (RE_OCT.test(raw)) return intOf(raw, sign * parseInt(body.slice(2), 8), body.slice(2), 8);
    if (RE_BIN.test(raw)) return intOf(raw, sign * parseInt(body.slice(2), 2), body.slice(2), 2);
    if (RE_OCT_LEGACY.test(raw) && body.length > 1) return intOf(raw, sign * parseInt(body, 8), body, 8);
    if (RE_DEC.test(raw) && !(body.length > 1 && body[0] === '0')) return intOf(raw, sign * Number(body), body, 10);
    if (RE_FLOAT.test(raw)) return ['float', Number(raw.replace(/_/g, ''))];
    if (RE_INF.test(raw)) return ['float', sign * Infinity];
  }
  if (RE_NAN.test(raw)) return ['float', NaN];
  if (explicit === '!!int' || explicit === '!!float') return ['str', raw];
  return ['str', raw];
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;
const BASE_PREFIX: Record<number, string> = { 2: '0b', 8: '0o', 10: '', 16: '0x' };

/** An int read as a double: exact when safe, else decided from the digits (`bigInt`). */
function intOf(raw: string, n: number, digits: string, base: 2 | 8 | 10 | 16): Resolved {
  return Number.isSafeInteger(n) ? ['int', n] : bigInt(raw, digits, base);
}

/**
 * An int too large for a double, typed as go-yaml types it: an int when it fits int64 (or, with
 * no sign, uint64), with its exact digits; beyond that a float when the text is decimal digits
 * (`99999999999999999999` → 1e+20, as `strconv.ParseFloat` reads it, leading zeros included),
 * otherwise (hex, octal `0o`, binary) the string as written.
 * `digits`: the digits without sign, prefix and underscores.
 */
function bigInt(raw: string, digits: string, base: 2 | 8 | 10 | 16): Resolved {
  const negative = raw.charCodeAt(0) === 45;
  const magnitude = BigInt(BASE_PREFIX[base] + digits);
  const v = negative ? -magnitude : magnitude;
  const signed = raw.charCodeAt(0) === 43 || negative;
  if ((v >= INT64_MIN && v <= INT64_MAX) || (!signed && v <= UINT64_MAX)) return ['int', Number(v), v.toString()];
  const plain = raw.replace(/_/g, '');
  if (RE_FLOAT.test(plain)) return ['float', Number(plain)]; // `plain` has no `_` left
  return ['str', raw];
}
