/**
 * Output files kept in pieces. The CloudFormation template of a large app is written as a few
 * hundred pieces of ≈40 KB rather than one string (see PIECE_PARTS in
 * cloudformation/serialize.ts): its size is counted and its bytes encoded piece by piece, with
 * no 5 MB join and no two-byte copy of the whole text when one piece holds a non-Latin-1
 * character. `contents` still gives the whole text, joined on first read, for library callers.
 */
import type { EmittedFile } from './types.js';

/** A file whose contents are `pieces` joined. */
export function piecewiseFile(path: string, pieces: readonly string[]): EmittedFile {
  let joined: string | undefined;
  return {
    path,
    pieces,
    get contents(): string {
      joined ??= pieces.join('');
      return joined;
    },
  };
}

/**
 * Whether a piece boundary splits a surrogate pair (empty pieces between the halves included),
 * which UTF-8 encodes as one character and piece by piece would become two replacement ones.
 */
function splitsPair(pieces: readonly string[]): boolean {
  let last = 0;
  for (const piece of pieces) {
    if (piece.length === 0) continue;
    const first = piece.charCodeAt(0);
    if (isHighSurrogate(last) && first >= 0xdc00 && first <= 0xdfff) return true;
    last = piece.charCodeAt(piece.length - 1);
  }
  return false;
}

/** The size of a file in UTF-8 bytes. */
export function byteLength(file: EmittedFile): number {
  const { pieces } = file;
  if (!pieces || splitsPair(pieces)) return Buffer.byteLength(file.contents, 'utf8');
  let n = 0;
  for (const piece of pieces) n += Buffer.byteLength(piece, 'utf8');
  return n;
}

/** UTF-16 units encoded at a time by `eachUtf8Chunk`: at most three bytes each. */
const CHUNK_UNITS = 1 << 16;
/** The size of the buffer `eachUtf8Chunk` encodes into. */
export const UTF8_CHUNK_BYTES = 3 * CHUNK_UNITS;

/**
 * A file's contents in UTF-8, the bytes of `Buffer.from(file.contents)`, handed to `each` in
 * order, a chunk at a time, each encoded into `scratch` (at least UTF8_CHUNK_BYTES long) and
 * valid only until the next call. Pieces are not joined, and no chunk cuts a surrogate pair.
 *
 * Why: a buffer of a file's own lives outside the JavaScript heap until the collector frees
 * it, and writing a 1000-service application (an 8 MB IR, a 5 MB template, a 3 MB report)
 * held them all at once, at the end of `convert`, its peak.
 */
export function eachUtf8Chunk(file: EmittedFile, scratch: Buffer, each: (bytes: Buffer) => void): void {
  const { pieces } = file;
  const parts = !pieces || splitsPair(pieces) ? [file.contents] : pieces;
  for (const part of parts) {
    for (let at = 0; at < part.length; ) {
      let end = Math.min(part.length, at + CHUNK_UNITS);
      // A high surrogate ends the chunk only where the text ends (a pair is one character).
      if (end < part.length && isHighSurrogate(part.charCodeAt(end - 1))) end--;
      const n = scratch.write(at === 0 && end === part.length ? part : part.slice(at, end), 0, 'utf8');
      each(scratch.subarray(0, n));
      at = end;
    }
  }
}

function isHighSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}
