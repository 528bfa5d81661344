import type { Application } from '../../ir/types.js';
import { piecewiseFile } from '../pieces.js';
import type { EmitOptions, EmittedFile } from '../types.js';
import { sortStrings } from '../../util/sort-strings.js';

/** Recursively sorts object keys so the serialised IR is stable whatever the build order. */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of sortStrings(Object.keys(value))) {
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
  // The text and its final line break as two pieces: joined (`text + '\n'`), the 8 MB text of
  // a 1000-service application became a concatenation that writing it copied whole again.
  return [piecewiseFile('ir.json', [JSON.stringify(doc, null, 2), '\n'])];
}
