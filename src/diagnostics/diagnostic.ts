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
  return [...diagnostics].sort((a, b) => {
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
  });
}

export function countBySeverity(diagnostics: readonly Diagnostic[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const d of diagnostics) counts[d.severity]++;
  return counts;
}
