/**
 * The verdict validator (the validator of YAML nodes, `verdictCode` in
 * scripts/build-compose-validator.mjs) gives Ajv's verdict, differentially on random documents:
 * documents generated from the schema and mutated (see verdict-fuzz.ts), and services of the
 * benchmark generator (../shared/bench/gen-compose.mjs) mutated. The oracle is Ajv compiled here
 * from the original schema; the generated Ajv validator (which validate.ts runs on a document
 * the verdict validator rejects) is held to the same verdicts.
 */
import { Ajv, type ValidateFunction } from 'ajv';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createReporter } from '../../../../src/diagnostics/context.js';
import { sourceFile } from '../../../../src/ir/source-file.js';
import { loadNodeValidator, loadValidator, toPlain, type ValidateFunction as Generated } from '../../../../src/parsers/compose/validate.js';
import { toJS, type YNode } from '../../../../src/yaml/node.js';
import { parseYaml } from '../../../../src/yaml/parse.js';
import { SHARED } from '../../../support/paths.js';
import { rng } from '../../../support/rng.js';
import { clone, docOf, generate, M, mutate, nodesOf, type Doc } from './verdict-fuzz.js';

type Schema = Record<string, unknown>;

let oracle: ValidateFunction;
let generated: Generated;
let verdict: (root: YNode) => boolean;
let schema: Schema;
let definitions: Record<string, Schema>;

beforeAll(async () => {
  const url = new URL('../../../../scripts/build-compose-validator.mjs', import.meta.url).href;
  const script = (await import(url)) as { AJV_OPTIONS: Record<string, unknown>; loadSchema: (file: string) => Schema };
  schema = script.loadSchema(path.join(SHARED, 'schemas/compose-spec.json'));
  definitions = schema['definitions'] as Record<string, Schema>;
  oracle = new Ajv({ ...script.AJV_OPTIONS }).compile(schema);
  generated = await loadValidator();
  verdict = await loadNodeValidator();
}, 60_000);

/** Checks both validators against the oracle on `doc`; returns the oracle's verdict. */
function agree(doc: Doc): boolean {
  const root = nodesOf(doc);
  const want = oracle(toJS(root));
  const shown = (): string => JSON.stringify(toJS(root), (_, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v)).slice(0, 400);
  if (verdict(root) !== want) expect(verdict(root), `verdict validator on ${shown()}`).toBe(want);
  if (generated(toPlain(root, new Map())) !== want) expect(generated(toPlain(root, new Map())), `generated validator on ${shown()}`).toBe(want);
  return want;
}

