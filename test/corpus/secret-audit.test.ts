/**
 * Secrets of real-world input never come out: every corpus input (see corpusRuns) is read with a
 * reporter that records each value handed to it as secret, then every emitter runs and the
 * diagnostics are rendered with their code frames. No value the reporter judged distinctive (it
 * masks those everywhere) may stand in any emitted file or in the rendered diagnostics.
 *
 * The canary test plants values in known places; this one takes the inputs people wrote, with
 * their own passwords, tokens and URLs in places nobody planned. Plain words judged secret
 * (`postgres`, `wordpress`) are left out: they are also image, service and database names, and
 * stand in outputs as such.
 */
import { describe, expect, it } from 'vitest';
import { createReporter, registeredSecrets } from '../../src/diagnostics/context.js';
import { sortDiagnostics } from '../../src/diagnostics/diagnostic.js';
import { EMIT_KINDS } from '../../src/emitters/kinds.js';
import { defaultLoadOptions, emit } from '../../src/index.js';
import { loadInput } from '../../src/parsers/detect.js';
import { runPasses } from '../../src/passes/pipeline.js';
import { writeStylish } from '../../src/render/stylish.js';
import { corpusRuns } from '../support/corpus.js';

describe('secrets of the corpus', () => {
  it('never stand in an emitted file or a rendered diagnostic', async () => {
    const leaks: string[] = [];
    let inputs = 0;
    let withSecrets = 0;
    let emitted = 0;
    for (const run of corpusRuns()) {
      const reporter = createReporter();
      const options = defaultLoadOptions({ cwd: run.dir, path: run.dir, env: {} });
      const { app } = await loadInput({ ...options, composeFiles: run.composeFiles }, reporter);
      if (!app) continue;
      inputs++;
      const passed = runPasses(app, { reporter }, {});
      const diagnostics = sortDiagnostics(reporter.diagnostics);
      let rendered = '';
      writeStylish({ diagnostics, sources: reporter.sources, displayFile: (f) => f, color: false, version: 'x' }, (c) => {
        rendered += c;
      });
      const outputs: [string, string][] = [['diagnostics', rendered]];
      if (!diagnostics.some((d) => d.severity === 'error')) {
        emitted++;
        for (const f of await emit(passed, EMIT_KINDS, { version: 'x', inputLabel: run.label, format: 'yaml', kinds: EMIT_KINDS })) {
          outputs.push([f.path, f.contents]);
        }
      }
      const secrets = [...registeredSecrets(reporter).keys()];
      if (secrets.length > 0) withSecrets++;
      for (const [file, text] of outputs) {
        for (const s of secrets) if (text.includes(s)) leaks.push(`${run.label}: ${file} holds a secret of ${s.length} characters`);
      }
    }
    // Not vacuous: the corpus converts, and its inputs hold secrets.
    console.log(`secret audit: ${inputs} inputs, ${withSecrets} with secrets the reporter masks everywhere, ${emitted} converted`);
    expect(inputs).toBeGreaterThan(200);
    expect(withSecrets).toBeGreaterThan(10);
    expect(emitted).toBeGreaterThan(150);
    expect(leaks).toEqual([]);
  }, 120_000);
});
