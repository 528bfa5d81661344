/**
 * Every generated CDK app compiles and synthesises to the template of the CloudFormation
 * emitter. The apps of the scenarios, the examples and every corpus input that converts are
 * written under out/cdk-apps/ (inside the repository, so they find aws-cdk-lib in its
 * node_modules), type-checked together by tsc against aws-cdk-lib's own types, then synthesised
 * in one child process with the real aws-cdk-lib (test/support/cdk-synth.cjs). The synthesised
 * template must equal the emitter's, but for what the CDK adds (its bootstrap version check) and
 * scalars written as numbers on one side and strings on the other (CloudFormation reads
 * `Port: 80` and `Port: "80"` alike; the L1 classes type them one way).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { build } from '../../../src/emitters/cloudformation/emit.js';
import { toLongForm } from '../../../src/emitters/cloudformation/intrinsics.js';
import { CDK_VERSIONS, emitCdk, stackClassName } from '../../../src/emitters/cdk/emit-cdk.js';
import { compile, defaultLoadOptions } from '../../../src/index.js';
import type { Application } from '../../../src/ir/types.js';
import { runCli } from '../../support/cli.js';
import { corpusRuns } from '../../support/corpus.js';
import { tempDir } from '../../support/fs-tree.js';
import { REPO_ROOT } from '../../support/paths.js';
import { SCENARIOS } from '../cloudformation/scenarios.js';
import { VERSION } from '../cloudformation/support.js';

const WORK = path.join(REPO_ROOT, 'out', 'cdk-apps');

/** Scalars as strings, keys sorted: two templates CloudFormation reads alike compare equal. */
function comparable(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(comparable);
  if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, comparable((v as Record<string, unknown>)[k])]));
  return typeof v === 'number' || typeof v === 'boolean' ? String(v) : v;
}

/** Where two templates differ, section by section and entry by entry (empty when equal). */
function differences(synthesised: Record<string, unknown>, ours: Record<string, unknown>): string[] {
  const out: string[] = [];
  const a = comparable(synthesised) as Record<string, Record<string, unknown>>;
  const b = comparable(ours) as Record<string, Record<string, unknown>>;
  for (const section of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const x = a[section];
    const y = b[section];
    if (JSON.stringify(x) === JSON.stringify(y)) continue;
    if (!x || !y || typeof x !== 'object' || typeof y !== 'object') {
      out.push(`${section}: ${JSON.stringify(x)?.slice(0, 400)} vs ${JSON.stringify(y)?.slice(0, 400)}`);
      continue;
    }
    for (const k of new Set([...Object.keys(x), ...Object.keys(y)])) {
      if (JSON.stringify(x[k]) !== JSON.stringify(y[k])) out.push(`${section}.${k}:\n  cdk:  ${JSON.stringify(x[k])?.slice(0, 600)}\n  ours: ${JSON.stringify(y[k])?.slice(0, 600)}`);
    }
  }
  return out;
}

interface Case {
  name: string;
  app: Application;
}

async function convert(dir: string, composeFiles: string[] = []): Promise<Application | undefined> {
  const result = await compile(defaultLoadOptions({ cwd: dir, path: '.', composeFiles }));
  return result.hasErrors ? undefined : result.app;
}

