/** Options shared by `convert` and `lint`, and their mapping to the library's LoadOptions. */
import path from 'node:path';
import type { Command } from 'commander';
import type { SourceLookup } from '../diagnostics/context.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { isLiveInput } from '../parsers/live-input.js';
import { defaultLoadOptions, type LoadOptions } from '../parsers/options.js';
import type { CliIo } from './io.js';

export interface InputFlags {
  file: string[];
  envFile: string[];
  profile: string[];
  projectName?: string;
  launchType: 'fargate' | 'ec2';
  secretsBackend: 'secretsmanager' | 'ssm';
  secret: string[];
  notSecret: string[];
  exclude: string[];
  schedule: string[];
  region?: string;
  bundle?: string;
  verbose?: boolean;
  debug?: boolean;
  /** Options given on the command line rather than left at their defaults. */
  explicit?: { launchType?: boolean; secretsBackend?: boolean };
}

const collect = (value: string, previous: string[]) => [...previous, value];

export class UsageError extends Error {}

function choice<T extends string>(name: string, allowed: readonly T[]) {
  return (value: string): T => {
    if (!(allowed as readonly string[]).includes(value)) {
      throw new UsageError(`${name} must be one of ${allowed.join(', ')} (got "${value}")`);
    }
    return value as T;
  };
}

export function addInputOptions(cmd: Command): Command {
  return cmd
    .option('-f, --file <file>', 'Compose file to read (repeatable; disables override auto-loading)', collect, [])
    .option('--env-file <file>', 'env file for interpolation instead of .env (repeatable)', collect, [])
    .option('--profile <name>', 'enable a Compose profile (repeatable)', collect, [])
    .option('-p, --project-name <name>', 'project (application) name')
    .option('--launch-type <type>', 'fargate or ec2', choice('--launch-type', ['fargate', 'ec2'] as const), 'fargate')
    .option(
      '--secrets-backend <backend>',
      'where secrets live: secretsmanager or ssm',
      choice('--secrets-backend', ['secretsmanager', 'ssm'] as const),
      'secretsmanager',
    )
    .option('--secret <name>', 'treat this environment variable as a secret (repeatable)', collect, [])
    .option('--not-secret <name>', 'never treat this environment variable as a secret (repeatable)', collect, [])
    .option('--exclude <service>', 'leave a service out, e.g. a database you move to RDS (repeatable)', collect, [])
    .option('--schedule <spec>', 'stop/start schedule, e.g. "mon-fri 08:00-20:00 Europe/Paris"', collect, [])
    .option('--region <region>', 'AWS region of an eb://ENVIRONMENT input (default: AWS_REGION, then the profile\'s)')
    .option('--bundle <path>', 'with eb://ENVIRONMENT: read this app folder or .zip instead of downloading the running version')
    .option('--verbose', 'say what the input was detected as')
    .option('--debug', 'time each pass');
}

export function loadOptionsFor(io: CliIo, inputPath: string, flags: InputFlags): LoadOptions {
  return defaultLoadOptions({
    cwd: io.cwd,
    path: inputPath,
    composeFiles: flags.file,
    envFiles: flags.envFile,
    profiles: flags.profile,
    ...(flags.projectName !== undefined ? { projectName: flags.projectName } : {}),
    env: io.env,
    launchType: flags.launchType,
    secretsBackend: flags.secretsBackend,
    secretNames: flags.secret,
    notSecretNames: flags.notSecret,
    exclude: flags.exclude,
    schedule: flags.schedule,
    explicit: flags.explicit ?? {},
    ...(flags.region !== undefined ? { region: flags.region } : {}),
    ...(flags.bundle !== undefined ? { bundle: flags.bundle } : {}),
    ...(io.onSource ? { onSource: io.onSource } : {}),
  });
}

/** Paths shown to the user are relative to where they ran ecsify, with `/` separators. */
export function displayPath(cwd: string, projectDir: string, file: string): string {
  // What a live environment gave (`eb://ENV/settings.cfg.yml`) is not a file here.
  if (isLiveInput(file)) return file;
  const abs = path.resolve(projectDir, file);
  const rel = path.relative(cwd, abs);
  // Far outside the working folder, an absolute path reads better than a ladder of `../`.
  const shown = rel.startsWith(`..${path.sep}..${path.sep}`) ? abs : rel === '' ? '.' : rel;
  return shown.split(path.sep).join('/');
}

/**
 * The display path of each project-relative file, worked out once per file (thousands of
 * diagnostics, a few files).
 */
export function displayFiles(cwd: string, projectDir: string): (file: string) => string {
  const shownOf = new Map<string, string>();
  return (file) => {
    let shown = shownOf.get(file);
    if (shown === undefined) {
      shown = displayPath(cwd, projectDir, file);
      shownOf.set(file, shown);
    }
    return shown;
  };
}

/** Rewrites diagnostic files to display paths and gives a source lookup keyed the same way. */
export function forDisplay(
  cwd: string,
  projectDir: string,
  diagnostics: readonly Diagnostic[],
  sources: SourceLookup,
): { diagnostics: Diagnostic[]; sources: SourceLookup; back: Map<string, string> } {
  const back = new Map<string, string>();
  const shownOf = displayFiles(cwd, projectDir);
  const mapped = diagnostics.map((d) => {
    if (!d.origin) return d;
    const file = d.origin.file;
    const shown = shownOf(file);
    back.set(shown, file);
    return { ...d, origin: { ...d.origin, file: shown } };
  });
  return {
    diagnostics: mapped,
    sources: { line: (file, line) => sources.line(back.get(file) ?? file, line) },
    back,
  };
}

export function useColor(io: CliIo, stream: 'stdout' | 'stderr'): boolean {
  if (io.env['NO_COLOR'] !== undefined && io.env['NO_COLOR'] !== '') return false;
  if (io.env['FORCE_COLOR'] !== undefined && io.env['FORCE_COLOR'] !== '0') return true;
  return io[stream].isTTY === true;
}

/** Input problems that mean "could not read", which exit with 2 rather than 1. */
export const UNREADABLE_RULES = new Set(['input/unreadable', 'input/not-recognised', 'eb/live-unavailable', 'eb/live-not-found', 'eb/live-bundle']);
