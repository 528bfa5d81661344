/**
 * Builds a `ComposeModel` straight from YAML text (no loader: no interpolation, no merging), runs
 * the Compose → IR mapping on it, and gives the IR and the diagnostics to assert on.
 */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { createReporter, type Reporter } from '../../../../src/diagnostics/context.js';
import type { Diagnostic } from '../../../../src/diagnostics/diagnostic.js';
import { sourceFile } from '../../../../src/ir/source-file.js';
import type { Application, Container, Service } from '../../../../src/ir/types.js';
import { defaultLoadOptions, type LoadOptions } from '../../../../src/parsers/options.js';
import type { ComposeModel } from '../../../../src/parsers/compose/model.js';
import { composeToIR } from '../../../../src/parsers/compose/to-ir.js';
import { parseYaml } from '../../../../src/yaml/parse.js';
import type { YMap } from '../../../../src/yaml/node.js';

export interface ConvertOptions {
  /** Project environment (shell + .env) for bare `environment` entries. */
  env?: Record<string, string>;
  /** Extra files of the project folder (path → content), e.g. env files. */
  files?: Record<string, string | Uint8Array>;
  options?: Partial<LoadOptions>;
  /** Fields the loader would set (schemaErrors, disabledServices…). */
  model?: Partial<Omit<ComposeModel, 'root' | 'projectDir'>>;
}

export interface Converted {
  app: Application;
  diagnostics: readonly Diagnostic[];
  reporter: Reporter;
  projectDir: string;
}

/** A ComposeModel for `yaml` (file `compose.yaml` in a fresh temporary project folder). */
export function modelFrom(yaml: string, reporter: Reporter, opts: ConvertOptions = {}): ComposeModel {
  const projectDir = mkdtempSync(path.join(tmpdir(), 'ecsify-to-ir-'));
  for (const [rel, text] of Object.entries(opts.files ?? {})) {
    const abs = path.join(projectDir, rel);
    mkdirSync(path.dirname(abs), { recursive: true });
    writeFileSync(abs, text);
  }
  reporter.addSource('compose.yaml', yaml);
  const parsed = parseYaml(sourceFile('compose.yaml', yaml), reporter, { strictKeys: true, duplicateKeys: 'error' });
  const root = parsed.documents[0]?.root;
  if (!root || root.kind !== 'map') throw new Error('test YAML must be a mapping');
  return { projectDir, name: 'app', root: root as YMap, env: opts.env ?? {}, files: ['compose.yaml'], ...(opts.model ?? {}) };
}

export function convert(yaml: string, opts: ConvertOptions = {}): Converted {
  const reporter = createReporter();
  const model = modelFrom(yaml, reporter, opts);
  const options = defaultLoadOptions({ cwd: model.projectDir, ...(opts.options ?? {}) });
  const app = composeToIR(model, options, reporter);
  return { app, diagnostics: reporter.diagnostics, reporter, projectDir: model.projectDir };
}

/** The service named `name` (throws when missing, so a test fails with a clear message). */
export function service(app: Application, name: string): Service {
  const s = app.services.find((x) => x.name === name);
  if (!s) throw new Error(`no service ${name} in ${app.services.map((x) => x.name).join(', ')}`);
  return s;
}

/** The container named `name`, in whichever service. */
export function container(app: Application, name: string): Container {
  for (const s of app.services) for (const c of s.task.containers) if (c.name === name) return c;
  throw new Error(`no container ${name}`);
}

/** `{rule, path}` of every diagnostic (path = the origin's document path). */
export function rulesAt(diagnostics: readonly Diagnostic[]): { rule: string; path: string | undefined }[] {
  return diagnostics.map((d) => ({ rule: d.rule, path: d.origin?.path }));
}

/** Asserts that each `[rule, path]` pair was reported. */
export function expectReported(diagnostics: readonly Diagnostic[], pairs: [string, string | undefined][]): void {
  const got = rulesAt(diagnostics);
  for (const [rule, p] of pairs) {
    expect(got, `${rule} at ${p}\n${JSON.stringify(diagnostics, null, 1)}`).toContainEqual({ rule, path: p });
  }
}

/** Asserts that no diagnostic of `rule` was reported (optionally: at `path`). */
export function expectNotReported(diagnostics: readonly Diagnostic[], rule: string, p?: string): void {
  const hits = diagnostics.filter((d) => d.rule === rule && (p === undefined || d.origin?.path === p));
  expect(hits, JSON.stringify(hits, null, 1)).toEqual([]);
}
