/**
 * The stylish renderer as it was written with strings, before it wrote bytes (see ByteWriter):
 * the reference its output is compared with. The default, human renderer:
 *
 *   compose.yaml:12:5: warning compose/unsupported-key: Service `web` uses `develop`, ...
 *      11 |     image: nginx
 *    > 12 |     develop:
 *         |     ^
 *     hint: ...
 */
import { countBySeverity, type Diagnostic, type Severity } from '../../src/diagnostics/diagnostic.js';
import { ChunkWriter } from '../../src/render/chunks.js';
import type { RenderInput } from '../../src/render/types.js';

const COLORS = { red: 31, yellow: 33, blue: 34, gray: 90, bold: 1, cyan: 36 } as const;

function paint(on: boolean, color: keyof typeof COLORS, s: string): string {
  return on ? `\u001b[${COLORS[color]}m${s}\u001b[0m` : s;
}

const SEVERITY_COLOR: Record<Severity, keyof typeof COLORS> = { error: 'red', warning: 'yellow', info: 'blue' };

function location(d: Diagnostic, shown: ((file: string) => string) | undefined): string {
  if (!d.origin) return '';
  return `${shown ? shown(d.origin.file) : d.origin.file}:${d.origin.line}:${d.origin.column}: `;
}

/** A one-line-of-context code frame with a caret under the column; tabs shown as spaces. */
export function codeFrame(input: RenderInput, d: Diagnostic): string[] {
  const o = d.origin;
  if (!o || o.line < 1) return [];
  const line = input.sources.line(o.file, o.line);
  if (line === undefined) return [];
  const prev = o.line > 1 ? input.sources.line(o.file, o.line - 1) : undefined;
  const width = String(o.line).length;
  const out: string[] = [];
  // Past the first 157 characters, the frame shows a window of the lines with the caret at 80.
  const start = o.column <= 157 ? 0 : o.column - 78;
  if (prev !== undefined && prev.trim() !== '') out.push(paint(input.color, 'gray', `   ${String(o.line - 1).padStart(width)} | ${clip(prev, start)}`));
  out.push(`${paint(input.color, 'bold', ' > ')}${String(o.line).padStart(width)} | ${clip(line, start)}`);
  const caretAt = start === 0 ? Math.max(o.column - 1, 0) : 80;
  out.push(`   ${' '.repeat(width)} | ${' '.repeat(caretAt)}${paint(input.color, SEVERITY_COLOR[d.severity], '^')}`);
  return out;
}

/** A source line cut to 160 characters from `start`, `...` where cut, tabs shown as spaces. */
function clip(s: string, start: number): string {
  const cut = start > 0 ? `...${s.slice(start, start + 154)}${s.length > start + 154 ? '...' : ''}` : s.length > 160 ? s.slice(0, 157) + '...' : s;
  return cut.includes('\t') ? cut.replace(/\t/g, ' ') : cut;
}

/** Whether `d` gets the same code frame as `prev`: same place, same caret colour. */
function sameFrame(prev: Diagnostic | undefined, d: Diagnostic): boolean {
  const a = prev?.origin;
  const b = d.origin;
  return a !== undefined && b !== undefined && a.file === b.file && a.line === b.line && a.column === b.column && prev!.severity === d.severity;
}

export function renderStylish(input: RenderInput): string {
  const chunks: string[] = [];
  writeStylish(input, (chunk) => chunks.push(chunk));
  return chunks.join('');
}

/**
 * The stylish text in pieces of about 64 KB, in order, to `write` (their concatenation is
 * `renderStylish`), each piece whole diagnostics (see ChunkWriter).
 */
export function writeStylish(input: RenderInput, write: (chunk: string) => void): void {
  // Every line ends with a line break, a blank line after each diagnostic, the summary last.
  const out = new ChunkWriter(write);
  const shown = input.displayFile;
  // Sorted diagnostics at one place are neighbours: their code frame is built once.
  let framed: Diagnostic | undefined;
  let frame = '';
  for (const d of input.diagnostics) {
    const sev = paint(input.color, SEVERITY_COLOR[d.severity], d.severity);
    out.add(`${location(d, shown)}${sev} ${paint(input.color, 'gray', d.rule)}: ${d.message}\n`);
    if (!sameFrame(framed, d)) {
      frame = '';
      for (const line of codeFrame(input, d)) frame += line + '\n';
      framed = d;
    }
    out.add(frame);
    if (d.notes) for (const note of d.notes) out.add(`  ${paint(input.color, 'gray', 'note:')} ${note}\n`);
    if (d.hint) out.add(`  ${paint(input.color, 'cyan', 'hint:')} ${d.hint}\n`);
    out.add('\n');
    out.boundary();
  }
  const c = countBySeverity(input.diagnostics);
  const total = c.error + c.warning + c.info;
  if (total > 0) {
    const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
    const summary = `${plural(total, 'problem')} (${plural(c.error, 'error')}, ${plural(c.warning, 'warning')}, ${plural(c.info, 'info')})`;
    out.add(paint(input.color, c.error > 0 ? 'red' : c.warning > 0 ? 'yellow' : 'blue', summary));
    out.add('\n');
  }
  out.flush();
}
