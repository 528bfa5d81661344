/**
 * The generated validator's calls are rewritten (`simplifyCalls` in
 * scripts/build-compose-validator.mjs: the instance path as a plain argument, keys escaped by
 * `escapeKey`). The rewritten code must give the same verdicts and the same errors, instance
 * paths included, as the code Ajv wrote: checked here on generated Compose documents, valid and
 * broken, with keys that need JSON-pointer escaping.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReporter } from '../../../../src/diagnostics/context.js';
import { sourceFile } from '../../../../src/ir/source-file.js';
import { toPlain } from '../../../../src/parsers/compose/validate.js';
import type { YNode } from '../../../../src/yaml/node.js';
import { parseYaml } from '../../../../src/yaml/parse.js';
import { rng } from '../../../support/rng.js';

type Validate = ((data: unknown) => boolean) & { errors?: unknown[] | null };

let dir: string;
let simplified: Validate;
let asAjvWrote: Validate;
let ofNodes: (root: YNode) => boolean;
let nodesCode: string;
let code: string;

beforeAll(async () => {
  const url = new URL('../../../../scripts/build-compose-validator.mjs', import.meta.url).href;
  const generator = (await import(url)) as { generateCode: (o?: { simplify?: boolean; nodes?: boolean }) => Promise<string> };
  dir = mkdtempSync(path.join(os.tmpdir(), 'ecsify-validator-'));
  const load = async (name: string, text: string): Promise<Validate> => {
    const file = path.join(dir, name);
    writeFileSync(file, text);
    return ((await import(pathToFileURL(file).href)) as { validate: Validate }).validate;
  };
  code = await generator.generateCode();
  simplified = await load('simplified.mjs', code);
  asAjvWrote = await load('as-ajv-wrote.mjs', await generator.generateCode({ simplify: false }));
  nodesCode = await generator.generateCode({ nodes: true });
  ofNodes = (await load('of-nodes.mjs', nodesCode)) as unknown as (root: YNode) => boolean;
}, 60_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const KEYS = ['web', 'a/b', 'x~y', '~/', 'db.1', 'x-extra', 'bad key', ''];
const VALUES: unknown[] = ['text', '80:80', 42, 1.5, -1, true, null, [], ['a'], [1, 1], ['a', 'a'], [{}], {}, { x: 1 }, { 'x-a': 1 }, { target: 80 }, { source: 's' }];
/** More values for the verdict validator: lists of collections (uniqueItems), index-like keys. */
const NODE_VALUES: unknown[] = [
  ...VALUES,
  [{ x: 1 }, { x: 1 }],
  [{ x: 1 }, { x: 2 }],
  [{ a: 1, b: 2 }, { b: 2, a: 1 }],
  [[1], [1]],
  [['a'], 'a'],
  [80, '80'],
  { '1': 'a', '0': 'b' },
  { target: 80, published: '8080', protocol: 'tcp' },
  { type: 'bind', source: './x', target: '/x' },
  { soft: 1, hard: 2 },
];

/** `value` as ecsify's YAML nodes (read back from its JSON text). */
function nodesOf(value: unknown): YNode {
  return parseYaml(sourceFile('doc.json', JSON.stringify(value)), createReporter()).documents[0]?.root as YNode;
}

function pick<T>(random: () => number, list: readonly T[]): T {
  return list[Math.floor(random() * list.length)] as T;
}

/** A Compose-like document, with a random value or key dropped in at random places. */
function document(random: () => number, values: readonly unknown[] = VALUES): Record<string, unknown> {
  const services: Record<string, unknown> = {};
  for (let i = 0; i < 1 + Math.floor(random() * 4); i++) {
    const service: Record<string, unknown> = {
      image: 'nginx:1.27',
      environment: { A: '1', B: 2, [pick(random, KEYS)]: pick(random, VALUES) },
      ports: ['80:80', { target: 8080, published: '8080' }],
      volumes: ['data:/data', { type: 'bind', source: './x', target: '/x' }],
      healthcheck: { test: ['CMD', 'true'], interval: '10s', retries: 3 },
      deploy: { resources: { limits: { cpus: '0.5', memory: '512M' } }, replicas: 2 },
      depends_on: { db: { condition: 'service_healthy' } },
      labels: ['a=b'],
      ulimits: { nofile: { soft: 1, hard: 2 } },
    };
    const spots = Object.keys(service);
    for (let k = 0; k < 2; k++) service[random() < 0.3 ? pick(random, KEYS) : pick(random, spots)] = structuredClone(pick(random, values));
    services[random() < 0.3 ? pick(random, KEYS) : `svc${i}`] = service;
  }
  return {
    services,
    volumes: { data: {}, [pick(random, KEYS)]: pick(random, values) },
    secrets: { [pick(random, KEYS)]: { file: './s' } },
    configs: { [pick(random, KEYS)]: pick(random, values) },
    networks: { [pick(random, KEYS)]: pick(random, values) },
  };
}

