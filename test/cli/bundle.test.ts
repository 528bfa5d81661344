// The installed command: the bundle scripts/bundle-cli.mjs builds (a launcher, one CommonJS
// script and V8's code cache for it), run as a user runs it, in a child process. Built afresh
// into a folder of its own under dist/ (inside the package, as installed: it finds package.json,
// templates/ and node_modules by walking up), so the test checks this checkout, not a stale build.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTree, tempDir } from '../support/fs-tree.js';
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
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('the bundled CLI', () => {
  it('ships a code cache that V8 accepts', () => {
    expect(existsSync(path.join(bundle, 'ecsify.cjs.cache'))).toBe(true);
    const r = cli(['--version'], { ECSIFY_DEBUG: '1' });
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')).version);
    expect(r.stderr).toContain('ecsify: code cache accepted');
    expect(cli(['--version'], { ECSIFY_DEBUG: '1', ECSIFY_CODE_CACHE: '0' }).stderr).toContain('ecsify: code cache not used');
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
    const again = tempDir();
    cli(['convert', 'examples/rails-sidekiq-eb', '-o', again], { ECSIFY_CODE_CACHE: '0' });
    expect([...readTree(again)]).toEqual([...files]);
  });

  it('exits 2 on a usage error', () => {
    const r = cli(['lint', '--format', 'xml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--format must be one of');
  });
});
