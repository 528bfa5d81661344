import { EMIT_KINDS, type EmitKind } from '../emitters/kinds.js';
import { closest } from '../util/closest.js';
import { UsageError } from './common-options.js';

/**
 * `--emit task-definitions,ir` → kinds, in the order given, each once; `all` (alone or in the
 * list) → every kind; `ci` brings `cloudformation` with it. An unknown item is named, with the kind it is closest to.
 */
export function parseEmitList(value: string): EmitKind[] {
  const kinds = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const list = `${EMIT_KINDS.join(', ')} (or all)`;
  if (kinds.length === 0) throw new UsageError(`--emit takes a comma-separated list of: ${list}`);
  const bad = kinds.find((k) => k !== 'all' && !(EMIT_KINDS as readonly string[]).includes(k));
  if (bad !== undefined) {
    const near = closest(bad, [...EMIT_KINDS, 'all']);
    throw new UsageError(`--emit takes a comma-separated list of: ${list}; "${bad}" is none of them${near ? ` (did you mean ${near}?)` : ''}`);
  }
  if (kinds.includes('all')) return [...EMIT_KINDS];
  const out = [...new Set(kinds)] as EmitKind[];
  // The workflow runs cloudformation/release.sh: written without it, a run would also remove
  // the script an earlier run wrote (the output folder holds what the last run generated).
  if (out.includes('ci') && !out.includes('cloudformation')) out.splice(out.indexOf('ci'), 0, 'cloudformation');
  return out;
}
