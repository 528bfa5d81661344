/**
 * The Elastic Beanstalk corpus: every bundle under ../shared/corpus/eb-apps/ and every file under
 * dockerrun-v1/, dockerrun-v2/, dockerrun-v3/, ebextensions/, procfile/ and eb-config/ is read by
 * the EB front end with no exception; the bundles also go through `lint` and `convert` with no
 * internal failure. Prints what was read and the most common diagnostics.
 */
import { readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createReporter } from '../../src/diagnostics/context.js';
import { loadElasticBeanstalk } from '../../src/parsers/elastic-beanstalk/index.js';
import { defaultLoadOptions } from '../../src/parsers/options.js';
import { runCli } from '../support/cli.js';
import { tempDir } from '../support/fs-tree.js';
import { workflowErrorsIn } from '../support/workflow-runner.js';
import { SHARED } from '../support/paths.js';

const CORPUS = path.join(SHARED, 'corpus');
const FILE_FOLDERS = ['dockerrun-v1', 'dockerrun-v2', 'dockerrun-v3', 'ebextensions', 'procfile', 'eb-config'];

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) out.push(...filesUnder(p));
    else out.push(p);
  }
  return out;
}

function top(counts: Map<string, number>, n: number): string {
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, n)
    .map(([rule, k]) => `  ${String(k).padStart(5)}  ${rule}`)
    .join('\n');
}

describe('Elastic Beanstalk corpus', () => {
  it('reads every bundle and file without crashing', { timeout: 600_000 }, async () => {
    const crashes: string[] = [];
    const counts = new Map<string, number>();
    const kinds = new Map<string, number>();
    const read = async (input: string): Promise<void> => {
      const reporter = createReporter();
      try {
        const r = await loadElasticBeanstalk(defaultLoadOptions({ cwd: CORPUS, path: path.relative(CORPUS, input) }), reporter);
        const kind = r.app?.source.kind ?? 'nothing to convert';
        kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
      } catch (e) {
        crashes.push(`${path.relative(CORPUS, input)}: ${(e as Error).stack ?? String(e)}`);
      }
      for (const d of reporter.diagnostics) counts.set(d.rule, (counts.get(d.rule) ?? 0) + 1);
    };

    const apps = readdirSync(path.join(CORPUS, 'eb-apps')).sort();
    for (const app of apps) await read(path.join(CORPUS, 'eb-apps', app));
    const appKinds = new Map(kinds);
    kinds.clear();
    const files = FILE_FOLDERS.flatMap((f) => filesUnder(path.join(CORPUS, f)));
    for (const file of files) await read(file);

    // The whole pipeline (detection, passes, emitters) on the bundles.
    const outcome = { clean: 0, warnings: 0, errors: 0, unreadable: 0 };
    for (const app of apps) {
      const dir = path.join(CORPUS, 'eb-apps', app);
      const out = tempDir();
      const convert = await runCli(['convert', dir, '-o', out, '--force'], { cwd: CORPUS, env: {} });
      // Every workflow written is one GitHub accepts.
      for (const e of await workflowErrorsIn(out)) crashes.push(`convert ${app}: ${e}`);
      rmSync(out, { recursive: true, force: true });
      if (convert.stderr.includes('internal error')) crashes.push(`convert ${app}: ${convert.stderr.trim().split('\n').slice(-4).join(' ')}`);
      if (convert.code === 2) outcome.unreadable++;
      else if (convert.code === 1) outcome.errors++;
      else if (/ warning/.test(convert.stderr)) outcome.warnings++;
      else outcome.clean++;
    }

    const fmt = (m: Map<string, number>): string => [...m.entries()].sort().map(([k, n]) => `${k} ${n}`).join(', ');
    console.log(
      `EB corpus: ${apps.length} bundles (${fmt(appKinds)}); convert: ${outcome.clean} clean, ${outcome.warnings} with warnings, ` +
        `${outcome.errors} with errors, ${outcome.unreadable} unreadable\n` +
        `${files.length} single files (${fmt(kinds)})\nmost common diagnostics:\n${top(counts, 20)}`,
    );
    expect(crashes).toEqual([]);
  });
});
