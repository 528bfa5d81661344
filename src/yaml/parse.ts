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
 */
import { EVENT_ID, getScalarValue, parseEvents, SCALAR_STYLE, type Event } from 'js-yaml';
import type { Reporter } from '../diagnostics/context.js';
import { originAt, type SourceFile } from '../ir/source-file.js';
import type { ScalarType, YMap, YNode, YPair, YScalar, YSeq } from './node.js';

export interface ParseOptions {
  /** Report non-string keys (Compose rejects them); otherwise keys are stringified silently. */
  strictKeys?: boolean;
  /** Severity of a key written twice (Compose: error; EB keeps the last one). */
  duplicateKeys?: 'error' | 'warning';
}

/** One YAML document of a file. `root` is undefined for an empty document. */
export interface YDocument {
  file: SourceFile;
  root: YNode | undefined;
  /** Index of the document in its file (0 for single-document files). */
  index: number;
}

/** Result of parsing: the documents that parsed, and whether the file had a syntax error. */
export interface ParsedYaml {
  documents: YDocument[];
  ok: boolean;
}

const MIN_EXPANSION_LIMIT = 1_000_000;
const EXPANSION_PER_EVENT = 20;

interface Frame {
  node: YMap | YSeq;
  /** Key waiting for its value (mappings only). */
  pendingKey?: YNode;
  /** Merge sources collected from `<<` entries, in order, with where they were written. */
  merges?: { source: YNode; at: number; keyNode: YScalar }[];
  /** Index in `node.entries` where the first `<<` was written. */
  mergeIndex?: number;
  /** Keys seen in this mapping → the key node first written. */
  seen?: Map<string, YScalar>;
}

/**
 * Parses every document of a YAML or JSON file. Syntax errors and structural problems are
 * reported through `reporter`; the function never throws for bad input.
 */
export function parseYaml(file: SourceFile, reporter: Reporter, options: ParseOptions = {}): ParsedYaml {
  const bom = file.text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let text = bom ? file.text.slice(1) : file.text;
  // Offsets in `text` where spaces were inserted (see below), to map positions back.
  const inserted: { at: number; count: number }[] = [];
  let events: Event[] | undefined;
  for (let attempt = 0; !events; attempt++) {
    try {
      events = parseEvents(text, { filename: file.path, maxDepth: 1000 });
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
      reporter.report('yaml/syntax', `${file.path} is not valid YAML: ${err.reason ?? err.message ?? 'parse error'}.`, {
        origin: originAt(file, position, ''),
        hint: 'Fix the syntax at this position; YAML indentation must use spaces, and quotes and brackets must be closed.',
      });
      return { documents: [], ok: false };
    }
  }
  const map = (offset: number) => toOriginal(inserted, offset) + bom;
  const composer = new Composer(file, text, map, reporter, options, events.length);
  return { documents: composer.run(events), ok: true };
}

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

class Composer {
  private anchors = new Map<string, YNode>();
  private unfinished = new Set<YNode>();
  private readonly limit: number;

  constructor(
    private readonly file: SourceFile,
    private readonly text: string,
    private readonly pos: (offset: number) => number,
    private readonly reporter: Reporter,
    private readonly options: ParseOptions,
    eventCount: number,
  ) {
    this.limit = Math.max(MIN_EXPANSION_LIMIT, eventCount * EXPANSION_PER_EVENT);
  }

