/**
 * ecsify's schema verdict agrees with the official Compose schema on the whole corpus.
 *
 * For every YAML/JSON file under ../shared/corpus/compose/ that loads as a Compose document,
 * the merged, interpolated document that ecsify validates is also validated by Ajv compiled at
 * test time from the ORIGINAL ../shared/schemas/compose-spec.json (the oracle). ecsify reports
 * a `compose/schema` error exactly when the oracle rejects the document, except for the
 * deliberate differences listed below. A second test mutates corpus documents to exercise every
 * part of the generated validator (which is built from a rewritten but equivalent schema).
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createReporter } from '../../src/diagnostics/context.js';
import { loadComposeModel } from '../../src/parsers/compose/load.js';
import { isLegacyKeyError, loadNodeValidator, loadValidator, toPlain, type ValidateFunction as GeneratedValidate } from '../../src/parsers/compose/validate.js';
import { defaultLoadOptions } from '../../src/parsers/options.js';
import { sourceFile } from '../../src/ir/source-file.js';
import { toJS, type YMap, type YNode } from '../../src/yaml/node.js';
import { parseYaml } from '../../src/yaml/parse.js';
import { SHARED } from '../support/paths.js';
import { rng } from '../support/rng.js';

const CORPUS = path.join(SHARED, 'corpus/compose');

/**
 * Files where the oracle rejects the document but ecsify deliberately reports no schema error,
 * with the reason. Only one reason exists today: service keys of the old file formats
 * (`log_driver`, `net`, `dockerfile`, `volume_driver`, `cgroupns_mode`…), which ecsify reads
 * with their old meaning and reports as `compose/legacy-key` instead of rejecting the file
 * (../shared/docs/compose.md §1: "use the legacy schemas only for lint messages … never to
 * reject input"). The list must be exact: a file missing from it, or listed without reason, fails.
 */
const LEGACY_REASON = 'old-format service keys are read with their old meaning (compose/legacy-key), not rejected';
const DELIBERATE: Record<string, string> = {
  // A version 1 file with `volume_driver: local`.
  'kompose__envvars-separators/compose.yaml': LEGACY_REASON,
};

function corpusFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const p = path.join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.(ya?ml|json)$/.test(name)) out.push(p);
    }
  };
  walk(CORPUS);
  return out;
}

interface Loaded {
  rel: string;
  root: YMap | undefined;
  schemaDiagnostics: { message: string; file?: string; line?: number }[];
}

async function loadOne(abs: string): Promise<Loaded> {
  const reporter = createReporter();
  let root: YMap | undefined;
  await loadComposeModel(
    defaultLoadOptions({ cwd: path.dirname(abs), path: '.', composeFiles: [abs], env: { HOME: '/home/user' } }),
    reporter,
    { beforeValidation: (r) => (root = r) },
  );
  const schemaDiagnostics = reporter.diagnostics
    .filter((d) => d.rule === 'compose/schema')
    .map((d) => ({ message: d.message, file: d.origin?.file, line: d.origin?.line }));
  return { rel: path.relative(CORPUS, abs).split(path.sep).join('/'), root, schemaDiagnostics };
}

let oracle: ValidateFunction;
let generated: GeneratedValidate;
let nodeVerdict: (root: YNode) => boolean;
let loaded: Loaded[];

beforeAll(async () => {
  const scriptUrl = new URL('../../scripts/build-compose-validator.mjs', import.meta.url).href;
  const script = (await import(scriptUrl)) as { AJV_OPTIONS: Record<string, unknown>; loadSchema: (file: string) => object };
  const ajv = new Ajv({ ...script.AJV_OPTIONS });
  oracle = ajv.compile(script.loadSchema(path.join(SHARED, 'schemas/compose-spec.json')));
  generated = await loadValidator();
  nodeVerdict = await loadNodeValidator();
  loaded = [];
  for (const f of corpusFiles()) loaded.push(await loadOne(f));
}, 120_000);

