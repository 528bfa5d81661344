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
    if (last >= 0xd800 && last <= 0xdbff && first >= 0xdc00 && first <= 0xdfff) return true;
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

/** A file's contents in UTF-8: the bytes of `Buffer.from(file.contents)`, without joining pieces. */
export function encode(file: EmittedFile): Buffer {
  const { pieces } = file;
  if (!pieces || splitsPair(pieces)) return Buffer.from(file.contents, 'utf8');
  const bytes = Buffer.allocUnsafe(byteLength(file));
  let at = 0;
  for (const piece of pieces) at += bytes.write(piece, at, 'utf8');
  return bytes;
}
