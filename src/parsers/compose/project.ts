/**
 * The project around the Compose files: which files, the project folder, the project
 * environment (shell over `.env`/`--env-file`) and the project name (compose.md §3, §5.1).
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import type { Reporter } from '../../diagnostics/context.js';
import { createReporter } from '../../diagnostics/context.js';
import { fileOrigin, sourceFile } from '../../ir/source-file.js';
import type { Origin } from '../../ir/types.js';
import type { LoadOptions } from '../options.js';
import { parseDotenv } from './dotenv.js';
import { checkEncoding, readInputText } from './encoding.js';
import type { DecodedText } from '../../util/text-encoding.js';

/** Main file names in Docker Compose v2's order of preference. */
export const COMPOSE_FILE_NAMES: readonly string[] = ['compose.yaml', 'compose.yml', 'docker-compose.yml', 'docker-compose.yaml'];
/** Override file names, in order of preference (`.yml` first, unlike the main names). */
export const OVERRIDE_FILE_NAMES: readonly string[] = [
  'compose.override.yml',
  'compose.override.yaml',
  'docker-compose.override.yml',
  'docker-compose.override.yaml',
];

/** `/`-separated path of `abs` relative to `dir` (what origins and the model use). */
export function relativePath(dir: string, abs: string): string {
  const rel = path.relative(dir, abs).split(path.sep).join('/');
  return rel === '' ? '.' : rel;
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

/** The Compose files to load, in order, as absolute paths (empty after a reported problem). */
export function discoverComposeFiles(options: LoadOptions, workDir: string, env: Readonly<Record<string, string>>, reporter: Reporter): string[] {
  const named =
    options.composeFiles.length > 0
      ? options.composeFiles.map((f) => path.resolve(options.cwd, f))
      : env['COMPOSE_FILE']
        ? env['COMPOSE_FILE']
            .split(env['COMPOSE_PATH_SEPARATOR'] || (process.platform === 'win32' ? ';' : ':'))
            .filter((f) => f !== '')
            .map((f) => path.resolve(workDir, f))
        : undefined;
  if (named) {
    const missing = named.filter((f) => !isFile(f));
    for (const f of missing) {
      reporter.report('input/unreadable', `Compose file ${path.relative(options.cwd, f) || f} does not exist.`, {
        hint: options.composeFiles.length > 0 ? 'Check the -f paths (relative to the current directory).' : 'Check COMPOSE_FILE (paths relative to the project folder).',
      });
    }
    return missing.length > 0 ? [] : named;
  }
  for (let dir = workDir; ; dir = path.dirname(dir)) {
    const found = COMPOSE_FILE_NAMES.filter((n) => isFile(path.join(dir, n)));
    if (found.length > 0) {
      const main = path.join(dir, found[0] as string);
      if (found.length > 1) {
        reporter.report('compose/ambiguous-compose-files', `The folder holds ${found.join(', ')}; ecsify reads ${found[0]}, like Docker Compose.`, {
          origin: fileOrigin(found[0] as string),
          hint: 'Remove or rename the files you do not use (docker-compose 1.x preferred docker-compose.yml), or name one with -f.',
        });
      }
      const override = OVERRIDE_FILE_NAMES.find((n) => isFile(path.join(dir, n)));
      return override ? [main, path.join(dir, override)] : [main];
    }
    if (path.dirname(dir) === dir) break;
  }
  reporter.report('input/not-recognised', `${options.path} holds no Compose file.`, {
    hint: `ecsify looks for ${COMPOSE_FILE_NAMES.join(', ')}, in this folder or a parent folder.`,
  });
  return [];
}

/** The OS environment as a plain record (entries without a value dropped). */
export function osEnvironment(options: LoadOptions): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(options.env)) if (v !== undefined) env[k] = v;
  return env;
}

function truthy(v: string | undefined): boolean {
  return v !== undefined && ['1', 'true', 't', 'yes', 'y', 'on'].includes(v.toLowerCase());
}

export interface EnvFileRead {
  abs: string;
  text: string;
}

