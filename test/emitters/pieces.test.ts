/**
 * Files kept in pieces (src/emitters/pieces.ts): their size and bytes, counted and encoded piece
 * by piece and chunk by chunk, are byte for byte those of the joined text, on seeded random
 * pieces that cut through every kind of character, surrogate pairs included.
 */
import { describe, expect, it } from 'vitest';
import { byteLength, eachUtf8Chunk, piecewiseFile, UTF8_CHUNK_BYTES } from '../../src/emitters/pieces.js';
import type { EmittedFile } from '../../src/emitters/types.js';
import { rng } from '../support/rng.js';

/** ASCII, Latin-1, other BMP characters, an astral one (two UTF-16 units), lone surrogates. */
const UNITS = ['a', 'Z', ' ', '\n', '\u0000', 'é', '\u00ff', '…', '→', '日', '\ufffd', '😀', '\ud83d', '\ude00', '\udbff\udfff'];

function randomText(r: () => number, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += UNITS[Math.floor(r() * UNITS.length)];
  return s;
}

/** Cuts text at random UTF-16 offsets (which may split a surrogate pair), empty pieces included. */
function cut(r: () => number, text: string): string[] {
  const pieces: string[] = [];
  let at = 0;
  while (at < text.length) {
    const n = Math.floor(r() * 12);
    pieces.push(text.slice(at, at + n));
    at += n;
  }
  return pieces;
}

/** The bytes `eachUtf8Chunk` hands out, gathered (each chunk is copied: the scratch is reused). */
function encode(file: EmittedFile, scratch = Buffer.alloc(UTF8_CHUNK_BYTES)): Buffer {
  const chunks: Buffer[] = [];
  eachUtf8Chunk(file, scratch, (bytes) => chunks.push(Buffer.from(bytes)));
  return Buffer.concat(chunks);
}

describe('files in pieces', () => {
  it('count and encode the bytes of the joined text', () => {
    const r = rng(20250101);
    const scratch = Buffer.alloc(UTF8_CHUNK_BYTES);
    for (let i = 0; i < 2000; i++) {
      // Now and then a text longer than a chunk (65,536 units), so that chunks are cut.
      const text = randomText(r, r() < 0.01 ? 65_000 + Math.floor(r() * 80_000) : Math.floor(r() * 60));
      const file = piecewiseFile('f', cut(r, text));
      const expected = Buffer.from(text, 'utf8');
      expect(file.contents).toBe(text);
      expect(byteLength(file)).toBe(expected.length);
      expect(encode(file, scratch).equals(expected), JSON.stringify(file.pieces?.slice(0, 50))).toBe(true);
      expect(encode({ path: 'g', contents: text }, scratch).equals(expected)).toBe(true);
    }
  });

  it('never cut a surrogate pair between two chunks', () => {
    for (const before of [65_534, 65_535, 65_536, 131_071]) {
      for (const tail of ['😀', '😀b', '\ud83d', '\ud83dx', '\ude00']) {
        const text = 'a'.repeat(before) + tail;
        expect(encode({ path: 'f', contents: text }).equals(Buffer.from(text, 'utf8')), `${before} ${JSON.stringify(tail)}`).toBe(true);
      }
    }
  });

  it('encode pieces without joining them, and plain files from their contents', () => {
    const pieces = ['# header …\n', 'A: 1\n', 'B: →\n'];
    const file: EmittedFile = {
      path: 'f',
      pieces,
      get contents(): string {
        throw new Error('joined');
      },
    };
    expect(encode(file).toString('utf8')).toBe(pieces.join(''));
    expect(byteLength(file)).toBe(Buffer.byteLength(pieces.join('')));
    expect(encode({ path: 'g', contents: 'x…' }).toString('utf8')).toBe('x…');
    expect(byteLength({ path: 'g', contents: 'x…' })).toBe(4);
  });
});
