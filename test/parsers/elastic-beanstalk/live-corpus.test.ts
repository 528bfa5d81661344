/**
 * The live path changes nothing of what a bundle says: every Elastic Beanstalk app of the corpus,
 * served as the running version of an environment whose settings add nothing (the real SDK
 * against the fake endpoint), converts to the same task definitions, jobs and template as the
 * folder itself, and reports the same findings at the same places (inside `eb://ENV/…`).
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../support/cli.js';
import { ebAppFolders } from '../../support/corpus.js';
import { fakeAwsEnv, startFakeAws, type FakeAws, type FakeState } from '../../support/fake-aws.js';
import { readTree, tempDir } from '../../support/fs-tree.js';
import { zipFiles } from '../../support/zip-writer.js';
import { hasEbMarkers } from '../../../src/parsers/elastic-beanstalk/markers.js';
import { createReporter } from '../../../src/diagnostics/context.js';
import { folderBundle } from '../../../src/parsers/elastic-beanstalk/bundle-fs.js';
import { readEbExtensions } from '../../../src/parsers/elastic-beanstalk/ebextensions.js';
import { buildStore, resolveOption } from '../../../src/parsers/elastic-beanstalk/option-store.js';
import { defaultLoadOptions } from '../../../src/parsers/options.js';
import { newSecretCollector } from '../../../src/secrets/env-var.js';
import type { FakeOption } from '../../support/fake-aws.js';

let fake: FakeAws;
const state: FakeState = { environments: [] };
beforeAll(async () => {
  fake = await startFakeAws(state);
});
afterAll(() => fake.close());

/**
 * The findings of a JSON report, with the live prefix taken off their files. Left out: the live
 * reader's own, and `eb/deploy-artifact` (a folder's EB CLI config naming a built zip; the
 * version EB runs is that zip already).
 */
function findings(json: string, prefix: string): string[] {
  return (JSON.parse(json) as { rule: string; file: string | null; line: number | null; column: number | null }[])
    .filter((d) => !d.rule.startsWith('eb/live-') && d.rule !== 'eb/deploy-artifact')
    .map((d) => `${d.rule} ${(d.file ?? '').replace(prefix, '')}:${d.line ?? ''}:${d.column ?? ''}`)
    .sort();
}

/**
 * The files that describe what runs, with the input's name (in headers and descriptions) made
 * one; MIGRATION.md and ir.json list the input's files, which differ by their prefix.
 */
