/** The loader and the mapping together: a place the loader reported is not reported again. */
import { describe, expect, it } from 'vitest';
import { createReporter } from '../../../../src/diagnostics/context.js';
import { loadComposeModel } from '../../../../src/parsers/compose/load.js';
import { composeToIR } from '../../../../src/parsers/compose/to-ir.js';
import { defaultLoadOptions } from '../../../../src/parsers/options.js';
import { project } from '../loader/helpers.js';

async function lint(files: Record<string, string>) {
  const reporter = createReporter();
  const options = defaultLoadOptions({ cwd: project(files), path: '.' });
  const model = await loadComposeModel(options, reporter);
  if (model) composeToIR(model, options, reporter);
  return reporter.diagnostics;
}

describe('values interpolation could not cast are reported once', () => {
  const cases: [string, string, string][] = [
    ['cpus: ${CPUS} (unset)', 'services:\n  web:\n    image: nginx:1\n    cpus: ${CPUS}\n', 'services.web.cpus'],
    ['v2 init with a path', 'version: "2.4"\nservices:\n  web:\n    image: nginx:1\n    init: /usr/bin/tini\n', 'services.web.init'],
  ];
  for (const [name, yaml, path] of cases) {
    it(name, async () => {
      const diagnostics = await lint({ 'compose.yaml': yaml });
      expect(diagnostics.filter((d) => d.rule === 'compose/invalid-value').map((d) => d.origin?.path)).toEqual([path]);
    });
  }
});
