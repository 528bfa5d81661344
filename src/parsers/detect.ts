/**
 * What is this input? A Compose project, an Elastic Beanstalk bundle (folder or `.zip`), or a
 * single file. Decides which parser reads it; every parser returns the same IR.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Reporter } from '../diagnostics/context.js';
import type { Application } from '../ir/types.js';
import { COMPOSE_FILE_NAMES, loadComposeProject } from './compose/index.js';
import { hasEbMarkers, isEbFile } from './elastic-beanstalk/markers.js';
import { isLiveInput } from './live-input.js';
import type { LoadOptions } from './options.js';

export interface LoadResult {
  app: Application | undefined;
  /** The project folder: relative paths in origins are relative to it. */
  projectDir: string;
}

export async function loadInput(options: LoadOptions, reporter: Reporter): Promise<LoadResult> {
  if (isLiveInput(options.path)) {
    // A live environment: the AWS SDK and the EB front end are loaded only for it.
    const { loadLiveEnvironment } = await import('./elastic-beanstalk/live.js');
    return loadLiveEnvironment(options, reporter);
  }
  if (options.bundle !== undefined) {
    reporter.report('input/unreadable', `--bundle goes with an eb://ENVIRONMENT input, not ${options.path}.`, {
      hint: `Give the bundle itself as the input (ecsify convert ${options.bundle}), or name the environment whose settings to use (ecsify convert eb://ENVIRONMENT --bundle ${options.bundle}).`,
    });
    return { app: undefined, projectDir: path.resolve(options.cwd) };
  }
  const target = path.resolve(options.cwd, options.path);
  let stat;
  try {
    stat = statSync(target);
  } catch {
    reporter.report('input/unreadable', `${options.path} does not exist or cannot be read.`, {
      hint: 'Give the folder that holds your compose.yaml or Elastic Beanstalk bundle.',
    });
    return { app: undefined, projectDir: target };
  }
  if (options.composeFiles.length > 0 || options.env['COMPOSE_FILE']) {
    return loadComposeProject(options, reporter);
  }
  if (stat.isFile()) {
    if (isEbFile(target)) return loadElasticBeanstalkLazily(options, reporter);
    return loadComposeProject({ ...options, path: path.dirname(options.path), composeFiles: [options.path] }, reporter);
  }
  const kind = folderKind(target);
  if (kind === 'eb') return loadElasticBeanstalkLazily(options, reporter);
  if (kind === 'compose') return loadComposeProject(options, reporter);
  const yamlFiles = yamlFilesIn(target);
  const below = inputsBelow(target);
  reporter.report('input/not-recognised', `${options.path} holds no Compose file or Elastic Beanstalk bundle.`, {
    hint:
      `ecsify looks for ${COMPOSE_FILE_NAMES.join(', ')}, Dockerrun.aws.json, Procfile or .ebextensions/.` +
      (yamlFiles.length > 0 ? ` The folder has ${firstFew(yamlFiles)}: name a Compose file with -f ${path.join(options.path, yamlFiles[0] as string)}.` : '') +
      (below.length > 0 ? ` Below it, ${firstFew(below)} ${below.length === 1 ? 'holds an app' : 'hold apps'} ecsify reads: give ${below.length === 1 ? 'that folder' : 'one of them'}, e.g. ${path.join(options.path, below[0] as string)}.` : ''),
  });
  return { app: undefined, projectDir: target };
}

/**
 * What a folder holds that ecsify reads. EB markers win over a compose file: the EB front end
 * reads a compose file itself when the bundle is for the Docker platform, and applies the EB
 * settings on top.
 */
function folderKind(dir: string): 'eb' | 'compose' | undefined {
  if (hasEbMarkers(dir)) return 'eb';
  if (COMPOSE_FILE_NAMES.some((n) => existsSync(path.join(dir, n))) || dotenvNamesComposeFile(dir)) return 'compose';
  return undefined;
}

/** `a, b, c and 4 more`. */
function firstFew(names: readonly string[]): string {
  return names.slice(0, 3).join(', ') + (names.length > 3 ? ` and ${names.length - 3} more` : '');
}

/** Folders skipped when looking below the input: installed dependencies, never the app. */
const NOT_APPS = new Set(['node_modules', 'vendor', 'bower_components', '__pycache__']);
/** How deep and how many folders `inputsBelow` looks at (a repository root, not a disk). */
const BELOW_DEPTH = 3;
const BELOW_FOLDERS = 400;

/**
 * Folders below `dir` (relative, `/`-separated, nearest first) that ecsify would read: a Compose
 * file under a standard name, or an Elastic Beanstalk bundle. For the hint when the input itself
 * is neither: an app's repository often keeps them in `environments/prod/`, `deploy/` or
 * `infrastructure/`. Hidden folders are not entered (`.ebextensions` marks its parent).
 */
function inputsBelow(dir: string): string[] {
  const found: string[] = [];
  let level = [''];
  let visited = 0;
  for (let depth = 1; depth <= BELOW_DEPTH && level.length > 0; depth++) {
    const next: string[] = [];
    for (const rel of level) {
      let entries;
      try {
        entries = readdirSync(path.join(dir, rel), { withFileTypes: true });
      } catch {
        continue;
      }
      const names = entries.filter((e) => e.isDirectory() && !e.name.startsWith('.') && !NOT_APPS.has(e.name)).map((e) => e.name);
      for (const name of names.sort()) {
        if (++visited > BELOW_FOLDERS) return found;
        const child = rel ? `${rel}/${name}` : name;
        if (folderKind(path.join(dir, child))) found.push(child);
        else next.push(child);
      }
    }
    level = next;
  }
  return found;
}

/**
 * YAML files directly in `dir`, maybe Compose files under other names
 * (`docker-compose.prod.yml`): those with "compose" in the name first, each group sorted.
 */
function yamlFilesIn(dir: string): string[] {
  const rank = (name: string) => (/compose/i.test(name) ? 0 : 1);
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isFile() && /\.ya?ml$/i.test(e.name))
      .map((e) => e.name)
      .sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
  } catch {
    return [];
  }
}

/** The project's `.env` may name the Compose files (`COMPOSE_FILE=a.yml:b.yml`), as Compose allows. */
function dotenvNamesComposeFile(dir: string): boolean {
  try {
    return /^[ \t]*(export[ \t]+)?COMPOSE_FILE[ \t]*=/m.test(readFileSync(path.join(dir, '.env'), 'utf8'));
  } catch {
    return false;
  }
}

/** The EB front end is loaded only for EB inputs, so Compose runs do not pay for it. */
async function loadElasticBeanstalkLazily(options: LoadOptions, reporter: Reporter): Promise<LoadResult> {
  const { loadElasticBeanstalk } = await import('./elastic-beanstalk/index.js');
  return loadElasticBeanstalk(options, reporter);
}
