/**
 * The default, human renderer:
 *
 *   compose.yaml:12:5: warning compose/unsupported-key: Service `web` uses `develop`, ...
 *      11 |     image: nginx
 *    > 12 |     develop:
 *         |     ^
 *     hint: ...
 *
 * Written as UTF-8 bytes (see ByteWriter): a 1000-service project prints ≈10,000 diagnostics,
 * 4 MB, and building that text as strings first was most of what printing it allocated.
 */
import { countBySeverity, type Diagnostic, type Severity } from '../diagnostics/diagnostic.js';
import type { Origin } from '../ir/types.js';
import { ByteWriter, bytesOf, decimalWidth } from './bytes.js';
import type { RenderInput } from './types.js';

const COLORS = { red: 31, yellow: 33, blue: 34, gray: 90, bold: 1, cyan: 36 } as const;

function paint(on: boolean, color: keyof typeof COLORS, s: string): string {
  return on ? `\u001b[${COLORS[color]}m${s}\u001b[0m` : s;
}

const SEVERITY_COLOR: Record<Severity, keyof typeof COLORS> = { error: 'red', warning: 'yellow', info: 'blue' };

const NL = 10;

/** The renderer's own pieces of text, as bytes, with or without colour. */
interface Marks {
  /** `warning ` and the like. */
  severity: Record<Severity, Uint8Array>;
  /** The start of the line above the framed one, up to its number (`   `, grey). */
  prev: Uint8Array;
  /** What ends the line above: the colour's reset. */
  prevEnd: Uint8Array;
  /** ` > ` before the framed line's number. */
  here: Uint8Array;
  bar: Uint8Array;
  /** `^` and a line break, in each severity's colour. */
  caret: Record<Severity, Uint8Array>;
  note: Uint8Array;
  hint: Uint8Array;
}

function marks(color: boolean): Marks {
  const bySeverity = (f: (s: Severity) => string) => ({ error: bytesOf(f('error')), warning: bytesOf(f('warning')), info: bytesOf(f('info')) });
  return {
    severity: bySeverity((s) => `${paint(color, SEVERITY_COLOR[s], s)} `),
    prev: bytesOf(color ? `\u001b[${COLORS.gray}m   ` : '   '),
    prevEnd: bytesOf(color ? '\u001b[0m\n' : '\n'),
    here: bytesOf(paint(color, 'bold', ' > ')),
    bar: bytesOf(' | '),
    caret: bySeverity((s) => `${paint(color, SEVERITY_COLOR[s], '^')}\n`),
    note: bytesOf(`  ${paint(color, 'gray', 'note:')} `),
    hint: bytesOf(`  ${paint(color, 'cyan', 'hint:')} `),
  };
}

const PLAIN = marks(false);
const COLORED = marks(true);