describe('the CDK app', () => {
  it('asks for the aws-cdk-lib and constructs these tests use', () => {
    const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'node_modules/aws-cdk-lib/package.json'), 'utf8')) as { version: string };
    expect(pkg.version).toBe(CDK_VERSIONS['aws-cdk-lib']);
    const constructs = JSON.parse(readFileSync(path.join(REPO_ROOT, 'node_modules/constructs/package.json'), 'utf8')) as { version: string };
    expect(constructs.version).toBe(CDK_VERSIONS.constructs);
  });

  it('compiles, and synthesises to the CloudFormation template, for every scenario, example and corpus input', { timeout: 600_000 }, async () => {
    const cases: Case[] = Object.entries(SCENARIOS).map(([name, make]) => ({ name: `scenario-${name}`, app: make() }));
    for (const ex of ['compose-webapp', 'rails-sidekiq-eb']) {
      const app = await convert(path.join(REPO_ROOT, 'examples', ex));
      if (app) cases.push({ name: `example-${ex}`, app });
    }
    for (const run of corpusRuns()) {
      const app = await convert(run.dir, run.composeFiles);
      if (app) cases.push({ name: run.label.replace(/[^A-Za-z0-9_-]+/g, '_'), app });
    }
    rmSync(WORK, { recursive: true, force: true });
    mkdirSync(WORK, { recursive: true });
    const manifest: { dir: string; className: string; lib: string }[] = [];
    const expected = new Map<string, Record<string, unknown>>();
    for (const c of cases) {
      const options = { version: VERSION, inputLabel: c.name, format: 'yaml' as const };
      const files = await emitCdk(c.app, options);
      const dir = path.join(WORK, c.name);
      for (const f of files) {
        mkdirSync(path.dirname(path.join(dir, f.path)), { recursive: true });
        writeFileSync(path.join(dir, f.path), f.contents);
      }
      const lib = files.find((f) => f.path.startsWith('cdk/lib/'))!.path;
      manifest.push({ dir, className: stackClassName(c.app), lib: path.join(dir, lib) });
      expected.set(dir, toLongForm(build(c.app, options).template) as Record<string, unknown>);
    }
    // One program for every app, with the settings the apps carry (their own tsconfig.json), and
    // unused locals as errors, as some teams have them.
    const own = JSON.parse(readFileSync(path.join(WORK, cases[0]!.name, 'cdk/tsconfig.json'), 'utf8')) as { compilerOptions: Record<string, unknown> };
    writeFileSync(path.join(WORK, 'tsconfig.json'), JSON.stringify({ compilerOptions: { ...own.compilerOptions, noEmit: true, noUnusedLocals: true }, include: ['*/cdk/bin/*.ts', '*/cdk/lib/*.ts'] }));
    const started = Date.now();
    const tsc = spawnSync(process.execPath, [path.join(REPO_ROOT, 'node_modules/typescript/bin/tsc'), '-p', path.join(WORK, 'tsconfig.json')], { encoding: 'utf8' });
    expect(tsc.stdout + tsc.stderr, 'tsc').toBe('');
    expect(tsc.status).toBe(0);

    writeFileSync(path.join(WORK, 'manifest.json'), JSON.stringify(manifest));
    const synth = spawnSync(process.execPath, [path.join(REPO_ROOT, 'test/support/cdk-synth.cjs'), path.join(WORK, 'manifest.json')], { encoding: 'utf8', cwd: WORK });
    // The CDK checks the template as it synthesises; its warnings are cfn-lint's (the known
    // W1030 of a corpus file whose VPC id is too short), its errors would fail here.
    expect(synth.status, synth.stderr).toBe(0);
    expect(synth.stderr, 'synth').not.toMatch(/error/i);
    const failures: string[] = [];
    for (const { dir } of manifest) {
      const synthesised = JSON.parse(readFileSync(path.join(dir, 'synthesised.json'), 'utf8')) as Record<string, unknown>;
      const diff = differences(synthesised, expected.get(dir)!);
      if (diff.length > 0) failures.push(`${path.basename(dir)}:\n${diff.slice(0, 5).join('\n')}`);
    }
    console.log(`cdk: ${manifest.length} apps compiled and synthesised in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    expect(failures).toEqual([]);
  });
});

describe('resources the CDK app cannot type', () => {
  it('are generic CfnResources, and a note says which and why', async () => {
    const dir = tempDir();
    writeFileSync(
      path.join(dir, 'compose.yaml'),
      [
        'services:',
        '  web:',
        '    image: nginx:1.27',
        '    ports: ["80:80"]',
        'x-aws-cloudformation:',
        '  Resources:',
        '    Alarms:',
        '      Type: AWS::SNS::Topic',
        '      Properties:',
        '        TopicName: shop-alarms',
        '',
      ].join('\n'),
    );
    const r = await runCli(['convert', '.', '--emit', 'cdk'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('info cdk/untyped-resource: Resource Alarms (AWS::SNS::Topic) is a generic CfnResource in cdk/lib/');
    expect(r.stderr).toContain('does not type the resource type AWS::SNS::Topic');
    const code = readFileSync(path.join(dir, 'ecs/cdk/lib', `${path.basename(dir).toLowerCase().replace(/[^a-z0-9-]+/g, '-')}-stack.ts`), 'utf8');
    expect(code).toContain('new CfnResource(this, "Alarms", { type: "AWS::SNS::Topic", properties: { TopicName: "shop-alarms" } })');
    // A stack without such resources gets no note.
    const plain = tempDir();
    writeFileSync(path.join(plain, 'compose.yaml'), 'services:\n  web:\n    image: nginx:1.27\n');
    expect((await runCli(['convert', '.', '--emit', 'cdk'], { cwd: plain })).stderr).not.toContain('cdk/untyped-resource');
  });
});
