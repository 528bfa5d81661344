import { countBySeverity, sortDiagnostics, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { SourceLookup } from '../diagnostics/context.js';
import { compile } from '../index.js';
import { WRITERS, type RenderFormat } from '../render/index.js';
import { displayPath, forDisplay, loadOptionsFor, UNREADABLE_RULES, useColor, type InputFlags } from './common-options.js';
import type { CliIo } from './io.js';
import { ecsifyVersion } from './version.js';

export interface LintFlags extends InputFlags {
  format: RenderFormat;
  maxWarnings?: number;
}

/**
 * `ecsify lint [PATH...]`: reads each input, runs every pass, prints the diagnostics (they are
 * this command's data, so they go to stdout). Exit 0 when clean (warnings within
 * --max-warnings), 1 on errors or too many warnings, 2 when an input cannot be read.
 */
export async function lintCommand(io: CliIo, paths: string[], flags: LintFlags): Promise<number> {
  const all: Diagnostic[] = [];
  const placeless = new Map<Diagnostic, string>();
  const lookups: SourceLookup[] = [];
  let unreadable = false;
  for (const p of paths.length > 0 ? paths : ['.']) {
    const result = await compile(loadOptionsFor(io, p, flags));
    let found = result.diagnostics;
    if (!result.hasErrors && result.app) {
      // A task definition ECS would refuse for its size is only known once it is built.
      const { checkTaskDefinitions } = await import('../emitters/taskdef/check.js');
      const before = result.reporter.diagnostics.length;
      checkTaskDefinitions(result.app, result.reporter);
      if (result.reporter.diagnostics.length !== before) found = sortDiagnostics(result.reporter.diagnostics);
    }
    const shown = forDisplay(io.cwd, result.projectDir, found, result.sources);
    // The file a diagnostic with no place is about: the input's main file, or the path given.
    const main = result.app?.source.files[0];
    const artifact = main !== undefined ? displayPath(io.cwd, result.projectDir, main) : displayPath(io.cwd, io.cwd, p);
    // Not `push(...list)`: spreading tens of thousands of arguments overflows the stack.
    for (const d of shown.diagnostics) {
      all.push(d);
      if (!d.origin) placeless.set(d, artifact);
    }
    lookups.push(shown.sources);
    if (result.diagnostics.some((d) => UNREADABLE_RULES.has(d.rule))) unreadable = true;
    if (flags.verbose && result.app) io.stderr.write(`${p}: ${result.app.source.detection ?? result.app.source.kind}\n`);
  }
  const diagnostics = sortDiagnostics(all);
  const sources: SourceLookup = {
    line: (file, line) => {
      for (const l of lookups) {
        const s = l.line(file, line);
        if (s !== undefined) return s;
      }
      return undefined;
    },
  };
  const input = { diagnostics, sources, color: flags.format === 'stylish' && useColor(io, 'stdout'), version: ecsifyVersion(), artifactOf: (d: Diagnostic) => placeless.get(d) };
  WRITERS[flags.format](input, (chunk) => io.stdout.write(chunk));
  if (unreadable) return 2;
  const { error: errors, warning: warnings } = countBySeverity(diagnostics);
  if (errors > 0) return 1;
  if (flags.maxWarnings !== undefined && warnings > flags.maxWarnings) {
    io.stderr.write(`ecsify: ${warnings} warnings, more than --max-warnings ${flags.maxWarnings}.\n`);
    return 1;
  }
  return 0;
}
