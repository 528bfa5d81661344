import type { EmittedFile } from './types.js';

/** Every `${NAME}` placeholder (upper snake case) used in some files, sorted. */
export function placeholders(files: readonly EmittedFile[]): string[] {
  const found = new Set<string>();
  for (const f of files) for (const m of f.contents.matchAll(/\$\{([A-Z][A-Z0-9_]*)\}/g)) found.add(m[1] as string);
  return [...found].sort();
}
