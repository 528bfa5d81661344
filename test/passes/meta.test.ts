/**
 * The pipeline reads in one place: every file in src/passes (and src/passes/rules) is one pass,
 * named after its file, listed exactly once in PASSES. Helpers live in src/passes/lib.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PASSES } from '../../src/passes/index.js';
import type { Pass } from '../../src/passes/pass.js';

const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src/passes');
const NOT_PASSES = new Set(['index.ts', 'pass.ts', 'pipeline.ts']);

function passFiles(): string[] {
  const top = readdirSync(dir).filter((f) => f.endsWith('.ts') && !NOT_PASSES.has(f));
  const rules = readdirSync(path.join(dir, 'rules'))
    .filter((f) => f.endsWith('.ts'))
    .map((f) => `rules/${f}`);
  return [...top, ...rules].sort();
}

describe('passes', () => {
  it.each(passFiles())('%s exports one pass named after the file, listed in PASSES', async (file) => {
    const mod = (await import(path.join(dir, file))) as Record<string, unknown>;
    const passes = Object.values(mod).filter((v): v is Pass => typeof v === 'object' && v !== null && 'run' in v && 'name' in v);
    expect(passes).toHaveLength(1);
    const pass = passes[0] as Pass;
    expect(pass.name).toBe(path.basename(file, '.ts'));
    expect(PASSES.filter((p) => p === pass)).toHaveLength(1);
  });

  it('every pass in PASSES has a file', () => {
    const names = passFiles().map((f) => path.basename(f, '.ts'));
    expect(PASSES.map((p) => p.name).sort()).toEqual([...names].sort());
    expect(new Set(PASSES.map((p) => p.name)).size).toBe(PASSES.length);
  });
});
