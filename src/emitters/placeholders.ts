import type { EmittedFile } from './types.js';

/**
 * Every `${NAME}` placeholder left to fill in some files, sorted: the ones their emitter listed
 * (`EmittedFile.placeholders`; the task definitions and jobs list theirs). Not a scan of the
 * contents, which may hold `${NAME}` text of the input's own.
 */
export function placeholders(files: readonly EmittedFile[]): string[] {
  const found = new Set<string>();
  for (const f of files) for (const name of f.placeholders ?? []) found.add(name);
  return [...found].sort();
}
