/**
 * `x-aws-cloudformation`: a partial template the user merges over the generated one (the
 * escape hatch Docker's ECS integration offered). Mappings merge key by key, recursively; any
 * other value (scalar, list, intrinsic function) replaces what was generated; `null` removes
 * the key.
 */
import { Intrinsic } from './intrinsics.js';

function isPlainMap(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Intrinsic);
}

/** A function call in long form (`{"Ref": …}`, `{"Fn::Sub": …}`) replaces, never merges. */
function isFunctionCall(v: Record<string, unknown>): boolean {
  const keys = Object.keys(v);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0]!.startsWith('Fn::') || keys[0] === 'Condition');
}

export function mergeOverlay(base: unknown, overlay: unknown): unknown {
  if (!isPlainMap(overlay) || isFunctionCall(overlay) || !isPlainMap(base)) return overlay;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(overlay)) {
    if (v === null) delete out[k];
    else out[k] = k in out ? mergeOverlay(out[k], v) : v;
  }
  return out;
}
