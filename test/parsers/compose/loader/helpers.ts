/** Helpers for the Compose loader tests: a project in a temp folder, loaded in-process. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createReporter } from '../../../../src/diagnostics/context.js';
import type { Diagnostic } from '../../../../src/diagnostics/diagnostic.js';
import { loadComposeModel } from '../../../../src/parsers/compose/load.js';
import type { ComposeModel } from '../../../../src/parsers/compose/model.js';
import { defaultLoadOptions, type LoadOptions } from '../../../../src/parsers/options.js';
import { toJS } from '../../../../src/yaml/node.js';

/** Writes `files` (relative path → text or bytes) into a fresh temp folder and returns it. */
export function project(files: Record<string, string | Uint8Array>, name = 'proj'): string {
  const root = path.join(mkdtempSync(path.join(os.tmpdir(), 'ecsify-loader-')), name);
  for (const [rel, text] of Object.entries(files)) {
    const abs = path.join(root, rel);
    mkdirSync(path.dirname(abs), { recursive: true });
    writeFileSync(abs, text);
  }
  mkdirSync(root, { recursive: true });
  return root;
}

export interface Loaded {
  model: ComposeModel | undefined;
  /** The merged document as plain JS (undefined when nothing loaded). */
  js: Record<string, unknown> | undefined;
  diagnostics: readonly Diagnostic[];
  /** Rule ids reported, in order. */
  rules: string[];
}

/** Loads the project in `dir` (as `ecsify convert dir`), with `options` overriding defaults. */
export async function load(dir: string, options: Partial<LoadOptions> = {}): Promise<Loaded> {
  const reporter = createReporter();
  const model = await loadComposeModel(defaultLoadOptions({ cwd: dir, path: '.', ...options }), reporter);
  const diagnostics = reporter.diagnostics;
  return {
    model,
    js: model ? (toJS(model.root) as Record<string, unknown>) : undefined,
    diagnostics,
    rules: diagnostics.map((d) => d.rule),
  };
}

/** Loads `files` written as a project; `-f` names the given files in order when `order` is set. */
export async function loadFiles(files: Record<string, string | Uint8Array>, order?: string[], options: Partial<LoadOptions> = {}): Promise<Loaded> {
  const dir = project(files);
  return load(dir, order ? { composeFiles: order.map((f) => path.join(dir, f)), ...options } : options);
}

/** The service `name` of a loaded model as plain JS. */
export function service(l: Loaded, name: string): Record<string, unknown> | undefined {
  const services = l.js?.['services'] as Record<string, Record<string, unknown>> | undefined;
  return services?.[name];
}
