/**
 * Damaged real-world input through the whole tool: seeded random edits (of the syntax, of the
 * values only, or of the bytes) of one file of a corpus project (a Compose file; a Dockerrun, Procfile, .ebextensions or EB CLI config file of an
 * Elastic Beanstalk app), then `lint` and `convert` with every emitter, in process. Bad input
 * must end in diagnostics and exit code 1 or 2, never in an exception or the internal-failure
 * banner. The front-end fuzz tests stop at the parsers; this one also runs the passes and the
 * emitters on whatever the parsers let through.
 */
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { composeInputs, ebAppFolders } from '../support/corpus.js';
import { listFiles, tempDir } from '../support/fs-tree.js';
import { mutateBytes, mutateText, mutateValues } from '../support/mutate-text.js';
import { rng } from '../support/rng.js';

const ROUNDS = 30;

/**
 * Damages `file` in round `i`: the values only (so more reach the emitters), the syntax, or the
 * bytes (encodings, bytes that are not UTF-8), in turn.
 */
function damage(file: string, i: number, rand: () => number): void {
  if (i % 3 === 2) writeFileSync(file, mutateBytes(readFileSync(file), rand));
  else writeFileSync(file, (i % 3 === 1 ? mutateText : mutateValues)(readFileSync(file, 'utf8'), rand));
}

/** Runs lint and convert on `dir` (with `extra` arguments), adding what went wrong to `failures`; lint's exit code. */
async function exercise(label: string, dir: string, extra: string[], failures: string[]): Promise<number | undefined> {
  let lintCode: number | undefined;
  const out = path.join(dir, '..', 'out');
  for (const args of [['lint', dir, ...extra, '--format', 'json'], ['convert', dir, ...extra, '-o', out, '--emit', 'all']]) {
    let r;
    try {
      r = await runCli(args, { cwd: dir, env: {} });
    } catch (e) {
      failures.push(`${args[0]} ${label}: threw ${(e as Error).stack ?? String(e)}`);
      continue;
    }
    if (args[0] === 'lint') lintCode = r.code;
    if (r.stderr.includes('internal error') || ![0, 1, 2].includes(r.code)) {
      failures.push(`${args[0]} ${label}: exit ${r.code}: ${r.stderr.trim().split('\n').slice(-4).join(' | ')}`);
    }
    // A usage error would mean the arguments above are wrong and nothing was exercised.
    if (/--emit takes|unknown option/.test(r.stderr)) failures.push(`${args[0]} ${label}: usage error: ${r.stderr.trim()}`);
  }
  return lintCode;
}

describe('mutated corpus projects', () => {
  it('Compose projects: lint and convert end in diagnostics, never a crash', { timeout: 300_000 }, async () => {
    const inputs = composeInputs();
    const rand = rng(20261127);
    const failures: string[] = [];
    const codes = new Map<number, number>();
    for (let i = 0; i < ROUNDS; i++) {
      const input = inputs[Math.floor(rand() * inputs.length)]!;
      const root = tempDir();
      const dir = path.join(root, 'project');
      cpSync(input.folder, dir, { recursive: true });
      const file = path.join(dir, path.relative(input.folder, input.file));
      damage(file, i, rand);
      const extra = input.args.includes('-f') ? ['-f', file] : [];
      const code = await exercise(`${input.label} (round ${i})`, dir, extra, failures);
      if (code !== undefined) codes.set(code, (codes.get(code) ?? 0) + 1);
      rmSync(root, { recursive: true, force: true });
    }
    console.log(`mutated Compose projects: ${ROUNDS} rounds, lint exit codes ${JSON.stringify(Object.fromEntries([...codes].sort()))}`);
    expect(failures).toEqual([]);
    // The edits leave some projects valid: the emitters ran on those too.
    expect(codes.get(0) ?? 0).toBeGreaterThan(0);
  });

  it('Elastic Beanstalk apps: lint and convert end in diagnostics, never a crash', { timeout: 300_000 }, async () => {
    const folders = ebAppFolders();
    const rand = rng(20261128);
    const failures: string[] = [];
    let converted = 0;
    for (let i = 0; i < ROUNDS; i++) {
      const folder = folders[Math.floor(rand() * folders.length)]!;
      const root = tempDir();
      const dir = path.join(root, 'app');
      cpSync(folder, dir, { recursive: true });
      const candidates = listFiles(dir).filter((f) => /Dockerrun|Procfile|\.config$|config\.yml$|\.ya?ml$|\.json$/.test(f));
      if (candidates.length > 0) {
        const file = path.join(dir, candidates[Math.floor(rand() * candidates.length)]!);
        damage(file, i, rand);
      }
      if ((await exercise(`${path.relative(path.dirname(path.dirname(folder)), folder)} (round ${i})`, dir, [], failures)) === 0) converted++;
      rmSync(root, { recursive: true, force: true });
    }
    console.log(`mutated Elastic Beanstalk apps: ${ROUNDS} rounds, ${converted} converted without errors`);
    expect(failures).toEqual([]);
    expect(converted).toBeGreaterThan(0);
  });
});
