import { describe, expect, it } from 'vitest';
import { sortDiagnostics, type Diagnostic, type Severity } from '../../src/diagnostics/diagnostic.js';
import { rng } from '../support/rng.js';

// The order sortDiagnostics promises, written the plain way: the fast path (packed numeric
// keys) must agree with it on every input, ties included.
const SEVERITY: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
function reference(list: readonly Diagnostic[]): Diagnostic[] {
  return [...list].sort((a, b) => {
    const fa = a.origin?.file ?? '\uffff';
    const fb = b.origin?.file ?? '\uffff';
    if (fa !== fb) return fa < fb ? -1 : 1;
    const dl = (a.origin?.line ?? 0) - (b.origin?.line ?? 0);
    if (dl !== 0) return dl;
    const dc = (a.origin?.column ?? 0) - (b.origin?.column ?? 0);
    if (dc !== 0) return dc;
    if (a.severity !== b.severity) return SEVERITY[a.severity] - SEVERITY[b.severity];
    if (a.rule !== b.rule) return a.rule < b.rule ? -1 : 1;
    return a.message < b.message ? -1 : a.message > b.message ? 1 : 0;
  });
}

function randomDiagnostics(next: () => number, n: number, bigPlaces: boolean): Diagnostic[] {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)] as T;
  const out: Diagnostic[] = [];
  for (let i = 0; i < n; i++) {
    const d: Diagnostic = {
      rule: pick(['compose/a', 'compose/b', 'secrets/c']) as Diagnostic['rule'],
      severity: pick(['error', 'warning', 'info'] as const),
      // Equal messages at one place keep their report order (the sort is stable).
      message: `${pick(['m1', 'm2', 'm3'])}#${i % 2}`,
    };
    if (next() < 0.85) {
      const line = bigPlaces ? Math.floor(next() * 2 ** 40) : 1 + Math.floor(next() * 6);
      d.origin = { file: pick(['a.yaml', 'b.yaml', 'z/c.yaml']), line, column: 1 + Math.floor(next() * 4), path: '' };
    }
    out.push(d);
  }
  return out;
}

describe('sortDiagnostics', () => {
  it('orders by file, line, column, severity, rule and message, stably, like the plain comparator', () => {
    const next = rng(42);
    for (let round = 0; round < 400; round++) {
      const list = randomDiagnostics(next, Math.floor(next() * 60), false);
      const sorted = sortDiagnostics(list);
      const expected = reference(list);
      expect(sorted.length).toBe(expected.length);
      for (let i = 0; i < sorted.length; i++) expect(sorted[i]).toBe(expected[i]);
      // Sorted again (as lint does): a list in order already is returned as it is.
      const again = sortDiagnostics(sorted);
      expect(again).not.toBe(sorted);
      for (let i = 0; i < sorted.length; i++) expect(again[i]).toBe(expected[i]);
      // Nearly in order: one pair swapped.
      if (sorted.length > 2) {
        const k = Math.floor(next() * (sorted.length - 1));
        const swapped = sorted.slice();
        [swapped[k], swapped[k + 1]] = [swapped[k + 1] as Diagnostic, swapped[k] as Diagnostic];
        expect(sortDiagnostics(swapped).map((d) => swapped.indexOf(d))).toEqual(reference(swapped).map((d) => swapped.indexOf(d)));
      }
    }
  });

  it('falls back to the comparator when places are too large to pack into one number', () => {
    const next = rng(7);
    for (let round = 0; round < 50; round++) {
      const list = randomDiagnostics(next, 40, true);
      const sorted = sortDiagnostics(list);
      expect(sorted.map((d) => list.indexOf(d))).toEqual(reference(list).map((d) => list.indexOf(d)));
    }
  });

  it('agrees with the comparator on odd lines and columns (-0, fractions, negatives, NaN, past 2^31)', () => {
    const next = rng(9);
    const odd = [0, -0, 1, 2, 1.5, -1, NaN, 2 ** 31, 2 ** 31 + 1];
    for (let round = 0; round < 200; round++) {
      const list = randomDiagnostics(next, 30, false);
      for (const d of list) {
        if (d.origin && next() < 0.2) d.origin.line = odd[Math.floor(next() * odd.length)] as number;
        if (d.origin && next() < 0.2) d.origin.column = odd[Math.floor(next() * odd.length)] as number;
      }
      expect(sortDiagnostics(list).map((d) => list.indexOf(d))).toEqual(reference(list).map((d) => list.indexOf(d)));
    }
  });

  it('returns a new array and leaves its input as it was', () => {
    const list = randomDiagnostics(rng(1), 10, false);
    const before = list.slice();
    const sorted = sortDiagnostics(list);
    expect(sorted).not.toBe(list);
    expect(list).toEqual(before);
  });
});