  run(events: Event[]): YDocument[] {
    const docs: YDocument[] = [];
    const stack: Frame[] = [];
    let root: YNode | undefined;
    let inDocument = false;
    let bombed = false;

    const attach = (node: YNode): void => {
      const top = stack[stack.length - 1];
      if (!top) {
        root = node;
        return;
      }
      if (top.node.kind === 'seq') {
        if (node.kind === 'scalar' && node.start === -1) node = { ...node, start: top.node.start };
        top.node.items.push(node);
        top.node.size += node.size;
        return;
      }
      if (top.pendingKey === undefined) {
        top.pendingKey = node;
        return;
      }
      const keyNode = top.pendingKey;
      top.pendingKey = undefined;
      this.addPair(top, keyNode, node);
    };

    for (const ev of events) {
      switch (ev.type) {
        case EVENT_ID.DOCUMENT:
          inDocument = true;
          root = undefined;
          this.anchors = new Map();
          break;
        case EVENT_ID.MAPPING:
        case EVENT_ID.SEQUENCE: {
          const start = this.pos(ev.start);
          const node: YMap | YSeq =
            ev.type === EVENT_ID.MAPPING
              ? { kind: 'map', file: this.file, start, entries: [], size: 1 }
              : { kind: 'seq', file: this.file, start, items: [], size: 1 };
          this.tagAndAnchor(node, ev);
          this.unfinished.add(node);
          stack.push({ node });
          break;
        }
        case EVENT_ID.SCALAR:
          attach(this.scalar(ev));
          break;
        case EVENT_ID.ALIAS: {
          const name = this.text.slice(ev.anchorStart, ev.anchorEnd);
          const target = this.anchors.get(name);
          if (!target) {
            this.reporter.report('yaml/unknown-alias', `Alias *${name} refers to no anchor defined before it.`, {
              origin: originAt(this.file, this.pos(ev.anchorStart - 1), ''),
              hint: `Define &${name} earlier in the same document.`,
            });
            attach(this.nullAt(this.pos(ev.anchorStart - 1)));
          } else if (this.unfinished.has(target)) {
            this.reporter.report('yaml/unknown-alias', `Alias *${name} refers to the collection that contains it.`, {
              origin: originAt(this.file, this.pos(ev.anchorStart - 1), ''),
              hint: 'A recursive alias cannot be expanded; write the value out.',
            });
            attach(this.nullAt(this.pos(ev.anchorStart - 1)));
          } else {
            attach(target);
          }
          break;
        }
        case EVENT_ID.POP: {
          const frame = stack.pop();
          if (!frame) {
            // End of a document.
            if (inDocument) {
              if (root && root.size > this.limit) {
                bombed = true;
                this.reporter.report(
                  'yaml/alias-bomb',
                  `Document ${docs.length + 1} of ${this.file.path} expands to more than ${this.limit} nodes through aliases.`,
                  { origin: originAt(this.file, root.start, ''), hint: 'Reduce nested aliases; the document was skipped.' },
                );
                root = undefined;
              }
              docs.push({ file: this.file, root, index: docs.length });
              inDocument = false;
            }
            break;
          }
          this.unfinished.delete(frame.node);
          if (frame.node.kind === 'map') this.finishMap(frame);
          attach(frame.node);
          break;
        }
      }
    }
    void bombed;
    return docs;
  }

  private tagAndAnchor(node: YNode, ev: { tagStart: number; tagEnd: number; anchorStart: number; anchorEnd: number }): void {
    if (ev.tagStart !== -1) node.tag = this.text.slice(ev.tagStart, ev.tagEnd);
    if (ev.anchorStart !== -1) this.anchors.set(this.text.slice(ev.anchorStart, ev.anchorEnd), node);
  }

  private nullAt(start: number): YScalar {
    return { kind: 'scalar', file: this.file, start, type: 'null', value: null, quoted: false, size: 1 };
  }

  private scalar(ev: Extract<Event, { type: 4 }>): YScalar {
    const raw = getScalarValue(this.text, ev);
    const quoted = ev.style !== SCALAR_STYLE.PLAIN;
    // Quoted scalars: point at the opening quote, where the value visibly starts.
    const quotes = ev.style === SCALAR_STYLE.SINGLE_QUOTED || ev.style === SCALAR_STYLE.DOUBLE_QUOTED;
    let start = ev.valueStart !== -1 && quotes ? ev.valueStart - 1 : ev.valueStart;
    if (start === -1) start = ev.tagStart !== -1 ? ev.tagStart : ev.anchorStart !== -1 ? ev.anchorStart - 1 : -1;
    const node: YScalar = {
      kind: 'scalar',
      file: this.file,
      start: start === -1 ? -1 : this.pos(start),
      type: 'str',
      value: raw,
      quoted,
      size: 1,
    };
    this.tagAndAnchor(node, ev);
    const tag = node.tag;
    if (tag === '!!str' || tag === 'tag:yaml.org,2002:str') {
      node.type = 'str';
    } else if (!quoted || (tag !== undefined && tag.startsWith('!!'))) {
      const [type, value] = resolvePlain(raw, tag);
      node.type = type;
      node.value = value;
    }
    return node;
  }

