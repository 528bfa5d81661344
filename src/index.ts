/**
 * ecsify as a library: read an input (Compose project or Elastic Beanstalk bundle) into the IR,
 * run the passes, emit files. The CLI is a thin layer over these functions.
 */
import { createReporter, type Reporter, type SourceLookup } from './diagnostics/context.js';
import { sortDiagnostics, type Diagnostic } from './diagnostics/diagnostic.js';
import { EMITTERS, type EmitKind } from './emitters/index.js';
import type { EmitOptions, EmittedFile } from './emitters/types.js';
import type { Application } from './ir/types.js';
import { loadInput } from './parsers/detect.js';
import type { LoadOptions } from './parsers/options.js';
import { runPasses, type PipelineOptions } from './passes/pipeline.js';

export type { Application } from './ir/types.js';
export type { Diagnostic, Severity } from './diagnostics/diagnostic.js';
export type { EmittedFile, EmitOptions } from './emitters/types.js';
export type { EmitKind } from './emitters/index.js';
export type { LoadOptions } from './parsers/options.js';
export { defaultLoadOptions } from './parsers/options.js';
export { RULES, ruleIds } from './diagnostics/catalog.js';
export { EMIT_KINDS } from './emitters/kinds.js';
export { RENDERERS, RENDER_FORMATS } from './render/index.js';

export interface CompileResult {
  /** The application after every pass; undefined when the input could not be read at all. */
  app: Application | undefined;
  /** Sorted diagnostics, secrets masked. */
  diagnostics: Diagnostic[];
  /** Source lines for code frames (secrets masked), by project-relative path. */
  sources: SourceLookup;
  /** Absolute project folder; diagnostic paths are relative to it. */
  projectDir: string;
  /** Whether any diagnostic is an error (emitters must not run then). */
  hasErrors: boolean;
  /** The reporter, for masking secrets in text the caller prints (error banners). */
  reporter: Reporter;
}

/** Parses the input and runs every pass. Never throws for bad input. */
export async function compile(options: LoadOptions, pipeline: PipelineOptions = {}): Promise<CompileResult> {
  const reporter = createReporter(options.onSource ? { onSource: options.onSource } : {});
  const { app, projectDir } = await loadInput(options, reporter);
  const result = app ? runPasses(app, { reporter }, pipeline) : undefined;
  const diagnostics = sortDiagnostics(reporter.diagnostics);
  return {
    app: result,
    diagnostics,
    sources: reporter.sources,
    projectDir,
    hasErrors: diagnostics.some((d) => d.severity === 'error'),
    reporter,
  };
}

/** Runs the named emitters; files come back sorted by path. */
export async function emit(app: Application, kinds: readonly EmitKind[], options: EmitOptions): Promise<EmittedFile[]> {
  const files: EmittedFile[] = [];
  for (const kind of kinds) files.push(...(await (await EMITTERS[kind]())(app, options)));
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
