import path from 'node:path';
import { countBySeverity, sortDiagnostics, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { EmitKind } from '../emitters/kinds.js';
import type { EmitOptions, EmittedFile } from '../emitters/types.js';
import { placeholders } from '../emitters/placeholders.js';
import { compile, emit } from '../index.js';
import { servicesAndJobs } from '../ir/jobs.js';
import type { Application } from '../ir/types.js';
import { parseLiveInput } from '../parsers/live-input.js';
import { writeStylish } from '../render/stylish.js';
import { displayFiles, displayPath, loadOptionsFor, UNREADABLE_RULES, useColor, type InputFlags } from './common-options.js';
import type { CliIo } from './io.js';
import { ecsifyVersion } from './version.js';
import { repositoryFacts } from './repository.js';
import { OutputWriter } from './write-files.js';

export interface ConvertFlags extends InputFlags {
  output: string;
  emit: EmitKind[];
  format: 'yaml' | 'json';
  force?: boolean;
  dumpIrAfter?: string;
}

/**
 * The documents `-o -` prints, by the kind that makes them, in order of precedence: the one task
 * definition (for `aws ecs register-task-definition --cli-input-json`), the CloudFormation
 * template (not release.sh beside it), the IR.
 */
const PRINTABLE: readonly { kind: EmitKind; file: RegExp }[] = [
  { kind: 'task-definitions', file: /^task-definitions\// },
  { kind: 'cloudformation', file: /^cloudformation\/template\.(?:yaml|json)$/ },
  { kind: 'ir', file: /^ir\.json$/ },
];

/**
 * `ecsify convert [PATH...]`: reads each input, runs the passes and, when there is no error,
 * writes the emitted files into the output folder (a subfolder per application when several
 * inputs are given). Diagnostics go to stderr; the summary of what was written to stdout.
 */
export async function convertCommand(io: CliIo, paths: string[], flags: ConvertFlags): Promise<number> {
  const inputs = paths.length > 0 ? paths : ['.'];
  const toStdout = flags.output === '-';
  if (toStdout && inputs.length > 1) {
    io.stderr.write('ecsify: -o - needs exactly one input.\n');
    return 2;
  }
  // What `-o -` prints: one document, of the first of these kinds that --emit asks for.
  const printed = toStdout ? PRINTABLE.find((p) => flags.emit.includes(p.kind)) : undefined;
  if (toStdout && !printed) {
    io.stderr.write(`ecsify: -o - prints a task definition, the CloudFormation template or the IR; --emit ${flags.emit.join(',')} makes none of them.\n`);
    return 2;
  }
  // The kinds made (and checked): with `-o -`, only the printed one.
  const kinds: readonly EmitKind[] = printed ? [printed.kind] : flags.emit;
  const version = io.version ?? ecsifyVersion();
  let exit = 0;
  // With several inputs, the subfolder each one was written into, and by which input.
  const claimed = new Map<string, string>();
  for (const input of inputs) {
    // The folder this input's files go into: a subfolder per application when there are several.
    const outDirOf = (app: Application) => path.resolve(io.cwd, path.join(flags.output, inputs.length > 1 ? subfolderOf(input, app) : ''));
    const debugFiles: { path: string; contents: string }[] = [];
    const result = await compile(loadOptionsFor(io, input, flags), {
      onPass: (name, ms, app) => {
        if (flags.debug) io.stderr.write(`pass ${name}: ${ms.toFixed(1)} ms\n`);
        if (flags.dumpIrAfter === name || flags.dumpIrAfter === 'all') {
          debugFiles.push({ path: `debug/ir-after-${name}.json`, contents: JSON.stringify(app, null, 2) + '\n' });
        }
      },
    });
    const emitOptions: EmitOptions = { version, inputLabel: input, format: flags.format, kinds };
    let diagnostics = result.diagnostics;
    // The outputs' own problems (size and stack limits, what the template cannot do for the
    // user) are only known once they are built; the emitters themselves are pure and cannot report.
    const registers = kinds.includes('task-definitions') || kinds.includes('cloudformation') || kinds.includes('cdk');
    if (!result.hasErrors && result.app && registers) {
      const { checkTaskDefinitions } = await import('../emitters/taskdef/check.js');
      checkTaskDefinitions(result.app, result.reporter, kinds.includes('task-definitions'));
      if (kinds.includes('cloudformation')) {
        const { checkCloudFormation } = await import('../emitters/cloudformation/check.js');
        checkCloudFormation(result.app, result.reporter, emitOptions);
      }
      if (kinds.includes('cdk')) {
        const { checkCdk } = await import('../emitters/cdk/check.js');
        checkCdk(result.app, result.reporter, emitOptions);
      }
      if (kinds.includes('ci')) {
        // The workflow's paths are relative to the Git repository around the project.
        const repo = repositoryFacts(io.cwd, input, result.projectDir, outDirOf(result.app));
        emitOptions.repository = repo.layout;
        const { checkWorkflow } = await import('../emitters/ci/check.js');
        checkWorkflow(result.app, result.reporter, emitOptions, repo.outputOutside);
      }
      diagnostics = sortDiagnostics(result.reporter.diagnostics);
    }
    // `compile` has counted the errors of its own list already.
    const hasErrors = diagnostics === result.diagnostics ? result.hasErrors : diagnostics.some((d) => d.severity === 'error');
    // Written as it is rendered, files shown by their display path without copying the
    // diagnostics (a 1000-service project prints ≈10,000 of them, 4 MB).
    writeStylish(
      { diagnostics, sources: result.sources, displayFile: displayFiles(io.cwd, result.projectDir), color: useColor(io, 'stderr'), version },
      (chunk) => io.stderr.write(chunk),
    );
    if (flags.verbose && result.app) io.stderr.write(`${input}: ${result.app.source.detection ?? result.app.source.kind}\n`);
    if (diagnostics.some((d) => UNREADABLE_RULES.has(d.rule))) {
      exit = 2;
      continue;
    }
    if (hasErrors || !result.app) {
      io.stderr.write(`ecsify: ${input} has errors; nothing was written.\n`);
      exit = Math.max(exit, 1);
      continue;
    }
    const app = result.app;
    const outDir = outDirOf(app);
    if (!toStdout && inputs.length > 1) {
      const first = claimed.get(outDir);
      if (first !== undefined) {
        io.stderr.write(
          `ecsify: error cli/output-shared: ${first} and ${input} both convert into ${displayPath(io.cwd, outDir, '.')}/ (application ${app.name}); nothing was written for ${input}.\n` +
            '  hint: convert them one at a time, each with its own -o DIR.\n',
        );
        exit = Math.max(exit, 1);
        continue;
      }
      claimed.set(outDir, input);
    }
    // Each emitter's files are written (into a temporary folder) as soon as they are made and
    // then let go, rather than all held until the end (see OutputWriter). With `-o -` only the
    // printed kind is emitted, and only its document kept.
    const writer = toStdout ? undefined : new OutputWriter(outDir, { force: flags.force === true, generator: `ecsify ${version}` });
    const printable: EmittedFile[] = [];
    // The placeholders of the task definitions and jobs, gathered as their files go by.
    const toFill = new Set<string>();
    const tooLarge: EmitKind[] = [];
    const take = (files: readonly EmittedFile[]) => {
      const runnable = files.filter((f) => f.path.startsWith('task-definitions/') || f.path.startsWith('jobs/'));
      for (const name of placeholders(runnable)) toFill.add(name);
      if (writer) writer.add(files);
      else if (printed) printable.push(...files.filter((f) => printed.file.test(f.path)));
    };
    try {
      for (const kind of kinds) {
        try {
          // Emitted files use project-relative paths (the same output wherever ecsify is run from).
          take(await emit(app, [kind], { ...emitOptions, diagnostics }));
        } catch (e) {
          if (!isStringTooLong(e)) throw e;
          tooLarge.push(kind);
        }
      }
      take(debugFiles);
    } catch (e) {
      writer?.abort();
      throw e;
    }
    if (tooLarge.length > 0) {
      writer?.abort();
      for (const kind of tooLarge) {
        io.stderr.write(
          `ecsify: error cli/output-too-large: the ${kind} output of ${input} is larger than one JavaScript string can hold (about 512 MiB); nothing was written.\n` +
            `  hint: leave it out (--emit without ${kind}), or convert the services in parts with --exclude.\n`,
        );
      }
      exit = Math.max(exit, 1);
      continue;
    }
    if (!writer) {
      if (printable.length !== 1) {
        io.stderr.write(
          `ecsify: error cli/single-output: -o - writes one task definition, but ${input} gives ${printable.length}.\n` +
            '  hint: write to a folder with -o DIR, or print the whole stack with --emit cloudformation -o -.\n',
        );
        return 2;
      }
      io.stdout.write((printable[0] as EmittedFile).contents);
      continue;
    }
    const outcome = writer.finish();
    const outShown = displayPath(io.cwd, outDir, '.');
    if ('unwritable' in outcome) {
      const { path: failed, reason } = outcome.unwritable;
      // The temporary folder's name (`.ecsify-tmp-XXXXXX`) means nothing to the user: its folder does.
      const at = failed.replace(/[/\\]\.ecsify-tmp-[^/\\]*$/, '');
      io.stderr.write(
        `ecsify: error cli/output-unwritable: cannot write into ${outShown}: ${reason} (${displayPath(io.cwd, at, '.')}).\n` +
          '  hint: choose another output folder with -o, or fix the permissions of this one.\n',
      );
      exit = 2;
      continue;
    }
    if (!outcome.ok) {
      for (const c of outcome.conflicts) {
        io.stderr.write(
          `${outShown}/${c}: error cli/output-exists: the file exists and was not written by ecsify (or was edited since).\n` +
            '  hint: choose another folder with -o, remove the file, or pass --force.\n',
        );
      }
      exit = Math.max(exit, 1);
      continue;
    }
    io.stdout.write(summary(app, input, outShown, outcome.written, outcome.removed, [...toFill].sort(), diagnostics));
  }
  return exit;
}

/**
 * The subfolder of one of several inputs: the application's name, or for a live environment
 * (`eb://shop-prod`, whose application `shop` has other environments) the environment's.
 */
function subfolderOf(input: string, app: Application): string {
  return parseLiveInput(input)?.environment ?? app.name;
}

/**
 * V8's error for a string past its maximum length (2^29 - 24 characters on 64-bit Node 20): an
 * output file that large (a generated project that multiplies services through `extends`)
 * cannot be built in one piece. Not a bug to report, but not the input's fault either.
 */
function isStringTooLong(e: unknown): boolean {
  return e instanceof RangeError && e.message === 'Invalid string length';
}

function summary(
  app: Application,
  input: string,
  outShown: string,
  written: string[],
  removed: string[],
  toFill: readonly string[],
  diagnostics: readonly Diagnostic[],
): string {
  const lines = [`Converted ${input} (${app.source.kind}, ${servicesAndJobs(app.services)}) into ${outShown}/:`];
  for (const w of [...written].sort()) lines.push(`  ${w}`);
  for (const r of removed) lines.push(`  (removed stale ${r})`);
  if (toFill.length > 0) {
    lines.push(`Placeholders to fill before registering the task definitions: ${toFill.join(', ')}`);
    // Without a list, envsubst replaces every $NAME of the files, a command's own variables too.
    const example = toFill.slice(0, 2).map((n) => `$${n}`);
    lines.push(`  With envsubst, name them (envsubst '${example.join(' ')}${toFill.length > 2 ? ' …' : ''}' < FILE): without the names it also empties the commands' own $VARIABLES.`);
  }
  const c = countBySeverity(diagnostics);
  if (c.warning + c.info > 0) lines.push(`${c.warning} warning(s) and ${c.info} note(s) about the conversion are listed above.`);
  return lines.join('\n') + '\n';
}
