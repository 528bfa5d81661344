// The installed command: the bundle scripts/bundle-cli.mjs builds (a launcher, one CommonJS
// script and V8's code cache for it), run as a user runs it, in a child process. Built afresh
// into a folder of its own under dist/ (inside the package, as installed: it finds package.json,
// templates/ and node_modules by walking up), so the test checks this checkout, not a stale build.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeAwsEnv, startFakeAws } from '../support/fake-aws.js';
import { copyToTemp, readTree, tempDir } from '../support/fs-tree.js';
import { runCli } from '../support/cli.js';
import { REPO_ROOT } from '../support/paths.js';

let bundle: string;

beforeAll(() => {
  bundle = path.join(REPO_ROOT, 'dist', `bundle-test-${process.pid}`);
  execFileSync(process.execPath, [path.join(REPO_ROOT, 'scripts/bundle-cli.mjs')], {
    cwd: REPO_ROOT,
    env: { ...process.env, ECSIFY_BUNDLE_OUT: bundle },
    stdio: 'pipe',
  });
}, 120_000);

afterAll(() => rmSync(bundle, { recursive: true, force: true }));

function cli(args: string[], env: Record<string, string> = {}): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [path.join(bundle, 'ecsify.js'), ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, NO_COLOR: '1', ...env },
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('the bundled CLI', () => {
  it('ships a code cache that V8 accepts', () => {
    expect(existsSync(path.join(bundle, 'ecsify.cjs.cache'))).toBe(true);
    const r = cli(['--version'], { ECSIFY_DEBUG: '1' });
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')).version);
    expect(r.stderr).toContain('ecsify: code cache accepted (ecsify.cjs.cache)');
    expect(cli(['--version'], { ECSIFY_DEBUG: '1', ECSIFY_CODE_CACHE: '0' }).stderr).toContain('ecsify: code cache not used');
  });

  it('ships a smaller code cache for lint, which lint reads and V8 accepts', () => {
    const lintCache = path.join(bundle, 'ecsify.cjs.lint.cache');
    expect(existsSync(lintCache)).toBe(true);
    // Without the emitters' functions (about 1.2 of 1.7 MB): what makes it quicker to read.
    expect(statSync(lintCache).size).toBeLessThan(0.85 * statSync(path.join(bundle, 'ecsify.cjs.cache')).size);
    const lint = cli(['lint', 'examples/compose-webapp', '--format', 'json'], { ECSIFY_DEBUG: '1' });
    expect(lint.code).toBe(0);
    expect(lint.stderr).toContain('ecsify: code cache accepted (ecsify.cjs.lint.cache)');
    const out = tempDir();
    const convert = cli(['convert', 'examples/compose-webapp', '-o', out], { ECSIFY_DEBUG: '1' });
    expect(convert.code).toBe(0);
    expect(convert.stderr).toContain('ecsify: code cache accepted (ecsify.cjs.cache)');
  });

  it('starts as CommonJS (no ES module loader to set up)', () => {
    expect(JSON.parse(readFileSync(path.join(bundle, 'package.json'), 'utf8'))).toEqual({ type: 'commonjs' });
    expect(readFileSync(path.join(bundle, 'ecsify.js'), 'utf8')).toMatch(/^#!\/usr\/bin\/env node\n/);
    expect(readFileSync(path.join(bundle, 'ecsify.js'), 'utf8')).not.toMatch(/\bimport\.meta\b|^import /m);
  });

  it('is ASCII, which the launcher reads as Latin-1: text of its own beyond ASCII comes out as the unbundled CLI writes it', async () => {
    // The build refuses a bundle with any other byte (scripts/bundle-cli.mjs); Latin-1 and UTF-8
    // then read the same string, and Latin-1 skips the decoding.
    const code = readFileSync(path.join(bundle, 'ecsify.cjs'));
    expect(code.findIndex((b) => b > 0x7f)).toBe(-1);
    const dir = tempDir();
    writeFileSync(path.join(dir, 'compose.yaml'), 'services:\n  web:\n    image: nginx:1.27\n    environment:\n      - "LOG_LEVEL:-info"\n');
    const args = ['lint', dir, '--format', 'json'];
    const bundled = cli(args);
    const here = await runCli(args, { cwd: REPO_ROOT, env: process.env as Record<string, string> });
    // compose/env-name-syntax writes the variable as `LOG_LEVEL:-…`, with an ellipsis (U+2026).
    expect(bundled.stdout).toContain('LOG_LEVEL:-\u2026');
    expect(bundled.stdout).toBe(here.stdout);
    expect(bundled.code).toBe(here.code);
  });

  it('gives the same diagnostics with and without the cache', () => {
    const args = ['lint', 'examples/compose-webapp', '--format', 'json'];
    const cached = cli(args);
    const plain = cli(args, { ECSIFY_CODE_CACHE: '0' });
    expect(cached.code).toBe(0);
    expect(JSON.parse(cached.stdout).length).toBeGreaterThan(0);
    expect(cached).toEqual(plain);
  });

  it('converts the Elastic Beanstalk example with every emitter, Handlebars included', () => {
    const out = tempDir();
    const r = cli(['convert', 'examples/rails-sidekiq-eb', '-o', out]);
    expect(r.stderr).not.toContain('internal error');
    expect(r.stderr).not.toContain('Warning');
    expect(r.code).toBe(0);
    const files = readTree(out);
    expect(files.get('MIGRATION.md')).toContain('# ');
    expect([...files.keys()].some((f) => f.startsWith('cloudformation/'))).toBe(true);
    expect([...files.keys()].some((f) => f.startsWith('.github/workflows/'))).toBe(true);
    // Into the same folder (the workflow names its path): the same files.
    rmSync(out, { recursive: true, force: true });
    cli(['convert', 'examples/rails-sidekiq-eb', '-o', out], { ECSIFY_CODE_CACHE: '0' });
    expect([...readTree(out)]).toEqual([...files]);
  });

  it('writes the report from its precompiled template, without loading the Handlebars compiler', () => {
    // A copy outside this repository, as the golden test converts it (the workflow's paths
    // depend on the Git repository around the project).
    const fixture = copyToTemp(path.join(REPO_ROOT, 'test/fixtures/eb-rails-sidekiq-example'), 'case');
    const out = tempDir();
    // NODE_DEBUG=module logs every package `require`d: the bundle needs none for the report.
    const r = spawnSync(process.execPath, [path.join(bundle, 'ecsify.js'), 'convert', 'case/input', '-o', out], {
      cwd: fixture,
      env: { ...process.env, NO_COLOR: '1', NODE_DEBUG: 'module' },
      encoding: 'utf8',
    });
    expect(r.status).toBe(0);
    expect(r.stderr).not.toMatch(/handlebars/i);
    // The same text the golden fixture holds (written there by the unbundled code, compiling the template).
    // (Goldens are written as version 0.0.0-test.)
    const unversioned = (file: string) => readFileSync(file, 'utf8').replace(/Generated by ecsify \S+ from/, 'Generated by ecsify VERSION from');
    const report = unversioned(path.join(out, 'MIGRATION.md'));
    expect(report).toBe(unversioned(path.join(fixture, 'case/expected/MIGRATION.md')).replace('from input.', 'from case/input.'));
    expect(report).toContain('Generated by ecsify VERSION from case/input.');
  });

  it("writes to pipes and /dev/null without loading Node's stream, tty, net, crypto, zlib, child-process, perf or v8 modules", () => {
    // Each costs start-up time that a `lint` does not need (see output() in src/cli/launcher.ts,
    // and the lazy loads in write-files.ts, zip.ts and scripts/bundle-cli.mjs).
    const dir = tempDir();
    const preload = path.join(dir, 'modules.cjs');
    const list = path.join(dir, 'loaded.json');
    writeFileSync(
      preload,
      `const before = new Set(process.moduleLoadList);\n` +
        `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(list)}, JSON.stringify(process.moduleLoadList.filter((m) => !before.has(m)))));\n`,
    );
    const unwanted = ['stream', 'net', 'tty', 'crypto', 'zlib', 'child_process', 'perf_hooks', 'v8'].map((m) => `NativeModule ${m}`);
    const lint = ['--require', preload, path.join(bundle, 'ecsify.js'), 'lint', 'examples/compose-webapp'];
    const env = { ...process.env, NO_COLOR: '1' };
    // Diagnostics into a pipe, then into /dev/null (a character device, asked whether it is a terminal).
    const piped = spawnSync(process.execPath, lint, { cwd: REPO_ROOT, env, encoding: 'utf8' });
    expect(piped.status).toBe(0);
    expect(piped.stdout).toContain('warning secrets/plaintext-value');
    expect(piped.stdout).toBe(cli(['lint', 'examples/compose-webapp']).stdout);
    const loaded = () => JSON.parse(readFileSync(list, 'utf8')) as string[];
    expect(loaded()).toContain('NativeModule vm'); // the list is Node's own, and it is read
    expect(loaded().filter((m) => unwanted.includes(m))).toEqual([]);
    rmSync(list);
    const discarded = spawnSync(process.execPath, lint, { cwd: REPO_ROOT, env, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
    expect(discarded.status).toBe(0);
    expect(discarded.stderr).toBe('');
    expect(loaded().filter((m) => unwanted.includes(m))).toEqual([]);
  });

  it('sets its V8 flags for a large input only, after V8 took the code cache, with the same results', async () => {
    // 4,000 input lines or more (LARGE_INPUT in src/cli/launcher.ts): 700 services of 6 lines.
    const dir = tempDir();
    const services = Array.from(
      { length: 700 },
      (_, i) => `  svc-${i}:\n    image: registry.example.com/team/app-${i % 7}:1.${i}\n    environment:\n      API_TOKEN: "tok-${i}-q8Zr2VwX9pLm4Ks7"\n      LOG_LEVEL: info\n    ports: ["${8000 + i}:80"]\n`,
    ).join('');
    writeFileSync(path.join(dir, 'compose.yaml'), `services:\n${services}`);
    const args = ['lint', dir, '--format', 'github'];
    const large = cli(args, { ECSIFY_DEBUG: '1' });
    expect(large.stderr).toContain('ecsify: code cache accepted');
    expect(large.stderr).toContain(
      'ecsify: large input, V8 flags set: --no-turbo-inlining --no-turbo-load-elimination --no-turbo-store-elimination ' +
        '--no-turbo-cf-optimization --no-turbo-jt --no-turbo-move-optimization --no-turbo-escape --no-turbo-loop-peeling\n',
    );
    // The flags change how fast, not what: the findings are those of the unbundled CLI in this process.
    const here = await runCli(args, { cwd: REPO_ROOT, env: process.env as Record<string, string> });
    expect(large.stdout.split('\n').filter((line) => line.startsWith('::')).length).toBeGreaterThan(700);
    expect(large.stdout).toBe(here.stdout);
    expect(large.code).toBe(here.code);
    // Where the runtime refuses the flag, the run goes on untuned, with the same results.
    const preload = path.join(tempDir(), 'refuse.cjs');
    writeFileSync(preload, `require('node:v8').setFlagsFromString = () => { throw new Error('not supported here'); };\n`);
    const refused = spawnSync(process.execPath, ['--require', preload, path.join(bundle, 'ecsify.js'), ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, NO_COLOR: '1', ECSIFY_DEBUG: '1' },
      encoding: 'utf8',
      maxBuffer: 1 << 26,
    });
    expect(refused.stderr).toContain('ecsify: code cache accepted');
    expect(refused.stderr).not.toContain('V8 flags');
    expect(refused.stdout).toBe(here.stdout);
    expect(refused.status).toBe(here.code);
    const small = cli(['lint', 'examples/compose-webapp'], { ECSIFY_DEBUG: '1' });
    expect(small.stderr).toContain('ecsify: code cache accepted');
    expect(small.stderr).not.toContain('V8 flags');
    // Few lines, however long: 300 KB in one value is quick to read.
    writeFileSync(path.join(dir, 'compose.yaml'), `services:\n  web:\n    image: nginx:1.27\n    environment:\n      BLOB: "${'ab'.repeat(150_000)}"\n`);
    const long = cli(['lint', dir], { ECSIFY_DEBUG: '1' });
    expect(long.stderr).toContain('ecsify: code cache accepted');
    expect(long.stderr).not.toContain('V8 flags');
  });

  it('stops quietly when its reader goes away, and exits 2 when output cannot be written', async () => {
    // Enough diagnostics to fill a pipe several times over (an untagged image warns per service).
    const dir = tempDir();
    const services = Array.from({ length: 1500 }, (_, i) => `  s${i}:\n    image: nginx\n`).join('');
    writeFileSync(path.join(dir, 'compose.yaml'), `services:\n${services}`);
    const child = spawn(process.execPath, [path.join(bundle, 'ecsify.js'), 'lint', dir], { env: { ...process.env, NO_COLOR: '1' } });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.once('data', () => child.stdout.destroy()); // `| head -1`
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0); // the lint's own verdict: warnings only

    if (existsSync('/dev/full')) {
      const full = openSync('/dev/full', 'w');
      try {
        const r = spawnSync(process.execPath, [path.join(bundle, 'ecsify.js'), 'lint', dir], { stdio: ['ignore', full, 'pipe'], encoding: 'utf8' });
        expect(r.status).toBe(2);
        expect(r.stderr).toBe('ecsify: output could not be written (ENOSPC).\n');
      } finally {
        closeSync(full);
      }
    }
  });

  it('ends only once a large report is through a slow pipe, with its exit code', async () => {
    // The launcher ends the process itself when the run is over; output still queued for a
    // pipe must get out first. The reader here takes its time, so the pipe fills up.
    const dir = tempDir();
    const services = Array.from({ length: 1500 }, (_, i) => `  s${i}:\n    image: nginx\n    mem_limit: 1g\n    mem_reservation: 2g\n`).join('');
    writeFileSync(path.join(dir, 'compose.yaml'), `services:\n${services}`);
    const child = spawn(process.execPath, [path.join(bundle, 'ecsify.js'), 'lint', dir, '--format', 'json'], { env: { ...process.env, NO_COLOR: '1' } });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => {
      chunks.push(d);
      child.stdout.pause();
      setTimeout(() => child.stdout.resume(), 2);
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    const out = Buffer.concat(chunks).toString('utf8');
    expect(out.length).toBeGreaterThan(1 << 20);
    const diagnostics = JSON.parse(out) as { rule: string }[];
    expect(diagnostics.filter((d) => d.rule === 'sizing/reservation-above-limit')).toHaveLength(1500);
    expect(stderr).toBe('');
    expect(code).toBe(1); // errors
  });

  it('exits 2 on a usage error', () => {
    const r = cli(['lint', '--format', 'xml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--format must be one of');
  });

  it('reads a live environment with the AWS SDK from node_modules (kept out of the bundle)', async () => {
    expect(readFileSync(path.join(bundle, 'ecsify.cjs'), 'utf8')).not.toContain('ElasticBeanstalkClient =');
    const fake = await startFakeAws({
      environments: [
        {
          EnvironmentName: 'shop-prod',
          ApplicationName: 'shop',
          PlatformArn: 'arn:aws:elasticbeanstalk:eu-west-1::platform/ECS running on 64bit Amazon Linux 2023/4.3.0',
          settings: [{ OptionSettings: [{ Namespace: 'aws:elasticbeanstalk:application:environment', OptionName: 'RAILS_ENV', Value: 'staging' }] }],
        },
      ],
    });
    try {
      const env: Record<string, string> = { ...process.env, NO_COLOR: '1', ...fakeAwsEnv(fake) } as Record<string, string>;
      delete env['AWS_PROFILE'];
      const child = spawn(process.execPath, [path.join(bundle, 'ecsify.js'), 'lint', 'eb://shop-prod', '--bundle', 'examples/rails-sidekiq-eb', '--format', 'json'], { cwd: REPO_ROOT, env });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      expect(stderr).toBe('');
      expect(code).toBe(0);
      const rules = (JSON.parse(stdout) as { rule: string; file: string }[]).filter((d) => d.rule === 'eb/live-settings');
      expect(rules).toEqual([expect.objectContaining({ file: 'eb://shop-prod/settings.cfg.yml' })]);
      expect(fake.calls.map((c) => c.action)).toEqual(['DescribeEnvironments', 'DescribeConfigurationSettings', 'DescribeConfigurationOptions', 'ListTagsForResource']);
    } finally {
      await fake.close();
    }
  });
});
