import type { Application } from '../../ir/types.js';
import type { EmitOptions, EmittedFile } from '../types.js';

/**
 * Sorts keys in place, in UTF-16 code-unit order like `Array.prototype.sort`. IR objects have a
 * handful of keys, which a plain insertion sort orders faster than the generic sort (this runs
 * for every object of the IR); long key lists (maps of labels, say) take the generic sort.
 */
function sortKeyList(keys: string[]): string[] {
  if (keys.length > 16) return keys.sort();
  for (let i = 1; i < keys.length; i++) {
    const key = keys[i]!;
    let j = i - 1;
    for (; j >= 0 && keys[j]! > key; j--) keys[j + 1] = keys[j]!;
    keys[j + 1] = key;
  }
  return keys;
}

/** Recursively sorts object keys so the serialised IR is stable whatever the build order. */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of sortKeyList(Object.keys(value))) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = sortKeys(v);
    }
    return out;
  }
  return value;
}

/** `ir.json`: the whole IR after the passes, keys sorted, paths relative to the project folder. */
export function emitIr(app: Application, options: EmitOptions): EmittedFile[] {
  const doc = { generator: `ecsify ${options.version}`, input: options.inputLabel, application: sortKeys(app) };
  return [{ path: 'ir.json', contents: JSON.stringify(doc, null, 2) + '\n' }];
}
