import type { Origin } from '../ir/types.js';

export type Severity = 'error' | 'warning' | 'info';

/** A problem in the user's input (never a bug in ecsify: those are thrown). */
export interface Diagnostic {
  /** Rule id from the catalog, e.g. `fargate/bind-mount`. */
  rule: string;
  severity: Severity;
  /** What is wrong, in the user's terms: one sentence that names the thing. */
  message: string;
  origin?: Origin;
  /** What to do about it. */
  hint?: string;
  /** Extra context: why, or how ecsify approximated it. */
  notes?: string[];
}

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Stable order: by file, line, column, then rule and message. Diagnostics without a file go last. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return byPlace(diagnostics) ?? [...diagnostics].sort(compareDiagnostics);
}

function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  const fa = a.origin?.file ?? '\uffff';
  const fb = b.origin?.file ?? '\uffff';
  if (fa !== fb) return fa < fb ? -1 : 1;
  const la = a.origin?.line ?? 0;
  const lb = b.origin?.line ?? 0;
  if (la !== lb) return la - lb;
  const ca = a.origin?.column ?? 0;
  const cb = b.origin?.column ?? 0;
  if (ca !== cb) return ca - cb;
  if (a.severity !== b.severity) return SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity];
  if (a.rule !== b.rule) return a.rule < b.rule ? -1 : 1;
  return a.message < b.message ? -1 : a.message > b.message ? 1 : 0;
}

/**
 * `sortDiagnostics` by one number per diagnostic (file rank, line, column, severity and the
 * report index packed together), sorted natively; only diagnostics sharing all four are then
 * compared by rule and message. Undefined when the places do not pack into a safe integer.
 * (Thousands of diagnostics: the comparator was ≈10 ms of a 1000-service run.)
 */
function byPlace(diagnostics: readonly Diagnostic[]): Diagnostic[] | undefined {
  const n = diagnostics.length;
  if (n < 2) return diagnostics.slice();
  const files = new Map<string, number>();
  let lines = 1;
  let columns = 1;
  for (const d of diagnostics) {
    const o = d.origin;
    files.set(o?.file ?? '\uffff', 0);
    const line = o?.line ?? 0;
    const column = o?.column ?? 0;
    if (!(Number.isSafeInteger(line) && line >= 0 && Number.isSafeInteger(column) && column >= 0)) return undefined;
    if (line >= lines) lines = line + 1;
    if (column >= columns) columns = column + 1;
  }
  if (files.size * lines * columns * 3 * n > Number.MAX_SAFE_INTEGER) return undefined;
  const names = [...files.keys()].sort((a, b) => (a < b ? -1 : 1));
  names.forEach((f, i) => files.set(f, i));
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const d = diagnostics[i] as Diagnostic;
    const o = d.origin;
    const place = (((files.get(o?.file ?? '\uffff') as number) * lines + (o?.line ?? 0)) * columns + (o?.column ?? 0)) * 3 + SEVERITY_ORDER[d.severity];
    keys[i] = place * n + i;
  }
  keys.sort();
  const out: Diagnostic[] = new Array<Diagnostic>(n);
  for (let i = 0; i < n; i++) out[i] = diagnostics[(keys[i] as number) % n] as Diagnostic;
  // Runs with the same place and severity, in report order: by rule and message (stable).
  for (let i = 0; i < n; ) {
    const k = keys[i] as number;
    const place = k - (k % n); // exact: integers below 2^53
    let j = i + 1;
    while (j < n && (keys[j] as number) - ((keys[j] as number) % n) === place) j++;
    if (j - i > 1) {
      const run = out.slice(i, j).sort(compareDiagnostics);
      for (let k = i; k < j; k++) out[k] = run[k - i] as Diagnostic;
    }
    i = j;
  }
  return out;
}

export function countBySeverity(diagnostics: readonly Diagnostic[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const d of diagnostics) counts[d.severity]++;
  return counts;
}
