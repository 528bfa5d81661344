import { describe, expect, it } from 'vitest';
import { createReporter } from '../../src/diagnostics/context.js';
import { secretPattern } from '../../src/diagnostics/secret-pattern.js';
import { rng } from '../support/rng.js';

/** The pattern the reporter used before the prefix tree: every value, longest first. */
function plainAlternation(values: readonly string[]): RegExp {
  const sorted = [...new Set(values)].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
  return new RegExp(sorted.map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');
}

describe('secretPattern', () => {
  it('masks what the plain alternation (longest first) masks, on random values and texts', () => {
    // A small alphabet with regex characters, so values share prefixes, extend one another,
    // overlap in texts and need escaping.
    const alphabet = ['a', 'b', '.', '*', '\\', '(', '$', '\uD83D', '\uDE00', 'é'];
    const random = rng(42);
    const word = (min: number, max: number) => {
      let s = '';
      const n = min + Math.floor(random() * (max - min + 1));
      for (let i = 0; i < n; i++) s += alphabet[Math.floor(random() * alphabet.length)];
      return s;
    };
    for (let round = 0; round < 300; round++) {
      const values: string[] = [];
      const count = 1 + Math.floor(random() * 12);
      for (let i = 0; i < count; i++) {
        const base = values.length > 0 && random() < 0.5 ? (values[Math.floor(random() * values.length)] as string) : '';
        values.push(random() < 0.5 ? base.slice(0, Math.floor(random() * (base.length + 1))) + word(1, 4) : base + word(1, 4));
      }
      const pieces = [...values, word(1, 3), word(1, 3)];
      for (let t = 0; t < 10; t++) {
        let text = '';
        for (let k = 0; k < 6; k++) {
          const piece = pieces[Math.floor(random() * pieces.length)] as string;
          text += random() < 0.3 ? piece.slice(Math.floor(random() * piece.length)) : piece;
        }
        const nonEmpty = values.filter((v) => v !== '');
        expect(text.replace(secretPattern(values), '#'), JSON.stringify({ values, text })).toBe(text.replace(plainAlternation(nonEmpty), '#'));
      }
    }
  });

  it('takes the longest value at a position, and values inside a longer one only outside it', () => {
    const p = secretPattern(['abcd', 'abcdef', 'abc-x', 'cdef1', 'ef12']);
    expect('abcdef12 abcde abc-x cdef1 xabcdef1'.replace(p, '#')).toBe('#12 #e # # x#1');
  });

  it('falls back to the plain alternation when the tree nests too deep', () => {
    const values = Array.from({ length: 300 }, (_, i) => 'k'.repeat(i + 4));
    const text = `x ${'k'.repeat(30)} y`;
    expect(secretPattern(values).source.startsWith('k{')).toBe(false);
    expect(secretPattern(values).source).not.toContain('(?:');
    expect(text.replace(secretPattern(values), '#')).toBe('x # y');
  });

  it('matches nothing without values', () => {
    expect('abc'.replace(secretPattern([]), '#')).toBe('abc');
  });

  it('gives the pattern built last again only for the same values, as a new object', () => {
    // The last pattern is kept (the secret sweep and the reporter build one from the same
    // values); any other set of values, in any order, must get the pattern of its own.
    const random = rng(7);
    const pool = ['s3cret-a', 's3cret-ab', 'pg://u:p@h', 'tok-123456', 'x.y*z', ''];
    for (let round = 0; round < 200; round++) {
      const values = pool.filter(() => random() < 0.5);
      if (random() < 0.3) values.reverse();
      const fresh = secretPattern(['force-a-build', ...values]); // another set: built anew
      const p = secretPattern(values);
      const again = secretPattern([...values].reverse());
      expect(again).not.toBe(p);
      expect(again.source).toBe(p.source);
      expect(fresh.source === p.source).toBe(false);
      p.lastIndex = 3;
      expect(secretPattern(values).lastIndex).toBe(0);
      const text = `${pool.join(' ')} force-a-build`;
      const nonEmpty = values.filter((v) => v !== '');
      expect(text.replace(secretPattern(values), '#')).toBe(nonEmpty.length > 0 ? text.replace(plainAlternation(nonEmpty), '#') : text);
    }
  });
});

describe('reporter scrubbing with the prefix tree', () => {
  it('masks a value registered after the diagnostics were read, longest first over a shorter one', () => {
    const r = createReporter();
    r.redact('pg://app:s3cret-1');
    r.report('compose/unsupported-key', 'url pg://app:s3cret-1@dbhost/x and pg://app:s3cret-12');
    expect(r.diagnostics[0]!.message).toBe('url ****@dbhost/x and ****2');
    r.redact('pg://app:s3cret-12');
    r.redact('@dbhost/x');
    expect(r.diagnostics[0]!.message).toBe('url ******** and ****');
  });
});
