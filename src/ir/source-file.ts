import type { Origin } from './types.js';

/**
 * A file's text with a lazily built line index, so an offset becomes `line:column` only when a
 * diagnostic or an origin needs it.
 */
export interface SourceFile {
  /** Path relative to the project folder, `/`-separated. */
  readonly path: string;
  readonly text: string;
  /** Offsets of the first character of each line (built on first use). */
  lineStarts?: number[];
}

export function sourceFile(path: string, text: string): SourceFile {
  return { path, text };
}

function lineStartsOf(file: SourceFile): number[] {
  if (file.lineStarts) return file.lineStarts;
  const starts = [0];
  const text = file.text;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  file.lineStarts = starts;
  return starts;
}

/** 1-based line and column of an offset (columns count UTF-16 code units, tabs as one). */
export function lineColumn(file: SourceFile, offset: number): { line: number; column: number } {
  const starts = lineStartsOf(file);
  const at = Math.max(0, Math.min(offset, file.text.length));
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] as number) <= at) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: at - (starts[lo] as number) + 1 };
}

/** An `Origin` for an offset in a file. */
export function originAt(file: SourceFile, offset: number, path: string): Origin {
  const { line, column } = lineColumn(file, offset);
  return { file: file.path, line, column, path };
}

/** An origin for a whole file (line 1, column 1). */
export function fileOrigin(path: string, docPath = ''): Origin {
  return { file: path, line: 1, column: 1, path: docPath };
}
