/**
 * Compose projects generated from the official Compose schema, through `lint` and `convert`
 * (every emitter, both launch types), in process. The corpus tests read files people wrote;
 * these reach combinations nobody wrote yet: keys the schema allows in odd company, services
 * ecsify leaves out (no image, a `provider`, a profile that is off) next to ones it maps.
 * Services are drawn until one passes the schema (up to TRIES draws), so that most projects get
 * past validation to the mapping and the emitters.
 *
 * - Projects that convert without errors must give task definitions that pass the ECS rules
 *   (taskdef-validator.ts), a workflow GitHub's own parser accepts, and the same files when
 *   converted again.
 * - With secrets planted in every place a Compose file holds them, every run must end in
 *   diagnostics and exit code 0 or 1, never an exception or the internal-failure banner; and no
 *   planted secret may come out on stdout, on stderr (code frames included) or in a written file.
 */
import { Ajv, type ValidateFunction } from 'ajv';
import { dump } from 'js-yaml';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { readTree, tempDir } from '../support/fs-tree.js';
import { SHARED } from '../support/paths.js';
import { rng } from '../support/rng.js';
import { schemaInstance } from '../support/schema-instances.js';
import { validateTaskDefinition } from '../support/taskdef-validator.js';
import { workflowErrorsIn } from '../support/workflow-runner.js';

const ROUNDS = 150;
const TRIES = 200;

let schema: Record<string, unknown>;
let validService: ValidateFunction;

beforeAll(() => {
  schema = JSON.parse(readFileSync(path.join(SHARED, 'schemas/compose-spec.json'), 'utf8')) as Record<string, unknown>;
  // The schema names draft 7's meta-schema by an address Ajv does not hold; draft 7 is its default.
  const { $schema: _, ...rest } = schema;
  validService = new Ajv({ strict: false, validateFormats: false }).compile(rest);
});

/**
 * A service with an image, drawn until the schema accepts it (or TRIES draws), with at most
 * `keys` keys and without the keys in `without`.
 */
function drawService(rand: () => number, keys: number, without: readonly string[]): Record<string, unknown> {
  const definition = (schema['definitions'] as Record<string, Record<string, unknown>>)['service'] as Record<string, unknown>;
  let s: Record<string, unknown> = {};
  for (let t = 0; t < TRIES; t++) {
    const drawn = schemaInstance(schema, definition, { rand, topProperties: keys, typeSwaps: 0 });
    s = drawn !== null && typeof drawn === 'object' && !Array.isArray(drawn) ? (drawn as Record<string, unknown>) : {};
    s['image'] ??= 'nginx:1.25';
    for (const key of without) delete s[key];
    if (validService({ services: { x: s } })) break;
  }
  return s;
}

interface Project {
  files: Record<string, string>;
  /** Values that must never come out. */
  canaries: string[];
}

/** One project: 1–4 services with planted secrets, and sometimes top-level sections. */
function generate(rand: () => number): Project {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
  const properties = schema['properties'] as Record<string, Record<string, unknown>>;
  const canaries: string[] = [];
  const files: Record<string, string> = {};
  // Distinctive enough to be searched for everywhere once judged secret.
  const canary = (): string => {
    const c = `cnry${Math.floor(rand() * 2 ** 32).toString(36)}Q7w2Lk`;
    canaries.push(c);
    return c;
  };
  const services: Record<string, unknown> = {};
  const count = 1 + Math.floor(rand() * 4);
  for (let i = 0; i < count; i++) {
    const s = drawService(rand, 8, []);
    if (rand() < 0.5) {
      const env = s['environment'];
      s['environment'] = { ...(env && typeof env === 'object' && !Array.isArray(env) ? env : {}), DB_PASSWORD: canary() };
    } else if (rand() < 0.4) {
      s['environment'] = [...(Array.isArray(s['environment']) ? s['environment'] : []), `API_TOKEN=${canary()}`];
    }
    if (rand() < 0.2) {
      s['env_file'] = [`secrets-${i}.env`];
      files[`secrets-${i}.env`] = `SESSION_SECRET=${canary()}\n`;
    }
    if (rand() < 0.2) s['build'] = { context: '.', args: { NPM_TOKEN: canary() } };
    if (rand() < 0.2) {
      const c = canary();
      s['command'] = pick([`redis-server --requirepass ${c}`, ['mysqladmin', 'ping', `-p${c}`], `sh -c "curl -u admin:${c} http://x/"`]);
    }
    if (rand() < 0.1) s['healthcheck'] = { test: ['CMD', 'redis-cli', '-a', canary(), 'ping'] };
    // Services ecsify does not map.
    if (rand() < 0.2) s['profiles'] = ['off'];
    if (rand() < 0.1) delete s['image'];
    if (rand() < 0.1) s['provider'] = { type: 'model' };
    services[`${pick(['web', 'worker', 'db', 'redis', 'api'])}${i}`] = s;
  }
  const doc: Record<string, unknown> = { services };
  for (const top of ['volumes', 'networks', 'secrets', 'configs']) {
    if (rand() < 0.3) doc[top] = schemaInstance(schema, properties[top] as Record<string, unknown>, { rand, topProperties: 3, typeSwaps: 0 });
  }
  if (rand() < 0.2) doc['name'] = pick(['shop', 'My App', '']);
  files['compose.yaml'] = dump(doc, { noRefs: true, lineWidth: -1 });
  return { files, canaries };
}