/**
 * Builds the project environment: variables from the env files (`--env-file`, else
 * `COMPOSE_ENV_FILES`, else `.env` in `dirs` — later files override earlier ones, and a
 * later folder only adds names not set yet), under the OS environment, which always wins.
 * `rel` names files in origins. Pass a throwaway reporter for the early pass before discovery.
 */
export function projectEnvironment(
  options: LoadOptions,
  dirs: readonly string[],
  reporter: Reporter,
  rel: (abs: string) => string,
  onRead?: (read: EnvFileRead) => void,
): Record<string, string> {
  const os = osEnvironment(options);
  const fromFiles: Record<string, string> = {};
  const read = (abs: string, onlyNew: boolean): void => {
    let decoded: DecodedText;
    try {
      decoded = readInputText(abs);
    } catch {
      reporter.report('input/unreadable', `Env file ${rel(abs)} cannot be read.`, {
        hint: 'Check the --env-file path (relative to the current directory).',
      });
      return;
    }
    const text = decoded.text;
    onRead?.({ abs, text });
    const file = sourceFile(rel(abs), text);
    if (!checkEncoding(reporter, file, decoded, 'env')) return;
    const lookup = (n: string): string | undefined => os[n] ?? fromFiles[n];
    const { entries } = parseDotenv(file, lookup, reporter);
    for (const e of entries) if (!onlyNew || !(e.name in fromFiles)) fromFiles[e.name] = e.value;
  };
  const explicit =
    options.envFiles.length > 0
      ? options.envFiles
      : os['COMPOSE_ENV_FILES']
        ? os['COMPOSE_ENV_FILES'].split(',').filter((f) => f !== '')
        : [];
  if (explicit.length > 0) {
    for (const f of explicit) read(path.resolve(options.cwd, f), false);
  } else if (!truthy(os['COMPOSE_DISABLE_ENV_FILE'])) {
    const seen = new Set<string>();
    dirs.forEach((dir, i) => {
      const abs = path.join(dir, '.env');
      if (seen.has(abs)) return;
      seen.add(abs);
      if (isFile(abs)) read(abs, i > 0);
    });
  }
  return { ...fromFiles, ...os };
}

/** A reporter whose diagnostics are thrown away (for look-ahead passes that run again later). */
export function silentReporter(): Reporter {
  return createReporter();
}

/** Compose's normalisation: lower-case, keep `a-z 0-9 _ -`, no leading `_`/`-`. */
export function normaliseProjectName(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9_-]/g, '')
    .replace(/^[_-]+/, '');
}

/**
 * Picks the project name (§3.3): `-p`, then `COMPOSE_PROJECT_NAME`, then the last non-empty
 * `name:` of the files, then the project folder's name. The first two must already be valid.
 */
export function chooseProjectName(
  options: LoadOptions,
  env: Readonly<Record<string, string>>,
  fileName: { value: string; origin: Origin } | undefined,
  projectDir: string,
  reporter: Reporter,
): string {
  const explicit: [string | undefined, string][] = [
    [options.projectName, 'The project name given with -p'],
    [env['COMPOSE_PROJECT_NAME'], 'COMPOSE_PROJECT_NAME'],
  ];
  for (const [value, what] of explicit) {
    if (!value) continue;
    if (normaliseProjectName(value) !== value) {
      reporter.report('compose/invalid-project-name', `${what} (${JSON.stringify(value)}) is not a valid project name.`, {
        hint: `Use only lower-case letters, digits, "-" and "_", starting with a letter or digit, e.g. ${JSON.stringify(normaliseProjectName(value) || 'myapp')}.`,
      });
    }
    return value;
  }
  if (fileName && fileName.value !== '') {
    const name = normaliseProjectName(fileName.value);
    if (name === '') {
      reporter.report('compose/invalid-project-name', `The project name ${JSON.stringify(fileName.value)} is empty once normalised.`, {
        origin: fileName.origin,
        hint: 'Use lower-case letters, digits, "-" and "_".',
      });
    }
    return name;
  }
  const name = normaliseProjectName(path.basename(projectDir));
  if (name === '') {
    reporter.report('compose/invalid-project-name', `The project folder's name ${JSON.stringify(path.basename(projectDir))} gives an empty project name.`, {
      hint: 'Set `name:` at the top of the Compose file, or pass -p NAME.',
    });
  }
  return name;
}

