/**
 * Golden fixtures: test/fixtures/<case>/input/ is a project folder; `ecsify convert` runs on it
 * in-process and everything it produces is compared with test/fixtures/<case>/expected/:
 * the emitted files, `diagnostics.txt` (stylish, no colour), `stdout.txt` and `exit-code`.
 *
 * Optional per case: `args.json` (extra CLI arguments, or `{"command": "lint", "args": [...]}`),
 * `env.json` (the environment the CLI sees; nothing else leaks in).
 *
 * `UPDATE=1 npm test` rewrites expected/. A missing or obsolete golden file fails.
 * Every emitted task definition is also checked against the RegisterTaskDefinition rules, and
 * every GitHub Actions workflow with GitHub's workflow parser.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MANIFEST } from '../src/cli/write-files.js';
import { runCli } from './support/cli.js';
import { copyToTemp, listFiles, readTree } from './support/fs-tree.js';
import { FIXTURES } from './support/paths.js';
import { validateTaskDefinition } from './support/taskdef-validator.js';
import { workflowErrors } from './support/workflow-runner.js';

const UPDATE = process.env['UPDATE'] === '1';

interface CaseSpec {
  command: 'convert' | 'lint';
  args: string[];
  env: Record<string, string>;
}

function spec(dir: string): CaseSpec {
  const argsFile = path.join(dir, 'args.json');
  const envFile = path.join(dir, 'env.json');
  let command: CaseSpec['command'] = 'convert';
  let args: string[] = [];
  if (existsSync(argsFile)) {
    const raw = JSON.parse(readFileSync(argsFile, 'utf8')) as string[] | { command?: CaseSpec['command']; args?: string[] };
    if (Array.isArray(raw)) args = raw;
    else {
      command = raw.command ?? 'convert';
      args = raw.args ?? [];
    }
  }
  const env = existsSync(envFile) ? (JSON.parse(readFileSync(envFile, 'utf8')) as Record<string, string>) : {};
  return { command, args, env };
}

/** Runs one case and returns every golden file it should have, by relative path. */
export async function produce(caseDir: string): Promise<Map<string, string>> {
  const s = spec(caseDir);
  const root = copyToTemp(path.join(caseDir, 'input'), 'input');
  try {
    const argv = s.command === 'convert' ? ['convert', 'input', '-o', 'out', ...s.args] : ['lint', 'input', ...s.args];
    const result = await runCli(argv, { cwd: root, env: s.env });
    const files = new Map<string, string>();
    if (s.command === 'convert') {
      for (const [p, contents] of readTree(path.join(root, 'out'))) if (p !== MANIFEST) files.set(p, contents);
    }
    files.set('diagnostics.txt', s.command === 'convert' ? result.stderr : result.stdout);
    if (s.command === 'convert') files.set('stdout.txt', result.stdout);
    else if (result.stderr) files.set('stderr.txt', result.stderr);
    files.set('exit-code', `${result.code}\n`);
    return files;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

const cases = existsSync(FIXTURES)
  ? readdirSync(FIXTURES)
      .filter((name) => existsSync(path.join(FIXTURES, name, 'input')))
      .sort()
  : [];

describe('golden fixtures', () => {
  it('has fixtures', () => {
    expect(cases.length).toBeGreaterThan(0);
  });

  for (const name of cases) {
    it(name, async () => {
      const caseDir = path.join(FIXTURES, name);
      const expectedDir = path.join(caseDir, 'expected');
      const actual = await produce(caseDir);

      for (const [p, contents] of actual) {
        if (p.startsWith('task-definitions/') && p.endsWith('.json')) {
          expect(validateTaskDefinition(JSON.parse(contents)), `${name}: ${p} breaks RegisterTaskDefinition rules`).toEqual([]);
        }
        if (p.startsWith('.github/workflows/')) {
          expect(await workflowErrors(p, contents), `${name}: ${p} is not a workflow GitHub accepts`).toEqual([]);
        }
      }

      if (UPDATE) {
        rmSync(expectedDir, { recursive: true, force: true });
        for (const [p, contents] of actual) {
          mkdirSync(path.dirname(path.join(expectedDir, p)), { recursive: true });
          writeFileSync(path.join(expectedDir, p), contents);
        }
        return;
      }
      const expectedFiles = listFiles(expectedDir);
      expect(expectedFiles.length, `${name}: no expected/ folder; run with UPDATE=1 and review it`).toBeGreaterThan(0);
      const missing = [...actual.keys()].filter((p) => !expectedFiles.includes(p)).sort();
      const obsolete = expectedFiles.filter((p) => !actual.has(p));
      expect(missing, `${name}: produced files with no golden (UPDATE=1 to add)`).toEqual([]);
      expect(obsolete, `${name}: goldens no longer produced (UPDATE=1 to remove)`).toEqual([]);
      for (const p of expectedFiles) {
        expect(actual.get(p), `${name}: ${p} differs from its golden`).toBe(readFileSync(path.join(expectedDir, p), 'utf8'));
      }
    });
  }
});
