import { describe, expect, it } from 'vitest';
import type { EnvVar } from '../../../../src/ir/types.js';
import { createReporter } from '../../../../src/diagnostics/context.js';
import { composeToIR } from '../../../../src/parsers/compose/to-ir.js';
import { applyProfiles } from '../../../../src/parsers/compose/profiles.js';
import { defaultLoadOptions } from '../../../../src/parsers/options.js';
import type { YMap } from '../../../../src/yaml/node.js';
import { container, convert, expectNotReported, expectReported, modelFrom } from './support.js';

const byName = (env: EnvVar[]) => Object.fromEntries(env.map((e) => [e.name, 'value' in e ? e.value : 'secret' in e ? { secret: e.secret.secret } : e]));

describe('environment', () => {
  it('unquoted ints beyond 2^53 keep every digit (environment, labels, sysctls)', () => {
    const { app } = convert(`
services:
  a:
    image: x
    environment: {GUILD_ID: 812345678901234567, HEX: 0xFFFFFFFFFFFFFFFF, HUGE: 99999999999999999999}
    labels: {id: 812345678901234567}
    sysctls: {net.core.somaxconn: 9223372036854775807}
`);
    const c = container(app, 'a');
    expect(byName(c.environment)).toMatchObject({ GUILD_ID: '812345678901234567', HEX: '18446744073709551615', HUGE: '1e+20' });
    expect(c.labels).toMatchObject({ id: '812345678901234567' });
    expect(JSON.stringify(c)).toContain('9223372036854775807');
  });
  it('list and map forms, Go formatting of numbers and booleans', () => {
    const { app } = convert(`
services:
  a:
    image: x
    environment:
      VERSION: 1.10
      RATIO: 1000000.0
      BIG: 123456789.0
      SMALL: 0.00001
      ON: True
      OCTAL: 0123
      QUOTED: "1.10"
      EMPTY: ""
  b:
    image: x
    environment:
      - A=b=c
      - "B= leading"
      - C=
`);
    expect(byName(container(app, 'a').environment)).toEqual({
      VERSION: '1.1',
      RATIO: '1e+06',
      BIG: '1.23456789e+08',
      SMALL: '1e-05',
      ON: 'true',
      OCTAL: '83',
      QUOTED: '1.10',
      EMPTY: '',
    });
    expect(byName(container(app, 'b').environment)).toEqual({ A: 'b=c', B: ' leading', C: '' });
  });

  it('variables are sorted by name', () => {
    const { app } = convert('services:\n  a:\n    image: x\n    environment: [Z=1, A=2, M=3]\n');
    expect(container(app, 'a').environment.map((e) => e.name)).toEqual(['A', 'M', 'Z']);
  });

  it('a key with a blank before = is an error', () => {
    const { diagnostics } = convert('services:\n  a:\n    image: x\n    environment: ["FOO =bar"]\n');
    expectReported(diagnostics, [['compose/invalid-value', 'services.a.environment[0]']]);
  });

  it('a bare name takes the project environment, or is left out and reported', () => {
    const { app, diagnostics } = convert('services:\n  a:\n    image: x\n    environment: [FROM_SHELL, NOT_SET]\n', { env: { FROM_SHELL: 'hello' } });
    expect(byName(container(app, 'a').environment)).toEqual({ FROM_SHELL: 'hello' });
    expectReported(diagnostics, [['compose/env-no-value', 'services.a.environment[1]']]);
  });

  it('a bare secret-looking name without a value becomes a secret reference (no plaintext report)', () => {
    const { app, diagnostics } = convert('services:\n  a:\n    image: x\n    environment:\n      STRIPE_API_KEY:\n      OTHER: ~\n', { options: { secretNames: ['OTHER'] } });
    expect(byName(container(app, 'a').environment)).toEqual({ STRIPE_API_KEY: { secret: 'STRIPE_API_KEY' }, OTHER: { secret: 'OTHER' } });
    expect(app.secrets.map((s) => [s.name, s.reason])).toEqual([
      ['OTHER', 'user'],
      ['STRIPE_API_KEY', 'name'],
    ]);
    expect(diagnostics.filter((d) => d.rule === 'compose/env-no-value').map((d) => d.severity)).toEqual(['info', 'info']);
    expectNotReported(diagnostics, 'secrets/plaintext-value');
  });

  it('NAME:-value written without ${…} is one odd name: reported, left out, the part after the operator never shown', () => {
    const { app, diagnostics, reporter } = convert('services:\n  a:\n    image: x\n    environment:\n      - DB_PASSWORD:-s3cr3t-canary\n      - LEVEL:?needed\n      - PLAIN=1\n');
    expect(byName(container(app, 'a').environment)).toEqual({ PLAIN: '1' });
    expect(app.secrets).toEqual([]);
    expectReported(diagnostics, [
      ['compose/env-name-syntax', 'services.a.environment[0]'],
      ['compose/env-name-syntax', 'services.a.environment[1]'],
    ]);
    expectNotReported(diagnostics, 'compose/env-no-value');
    expectNotReported(diagnostics, 'secrets/invalid-name');
    const first = diagnostics.find((d) => d.rule === 'compose/env-name-syntax');
    expect(first?.message).toBe("Service `a`'s environment entry `DB_PASSWORD:-…` is one variable with that whole name, not DB_PASSWORD with a default: Compose reads `:-` only inside `${…}`. It has no value, so it is left out.");
    expect(first?.hint).toBe('Write `DB_PASSWORD=${DB_PASSWORD:-…}` to give DB_PASSWORD a default, or `DB_PASSWORD=value`.');
    // The code frame masks it (the name says password); a name that does not keeps its text.
    expect(JSON.stringify(diagnostics)).not.toContain('s3cr3t-canary');
    expect(reporter.sources.line('compose.yaml', 5)).not.toContain('s3cr3t-canary');
    expect(reporter.sources.line('compose.yaml', 6)).toContain('needed');
  });

  it('secret values become references and never reach a diagnostic', () => {
    const canary = 'sk_live_51Hcanary0123456789abcdef';
    const { app, diagnostics, reporter } = convert(`services:\n  a:\n    image: x\n    environment:\n      PAYMENT_KEY: ${canary}\n      DATABASE_URL: postgres://u:pw-canary-1234@db/app\n`);
    expect(byName(container(app, 'a').environment)).toEqual({ DATABASE_URL: { secret: 'DATABASE_URL' }, PAYMENT_KEY: { secret: 'PAYMENT_KEY' } });
    expectReported(diagnostics, [
      ['secrets/plaintext-value', 'services.a.environment.PAYMENT_KEY'],
      ['secrets/plaintext-value', 'services.a.environment.DATABASE_URL'],
    ]);
    const everything = JSON.stringify(app) + JSON.stringify(diagnostics) + (reporter.sources.line('compose.yaml', 5) ?? '');
    expect(everything).not.toContain(canary);
    expect(everything).not.toContain('pw-canary-1234');
  });

  it('masks the secrets of services it does not map (provider, no image, profile off), without reporting them', () => {
    // Each left-out service's secret sits on the line above the next service's key, which a
    // code frame of that service shows.
    const yaml = `services:
  llm:
    provider:
      type: model
    environment:
      MODEL_API_KEY: pw-canary-provider
  broken:
    environment:
      - BROKEN_TOKEN=pw-canary-no-image
  debug:
    image: x
    profiles: [debug]
    build:
      args:
        NPM_TOKEN: pw-canary-build-arg
    command: redis-server --requirepass pw-canary-command
    healthcheck:
      test: [CMD, redis-cli, -a, pw-canary-check, ping]
    environment:
      DEBUG_PASSWORD: pw-canary-profile
  web:
    image: x
    environment:
      LEVEL: info
`;
    const reporter = createReporter();
    const model = modelFrom(yaml, reporter);
    const services = model.root.entries[0]?.value as YMap;
    const profiled = applyProfiles(model.root, [], reporter);
    model.root = profiled.root;
    model.disabledServices = profiled.disabled;
    model.disabledServiceEntries = profiled.off;
    const app = composeToIR(model, defaultLoadOptions({ cwd: model.projectDir }), reporter);
    expect(services.entries.map((e) => e.key)).toEqual(['llm', 'broken', 'debug', 'web']);
    expect(app.services.map((s) => s.name)).toEqual(['web']);
    expect(app.secrets).toEqual([]);
    expectNotReported(reporter.diagnostics, 'secrets/plaintext-value');
    expect(reporter.sources.line('compose.yaml', 6)).toBe('      MODEL_API_KEY: ****');
    expect(reporter.sources.line('compose.yaml', 9)).toBe('      - BROKEN_TOKEN=****');
    expect(reporter.sources.line('compose.yaml', 15)).toBe('        NPM_TOKEN: ****');
    expect(reporter.sources.line('compose.yaml', 16)).toBe('    command: redis-server --requirepass ****');
    expect(reporter.sources.line('compose.yaml', 18)).toBe('      test: [CMD, redis-cli, -a, ****, ping]');
    expect(reporter.sources.line('compose.yaml', 20)).toBe('      DEBUG_PASSWORD: ****');
    expect(JSON.stringify(reporter.diagnostics)).not.toContain('pw-canary');
  });

  it('a secret value keeps only the service names it uses as hosts, and their ports', () => {
    const { app } = convert(`services:
  a:
    image: x
    environment:
      DATABASE_URL: postgres://u:pw-canary-5678@db/app
      CACHE_URL: redis://:pw-canary-9@Cache-1:6380/0
      API_TOKEN_URL: https://u:pw-canary-7@api.stripe.com/v1
  db:
    image: postgres:16
  cache:
    image: redis:7
    container_name: cache-1
`);
    const env = container(app, 'a').environment as (EnvVar & { hosts?: unknown })[];
    expect(env.map((e) => [e.name, e.hosts])).toEqual([
      ['API_TOKEN_URL', undefined],
      ['CACHE_URL', [{ host: 'cache-1', port: 6380 }]],
      ['DATABASE_URL', [{ host: 'db', port: 5432 }]],
    ]);
    expect(JSON.stringify(app)).not.toMatch(/pw-canary|stripe/);
  });
});

