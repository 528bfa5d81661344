/** The real-world inputs under ../shared/corpus/, as the tests that run the whole tool on them read them. */
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { COMPOSE_FILE_NAMES } from '../../src/parsers/compose/index.js';
import { listFiles } from './fs-tree.js';
import { SHARED } from './paths.js';

export const CORPUS = path.join(SHARED, 'corpus');
const COMPOSE = path.join(CORPUS, 'compose');

/** One run of the tool on a Compose project: its folder, and `-f FILE` when the file needs naming. */
export interface ComposeInput {
  label: string;
  folder: string;
  /** The Compose file a run reads (the standard one, or the one named with `-f`). */
  file: string;
  args: string[];
}

/**
 * The inputs of each folder under corpus/compose/: the folder itself when it has a Compose file
 * under a standard name, else each YAML file in it or below it (some keep theirs in
 * `compose-files/`), read with `-f` from its own folder, as a user would.
 */
export function composeInputs(): ComposeInput[] {
  return readdirSync(COMPOSE)
    .sort()
    .flatMap((name): ComposeInput[] => {
      const dir = path.join(COMPOSE, name);
      const standard = COMPOSE_FILE_NAMES.find((n) => readdirSync(dir).includes(n));
      if (standard) return [{ label: name, folder: dir, file: path.join(dir, standard), args: [dir] }];
      return listFiles(dir)
        .filter((f) => /\.ya?ml$/.test(f))
        .map((f) => {
          const file = path.join(dir, f);
          return { label: `${name}/${f}`, folder: path.dirname(file), file, args: [path.dirname(file), '-f', file] };
        });
    });
}

/** The Compose project folders (some have no input: only `.env` fixtures). */
export function composeFolders(): string[] {
  return readdirSync(COMPOSE).sort();
}

/** Elastic Beanstalk app folders: whole bundles, and single Dockerrun, Procfile and EB CLI config samples. */
export function ebAppFolders(): string[] {
  return ['eb-apps', 'dockerrun-v1', 'dockerrun-v2', 'dockerrun-v3', 'procfile', 'eb-config']
    .flatMap((group) => readdirSync(path.join(CORPUS, group)).sort().map((name) => path.join(CORPUS, group, name)))
    .filter((dir) => statSync(dir).isDirectory());
}

/** One conversion of a corpus input, as the in-process tests run it. */
export interface CorpusRun {
  label: string;
  dir: string;
  composeFiles: string[];
}

/**
 * What to convert for each corpus input (every folder of every input group; `expected/` holds
 * other tools' outputs, not inputs): its folder, or, for a Compose folder without a standard
 * file name, each of its YAML files named with `-f` (see composeInputs).
 */
export function corpusRuns(): CorpusRun[] {
  if (!existsSync(CORPUS)) return [];
  const inputs = readdirSync(CORPUS, { withFileTypes: true })
    .filter((e) => e.isDirectory() && e.name !== 'expected')
    .map((e) => e.name)
    .sort()
    .flatMap((group) => readdirSync(path.join(CORPUS, group)).sort().map((d) => `corpus/${group}/${d}`));
  const byFolder = new Map<string, ComposeInput[]>();
  for (const i of composeInputs().filter((c) => c.args.includes('-f'))) {
    const folder = i.label.split('/')[0] as string;
    byFolder.set(folder, [...(byFolder.get(folder) ?? []), i]);
  }
  return inputs.flatMap((input) => {
    const [, group, folder] = input.split('/') as [string, string, string];
    const files = group === 'compose' ? byFolder.get(folder) : undefined;
    if (!files) return [{ label: input, dir: path.join(SHARED, input), composeFiles: [] }];
    return files.map((f) => ({ label: `corpus/compose/${f.label}`, dir: f.folder, composeFiles: [f.file] }));
  });
}
