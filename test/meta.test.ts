/**
 * Meta-tests: the catalog is complete and every rule is exercised; every pass is named after its
 * file and listed in the pipeline.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { RULES, ruleIds } from '../src/diagnostics/catalog.js';
import { PASSES } from '../src/passes/index.js';
import type { Pass } from '../src/passes/pass.js';
import { REPO_ROOT } from './support/paths.js';

function walk(dir: string, keep: (p: string) => boolean): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) out.push(...walk(p, keep));
    else if (keep(p)) out.push(p);
  }
  return out;
}

describe('rule catalog', () => {
  it('every rule has an id of the form area/name, a title and a what/why/fix doc', () => {
    for (const id of ruleIds()) {
      const def = RULES[id];
      expect(id, id).toMatch(/^[a-z0-9-]+\/[a-z0-9-]+$/);
      expect(['error', 'warning', 'info'], id).toContain(def.severity);
      expect(def.title.length, `${id} title`).toBeGreaterThan(5);
      expect(def.doc, `${id} doc`).toMatch(/What:/);
      expect(def.doc, `${id} doc`).toMatch(/Why:/);
      expect(def.doc, `${id} doc`).toMatch(/Fix:/);
    }
  });

  it('every rule is raised by some test: named in a test expectation or in a golden diagnostics file', () => {
    const self = path.join(REPO_ROOT, 'test/meta.test.ts');
    const texts = [
      ...walk(path.join(REPO_ROOT, 'test'), (p) => /\.test\.ts$/.test(p) && p !== self),
      ...walk(path.join(REPO_ROOT, 'test'), (p) => /\/test\/.+\.ts$/.test(p) && /\/(support|tables?)\//.test(p)),
      ...walk(path.join(REPO_ROOT, 'test/fixtures'), (p) => /expected\/(diagnostics|stderr)\.txt$/.test(p) || /expected\/stdout\.txt$/.test(p)),
    ].map((p) => readFileSync(p, 'utf8'));
    const all = texts.join('\n');
    const unexercised = ruleIds().filter((id) => !all.includes(`'${id}'`) && !all.includes(`"${id}"`) && !all.includes(` ${id}:`) && !all.includes(`title=${id}`));
    expect(unexercised, 'rules no test raises').toEqual([]);
  });
});

describe('passes', () => {
  it('each pass file exports one pass named after the file, and the pipeline lists it', async () => {
    const dir = path.join(REPO_ROOT, 'src/passes');
    const files = walk(dir, (p) => p.endsWith('.ts')).filter((p) => {
      const base = path.basename(p);
      return !['pass.ts', 'pipeline.ts', 'index.ts'].includes(base) && !p.includes(`${path.sep}lib${path.sep}`);
    });
    const listed = new Set(PASSES.map((p) => p.name));
    for (const file of files) {
      const mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
      const passes = Object.values(mod).filter((v): v is Pass => typeof v === 'object' && v !== null && 'run' in v && 'name' in v);
      const rel = path.relative(REPO_ROOT, file);
      expect(passes.length, `${rel} exports no pass`).toBeGreaterThan(0);
      for (const pass of passes) {
        expect(pass.name, rel).toBe(path.basename(file, '.ts'));
        expect(listed.has(pass.name), `${rel} is not in src/passes/index.ts`).toBe(true);
      }
    }
    expect(new Set(PASSES.map((p) => p.name)).size, 'pass names are unique').toBe(PASSES.length);
  });
});
