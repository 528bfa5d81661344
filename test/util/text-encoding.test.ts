import { describe, expect, it } from 'vitest';
import { decodeText, firstInvalidUtf8, hexByte } from '../../src/util/text-encoding.js';
import { rng } from '../support/rng.js';

const bytes = (...b: number[]) => Buffer.from(b);
const utf16le = (s: string) => Buffer.concat([bytes(0xff, 0xfe), Buffer.from(s, 'utf16le')]);
const utf16be = (s: string) => Buffer.concat([bytes(0xfe, 0xff), Buffer.from(s, 'utf16le').swap16()]);

describe('decodeText', () => {
  it('reads UTF-8, with or without a byte order mark', () => {
    expect(decodeText(Buffer.from('a: café\n'))).toEqual({ text: 'a: café\n', encoding: 'utf-8' });
    expect(decodeText(Buffer.from('\ufeffa: 1\n'))).toEqual({ text: '\ufeffa: 1\n', encoding: 'utf-8' });
    expect(decodeText(Buffer.alloc(0))).toEqual({ text: '', encoding: 'utf-8' });
  });

  it('reads UTF-16 by its byte order mark, little- and big-endian, keeping the mark as U+FEFF', () => {
    const text = 'services:\n  web: {image: "caf\u00e9 \u{1F600}"}\n';
    expect(decodeText(utf16le(text))).toEqual({ text: `\ufeff${text}`, encoding: 'utf-16le' });
    expect(decodeText(utf16be(text))).toEqual({ text: `\ufeff${text}`, encoding: 'utf-16be' });
    // A stray last byte (a truncated file) is left out rather than read as half a character.
    expect(decodeText(Buffer.concat([utf16le('ab'), bytes(0x63)])).text).toBe('\ufeffab');
  });

  it('finds the first byte that is not UTF-8, and where its U+FFFD lands in the text', () => {
    const d = decodeText(Buffer.concat([Buffer.from('é\nab'), bytes(0xe9), Buffer.from('x'), bytes(0xff)]));
    expect(d.encoding).toBe('utf-8');
    expect(d.invalid).toEqual({ at: 4, byte: 0xe9 });
    expect(d.text.charAt(4)).toBe('\ufffd');
  });
});

describe('firstInvalidUtf8', () => {
  const table: [string, number[], number][] = [
    ['ASCII', [0x61, 0x62], -1],
    ['two, three and four bytes', [0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80], -1],
    ['a Latin-1 byte', [0x61, 0xe9, 0x62], 1],
    ['a continuation byte alone', [0x80], 0],
    ['a sequence cut short', [0x61, 0xe2, 0x82], 1],
    ['a sequence cut by ASCII', [0xe2, 0x41, 0x42], 0],
    ['an overlong slash (C0 AF)', [0xc0, 0xaf], 0],
    ['an overlong three-byte form', [0xe0, 0x80, 0xaf], 0],
    ['a UTF-16 surrogate (ED A0 80)', [0xed, 0xa0, 0x80], 0],
    ['past U+10FFFF (F4 90 80 80)', [0xf4, 0x90, 0x80, 0x80], 0],
    ['F5 and up never start a character', [0xf5, 0x80, 0x80, 0x80], 0],
  ];
  for (const [name, b, want] of table) {
    it(`${name} → ${want}`, () => {
      expect(firstInvalidUtf8(Uint8Array.from(b))).toBe(want);
    });
  }

  it("agrees with Node's own UTF-8 check on random bytes", async () => {
    const { isUtf8 } = await import('node:buffer');
    const next = rng(7);
    for (let n = 0; n < 20_000; n++) {
      const b = Buffer.from(Array.from({ length: 1 + Math.floor(next() * 6) }, () => (next() < 0.5 ? 0x80 + Math.floor(next() * 0x80) : Math.floor(next() * 0x100))));
      expect(firstInvalidUtf8(b) === -1, b.toString('hex')).toBe(isUtf8(b));
    }
  });

  it('hexByte', () => {
    expect(hexByte(0xe9)).toBe('0xE9');
    expect(hexByte(0x0a)).toBe('0x0A');
  });
});
