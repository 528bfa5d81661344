/**
 * Every folder under ../shared/corpus/compose/ goes through `lint` and `convert`: no crash (an
 * uncaught exception or an internal-failure exit) is allowed. Prints how many converted cleanly,
 * with warnings only, or with errors, and the most common diagnostics.
 */
import { readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { tempDir } from '../support/fs-tree.js';
import { SHARED } from '../support/paths.js';

const CORPUS = path.join(SHARED, 'corpus/compose');
const folders = readdirSync(CORPUS).sort();

describe('compose corpus', () => {
  it('lints and converts every project without crashing', { timeout: 600_000 }, async () => {
    const crashes: string[] = [];
    const outcome = { clean: 0, warnings: 0, errors: 0, unreadable: 0 };
    const counts = new Map<string, number>();
    for (const folder of folders) {
      const dir = path.join(CORPUS, folder);
      const lint = await runCli(['lint', dir, '--format', 'json'], { cwd: SHARED, env: {} });
      if (lint.stderr.includes('internal error')) crashes.push(`lint ${folder}: ${lint.stderr.trim()}`);
      let diagnostics: { rule: string; severity: string }[] = [];
      try {
        diagnostics = JSON.parse(lint.stdout) as { rule: string; severity: string }[];
      } catch {
        crashes.push(`lint ${folder}: output is not JSON`);
      }
      for (const d of diagnostics) counts.set(d.rule, (counts.get(d.rule) ?? 0) + 1);
      const out = tempDir();
      const convert = await runCli(['convert', dir, '-o', out, '--force'], { cwd: SHARED, env: {} });
      rmSync(out, { recursive: true, force: true });
      if (convert.stderr.includes('internal error')) crashes.push(`convert ${folder}: ${convert.stderr.trim().split('\n').slice(-4).join(' ')}`);
      if (convert.code === 2) outcome.unreadable++;
      else if (convert.code === 1) outcome.errors++;
      else if (diagnostics.some((d) => d.severity === 'warning')) outcome.warnings++;
      else outcome.clean++;
    }
    const top = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 15);
    console.log(
      `compose corpus: ${folders.length} projects — ${outcome.clean} clean, ${outcome.warnings} with warnings, ` +
        `${outcome.errors} with errors, ${outcome.unreadable} unreadable/not recognised\n` +
        top.map(([rule, n]) => `  ${String(n).padStart(5)}  ${rule}`).join('\n'),
    );
    expect(crashes).toEqual([]);
  });
});
