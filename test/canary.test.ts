/**
 * Canary test: secret values planted in every kind of input (Compose `environment` in map and
 * list form, `.env` interpolation, `env_file`, Dockerrun v1/v2, `.ebextensions` option settings in
 * both forms) must never come out again: not in any emitted file (every emitter the CLI offers,
 * YAML and JSON, both launch types and secret backends, the IR dumped after every pass), not on
 * stdout or stderr of any command (`convert`, `lint` in every format, `explain`), not in a
 * diagnostic, not in the IR.
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMIT_KINDS } from '../src/emitters/kinds.js';
import { compile, defaultLoadOptions } from '../src/index.js';
import { RENDER_FORMATS } from '../src/render/index.js';
import { runCli, type CliRun } from './support/cli.js';
import { readTree, tempDir } from './support/fs-tree.js';

/** Each canary is unique, so a leak names the input it came from. */
const C = {
  composeMap: 'cnryComposeMapQ7w2Lk',
  composeValueShape: 'CnryStripe4eC39HqLyjW',
  composeUrlPassword: 'cnryUrlPassZ81kd',
  dotenv: 'cnryDotenvR5tYu8',
  envFile: 'cnryEnvFileM3nB6v',
  composeList: 'cnryComposeListP0oI9u',
  composeListAws: 'cnryAwsSecretKeyW9e8R7t6Y5u4I3o2P1a0S9d8',
  dbService: 'cnryPostgresPwX4c5V6',
  unusedDotenv: 'cnryUnusedDotenvH2j3K4',
  dockerrunV2: 'cnryDockerrunV2A1s2D3',
  dockerrunV2Url: 'cnryRedisUrlF4g5H6',
  ebextensionsMap: 'cnryEbextMapJ7k8L9',
  ebextensionsMap2: 'cnryEbextApiKeyZ1x2C3',
  ebextensionsList: 'cnryEbextListV4b5N6',
  ebextensionsV2: 'cnryEbextV2Q9w8E7',
  // A secret's value used again outside its own variable (issue: audit 5, sec2/sec4/sec5).
  otherVar: 'cnryOtherVarB7n8M9',
  composite: 'cnryCompositeK2l3Z4',
  label: 'cnryLabelT5y6U7',
  commandList: 'cnryCmdListG8h9J0',
  commandString: 'cnryCmdStringQ1w2E3',
  entrypoint: 'cnryEntrypointR4t5Y6',
  healthcheck: 'cnryHealthA7s8D9',
  entrypointToken: 'CnryEntryTokenX1c2V3b4',
  interpolatedOnly: 'cnryInterpOnlyM9n8B7',
  labelToken: 'CnryLabelTokenN5m6Q7w8',
  // A plain word (weak: not looked for everywhere), given as a password option and in a URL.
  weakOption: 'cnryweakredispass',
  // In services that are not mapped, on the line above another service's code frame.
  providerService: 'cnryProviderKeyP3o4I5',
  profileService: 'cnryProfilePwU6y7T8',
  profileCommand: 'cnryProfileCmdS2d3F4',
  leftOutNeighbour: 'cnryNeighbourPwR9e0W1',
} as const;
const CANARIES = Object.values(C);

interface InputSpec {
  dir: string;
  /** Variables that must be reported as plaintext secrets (proof the canaries were read). */
  secretVars: string[];
  /**
   * Fields (words of the message) that must be reported as `secrets/value-in-field` errors: the
   * input cannot be converted, and nothing may be written or printed with a canary in it.
   */
  fieldErrors?: string[];
  files: Record<string, string>;
}

