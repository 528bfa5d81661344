import type { RenderInput } from './types.js';

/** A JSON array, one object per diagnostic; absent locations are null. */
export function renderJson(input: RenderInput): string {
  const out = input.diagnostics.map((d) => ({
    rule: d.rule,
    severity: d.severity,
    message: d.message,
    file: d.origin?.file ?? null,
    line: d.origin?.line ?? null,
    column: d.origin?.column ?? null,
    path: d.origin?.path ?? null,
    hint: d.hint ?? null,
    notes: d.notes ?? [],
  }));
  return JSON.stringify(out, null, 2) + '\n';
}
