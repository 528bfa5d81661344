import { describe, expect, it } from 'vitest';
import { createReporter } from '../../../src/diagnostics/context.js';
import { checkTaskDefinitions, MAX_TASK_DEFINITION_BYTES } from '../../../src/emitters/taskdef/check.js';
import { emitTaskDefinitions, serviceTaskDefinitionFiles } from '../../../src/emitters/taskdef/emit-task-definitions.js';
import type { Application } from '../../../src/ir/types.js';
import { runCli } from '../../support/cli.js';
import { tempDir } from '../../support/fs-tree.js';
import { app, container, service } from '../../passes/support.js';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** An app whose one task definition, compact, is `bytes` long (one variable's value pads it). */
function sized(bytes: number): Application {
  const base = app([service(container('web', 'nginx:1.27', { environment: [{ name: 'PAD', value: '' }] }))]);
  const compact = (a: Application) => Buffer.byteLength(JSON.stringify(JSON.parse(emitTaskDefinitions(a, { version: '1', inputLabel: '.', format: 'yaml' })[0]!.contents)));
  const padded = (n: number): Application => app([service(container('web', 'nginx:1.27', { environment: [{ name: 'PAD', value: 'x'.repeat(n) }] }))]);
  return padded(bytes - compact(base));
}

describe('checkTaskDefinitions', () => {
  it('measures the compact JSON the API receives: 65,536 bytes pass, one more is an error at the service', () => {
    // Also when the run writes the files next (`emitting`): they are made by the check, and a
    // file above the limit only through its indentation still passes.
    for (const emitting of [false, true]) {
      for (const [bytes, rules] of [
        [MAX_TASK_DEFINITION_BYTES, []],
        [MAX_TASK_DEFINITION_BYTES + 1, ['services/task-definition-too-large']],
      ] as const) {
        const reporter = createReporter();
        checkTaskDefinitions(sized(bytes), reporter, emitting);
        expect(reporter.diagnostics.map((d) => d.rule)).toEqual(rules);
      }
      const reporter = createReporter();
      checkTaskDefinitions(sized(70_000), reporter, emitting);
      expect(reporter.diagnostics[0]).toMatchObject({
        message: "Service web's task definition is 70,000 bytes (1 environment variable among its containers); ECS takes at most 65,536.",
        origin: { path: 'services.web' },
      });
    }
  });

  it('hands the files it made for the check to the emitter once; the emitter makes them again after that', () => {
    const opts = { version: '1', inputLabel: '.', format: 'yaml' } as const;
    const a = sized(1_000);
    const fresh = emitTaskDefinitions(sized(1_000), opts);
    checkTaskDefinitions(a, createReporter(), true);
    const made = serviceTaskDefinitionFiles(a);
    const first = emitTaskDefinitions(a, opts);
    expect(first[0]).toBe(made[0]);
    const second = emitTaskDefinitions(a, opts);
    expect(first).toEqual(fresh);
    expect(second).toEqual(fresh);
    expect(second[0]).not.toBe(first[0]);
  });

  it('is run by lint and by convert (which then writes nothing); ir alone registers nothing and is written', async () => {
    const root = tempDir();
    mkdirSync(path.join(root, 'app'));
    let text = 'services:\n  web:\n    image: nginx:1.27\n    environment:\n';
    for (let i = 0; i < 2_000; i++) text += `      SETTING_${i}: "value-${i}-abcdefghijklmnop"\n`;
    writeFileSync(path.join(root, 'app/compose.yaml'), text);
    const lint = await runCli(['lint', 'app', '--format', 'json'], { cwd: root });
    expect(lint.code).toBe(1);
    expect((JSON.parse(lint.stdout) as { rule: string }[]).map((d) => d.rule)).toContain('services/task-definition-too-large');
    const convert = await runCli(['convert', 'app', '-o', 'out'], { cwd: root });
    expect(convert.code).toBe(1);
    expect(convert.stderr).toContain('error services/task-definition-too-large');
    expect((await runCli(['convert', 'app', '-o', 'ir-only', '--emit', 'ir'], { cwd: root })).code).toBe(0);
  });
});
