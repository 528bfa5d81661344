import type { EmittedFile } from './types.js';

/**
 * Every `${NAME}` placeholder (upper snake case) left to fill in some files, sorted: those the
 * emitter listed (`EmittedFile.placeholders`), else every `${NAME}` of the contents.
 */
export function placeholders(files: readonly EmittedFile[]): string[] {
  const found = new Set<string>();
  for (const f of files) {
    if (f.placeholders) for (const name of f.placeholders) found.add(name);
    else for (const m of f.contents.matchAll(/\$\{([A-Z][A-Z0-9_]*)\}/g)) found.add(m[1] as string);
  }
  return [...found].sort();
}