describe('the verdict validator gives Ajv’s verdict', () => {
  it('on 4000 documents generated from the schema, most of them mutated', () => {
    const random = rng(20261127);
    let valid = 0;
    let invalid = 0;
    for (let n = 0; n < 4000; n++) {
      const doc = generate(random, schema, definitions) as M;
      const mutations = Math.floor(random() * 4);
      for (let m = 0; m < mutations; m++) mutate(random, doc, definitions);
      if (agree(doc)) valid++;
      else invalid++;
    }
    // Both verdicts often enough to mean something.
    expect(invalid).toBeGreaterThan(1000);
    expect(valid).toBeGreaterThan(300);
  });

  it('on 2000 mutations of benchmark services', () => {
    const text = execFileSync(process.execPath, [path.join(SHARED, 'bench/gen-compose.mjs'), '60', 'verdict'], { encoding: 'utf8' });
    const root = parseYaml(sourceFile('compose.yaml', text), createReporter()).documents[0]?.root as YNode;
    const base = docOf(root) as M;
    expect(agree(base)).toBe(true);
    const services = (base.entries.find(([k]) => k === 'services')?.[1] as M).entries;
    const random = rng(1127);
    let invalid = 0;
    for (let n = 0; n < 2000; n++) {
      // A few services (mutating the whole file 3000 times would take long and test the same).
      const some = Array.from({ length: 3 }, () => clone(services[Math.floor(random() * services.length)]?.[1] as Doc));
      const doc = new M([
        ['services', new M(some.map((s, i) => [`s${i}`, s]))],
        ...base.entries.filter(([k]) => k !== 'services'),
      ]);
      const mutations = 1 + Math.floor(random() * 3);
      for (let m = 0; m < mutations; m++) mutate(random, doc, definitions);
      if (!agree(doc)) invalid++;
    }
    expect(invalid).toBeGreaterThan(700);
  });

  it('on hand-picked cases where plain values and nodes differ', () => {
    const svc = (entries: [string, Doc][]): M => new M([['services', new M([['web', new M([['image', 'a'], ...entries])]])]]);
    const shared = new M([['target', 80]]);
    const cases: [M, boolean][] = [
      // A key written twice: the last value counts.
      [svc([['cpu_count', 'x'], ['cpu_count', 1]]), true],
      [svc([['cpu_count', 1], ['cpu_count', new M([])]]), false],
      [svc([['unknown', 1], ['unknown', 2]]), false],
      // Numbers: integer is !(v % 1) and not NaN (Infinity passes); minimum fails NaN.
      [svc([['cpu_count', Infinity]]), true],
      [svc([['cpu_count', NaN]]), false],
      [svc([['cpu_count', 1.0]]), true],
      [svc([['cpu_count', -0]]), true],
      [svc([['cpu_percent', 100]]), true],
      [svc([['cpu_percent', 101]]), false],
      [svc([['cpus', NaN]]), true],
      // uniqueItems: "__proto__" twice is never found in a list of strings (Ajv's object).
      [svc([['cap_add', ['__proto__', '__proto__']]]), true],
      [svc([['cap_add', ['constructor', 'constructor']]]), false],
      [svc([['expose', ['80', 80]]]), true],
      [svc([['expose', [80, 80.0]]]), false],
      [svc([['expose', [NaN, NaN]]]), false],
      [svc([['ports', [NaN, NaN]]]), false],
      [svc([['ports', [0, -0]]]), false],
      [svc([['ports', ['80', 80]]]), true],
      [svc([['ports', [new M([['target', 80], ['published', '1']]), new M([['published', '1'], ['target', 80]])]]]), false],
      [svc([['ports', [shared, shared]]]), false],
      [svc([['ports', [new M([['target', 80]]), new M([['target', 80], ['target', 80]])]]]), false],
      [svc([['ports', [new M([['target', 80], ['published', '1']]), new M([['target', 80]])]]]), true],
      [svc([['ports', [new M([['target', 80]]), new M([['target', 80], ['published', '1']])]]]), true],
      [svc([['ports', ['80', new M([['target', 80]]), '80']]]), false],
      [svc([['ports', [new M([['target', 80], ['x-a', NaN]]), new M([['x-a', NaN], ['target', 80]])]]]), false],
      [svc([['ports', [new M([['target', 80], ['x-a', [NaN]]]), new M([['target', 80], ['x-a', [NaN]]])]]]), false],
      [svc([['volumes', [new M([['type', 'bind'], ['source', 'a'], ['target', '/a']]), new M([['target', '/a'], ['type', 'bind'], ['source', 'a']])]]]), false],
      [svc([['volumes', [new M([['type', 'bind'], ['source', 'a'], ['target', '/a']]), new M([['target', '/a'], ['type', 'bind'], ['source', 'b']])]]]), true],
      [svc([['ports', [new M([['target', 80], ['target', 81]]), new M([['target', 81]])]]]), false],
      // required: a null value is present.
      [svc([['depends_on', new M([['db', new M([['condition', 'service_started'], ['required', null]])]])]]), false],
      [svc([['extends', new M([['service', null]])]]), false],
      [svc([['extends', new M([['service', 'x']])]]), true],
      [svc([['ulimits', new M([['nofile', new M([['hard', 1]])]])]]), false],
      [svc([['ulimits', new M([['nofile', new M([['hard', 1], ['soft', null]])]])]]), false],
      [svc([['ulimits', new M([['nofile', new M([['hard', 1], ['soft', Infinity]])]])]]), true],
      // Odd keys.
      [svc([['__proto__', 1]]), false],
      [svc([['x-\n', 1]]), true],
      [new M([['services', new M([['__proto__', new M([['image', 'a']])]])]]), true],
      [svc([['environment', new M([['\n', 'a']])]]), false],
      [svc([['environment', new M([['\nB', 'a']])]]), true],
    ];
    for (const [doc, valid] of cases) expect(agree(doc), JSON.stringify(toJS(nodesOf(doc)))).toBe(valid);
  });
});
