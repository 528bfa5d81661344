import { describe, expect, it } from 'vitest';
import { RULES } from '../../src/diagnostics/catalog.js';
import { runCli } from '../support/cli.js';

describe('ecsify explain', () => {
  it('prints the doc of a rule', async () => {
    const r = await runCli(['explain', 'compose/unsupported-key'], { cwd: '/' });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('compose/unsupported-key: ' + RULES['compose/unsupported-key'].title);
    expect(r.stdout).toContain(RULES['compose/unsupported-key'].doc);
  });

  it('lists every rule without an argument', async () => {
    const r = await runCli(['explain'], { cwd: '/' });
    expect(r.code).toBe(0);
    for (const id of Object.keys(RULES)) expect(r.stdout).toContain(id);
  });

  it('exits 2 on an unknown rule, with suggestions', async () => {
    const r = await runCli(['explain', 'unsupported-key'], { cwd: '/' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('compose/unsupported-key');
  });
});

describe('ecsify usage', () => {
  it('prints help with examples and exits 0', async () => {
    const r = await runCli(['--help'], { cwd: '/' });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Examples:');
    expect(r.stdout).toContain('convert');
  });

  it('prints the version', async () => {
    const r = await runCli(['--version'], { cwd: '/' });
    expect(r).toMatchObject({ code: 0, stdout: '0.0.0-test\n' });
  });

  it('exits 2 on unknown commands, options and bad option values', async () => {
    expect((await runCli(['frobnicate'], { cwd: '/' })).code).toBe(2);
    expect((await runCli(['lint', '--frob'], { cwd: '/' })).code).toBe(2);
    const bad = await runCli(['lint', '--format', 'xml'], { cwd: '/' });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--format must be one of stylish, json, sarif, github');
    expect((await runCli(['convert', '--launch-type', 'lambda'], { cwd: '/' })).code).toBe(2);
    expect((await runCli(['convert', '--emit', 'nonsense'], { cwd: '/' })).code).toBe(2);
    expect((await runCli(['lint', '--max-warnings', 'many'], { cwd: '/' })).code).toBe(2);
  });

  it('exits 2 when the input does not exist', async () => {
    const r = await runCli(['lint', 'no/such/dir'], { cwd: '/tmp' });
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('input/unreadable');
  });
});
