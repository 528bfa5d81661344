import { EMIT_KINDS, type EmitKind } from '../emitters/kinds.js';
import { UsageError } from './common-options.js';

/** `--emit task-definitions,ir` → kinds; `all` → every kind. */
export function parseEmitList(value: string): EmitKind[] {
  const kinds = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (kinds.length === 1 && kinds[0] === 'all') return [...EMIT_KINDS];
  const bad = kinds.filter((k) => !(EMIT_KINDS as readonly string[]).includes(k));
  if (bad.length > 0 || kinds.length === 0) {
    throw new UsageError(`--emit takes a comma-separated list of: ${EMIT_KINDS.join(', ')} (or all)`);
  }
  return [...new Set(kinds)] as EmitKind[];
}
