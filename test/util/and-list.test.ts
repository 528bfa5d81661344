import { describe, expect, it } from 'vitest';
import { andList } from '../../src/util/and-list.js';

describe('andList', () => {
  const table: [string[], number | undefined, string][] = [
    [[], undefined, ''],
    [['a'], undefined, 'a'],
    [['a', 'b'], undefined, 'a and b'],
    [['a', 'b', 'c'], undefined, 'a, b and c'],
    [['a', 'b', 'c'], 3, 'a, b and c'],
    // Past the limit, the rest is counted (a message once listed 8 names and then ", ...").
    [['a', 'b', 'c', 'd'], 2, 'a, b and 2 more'],
    [Array.from({ length: 1000 }, (_, i) => `q${i}`), 1, 'q0 and 999 more'],
  ];
  for (const [items, limit, want] of table) {
    it(`${items.length} items, limit ${limit ?? 'none'} → ${want.slice(0, 30)}`, () => {
      expect(andList(items, limit)).toBe(want);
    });
  }
});