describe('schema agreement on ../shared/corpus/compose', () => {
  it('loads a Compose document from most corpus files', () => {
    const withRoot = loaded.filter((l) => l.root);
    // Files without a document: empty, syntax errors, env/label files named .yml, fragments.
    expect(withRoot.length).toBeGreaterThan(250);
    process.stdout.write(`schema agreement: ${withRoot.length} documents of ${loaded.length} corpus files\n`);
  });

  it('reports compose/schema exactly when the official schema rejects the document', () => {
    const disagreements: string[] = [];
    const deliberateSeen: string[] = [];
    let rejected = 0;
    for (const l of loaded) {
      if (!l.root) continue;
      const valid = oracle(toJS(l.root));
      const errors: ErrorObject[] = oracle.errors ?? [];
      const relevant = errors.filter((e) => !isLegacyKeyError(e as never));
      const ecsifyRejects = l.schemaDiagnostics.length > 0;
      if (!valid) rejected++;
      if (!valid && relevant.length === 0) {
        deliberateSeen.push(l.rel);
        if (ecsifyRejects) disagreements.push(`${l.rel}: only old-format keys, yet ecsify reports ${l.schemaDiagnostics[0]?.message}`);
        continue;
      }
      if (relevant.length > 0 && !ecsifyRejects) {
        disagreements.push(`${l.rel}: schema rejects (${relevant[0]?.instancePath} ${relevant[0]?.message}), ecsify reports nothing`);
      }
      if (relevant.length === 0 && ecsifyRejects) {
        disagreements.push(`${l.rel}: schema accepts, ecsify reports ${l.schemaDiagnostics[0]?.message}`);
      }
    }
    expect(disagreements).toEqual([]);
    // The deliberate list is exact and every entry has a reason.
    expect(deliberateSeen.sort()).toEqual(Object.keys(DELIBERATE).sort());
    for (const reason of Object.values(DELIBERATE)) expect(reason.length).toBeGreaterThan(10);
    process.stdout.write(`schema agreement: the schema rejects ${rejected} documents; ${deliberateSeen.length} deliberate differences\n`);
  });

  it('every compose/schema diagnostic points at a line of a loaded file', () => {
    for (const l of loaded) {
      for (const d of l.schemaDiagnostics) {
        expect(d.file, `${l.rel}: ${d.message}`).toBeTruthy();
        expect(d.line, `${l.rel}: ${d.message}`).toBeGreaterThan(0);
      }
    }
  });

  it('the generated validator gives the oracle verdict on every corpus document', () => {
    for (const l of loaded) {
      if (!l.root) continue;
      expect(generated(toPlain(l.root, new Map())), l.rel).toBe(oracle(toJS(l.root)));
    }
  });

  it('the validator of YAML nodes gives the oracle verdict on every corpus document', () => {
    for (const l of loaded) {
      if (!l.root) continue;
      expect(nodeVerdict(l.root), l.rel).toBe(oracle(toJS(l.root)));
    }
  });
});

/** Every [container, key] position of a JSON value. */
function positions(value: unknown, out: [Record<string, unknown> | unknown[], string | number][] = []): typeof out {
  if (Array.isArray(value)) value.forEach((v, i) => (out.push([value, i]), positions(v, out)));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      out.push([value as Record<string, unknown>, k]);
      positions(v, out);
    }
  }
  return out;
}

const REPLACEMENTS: unknown[] = ['text', '80:80', 42, 1.5, -1, true, null, [], ['a'], [1], [{}], {}, { x: 1 }, { 'x-a': 1 }, { target: 80 }, { source: 's' }, { condition: 'service_started' }];

describe('the generated validator is equivalent to the original schema', () => {
  it('gives the same verdict on 3000 mutated corpus documents', () => {
    const random = rng(20240611);
    const docs = loaded.filter((l) => l.root).map((l) => l.root as YMap);
    let invalid = 0;
    for (let n = 0; n < 3000; n++) {
      const doc = toJS(docs[Math.floor(random() * docs.length)] as YMap);
      const spots = positions(doc);
      if (spots.length === 0) continue;
      const [container, key] = spots[Math.floor(random() * spots.length)] as [Record<string | number, unknown>, string | number];
      container[key] = structuredClone(REPLACEMENTS[Math.floor(random() * REPLACEMENTS.length)]);
      const want = oracle(doc);
      if (!want) invalid++;
      expect(generated(doc), JSON.stringify(doc).slice(0, 300)).toBe(want);
      // The node validator, on the same document read back as YAML nodes.
      const root = parseYaml(sourceFile('doc.json', JSON.stringify(doc)), createReporter()).documents[0]?.root as YNode;
      expect(nodeVerdict(root), JSON.stringify(doc).slice(0, 300)).toBe(oracle(toJS(root)));
    }
    expect(invalid).toBeGreaterThan(500);
  });
});
