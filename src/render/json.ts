import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { ChunkWriter } from './chunks.js';
import type { RenderInput } from './types.js';

/** A JSON array, one object per diagnostic; absent locations are null. */
export function renderJson(input: RenderInput): string {
  const chunks: string[] = [];
  writeJson(input, (chunk) => chunks.push(chunk));
  return chunks.join('');
}

const q = JSON.stringify;
/** A value as JSON, `null` when absent (as `?? null` gives it to `JSON.stringify`). */
const orNull = (v: unknown): string => (v === undefined || v === null ? 'null' : (q(v) as string));

/**
 * One diagnostic as `JSON.stringify(list, null, 2)` writes an item of the list: the keys below
 * in this order, two more spaces per level (held to it by a test), written directly rather than
 * stringified and re-indented (≈10,000 diagnostics for a 1000-service file).
 */
function entry(d: Diagnostic, known: Known): string {
  const o = d.origin;
  const notes = d.notes && d.notes.length > 0 ? `[\n      ${d.notes.map((n) => q(n)).join(',\n      ')}\n    ]` : '[]';
  // A few rules, severities and files behind thousands of diagnostics: their JSON is kept from
  // the diagnostic before while it is the same text.
  if (d.rule !== known.rule) known.ruleJson = q((known.rule = d.rule));
  if (d.severity !== known.severity) known.severityJson = q((known.severity = d.severity));
  const file = o?.file;
  if (file !== known.file) known.fileJson = orNull((known.file = file));
  return (
    `  {\n    "rule": ${known.ruleJson},\n    "severity": ${known.severityJson},\n    "message": ${q(d.message)},\n` +
    `    "file": ${known.fileJson},\n    "line": ${number(o?.line)},\n    "column": ${number(o?.column)},\n` +
    `    "path": ${orNull(o?.path)},\n    "hint": ${orNull(d.hint)},\n    "notes": ${notes}\n  }`
  );
}

/** The last rule, severity and file written, and their JSON. */
interface Known {
  rule: unknown;
  ruleJson: string | undefined;
  severity: unknown;
  severityJson: string | undefined;
  file: unknown;
  fileJson: string;
}

/** `orNull` of a line or column: a whole number is written as `String` gives it, as JSON does. */
function number(v: number | undefined): string {
  return typeof v === 'number' && Number.isFinite(v) ? `${v}` : orNull(v);
}

/**
 * `renderJson`'s text in pieces of about 64 KB, in order: the bytes `JSON.stringify(list, null,
 * 2)` gives for the objects `entry` describes, built one diagnostic at a time (see ChunkWriter).
 */
export function writeJson(input: RenderInput, write: (chunk: string) => void): void {
  const list = input.diagnostics;
  if (list.length === 0) {
    write('[]\n');
    return;
  }
  const out = new ChunkWriter(write);
  const known: Known = { rule: undefined, ruleJson: undefined, severity: undefined, severityJson: undefined, file: undefined, fileJson: 'null' };
  out.add('[\n');
  for (let i = 0; i < list.length; i++) {
    out.add(entry(list[i] as Diagnostic, known));
    out.add(i + 1 < list.length ? ',\n' : '\n');
    out.boundary();
  }
  out.add(']\n');
  out.flush();
}
