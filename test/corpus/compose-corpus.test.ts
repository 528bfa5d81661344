/**
 * Every folder under ../shared/corpus/compose/ goes through `lint` and `convert`: no crash (an
 * uncaught exception or an internal-failure exit) is allowed. A folder without a Compose file
 * under a standard name (many hold `docker-compose.prod.yml`, `efs.yml`, `block01.yaml`…) has
 * each of its YAML files read with `-f`, as a user would, so they are converted too. Prints how
 * many converted cleanly, with warnings only, or with errors, and the most common diagnostics.
 */
import { rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { composeFolders, composeInputs } from '../support/corpus.js';
import { tempDir } from '../support/fs-tree.js';
import { workflowErrorsIn } from '../support/workflow-runner.js';
import { SHARED } from '../support/paths.js';

const folders = composeFolders();

describe('compose corpus', () => {
  it('lints and converts every project without crashing', { timeout: 600_000 }, async () => {
    const crashes: string[] = [];
    const outcome = { clean: 0, warnings: 0, errors: 0, unreadable: 0 };
    const counts = new Map<string, number>();
    const inputs = composeInputs();
    for (const { label: folder, args } of inputs) {
      const lint = await runCli(['lint', ...args, '--format', 'json'], { cwd: SHARED, env: {} });
      if (lint.stderr.includes('internal error')) crashes.push(`lint ${folder}: ${lint.stderr.trim()}`);
      let diagnostics: { rule: string; severity: string }[] = [];
      try {
        diagnostics = JSON.parse(lint.stdout) as { rule: string; severity: string }[];
      } catch {
        crashes.push(`lint ${folder}: output is not JSON`);
      }
      for (const d of diagnostics) counts.set(d.rule, (counts.get(d.rule) ?? 0) + 1);
      const out = tempDir();
      const convert = await runCli(['convert', ...args, '-o', out, '--force'], { cwd: SHARED, env: {} });
      // Every workflow written is one GitHub accepts.
      for (const e of await workflowErrorsIn(out)) crashes.push(`convert ${folder}: ${e}`);
      rmSync(out, { recursive: true, force: true });
      if (convert.stderr.includes('internal error')) crashes.push(`convert ${folder}: ${convert.stderr.trim().split('\n').slice(-4).join(' ')}`);
      if (convert.code === 2) outcome.unreadable++;
      else if (convert.code === 1) outcome.errors++;
      else if (diagnostics.some((d) => d.severity === 'warning')) outcome.warnings++;
      else outcome.clean++;
    }
    const top = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 15);
    console.log(
      `compose corpus: ${folders.length} projects, ${inputs.length} inputs — ${outcome.clean} clean, ${outcome.warnings} with warnings, ` +
        `${outcome.errors} with errors, ${outcome.unreadable} unreadable/not recognised\n` +
        top.map(([rule, n]) => `  ${String(n).padStart(5)}  ${rule}`).join('\n'),
    );
    expect(crashes).toEqual([]);
    // Every input is read as a Compose file: none is left unrecognised for want of `-f`.
    expect(counts.get('input/not-recognised') ?? 0).toBe(0);
  });
});