describe('the rewritten validator calls', () => {
  it('leave no options object, no parentData or rootData, and escape keys with escapeKey', () => {
    // Tested as booleans: a failing match would print the whole module.
    expect(/parentData|rootData/.test(code)).toBe(false);
    expect(/\.replace\(\/~\/g, "~0"\)/.test(code)).toBe(false);
    expect(/escapeKey\(key\d+\)/.test(code)).toBe(true);
  });

  it('give the verdicts and errors of the code Ajv wrote on 2000 generated documents', () => {
    const random = rng(20250611);
    let invalid = 0;
    for (let n = 0; n < 2000; n++) {
      const doc = document(random);
      const want = asAjvWrote(doc);
      const wantErrors = structuredClone(asAjvWrote.errors ?? null);
      expect(simplified(doc)).toBe(want);
      expect(simplified.errors ?? null).toEqual(wantErrors);
      if (!want) invalid++;
    }
    expect(invalid).toBeGreaterThan(500);
  });

  it('escape keys as JSON pointers in instance paths', () => {
    const doc = { services: { web: { image: 'nginx', environment: { 'a/b~c': [1] } } } };
    expect(simplified(doc)).toBe(false);
    expect(asAjvWrote(doc)).toBe(false);
    const paths = (simplified.errors as { instancePath: string }[]).map((e) => e.instancePath);
    expect(paths).toContain('/services/web/environment/a~1b~0c');
    expect(simplified.errors).toEqual(asAjvWrote.errors);
  });
});

describe('the validator of YAML nodes', () => {
  it('builds no errors and looks each key of a mapping up once', () => {
    // Tested as booleans: a failing match would print the whole module.
    expect(/instancePath|vErrors|errors\b/.test(nodesCode)).toBe(false);
    // The service's ~90 properties: one table lookup per key written, not a read per property.
    expect(/new Map\(\[\["develop", \w+\], \["deploy", \w+\]/.test(nodesCode)).toBe(true);
    expect(/get\(\w+, "image"\)|\.image\b|\["image"\]/.test(nodesCode)).toBe(false);
  });

  it('gives the verdict of the plain validator on 3000 generated documents', () => {
    const random = rng(20260127);
    let invalid = 0;
    for (let n = 0; n < 3000; n++) {
      const doc = document(random, NODE_VALUES);
      const root = nodesOf(doc);
      const want = asAjvWrote(toPlain(root, new Map()));
      expect(ofNodes(root), JSON.stringify(doc).slice(0, 300)).toBe(want);
      if (!want) invalid++;
    }
    expect(invalid).toBeGreaterThan(500);
  });

  it('reads aliases, merged entries and index-like keys as the plain validator does', () => {
    const texts = [
      'x-a: &a {image: a, ports: ["80:80", "80:80"]}\nservices: {web: *a, db: {<<: *a, image: b}}\n',
      'services: {web: {image: a, ports: [{target: 80}, {target: 80}]}}\n',
      'services: {web: {image: a, ports: [{target: 80}, {target: 81}]}}\n',
      'services: {web: {image: a, environment: {"1": a, "0": [b]}}}\n',
      'services: {web: {image: a, deploy: {resources: {limits: {cpus: 0.5, memory: 1g}}}}}\n',
      'services: {"web": {image: a, command: [1, 2]}}\n',
      'services: []\n',
      // Keys matched against `.+`, and uniqueItems lists (a Map in the node validator).
      'services: {web: {image: a, environment: {"\\n": a}}}\n',
      'services: {web: {image: a, environment: {"\\nB": a, "x\\n": b}}}\n',
      'services: {web: {image: a, environment: {"\\u2028": a, "\\r\\n": b}}}\n',
      'services: {web: {image: a, labels: {"\\u2029x": a}}}\n',
      'services: {web: {image: a, labels: ["a=b", "a=b"]}}\n',
      'services: {web: {image: a, labels: ["a=b", "c=d", "constructor", "toString", "constructor"]}}\n',
      'services: {web: {image: a, dns: ["1.1.1.1", "8.8.8.8", "1.1.1.1"]}}\n',
      'services: {web: {image: a, expose: ["80", 80]}}\n',
      'services: {web: {image: a, expose: ["80", 81, "81"]}}\n',
    ];
    for (const text of texts) {
      const root = parseYaml(sourceFile('c.yml', text), createReporter()).documents[0]?.root as YNode;
      expect(ofNodes(root), text).toBe(asAjvWrote(toPlain(root, new Map())));
    }
  });
});