function comparable(dir: string, input: string): Record<string, string> {
  return Object.fromEntries([...readTree(dir)].filter(([f]) => /^(task-definitions|jobs|cloudformation)\//.test(f)).map(([f, text]) => [f, text.split(input).join('INPUT')]));
}

describe('eb:// and the bundle it runs', () => {
  it('give the same conversion for every corpus app', async () => {
    const differences: string[] = [];
    let compared = 0;
    // A folder without EB's marks is a Compose project; as a version's bundle, it is EB's Docker
    // platform: those differ by design.
    for (const app of ebAppFolders().filter((dir) => hasEbMarkers(dir))) {
      const name = path.basename(app);
      state.environments = [{ EnvironmentName: 'corpus-env', ApplicationName: 'corpus', VersionLabel: 'v1', settings: [{ OptionSettings: [] }] }];
      state.versions = [{ ApplicationName: 'corpus', VersionLabel: 'v1', SourceBundle: { S3Bucket: 'b', S3Key: 'corpus/v1.zip' } }];
      state.objects = { 'b/corpus/v1.zip': zipFiles(Object.fromEntries(readTree(app))) };
      const cwd = tempDir('ecsify-live-corpus-');
      const env = fakeAwsEnv(fake);
      // One name for both (the folder's and the application's differ), one region.
      const common = ['-p', 'corpus', '--launch-type', 'fargate'];
      const fromFolder = await runCli(['lint', app, ...common, '--format', 'json'], { cwd, env });
      const fromLive = await runCli(['lint', 'eb://corpus-env', ...common, '--format', 'json'], { cwd, env });
      if (fromFolder.code === 2) continue; // unreadable as a folder: nothing to compare
      // Files shown relative to where ecsify ran, or absolute that far away.
      const folderFindings = findings(fromFolder.stdout, `${app}/`).map((f) => f.replace(`${path.relative(cwd, app)}/`, ''));
      const b = findings(fromLive.stdout, 'eb://corpus-env/v1.zip/');
      if (JSON.stringify(folderFindings) !== JSON.stringify(b) || fromFolder.code !== fromLive.code) {
        differences.push(`${name}: lint exit ${fromFolder.code} vs ${fromLive.code}; only in folder: ${folderFindings.filter((f) => !b.includes(f)).join(', ')}; only live: ${b.filter((f) => !folderFindings.includes(f)).join(', ')}`);
        continue;
      }
      if (fromFolder.code !== 0) continue;
      const outFolder = path.join(cwd, 'out-folder');
      const outLive = path.join(cwd, 'out-live');
      await runCli(['convert', app, ...common, '-o', outFolder], { cwd, env });
      await runCli(['convert', 'eb://corpus-env', ...common, '-o', outLive], { cwd, env });
      const x = comparable(outFolder, app);
      const y = comparable(outLive, 'eb://corpus-env');
      if (JSON.stringify(x) !== JSON.stringify(y)) {
        const files = [...new Set([...Object.keys(x), ...Object.keys(y)])].filter((f) => x[f] !== y[f]);
        differences.push(`${name}: files differ: ${files.join(', ')}`);
      }
      compared++;
    }
    expect(differences).toEqual([]);
    expect(compared).toBeGreaterThan(20);
  }, 240_000);

  it('give the same files when the environment repeats the options of the bundle\'s .ebextensions, as EB\'s effective settings do', async () => {
    const differences: string[] = [];
    let compared = 0;
    for (const app of ebAppFolders().filter((dir) => hasEbMarkers(dir))) {
      // The bundle's own options, resolved as EB would show them (strings); lists and values only
      // CloudFormation could resolve are left out.
      const reporter = createReporter();
      const ctx = { bundle: folderBundle(app), reporter, options: defaultLoadOptions({ cwd: app }), secrets: newSecretCollector({ secretNames: [], notSecretNames: [] }, reporter), files: [] };
      const ext = readEbExtensions(ctx);
      const store = buildStore(ext.options);
      const options: FakeOption[] = [];
      for (const v of ext.options) {
        if (v.nonString === 'list' || store.get(v.namespace, v.option, v.resource) !== v) continue;
        const r = resolveOption(store, v);
        if (r.ok) options.push({ Namespace: v.namespace, OptionName: v.option, Value: r.value, ...(v.resource ? { ResourceName: v.resource } : {}) });
      }
      if (options.length === 0) continue;
      state.environments = [{ EnvironmentName: 'corpus-env', ApplicationName: 'corpus', VersionLabel: 'v1', settings: [{ OptionSettings: options }] }];
      state.versions = [{ ApplicationName: 'corpus', VersionLabel: 'v1', SourceBundle: { S3Bucket: 'b', S3Key: 'corpus/v1.zip' } }];
      state.objects = { 'b/corpus/v1.zip': zipFiles(Object.fromEntries(readTree(app))) };
      const cwd = tempDir('ecsify-live-corpus-');
      const env = fakeAwsEnv(fake);
      const common = ['-p', 'corpus'];
      const outFolder = path.join(cwd, 'out-folder');
      const outLive = path.join(cwd, 'out-live');
      const a = await runCli(['convert', app, ...common, '-o', outFolder], { cwd, env });
      const b = await runCli(['convert', 'eb://corpus-env', ...common, '-o', outLive], { cwd, env });
      if (a.code !== b.code) {
        differences.push(`${path.basename(app)}: exit ${a.code} vs ${b.code}: ${b.stderr.split('\n').filter((l) => / error /.test(l)).join(' | ')}`);
        continue;
      }
      if (a.code !== 0) continue;
      const x = comparable(outFolder, app);
      const y = comparable(outLive, 'eb://corpus-env');
      // The one file only the environment can give: the script that copies its secret values.
      const files = [...new Set([...Object.keys(x), ...Object.keys(y)])].filter((f) => x[f] !== y[f] && f !== 'cloudformation/secrets-from-eb.sh');
      if (files.length > 0) differences.push(`${path.basename(app)}: files differ: ${files.join(', ')}`);
      compared++;
    }
    expect(differences).toEqual([]);
    // 17 of the corpus apps set options of their own.
    expect(compared).toBeGreaterThanOrEqual(15);
  }, 240_000);
});

