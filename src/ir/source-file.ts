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
  /** Index of the line of the last offset looked up (where the next lookup starts). */
  lastLine?: number;
}

export function sourceFile(path: string, text: string): SourceFile {
  // Every field from the start: added later, they would change the object's hidden class
  // while the lookups below run, which deoptimises them.
  return { path, text, lineStarts: undefined, lastLine: undefined };
}

/** Offsets of the first character of each line of `text` (lines end at `\n`). */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** The file's line starts, built on first use and kept on the file (read-only to callers). */
export function lineStartsOf(file: SourceFile): number[] {
  return (file.lineStarts ??= lineStarts(file.text));
}

/**
 * Index (0-based) of the line holding `at`. Origins are asked for mostly in file order, so the
 * line found last, or one a little after it, is tried before a binary search.
 */
function lineIndex(file: SourceFile, starts: number[], at: number): number {
  const last = file.lastLine;
  if (last !== undefined && last < starts.length && (starts[last] as number) <= at) {
    const end = Math.min(last + NEARBY_LINES, starts.length - 1);
    for (let i = last; i < end; i++) {
      if (at < (starts[i + 1] as number)) {
        file.lastLine = i;
        return i;
      }
    }
  }
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] as number) <= at) lo = mid;
    else hi = mid - 1;
  }
  file.lastLine = lo;
  return lo;
}

/** How many lines after the last one found are tried one by one. */
const NEARBY_LINES = 8;

/**
 * 1-based line and column of an offset (columns count UTF-16 code units, tabs as one). A byte
 * order mark does not count: editors, and GitHub's annotations, put the first character of a
 * file at column 1 whether or not a mark precedes it.
 */
export function lineColumn(file: SourceFile, offset: number): { line: number; column: number } {
  const starts = lineStartsOf(file);
  const at = Math.max(0, Math.min(offset, file.text.length));
  const i = lineIndex(file, starts, at);
  return { line: i + 1, column: columnOf(file, starts, i, at) };
}

/** An `Origin` for an offset in a file. */
export function originAt(file: SourceFile, offset: number, path: string): Origin {
  const starts = lineStartsOf(file);
  const at = Math.max(0, Math.min(offset, file.text.length));
  const i = lineIndex(file, starts, at);
  return { file: file.path, line: i + 1, column: columnOf(file, starts, i, at), path };
}

function columnOf(file: SourceFile, starts: readonly number[], i: number, at: number): number {
  const column = at - (starts[i] as number) + 1;
  return i === 0 && at > 0 && file.text.charCodeAt(0) === 0xfeff ? column - 1 : column;
}

/** An origin for a whole file (line 1, column 1). */
export function fileOrigin(path: string, docPath = ''): Origin {
  return { file: path, line: 1, column: 1, path: docPath };
}
