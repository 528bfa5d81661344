import { describe, expect, it } from 'vitest';
import { memoByText } from '../../src/util/memo.js';

describe('memoByText', () => {
  it('computes once per text, results and undefined alike', () => {
    const calls: string[] = [];
    const f = memoByText((t) => {
      calls.push(t);
      return t.startsWith('x') ? undefined : t.length;
    });
    expect([f('ab'), f('xy'), f('ab'), f('xy'), f('__proto__'), f('__proto__')]).toEqual([2, undefined, 2, undefined, 9, 9]);
    expect(calls).toEqual(['ab', 'xy', '__proto__']);
  });

  it('is emptied once it holds `limit` texts, and answers the same after', () => {
    const calls: string[] = [];
    const f = memoByText((t) => {
      calls.push(t);
      return t.toUpperCase();
    }, 2);
    expect([f('a'), f('b'), f('a'), f('c'), f('a'), f('c')]).toEqual(['A', 'B', 'A', 'C', 'A', 'C']);
    // `c` met a full memo (a, b): emptied, then `c` kept; `a` computed again, `c` still known.
    expect(calls).toEqual(['a', 'b', 'c', 'a']);
  });
});