  private addPair(frame: Frame, keyNode: YNode, value: YNode): void {
    const map = frame.node as YMap;
    if (keyNode.kind !== 'scalar') {
      this.reporter.report('yaml/non-string-key', 'A mapping key is a collection, not a string.', {
        origin: originAt(this.file, keyNode.start, ''),
        hint: 'Use a plain string as the key.',
      });
      return;
    }
    if (value.kind === 'scalar' && value.start === -1) value = { ...value, start: keyNode.start };
    const isMergeKey = keyNode.type === 'str' && keyNode.value === '<<' && !keyNode.quoted && keyNode.tag === undefined;
    if (isMergeKey || keyNode.tag === '!!merge' || keyNode.tag === 'tag:yaml.org,2002:merge') {
      if (frame.merges && frame.merges.length > 0) {
        this.reporter.report('yaml/duplicate-key', 'Mapping has a second `<<` merge key.', {
          origin: originAt(this.file, keyNode.start, ''),
          hint: 'Docker Compose rejects two merge keys in one mapping; write `<<: [*a, *b]` instead.',
          severity: this.options.duplicateKeys ?? 'error',
        });
      }
      frame.merges ??= [];
      frame.mergeIndex ??= map.entries.length;
      frame.merges.push({ source: value, at: map.entries.length, keyNode });
      return;
    }
    if (keyNode.type !== 'str' && this.options.strictKeys) {
      this.reporter.report('yaml/non-string-key', `Mapping key ${keyText(keyNode)} is a ${keyNode.type}, not a string.`, {
        origin: originAt(this.file, keyNode.start, ''),
        hint: `Quote the key: "${keyText(keyNode)}":`,
      });
    }
    const key = keyText(keyNode);
    frame.seen ??= new Map();
    const first = frame.seen.get(key);
    if (first) {
      const line = originAt(this.file, first.start, '').line;
      this.reporter.report('yaml/duplicate-key', `Key "${key}" is already defined at line ${line}.`, {
        origin: originAt(this.file, keyNode.start, ''),
        hint: 'Remove one of the two entries; other tools keep different ones.',
        severity: this.options.duplicateKeys ?? 'error',
      });
      const idx = map.entries.findIndex((e) => e.key === key);
      if (idx !== -1) {
        map.size -= (map.entries[idx] as YPair).value.size + 1;
        map.entries.splice(idx, 1);
      }
    } else {
      frame.seen.set(key, keyNode);
    }
    map.entries.push({ key, keyNode, value });
    map.size += value.size + 1;
  }

  /** Applies `<<` merges: local keys win, then earlier merge sources win over later ones. */
  private finishMap(frame: Frame): void {
    if (!frame.merges) return;
    const map = frame.node as YMap;
    const present = new Set(map.entries.map((e) => e.key));
    const merged: YPair[] = [];
    for (const m of frame.merges) {
      const sources: YNode[] = m.source.kind === 'seq' ? m.source.items : [m.source];
      for (const src of sources) {
        if (src.kind !== 'map') {
          this.reporter.report('yaml/bad-merge', 'A `<<` merge key must point at a mapping or a list of mappings.', {
            origin: originAt(this.file, m.keyNode.start, ''),
            hint: 'Merge a mapping anchor (`<<: *defaults`); lists cannot be merged.',
          });
          continue;
        }
        for (const e of src.entries) {
          if (present.has(e.key)) continue;
          present.add(e.key);
          merged.push({ key: e.key, keyNode: e.keyNode, value: e.value, merged: true });
          map.size += e.value.size + 1;
        }
      }
    }
    map.entries.splice(frame.mergeIndex ?? map.entries.length, 0, ...merged);
  }
}

function keyText(n: YScalar): string {
  if (n.type === 'null') return n.value === null ? 'null' : String(n.value);
  return String(n.value);
}

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
export function resolvePlain(raw: string, tag?: string): [ScalarType, string | number | boolean | null] {
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
    if (RE_HEX.test(raw)) return ['int', sign * parseInt(body.slice(2), 16)];
    if (RE_OCT.test(raw)) return ['int', sign * parseInt(body.slice(2), 8)];
    if (RE_BIN.test(raw)) return ['int', sign * parseInt(body.slice(2), 2)];
    if (RE_OCT_LEGACY.test(raw) && body.length > 1) return ['int', sign * parseInt(body, 8)];
    if (RE_DEC.test(raw) && !(body.length > 1 && body[0] === '0')) return ['int', sign * Number(body)];
    if (RE_FLOAT.test(raw)) return ['float', Number(raw.replace(/_/g, ''))];
    if (RE_INF.test(raw)) return ['float', sign * Infinity];
  }
  if (RE_NAN.test(raw)) return ['float', NaN];
  if (explicit === '!!int' || explicit === '!!float') return ['str', raw];
  return ['str', raw];
}
