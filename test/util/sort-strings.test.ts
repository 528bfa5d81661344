import { describe, expect, it } from 'vitest';
import { sortStrings } from '../../src/util/sort-strings.js';
import { rng } from '../support/rng.js';

describe('sortStrings', () => {
  it('orders like the default sort, in place, for short and long lists', () => {
    const next = rng(3);
    const alphabet = ['a', 'B', '_', '1', 'é', '\uD83D\uDE00', 'Z', ''];
    for (let round = 0; round < 300; round++) {
      const n = Math.floor(next() * 40); // both sides of the insertion-sort limit
      const list = [...new Set(Array.from({ length: n }, () => Array.from({ length: 1 + Math.floor(next() * 3) }, () => alphabet[Math.floor(next() * alphabet.length)]).join('')))];
      const expected = [...list].sort();
      const out = sortStrings(list);
      expect(out).toBe(list);
      expect(list).toEqual(expected);
    }
  });
});
