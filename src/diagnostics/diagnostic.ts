import type { Origin } from '../ir/types.js';

export type Severity = 'error' | 'warning' | 'info';

/**
 * A problem in the user's input (never a bug in ecsify: those are thrown). The reporter writes
 * every field, those a diagnostic lacks as `undefined` (see its `report`): test a field's value,
 * not whether it is `in` the object.
 */
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
  /**
   * The service the message is about, as the message names it (set by the Compose reader). The
   * reporter merges findings at one place that differ only in it: a line that several services
   * share through a YAML anchor, `extends` or `include` is reported once, with the others in a
   * note. Not shown by the renderers.
   */
  subject?: string;
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
 *
 * This runs once per run, mostly before V8 optimises it, where every operation counts and
 * arithmetic on numbers past 2^31 allocates: the file of the diagnostic before is reused rather
 * than looked up again, `(x | 0) === x` answers for real lines and columns before the exact
 * check, each place is kept (so the report index is taken from a key with one `%`, not three),
 * and a pair sharing a place (1,500 of them in a 1000-service run) is put in order directly
 * rather than by copying it out and calling `sort` (whose work arrays were ≈1 MB).
 */
function byPlace(diagnostics: readonly Diagnostic[]): Diagnostic[] | undefined {
  const n = diagnostics.length;
  if (n < 2) return diagnostics.slice();
  const files = new Map<string, number>();
  let file: string | undefined;
  let lines = 1;
  let columns = 1;
  // Whether the list is in order already: `lint` sorts the sorted diagnostics of `compile` again
  // once their files are renamed for display, which rarely changes their order. Diagnostics in
  // report order are out of order within a few, so the check costs little when it fails.
  let inOrder = true;
  for (let i = 0; i < n; i++) {
    const d = diagnostics[i] as Diagnostic;
    if (inOrder && (SEVERITY_ORDER[d.severity] === undefined || (i > 0 && compareDiagnostics(diagnostics[i - 1] as Diagnostic, d) > 0))) inOrder = false;
    const o = d.origin;
    const f = o?.file ?? '\uffff';
    if (f !== file) files.set((file = f), 0);
    const line = o?.line ?? 0;
    const column = o?.column ?? 0;
    if (!(((line | 0) === line && line >= 0) || (Number.isSafeInteger(line) && line >= 0))) return undefined;
    if (!(((column | 0) === column && column >= 0) || (Number.isSafeInteger(column) && column >= 0))) return undefined;
    if (line >= lines) lines = line + 1;
    if (column >= columns) columns = column + 1;
  }
  // In order by the comparator, whose ties keep report order: what sorting would give.
  if (inOrder) return diagnostics.slice();
  if (files.size * lines * columns * 3 * n > Number.MAX_SAFE_INTEGER) return undefined;
  const names = [...files.keys()].sort((a, b) => (a < b ? -1 : 1));
  for (let i = 0; i < names.length; i++) files.set(names[i] as string, i);
  const keys = new Float64Array(n);
  const places = new Float64Array(n);
  file = undefined;
  let rank = 0;
  for (let i = 0; i < n; i++) {
    const d = diagnostics[i] as Diagnostic;
    const o = d.origin;
    const f = o?.file ?? '\uffff';
    if (f !== file) rank = files.get((file = f)) as number;
    const place = ((rank * lines + (o?.line ?? 0)) * columns + (o?.column ?? 0)) * 3 + SEVERITY_ORDER[d.severity];
    places[i] = place;
    keys[i] = place * n + i;
  }
  keys.sort();
  const out: Diagnostic[] = new Array<Diagnostic>(n);
  // Runs with the same place and severity, in report order: by rule and message (stable).
  let runStart = 0;
  let runPlace = -1;
  for (let i = 0; i < n; i++) {
    const at = (keys[i] as number) % n; // exact: integers below 2^53
    out[i] = diagnostics[at] as Diagnostic;
    const place = places[at] as number;
    if (place !== runPlace) {
      if (i - runStart > 1) orderRun(out, runStart, i);
      runStart = i;
      runPlace = place;
    }
  }
  if (n - runStart > 1) orderRun(out, runStart, n);
  return out;
}

/** Puts `out[from..to)`, diagnostics of one place and severity in report order, in order by rule and message, stably. */
function orderRun(out: Diagnostic[], from: number, to: number): void {
  if (to - from === 2) {
    const a = out[from] as Diagnostic;
    const b = out[from + 1] as Diagnostic;
    if (compareDiagnostics(a, b) > 0) {
      out[from] = b;
      out[from + 1] = a;
    }
    return;
  }
  const run = out.slice(from, to).sort(compareDiagnostics);
  for (let k = from; k < to; k++) out[k] = run[k - from] as Diagnostic;
}

export function countBySeverity(diagnostics: readonly Diagnostic[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  // Indexed: unoptimised, `for…of` allocates a result object per step (≈10,000 here).
  for (let i = 0; i < diagnostics.length; i++) counts[(diagnostics[i] as Diagnostic).severity]++;
  return counts;
}
