/**
 * Small helpers shared by the EB parsers: reading typed values from YAML/JSON nodes with
 * origins, and the per-load context every parser receives ("did you mean" suggestions:
 * util/closest.ts).
 */
import type { Reporter } from '../../diagnostics/context.js';
import { originAt, sourceFile, type SourceFile } from '../../ir/source-file.js';
import type { Origin } from '../../ir/types.js';
import { encodingLabel, NOT_UTF8_HINT, notUtf8, SAVE_AS_UTF8, type DecodedText } from '../../util/text-encoding.js';
import type { SecretCollector } from '../../secrets/env-var.js';
import { nodeOrigin, type YNode, type YPair } from '../../yaml/node.js';
import type { LoadOptions } from '../options.js';
import type { Bundle } from './bundle-fs.js';

/** What every EB parser gets: where to read, where to report, and what was read so far. */
export interface EbContext {
  bundle: Bundle;
  reporter: Reporter;
  options: LoadOptions;
  secrets: SecretCollector;
  /** Files read, relative to the bundle root, in reading order. */
  files: string[];
}

/** Registers a file as read (for `app.source.files` and code frames). */
export function noteFile(ctx: EbContext, rel: string, text: string): void {
  if (ctx.files.includes(rel)) return;
  ctx.files.push(rel);
  ctx.reporter.addSource(rel, text);
  const decoded = ctx.bundle.encodings.get(rel);
  if (decoded) reportEncoding(ctx, sourceFile(rel, text), decoded);
}

/**
 * A configuration file EB would read as UTF-8 that is UTF-16 (what Windows PowerShell 5 writes
 * with `>`) or holds other bytes: ecsify reads it, but says what EB made of it.
 */
function reportEncoding(ctx: EbContext, file: SourceFile, decoded: DecodedText): void {
  if (decoded.encoding !== 'utf-8') {
    ctx.reporter.report('input/encoding', `${file.path} is ${encodingLabel(decoded.encoding)} text; Elastic Beanstalk reads its files as UTF-8 and could not read this one. ecsify reads it as UTF-16.`, {
      origin: originAt(file, 0, ''),
      hint: SAVE_AS_UTF8,
      severity: 'warning',
    });
  } else if (decoded.invalid) {
    ctx.reporter.report('input/encoding', `${notUtf8(file.path, decoded.invalid)}; ecsify can only read it as U+FFFD (\u{FFFD}), which changes the value.`, {
      origin: originAt(file, decoded.invalid.at, ''),
      hint: NOT_UTF8_HINT,
      severity: 'warning',
    });
  }
}

export function originOf(node: YNode | YPair, path: string): Origin {
  return nodeOrigin(node, path);
}

/** Text of a scalar the way EB sees it (everything is a string to EB). */
export function scalarString(node: YNode | undefined): string | undefined {
  if (!node || node.kind !== 'scalar') return undefined;
  if (node.value === null) return '';
  return String(node.value);
}

export type IntParse = { ok: true; value: number; coerced: boolean } | { ok: false };

/** An integer written as a number or a numeric string (`"3000"`, `3000`). */
export function intOf(node: YNode | undefined): IntParse {
  if (!node || node.kind !== 'scalar') return { ok: false };
  if (typeof node.value === 'number') {
    return Number.isInteger(node.value) ? { ok: true, value: node.value, coerced: false } : { ok: false };
  }
  if (typeof node.value === 'string' && /^\s*[+-]?\d+\s*$/.test(node.value)) {
    return { ok: true, value: Number(node.value.trim()), coerced: true };
  }
  return { ok: false };
}

/** A boolean written as a boolean or as `"true"`/`"false"` (EB accepts both). */
export function boolOf(node: YNode | undefined): { ok: true; value: boolean; coerced: boolean } | { ok: false } {
  if (!node || node.kind !== 'scalar') return { ok: false };
  if (typeof node.value === 'boolean') return { ok: true, value: node.value, coerced: false };
  if (typeof node.value === 'string' && /^(true|false)$/i.test(node.value.trim())) {
    return { ok: true, value: node.value.trim().toLowerCase() === 'true', coerced: true };
  }
  return { ok: false };
}

/** Splits an EB comma list (`a, b ,c`), dropping empty items. */
export function commaList(s: string): string[] {
  return s
    .split(',')
    .map((x) => x.trim())
    .filter((x) => x !== '');
}

/** `a`, `a and b`, `a, b and c` (for messages). */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Normalised application name: lower-case letters, digits, `-` and `_`. */
export function normaliseAppName(name: string): string {
  const n = name
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^[-_]+|[-_]+$/g, '');
  return n || 'app';
}

/** Ports that must be whole numbers in 1–65535. */
export function validPort(n: number): boolean {
  return Number.isInteger(n) && n >= 1 && n <= 65535;
}
