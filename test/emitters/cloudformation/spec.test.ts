/**
 * Every CloudFormation template ecsify emits in the test suite is checked offline against the
 * CloudFormation resource specification (test/support/cfn-spec) and saved under
 * out/cfn-templates/ for cfn-lint (.ci/run). Its task definitions must match the JSON task
 * definitions field for field.
 *
 * Sources, each a loop the list of inputs can grow in:
 * - the hand-built scenarios (scenarios.ts), in YAML and JSON;
 * - every golden fixture whose expected output has a template (test/fixtures/<case>/expected/);
 * - every example (examples/<name>) and every corpus input that converts without error (a
 *   Compose folder without a standard file name: each of its YAML files, with `-f`).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { emitTaskDefinitions } from '../../../src/emitters/taskdef/emit-task-definitions.js';
import { renderedTemplate } from '../../../src/emitters/cloudformation/emit.js';
import { compile, defaultLoadOptions } from '../../../src/index.js';
import type { Application } from '../../../src/ir/types.js';
import { parseTemplate } from '../../support/cfn-spec/parse.js';
import { formatProblems, validateTemplate } from '../../support/cfn-spec/validate.js';
import { corpusRuns } from '../../support/corpus.js';
import { FIXTURES, REPO_ROOT } from '../../support/paths.js';
import { SCENARIOS } from './scenarios.js';
import { saveForLint, VERSION } from './support.js';
import { comparableTaskDefinitions } from './taskdef-parity.js';

type Resources = Record<string, { Type: string; Properties?: Record<string, unknown> }>;

/** Validates a template text, keeps it for cfn-lint, and returns the problems as text. */
function check(name: string, text: string, format: 'yaml' | 'json'): { problems: string; template: Record<string, unknown> } {
  saveForLint(name, text, format);
  const template = parseTemplate(text, format);
  return { problems: formatProblems(validateTemplate(template, text)), template };
}

/** Each service's template task definition against its JSON task definition. */
function parityProblems(app: Application, template: Record<string, unknown>): string[] {
  const resources = template['Resources'] as Resources;
  const byFamily = new Map<string, Record<string, unknown>>();
  for (const r of Object.values(resources)) {
    if (r.Type === 'AWS::ECS::TaskDefinition' && r.Properties) byFamily.set(r.Properties['Family'] as string, r.Properties);
  }
  const out: string[] = [];
  for (const f of emitTaskDefinitions(app, { version: VERSION, inputLabel: 'x', format: 'yaml' })) {
    if (!f.path.startsWith('task-definitions/')) continue;
    const json = JSON.parse(f.contents) as Record<string, unknown>;
    const cfn = byFamily.get(json['family'] as string);
    if (!cfn) {
      out.push(`${f.path}: no task definition with family ${String(json['family'])} in the template`);
      continue;
    }
    const c = comparableTaskDefinitions(cfn, json, resources, app.name);
    if (JSON.stringify(c.cfn) !== JSON.stringify(c.json)) {
      out.push(`${f.path} differs:\n template: ${JSON.stringify(c.cfn)}\n json:     ${JSON.stringify(c.json)}`);
    }
  }
  return out;
}

const CORPUS_RUNS = corpusRuns();

async function convert(dir: string, composeFiles: string[] = []): Promise<Application | undefined> {
  const result = await compile(defaultLoadOptions({ cwd: dir, path: '.', composeFiles }));
  return result.hasErrors ? undefined : result.app;
}

describe('templates match the CloudFormation resource specification', () => {
  for (const [name, build] of Object.entries(SCENARIOS)) {
    it(`scenario ${name}`, () => {
      const app = build();
      for (const format of ['yaml', 'json'] as const) {
        const { file } = renderedTemplate(app, { version: VERSION, inputLabel: 'compose.yaml', format });
        const { problems, template } = check(`scenario-${name}`, file!.contents, format);
        expect(problems, `${name} (${format})`).toBe('');
        expect(parityProblems(app, template), `${name} (${format})`).toEqual([]);
      }
    });
  }

  const fixtureCases = existsSync(FIXTURES)
    ? readdirSync(FIXTURES)
        .sort()
        .filter((c) => ['yaml', 'json'].some((ext) => existsSync(path.join(FIXTURES, c, `expected/cloudformation/template.${ext}`))))
    : [];
  for (const c of fixtureCases) {
    it(`golden fixture ${c}`, () => {
      for (const format of ['yaml', 'json'] as const) {
        const file = path.join(FIXTURES, c, `expected/cloudformation/template.${format}`);
        if (!existsSync(file)) continue;
        const { problems } = check(`fixture-${c}`, readFileSync(file, 'utf8'), format);
        expect(problems, c).toBe('');
      }
    });
  }

  const examples = existsSync(path.join(REPO_ROOT, 'examples')) ? readdirSync(path.join(REPO_ROOT, 'examples')).sort() : [];
  for (const ex of examples) {
    it(`example ${ex}`, async () => {
      const app = await convert(path.join(REPO_ROOT, 'examples', ex));
      expect(app, `${ex} converts without errors`).toBeDefined();
      const { file } = renderedTemplate(app!, { version: VERSION, inputLabel: ex, format: 'yaml' });
      const { problems, template } = check(`example-${ex}`, file!.contents, 'yaml');
      expect(problems, ex).toBe('');
      expect(parityProblems(app!, template), ex).toEqual([]);
    });
  }

  it('every corpus input that converts without errors', { timeout: 600_000 }, async () => {
    const failures: string[] = [];
    let converted = 0;
    for (const { label: input, dir, composeFiles } of CORPUS_RUNS) {
      const app = await convert(dir, composeFiles);
      if (!app) continue;
      converted++;
      const { file } = renderedTemplate(app, { version: VERSION, inputLabel: input, format: 'yaml' });
      const { problems, template } = check(input.replace(/\//g, '__'), file!.contents, 'yaml');
      if (problems) failures.push(`${input}:\n${problems}`);
      const parity = parityProblems(app, template);
      if (parity.length > 0) failures.push(`${input}:\n${parity.join('\n')}`);
    }
    console.log(`cloudformation: ${converted} of ${CORPUS_RUNS.length} corpus inputs converted and were validated`);
    expect(failures).toEqual([]);
  });
});