const INPUTS: InputSpec[] = [
  {
    dir: 'compose-app',
    secretVars: ['DB_PASSWORD', 'STRIPE', 'DATABASE_URL', 'SESSION_SECRET', 'API_TOKEN', 'GITHUB_TOKEN', 'AWS_SECRET_ACCESS_KEY', 'POSTGRES_PASSWORD'],
    files: {
      'compose.yaml': `name: canary
services:
  web:
    image: ghcr.io/acme/web:1.0
    ports: ["80:3000"]
    env_file: [app.env]
    environment:
      DB_PASSWORD: ${C.composeMap}
      STRIPE: sk_live_${C.composeValueShape}
      DATABASE_URL: postgres://app:${C.composeUrlPassword}@db:5432/app
      SESSION_SECRET: \${SESSION_SECRET}
      LOG_LEVEL: info
    healthcheck:
      test: ["CMD", "curl", "-f", "http://localhost:3000/health"]
  worker:
    image: ghcr.io/acme/web:1.0
    command: ["bundle", "exec", "sidekiq"]
    environment:
      - GITHUB_TOKEN=${C.composeList}
      - AWS_SECRET_ACCESS_KEY=${C.composeListAws}
    depends_on:
      db:
        condition: service_healthy
  db:
    image: postgres:16
    environment:
      POSTGRES_PASSWORD: ${C.dbService}
    healthcheck:
      # The password written again: the check is made to read POSTGRES_PASSWORD instead.
      test: ["CMD", "psql", "-U", "postgres", "-c", "select 1", "--set=pw=${C.dbService}"]
`,
      '.env': `SESSION_SECRET=${C.dotenv}\nUNUSED_TOKEN=${C.unusedDotenv}\n`,
      'app.env': `API_TOKEN=${C.envFile}\nPLAIN=value\n`,
    },
  },
  {
    dir: 'eb-dockerrun-v2',
    secretVars: ['DB_PASSWORD', 'REDIS_URL', 'SECRET_KEY_BASE', 'API_KEY'],
    files: {
      'Dockerrun.aws.json': JSON.stringify(
        {
          AWSEBDockerrunVersion: 2,
          containerDefinitions: [
            {
              name: 'web',
              image: 'ghcr.io/acme/web:1.0',
              essential: true,
              memory: 256,
              portMappings: [{ hostPort: 80, containerPort: 3000 }],
              environment: [
                { name: 'DB_PASSWORD', value: C.dockerrunV2 },
                { name: 'REDIS_URL', value: `redis://:${C.dockerrunV2Url}@cache:6379/0` },
                { name: 'RAILS_ENV', value: 'production' },
              ],
            },
          ],
        },
        null,
        2,
      ),
      '.ebextensions/01-env.config': `option_settings:
  aws:elasticbeanstalk:application:environment:
    SECRET_KEY_BASE: ${C.ebextensionsMap}
    API_KEY: ${C.ebextensionsMap2}
`,
    },
  },
  {
    dir: 'eb-dockerrun-v1',
    secretVars: ['MAIL_PASSWORD', 'STRIPE_SECRET'],
    files: {
      'Dockerrun.aws.json': JSON.stringify({ AWSEBDockerrunVersion: '1', Image: { Name: 'ghcr.io/acme/app:2.1' }, Ports: [{ ContainerPort: '3000' }] }, null, 2),
      '.ebextensions/env.config': `option_settings:
  - namespace: aws:elasticbeanstalk:application:environment
    option_name: MAIL_PASSWORD
    value: ${C.ebextensionsList}
  - option_name: STRIPE_SECRET
    value: ${C.ebextensionsV2}
`,
    },
  },
  {
    // A secret's value copied into other variables: they become secret references too.
    dir: 'compose-secret-reused-in-env',
    secretVars: ['DB_PASSWORD', 'OTHER', 'DB_CONN'],
    files: {
      'compose.yaml': `services:
  web:
    image: ghcr.io/acme/web:1.0
    environment:
      DB_PASSWORD: \${DB_PASSWORD}
      OTHER: \${DB_PASSWORD}
      DB_CONN: "host=db user=app \${COMPOSITE_PASSWORD}"
      COMPOSITE_PASSWORD: \${COMPOSITE_PASSWORD}
      LOG_LEVEL: info
`,
      '.env': `DB_PASSWORD=${C.otherVar}\nCOMPOSITE_PASSWORD=${C.composite}\n`,
    },
  },
  {
    // A dev default password, a plain word, given as a command option (and used in a URL): an
    // error where ECS cannot inject it, and masked in the code frames of every diagnostic.
    dir: 'compose-weak-password-option',
    secretVars: ['REDIS_URL'],
    fieldErrors: ['command', 'health check'],
    files: {
      'compose.yaml': `services:
  redis:
    image: redis:7-alpine
    command: redis-server --appendonly yes --requirepass \${REDIS_PASSWORD:-${C.weakOption}}
    healthcheck:
      test: ["CMD", "redis-cli", "-a", "\${REDIS_PASSWORD:-${C.weakOption}}", "ping"]
  web:
    image: ghcr.io/acme/web:1.0
    environment:
      REDIS_URL: redis://:\${REDIS_PASSWORD:-${C.weakOption}}@redis:6379/0
`,
    },
  },
  {
    // A secret's value (or a literal token) in fields that cannot hold a secret: an error.
    dir: 'compose-secret-in-fields',
    secretVars: ['LABEL_PASSWORD', 'CMD_PASSWORD', 'API_TOKEN', 'ENTRY_SECRET', 'HEALTH_PASSWORD'],
    fieldErrors: ['label pw', 'label deploy.key', 'command', 'entrypoint', 'health check'],
    files: {
      'compose.yaml': `services:
  web:
    image: ghcr.io/acme/web:1.0
    command: ["serve", "--db-password", "\${CMD_PASSWORD}"]
    entrypoint: ["/bin/sh", "-c", "exec app --key=sk_live_${C.entrypointToken}"]
    environment:
      LABEL_PASSWORD: \${LABEL_PASSWORD}
      CMD_PASSWORD: \${CMD_PASSWORD}
      HEALTH_PASSWORD: \${HEALTH_PASSWORD}
    labels:
      pw: \${LABEL_PASSWORD}
      deploy.key: sk_live_${C.labelToken}
  worker:
    image: ghcr.io/acme/web:1.0
    command: bundle exec sidekiq --token \${API_TOKEN}
    entrypoint: /entry.sh --secret=\${ENTRY_SECRET}
    environment:
      API_TOKEN: \${API_TOKEN}
      ENTRY_SECRET: \${ENTRY_SECRET}
    # web's secret, which this container does not have as a variable: the check cannot read it.
    healthcheck:
      test: ["CMD-SHELL", "curl -u admin:\${HEALTH_PASSWORD} http://localhost/ || exit 1"]
  job:
    image: ghcr.io/acme/web:1.0
    # A secret only ever interpolated, never an environment entry of its own.
    command: ["migrate", "--password", "\${MIGRATE_PASSWORD}"]
`,
      '.env':
        `LABEL_PASSWORD=${C.label}\nCMD_PASSWORD=${C.commandList}\nAPI_TOKEN=${C.commandString}\n` +
        `ENTRY_SECRET=${C.entrypoint}\nHEALTH_PASSWORD=${C.healthcheck}\nMIGRATE_PASSWORD=${C.interpolatedOnly}\n`,
    },
  },
  {
    // Services ecsify does not map (a `provider` service, one a profile leaves out): their
    // secrets are not reported, but a neighbour's code frame shows the line above it.
    dir: 'compose-services-left-out',
    secretVars: ['DB_PASSWORD'],
    files: {
      'compose.yaml': `services:
  llm:
    provider:
      type: model
    environment:
      MODEL_API_KEY: ${C.providerService}
  web:
    image: ghcr.io/acme/web:1.0
    environment:
      DB_PASSWORD: ${C.leftOutNeighbour}
  debug:
    image: ghcr.io/acme/debug:1.0
    profiles: [debug]
    environment:
      DEBUG_PASSWORD: ${C.profileService}
  cache:
    image: redis:7
    profiles: [cache]
    command: redis-server --requirepass ${C.profileCommand}
  worker:
    image: ghcr.io/acme/web:1.0
`,
    },
  },
];