/** The stylish text as one string (the CLI writes it in pieces: `writeStylish`). */
export function renderStylish(input: RenderInput): string {
  const chunks: Uint8Array[] = [];
  writeStylish(input, (chunk) => chunks.push(chunk));
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * The stylish text as UTF-8, in pieces of about 64 KB, in order, to `write`, each piece whole
 * diagnostics (see ByteWriter). Each piece is a buffer of its own, not written to again.
 */
export function writeStylish(input: RenderInput, write: (chunk: Uint8Array) => void): void {
  // Every line ends with a line break, a blank line after each diagnostic, the summary last.
  const out = new ByteWriter(write);
  const color = input.color;
  const m = color ? COLORED : PLAIN;
  const shown = input.displayFile;
  // A few files and a few dozen rules behind thousands of diagnostics: their text is made once.
  const fileBytes = new Map<string, Uint8Array>();
  const ruleBytes = new Map<string, Uint8Array>();
  // Sorted diagnostics at one place are neighbours (a value under a YAML anchor shared by many
  // services: a quarter of a 1000-service run's diagnostics): their code frame is the same
  // bytes, copied from where it was written (`again`) rather than built again.
  let framed: Origin | undefined;
  let framedSeverity: Severity | undefined;
  let frame: Uint8Array | undefined;
  let frameStart = 0;
  let frameEnd = 0;
  const list = input.diagnostics;
  for (let k = 0; k < list.length; k++) {
    const d = list[k] as Diagnostic;
    const o = d.origin;
    if (o) {
      let file = fileBytes.get(o.file);
      if (file === undefined) fileBytes.set(o.file, (file = bytesOf(`${shown ? shown(o.file) : o.file}:`)));
      out.bytes(file);
      out.int(o.line);
      out.byte(58); // ':'
      out.int(o.column);
      out.byte(58);
      out.byte(32);
    }
    out.bytes(m.severity[d.severity]);
    let rule = ruleBytes.get(d.rule);
    if (rule === undefined) ruleBytes.set(d.rule, (rule = bytesOf(`${paint(color, 'gray', d.rule)}: `)));
    out.bytes(rule);
    out.text(d.message);
    out.byte(NL);
    if (o !== undefined && framed !== undefined && o.file === framed.file && o.line === framed.line && o.column === framed.column && d.severity === framedSeverity) {
      out.again(frame as Uint8Array, frameStart, frameEnd);
    } else {
      frameStart = out.offset;
      codeFrame(out, input, m, d);
      frame = out.buffer;
      frameEnd = out.offset;
      framed = o;
      framedSeverity = d.severity;
    }
    if (d.notes) {
      for (let i = 0; i < d.notes.length; i++) {
        out.bytes(m.note);
        out.text(d.notes[i] as string);
        out.byte(NL);
      }
    }
    if (d.hint) {
      out.bytes(m.hint);
      out.text(d.hint);
      out.byte(NL);
    }
    out.byte(NL);
    out.boundary();
  }
  const c = countBySeverity(input.diagnostics);
  const total = c.error + c.warning + c.info;
  if (total > 0) {
    const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
    const summary = `${plural(total, 'problem')} (${plural(c.error, 'error')}, ${plural(c.warning, 'warning')}, ${plural(c.info, 'info')})`;
    out.text(`${paint(color, c.error > 0 ? 'red' : c.warning > 0 ? 'yellow' : 'blue', summary)}\n`);
  }
  out.flush();
}

/**
 * A one-line-of-context code frame with a caret under the column; tabs shown as spaces. Nothing
 * when the line is not known.
 */
function codeFrame(out: ByteWriter, input: RenderInput, m: Marks, d: Diagnostic): void {
  const o = d.origin;
  if (!o || o.line < 1) return;
  const line = input.sources.line(o.file, o.line);
  if (line === undefined) return;
  const prev = o.line > 1 ? input.sources.line(o.file, o.line - 1) : undefined;
  const width = decimalWidth(o.line);
  const start = frameStart(o.column);
  if (prev !== undefined && !blank(prev)) {
    out.bytes(m.prev);
    out.int(o.line - 1, width);
    out.bytes(m.bar);
    clipped(out, prev, start);
    out.bytes(m.prevEnd);
  }
  out.bytes(m.here);
  out.int(o.line, width);
  out.bytes(m.bar);
  clipped(out, line, start);
  out.byte(NL);
  out.spaces(3 + width);
  out.bytes(m.bar);
  out.spaces(start === 0 ? Math.max(o.column - 1, 0) : ELLIPSIS.length + o.column - 1 - start);
  out.bytes(m.caret[d.severity]);
}

/** Characters of a source line a code frame shows, `...` marks included. */
const FRAME_WIDTH = 160;
const ELLIPSIS = '...';
/** Where the caret lands in a frame that starts mid-line: about half-way. */
const CARET_AT = 80;

/**
 * The index of the first character a frame shows of the lines around `column` (1-based): 0
 * while the column fits in the first 157 characters, else a window with the column near its
 * middle. A minified Dockerrun.aws.json or a long `command:` line puts every problem past the
 * first 160 characters, and the caret was pinned at the edge, under the wrong text.
 */
function frameStart(column: number): number {
  return column - 1 < FRAME_WIDTH - ELLIPSIS.length ? 0 : column - 1 - (CARET_AT - ELLIPSIS.length);
}

/**
 * A source line as a frame shows it from index `start`: at most 160 characters, `...` where it
 * is cut, tabs shown as spaces (one column each, so the caret stays aligned).
 */
function clipped(out: ByteWriter, s: string, start: number): void {
  if (start === 0 && s.length <= FRAME_WIDTH && !s.includes('\t')) {
    out.text(s);
    return;
  }
  let cut: string;
  if (start === 0) cut = s.length > FRAME_WIDTH ? s.slice(0, FRAME_WIDTH - ELLIPSIS.length) + ELLIPSIS : s;
  else {
    const room = FRAME_WIDTH - 2 * ELLIPSIS.length;
    cut = ELLIPSIS + s.slice(start, start + room) + (s.length > start + room ? ELLIPSIS : '');
  }
  out.text(cut.includes('\t') ? cut.replace(/\t/g, ' ') : cut);
}

/**
 * `s.trim() === ''`, without making the trimmed string (nearly every YAML line starts with
 * spaces, and `trim` copies what is left).
 */
function blank(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 32 || (c >= 9 && c <= 13)) continue;
    return c < 128 ? false : s.trim() === '';
  }
  return true;
}
