import { describe, expect, it } from 'vitest';
import { ByteWriter, decimalWidth } from '../../src/render/bytes.js';

/** What `write` gets between flushes, as one string. */
function written(fill: (out: ByteWriter) => void): { text: string; chunks: number } {
  const chunks: Buffer[] = [];
  const out = new ByteWriter((c) => chunks.push(Buffer.from(c)));
  fill(out);
  out.flush();
  return { text: Buffer.concat(chunks).toString('utf8'), chunks: chunks.length };
}

describe('ByteWriter', () => {
  it('writes numbers as String(n).padStart(width) does, small or not', () => {
    const numbers = [0, -0, 1, 9, 10, 99, 100, 9999, 10000, 99999, 100000, 999999, 1000000, 999999999, 1e9, 2 ** 31 - 2, 2 ** 31 - 1, 2 ** 31, 1e10, 1e21, -1, 1.5, NaN, Infinity];
    for (const width of [0, 3, 12]) {
      for (const n of numbers) {
        expect(written((out) => out.int(n, width)).text, String(n)).toBe(String(n).padStart(width));
        expect(decimalWidth(n)).toBe(String(n).length);
      }
    }
  });

  it('writes text as UTF-8, grows past a chunk within a piece, and cuts only at boundaries', () => {
    const piece = 'ü😀 \uD800 x'.repeat(20_000);
    const { text, chunks } = written((out) => {
      out.text(piece);
      out.spaces(3);
      out.spaces(NaN);
      out.byte(10);
      out.boundary();
      out.text('end');
    });
    expect(text).toBe(`${piece.replace(/\uD800/g, '\uFFFD')}   \nend`);
    expect(chunks).toBe(2);
  });
});
