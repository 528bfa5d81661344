/** Loads a small EB bundle written to a temporary folder, for the EB front-end tests. */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createReporter } from '../../../src/diagnostics/context.js';
import type { Diagnostic } from '../../../src/diagnostics/diagnostic.js';
import type { Application } from '../../../src/ir/types.js';
import { loadElasticBeanstalk } from '../../../src/parsers/elastic-beanstalk/index.js';
import { defaultLoadOptions, type LoadOptions } from '../../../src/parsers/options.js';
import { tempDir } from '../../support/fs-tree.js';

export interface Loaded {
  app: Application | undefined;
  diagnostics: readonly Diagnostic[];
  rules: string[];
  projectDir: string;
  /** The temporary folder the files were written to (removed after loading). */
  root: string;
}

export function writeTree(root: string, files: Record<string, string | Buffer>): void {
  for (const [rel, contents] of Object.entries(files)) {
    const p = path.join(root, ...rel.split('/'));
    mkdirSync(path.dirname(p), { recursive: true });
    writeFileSync(p, contents);
  }
}

/** Writes `files` to a temp folder and reads it (or `input`, a path inside it) with the EB front end. */
export async function loadEb(files: Record<string, string | Buffer>, options: Partial<LoadOptions> & { input?: string } = {}): Promise<Loaded> {
  const root = tempDir('ecsify-eb-test-');
  writeTree(root, files);
  const reporter = createReporter();
  try {
    const { input, ...rest } = options;
    const r = await loadElasticBeanstalk(defaultLoadOptions({ ...rest, cwd: root, path: input ?? '.' }), reporter);
    const diagnostics = reporter.diagnostics;
    return { app: r.app, diagnostics, rules: diagnostics.map((d) => d.rule), projectDir: r.projectDir, root };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

export function dockerrun(obj: unknown): string {
  return JSON.stringify(obj, null, 2);
}

/** The diagnostics of one rule. */
export function ofRule(l: Loaded, rule: string): Diagnostic[] {
  return l.diagnostics.filter((d) => d.rule === rule);
}