let root = '';

beforeAll(() => {
  root = tempDir('ecsify-canary-');
  for (const input of INPUTS) {
    for (const [file, text] of Object.entries(input.files)) {
      const p = path.join(root, input.dir, file);
      mkdirSync(path.dirname(p), { recursive: true });
      writeFileSync(p, text);
    }
  }
});

afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

function leaks(where: string, text: string): string[] {
  return CANARIES.filter((c) => text.includes(c)).map((c) => `${c} in ${where}`);
}

function runLeaks(label: string, r: CliRun): string[] {
  return [...leaks(`${label} stdout`, r.stdout), ...leaks(`${label} stderr`, r.stderr)];
}

/** Every `convert` variant: every emitter, both template formats, both launch types and backends. */
const CONVERTS: string[][] = [
  ['--emit', EMIT_KINDS.join(',')],
  ['--emit', EMIT_KINDS.join(','), '--format', 'json', '--launch-type', 'ec2', '--secrets-backend', 'ssm'],
  ['--emit', 'all', '--dump-ir-after', 'all', '--verbose', '--debug'],
  ['--emit', 'task-definitions', '-o', '-'],
  ['--emit', 'cloudformation', '-o', '-'],
  ['--emit', 'ir', '-o', '-'],
];

describe('canary secrets never leave ecsify', () => {
  it('offers the emitters this test covers', () => {
    expect(EMIT_KINDS.length).toBeGreaterThanOrEqual(4);
    expect(EMIT_KINDS).toEqual(expect.arrayContaining(['task-definitions', 'cloudformation', 'ir']));
  });

  for (const input of INPUTS) {
    describe(input.dir, () => {
      it('reads the canaries as secrets (so the checks below are not vacuous)', async () => {
        const r = await runCli(['lint', input.dir, '--format', 'json'], { cwd: root });
        const diags = JSON.parse(r.stdout) as { rule: string; message: string }[];
        const reported = diags.filter((d) => d.rule === 'secrets/plaintext-value').map((d) => d.message);
        for (const name of input.secretVars) expect(reported.some((m) => m.includes(` ${name} `)), `${name} reported`).toBe(true);
        const inFields = diags.filter((d) => d.rule === 'secrets/value-in-field').map((d) => d.message);
        for (const field of input.fieldErrors ?? []) expect(inFields.some((m) => m.includes(` ${field} `)), `${field} reported`).toBe(true);
        if (!input.fieldErrors) expect(inFields).toEqual([]);
        expect(leaks('lint json', r.stdout)).toEqual([]);
      });

      it('keeps them out of the IR and of every diagnostic (library API)', async () => {
        const result = await compile(defaultLoadOptions({ cwd: root, path: input.dir }));
        expect(result.app).toBeDefined();
        expect(result.hasErrors, JSON.stringify(result.diagnostics.filter((d) => d.severity === 'error'))).toBe(input.fieldErrors !== undefined);
        expect(leaks('IR', JSON.stringify(result.app))).toEqual([]);
        expect(leaks('diagnostics', JSON.stringify(result.diagnostics))).toEqual([]);
        const secrets = result.app?.secrets.map((s) => s.name) ?? [];
        for (const name of input.secretVars) expect(secrets).toContain(name);
      });

      it('keeps them out of every output file and every line printed by convert', async () => {
        const found: string[] = [];
        let wrote = 0;
        for (const [i, args] of CONVERTS.entries()) {
          const out = `out-${input.dir}-${i}`;
          const argv = args.includes('-o') ? ['convert', input.dir, ...args] : ['convert', input.dir, '-o', out, ...args];
          const r = await runCli(argv, { cwd: root });
          found.push(...runLeaks(argv.join(' '), r));
          if (input.fieldErrors) {
            // Errors: nothing is written, and what is printed holds no canary (checked above).
            expect(r.code, `${argv.join(' ')}: ${r.stderr}`).toBe(1);
            expect(existsSync(path.join(root, out))).toBe(false);
            continue;
          }
          if (!args.includes('-o')) {
            expect(r.code, `${argv.join(' ')}: ${r.stderr}`).toBe(0);
            const files = readTree(path.join(root, out));
            wrote += files.size;
            for (const [file, text] of files) found.push(...leaks(`${out}/${file}`, text));
            if (i === 0) {
              // The references are there, by name.
              const ir = files.get('ir.json') ?? '';
              for (const name of input.secretVars) expect(ir).toContain(`"${name}"`);
            }
            if (i === 2) expect([...files.keys()].some((f) => f.startsWith('debug/ir-after-'))).toBe(true);
          }
        }
        if (!input.fieldErrors) expect(wrote).toBeGreaterThan(0);
        expect(found).toEqual([]);
      });

      it.each(RENDER_FORMATS)('keeps them out of lint --format %s', async (format) => {
        const r = await runCli(['lint', input.dir, '--format', format], { cwd: root });
        expect(r.stdout.length).toBeGreaterThan(0);
        expect(runLeaks(`lint ${format}`, r)).toEqual([]);
      });
    });
  }

  it('would notice a leak: a variable declared not secret does come out', async () => {
    // Positive control: with --not-secret the value is plain on purpose, and the same checks find it.
    const r = await runCli(['convert', 'compose-app', '-o', 'out-control', '--emit', 'ir,task-definitions', '--not-secret', 'DB_PASSWORD'], { cwd: root });
    expect(r.code).toBe(0);
    const found = [...readTree(path.join(root, 'out-control'))].flatMap(([file, text]) => leaks(file, text));
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((f) => f.startsWith(`${C.composeMap} in `))).toBe(true);
  });

  it('keeps them out of explain', async () => {
    const found: string[] = [];
    for (const argv of [['explain'], ['explain', 'secrets/plaintext-value'], ['explain', 'secrets/value-in-field']]) found.push(...runLeaks(argv.join(' '), await runCli(argv, { cwd: root })));
    expect(found).toEqual([]);
  });
});