describe('env_file', () => {
  const files = {
    'app.env': 'FROM_FILE=1\nSHARED=file\nREMOVED=file\nQUOTED="a b"\nREF=${SHELL_VAR}-${SERVICE_VAR}\n',
    'later.env': 'SHARED=later\n',
    'raw.env': 'RAW="kept quotes"\n',
    'sub/secret.env': 'API_TOKEN=tok-canary-9f8e7d6c5b4a\n',
  };

  it('precedence: environment over env_file, later files over earlier ones, a bare name removes a file variable', () => {
    const { app, diagnostics } = convert(
      `
services:
  a:
    image: x
    env_file:
      - app.env
      - path: later.env
      - path: raw.env
        format: raw
      - path: missing.env
        required: false
    environment:
      SHARED: environment
      REMOVED:
      SERVICE_VAR: svc
`,
      { files, env: { SHELL_VAR: 'sh' } },
    );
    expect(byName(container(app, 'a').environment)).toEqual({
      FROM_FILE: '1',
      SHARED: 'environment',
      QUOTED: 'a b',
      REF: 'sh-svc',
      RAW: '"kept quotes"',
      SERVICE_VAR: 'svc',
    });
    expectReported(diagnostics, [['compose/env-no-value', 'services.a.environment.REMOVED']]);
    expectNotReported(diagnostics, 'compose/env-file-missing');
  });

  it('variables from the file and from environment are sorted together by UTF-16 code units', () => {
    const files = { 'mix.env': 'b=1\nÉTÉ=2\n_X=3\nZ1=4\nSHARED=file\nB2=5\n' };
    const { app } = convert('services:\n  a:\n    image: x\n    env_file: mix.env\n    environment: {a: 1, Z: 2, "é": 3, SHARED: env, "1X": 4, "~": 5, "𝒜": 6, "ｚ": 8, B: 7, NONE:}\n', { files });
    const names = container(app, 'a').environment.map((e) => e.name);
    // UTF-16 order, not code point order: the astral 𝒜 (a surrogate pair, 0xD835…) before ｚ (0xFF5A).
    expect(names).toEqual(['1X', 'B', 'B2', 'SHARED', 'Z', 'Z1', '_X', 'a', 'b', '~', 'ÉTÉ', 'é', '𝒜', 'ｚ']);
    expect(byName(container(app, 'a').environment)).toMatchObject({ SHARED: 'env', b: '1', a: '1' });
  });

  it('a string form, origins in the env file, secrets from env files', () => {
    const { app, diagnostics, reporter } = convert('services:\n  a:\n    image: x\n    env_file: sub/secret.env\n', { files });
    const v = container(app, 'a').environment[0];
    expect(v).toMatchObject({ name: 'API_TOKEN', secret: { secret: 'API_TOKEN' }, origin: { file: 'sub/secret.env', line: 1, column: 1 } });
    expect(diagnostics.find((d) => d.rule === 'secrets/plaintext-value')?.origin?.file).toBe('sub/secret.env');
    expect(JSON.stringify(diagnostics) + JSON.stringify(app) + reporter.sources.line('sub/secret.env', 1)).not.toContain('tok-canary-9f8e7d6c5b4a');
  });

  it('a missing required file is an error at the entry; bad entries are reported', () => {
    const { diagnostics } = convert('services:\n  a:\n    image: x\n    env_file: [nope.env, {required: true}, {path: app.env, format: json}, [x]]\n', { files });
    expectReported(diagnostics, [
      ['compose/env-file-missing', 'services.a.env_file[0]'],
      ['compose/invalid-value', 'services.a.env_file[1]'],
      ['compose/invalid-value', 'services.a.env_file[2].format'],
      ['compose/invalid-value', 'services.a.env_file[3]'],
    ]);
  });
});

describe('labels and label_file', () => {
  it('list and map forms, bare labels are empty strings, labels over label_file, sorted', () => {
    const { app } = convert('services:\n  a:\n    image: x\n    label_file: ./labels.env\n    labels: [com.x.flag, "b=2", "a=from-labels"]\n', { files: { 'labels.env': 'a=from-file\nz=26\n' } });
    expect(container(app, 'a').labels).toEqual({ a: 'from-labels', b: '2', 'com.x.flag': '', z: '26' });
    expect(Object.keys(container(app, 'a').labels)).toEqual(['a', 'b', 'com.x.flag', 'z']);
  });
  it('map values are Go-formatted', () => {
    const { app } = convert('services:\n  a:\n    image: x\n    labels: {version: 1.10, on: true, none: null}\n');
    expect(container(app, 'a').labels).toEqual({ version: '1.1', on: 'true', none: '' });
  });
});