/** A project without planted secrets or files, so that more of them convert cleanly. */
function generatePlain(rand: () => number): string {
  const services: Record<string, unknown> = {};
  const count = 1 + Math.floor(rand() * 3);
  for (let i = 0; i < count; i++) {
    // Without the keys that name files or other services the project does not have.
    services[`svc${i}`] = drawService(rand, 6, ['build', 'extends', 'env_file', 'label_file']);
  }
  return dump({ services }, { noRefs: true, lineWidth: -1 });
}

describe('Compose projects generated from the schema', () => {
  it('that convert cleanly give task definitions ECS accepts, workflows GitHub accepts, the same bytes every time', { timeout: 300_000 }, async () => {
    const rand = rng(20261130);
    const failures: string[] = [];
    let clean = 0;
    for (let round = 0; round < 120; round++) {
      const text = generatePlain(rand);
      const root = tempDir('ecsify-generated-');
      const dir = path.join(root, 'project');
      mkdirSync(dir);
      writeFileSync(path.join(dir, 'compose.yaml'), text);
      const out = path.join(root, 'out');
      const args = ['convert', '.', '-o', out, '--emit', 'all', ...(round % 2 ? ['--launch-type', 'ec2'] : [])];
      const first = await runCli(args, { cwd: dir, env: {} });
      if (first.code !== 0) {
        if (first.code !== 1 || first.stderr.includes('internal error')) failures.push(`round ${round}: exit ${first.code}: ${first.stderr.slice(-600)}`);
        rmSync(root, { recursive: true, force: true });
        continue;
      }
      clean++;
      for (const e of await workflowErrorsIn(out)) failures.push(`round ${round}: ${e}\n${text}`);
      const written = readTree(out);
      for (const [file, json] of written) {
        if (!file.startsWith('task-definitions/') || !file.endsWith('.json')) continue;
        const problems = validateTaskDefinition(JSON.parse(json));
        if (problems.length > 0) failures.push(`round ${round} (${args.slice(5).join(' ') || 'fargate'}): ${file}: ${problems.join('; ')}\n${text}`);
      }
      // Again, into the same folder (the files name it): byte for byte the same.
      rmSync(out, { recursive: true, force: true });
      await runCli(args, { cwd: dir, env: {} });
      const again = readTree(out);
      if (JSON.stringify([...again]) !== JSON.stringify([...written])) failures.push(`round ${round}: a second conversion wrote different files\n${text}`);
      rmSync(root, { recursive: true, force: true });
    }
    console.log(`generated Compose projects: ${clean} of 120 converted cleanly`);
    expect(failures).toEqual([]);
    expect(clean).toBeGreaterThan(30);
  });
});

describe('Compose projects generated from the schema, with planted secrets', () => {
  it('lint and convert end in diagnostics, and no planted secret comes out', { timeout: 300_000 }, async () => {
    const rand = rng(20261129);
    const failures: string[] = [];
    const codes = new Map<string, number>();
    for (let round = 0; round < ROUNDS; round++) {
      const project = generate(rand);
      const root = tempDir('ecsify-generated-');
      const dir = path.join(root, 'project');
      mkdirSync(dir);
      for (const [file, text] of Object.entries(project.files)) writeFileSync(path.join(dir, file), text);
      const runs = [
        ['lint', '.', '--format', round % 2 ? 'stylish' : 'sarif'],
        ['convert', '.', '-o', path.join(root, 'out'), '--emit', 'all', ...(round % 2 ? ['--launch-type', 'ec2'] : [])],
      ];
      for (const args of runs) {
        const r = await runCli(args, { cwd: dir, env: {} });
        const label = `round ${round}, ${args[0]}`;
        codes.set(`${args[0]} ${r.code}`, (codes.get(`${args[0]} ${r.code}`) ?? 0) + 1);
        if (![0, 1].includes(r.code) || r.stderr.includes('internal error')) failures.push(`${label}: exit ${r.code}: ${r.stderr.trim().split('\n').slice(-4).join(' | ')}`);
        const written = args[0] === 'convert' ? [...readTree(path.join(root, 'out'))] : [];
        const texts: [string, string][] = [['stdout', r.stdout], ['stderr', r.stderr], ...written];
        for (const c of project.canaries) {
          for (const [where, text] of texts) if (text.includes(c)) failures.push(`${label}: planted secret ${c} in ${where}\n${project.files['compose.yaml']}`);
        }
      }
      rmSync(root, { recursive: true, force: true });
    }
    console.log(`generated Compose projects: ${ROUNDS} rounds, exit codes ${JSON.stringify(Object.fromEntries([...codes].sort()))}`);
    expect(failures).toEqual([]);
    // Some projects are valid: the emitters ran on those, and wrote files.
    expect(codes.get('convert 0') ?? 0).toBeGreaterThan(5);
  });
});
