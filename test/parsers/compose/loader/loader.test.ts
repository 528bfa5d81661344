/**
 * Loading like Docker Compose: files and discovery, .env and --env-file, project names,
 * extends, include, profiles, interpolation in documents, typing, version 1, version.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createReporter } from '../../../../src/diagnostics/context.js';
import { loadComposeProject } from '../../../../src/parsers/compose/index.js';
import { normaliseProjectName } from '../../../../src/parsers/compose/project.js';
import { defaultLoadOptions } from '../../../../src/parsers/options.js';
import { load, loadFiles, project, service } from './helpers.js';

describe('files and discovery (§3.1)', () => {
  it('prefers compose.yaml over the other names, with a warning, and pairs any override name', async () => {
    const l = await loadFiles({
      'compose.yaml': 'services:\n  web: {image: a}\n',
      'docker-compose.yml': 'services:\n  old: {image: b}\n',
      'docker-compose.override.yml': 'services:\n  web: {user: u}\n',
    });
    expect(l.model?.files).toEqual(['compose.yaml', 'docker-compose.override.yml']);
    expect(service(l, 'web')).toEqual({ image: 'a', user: 'u' });
    expect(l.rules).toEqual(['compose/ambiguous-compose-files']);
  });

  it('prefers the .yml override name', async () => {
    const l = await loadFiles({
      'compose.yml': 'services:\n  web: {image: a}\n',
      'compose.override.yaml': 'services:\n  web: {user: yaml}\n',
      'compose.override.yml': 'services:\n  web: {user: yml}\n',
    });
    expect(service(l, 'web')?.['user']).toBe('yml');
  });

  it('does not auto-load the override file with -f (§14 case 16)', async () => {
    const l = await loadFiles({ 'compose.yaml': 'services:\n  web: {image: a}\n', 'compose.override.yaml': 'services:\n  web: {user: u}\n' }, ['compose.yaml']);
    expect(service(l, 'web')).toEqual({ image: 'a' });
  });

  it('reads COMPOSE_FILE (from the shell or .env) with COMPOSE_PATH_SEPARATOR, without override', async () => {
    const files = {
      'one.yaml': 'services:\n  web: {image: a}\n',
      'two.yaml': 'services:\n  web: {user: u}\n',
      'compose.override.yaml': 'services:\n  web: {user: override}\n',
    };
    const dir = project(files);
    const fromShell = await load(dir, { env: { COMPOSE_FILE: 'one.yaml;two.yaml', COMPOSE_PATH_SEPARATOR: ';' } });
    expect(service(fromShell, 'web')).toEqual({ image: 'a', user: 'u' });
    const fromDotenv = await load(project({ ...files, '.env': 'COMPOSE_FILE=one.yaml:two.yaml\n' }));
    expect(fromDotenv.model?.files).toEqual(['one.yaml', 'two.yaml']);
  });

  it('walks up to a parent folder holding a Compose file', async () => {
    const dir = project({ 'compose.yaml': 'services:\n  web: {image: a}\n', 'sub/deeper/readme.txt': 'x' });
    const l = await load(path.join(dir, 'sub/deeper'));
    expect(l.model?.projectDir).toBe(dir);
  });

  it('reports a missing -f file', async () => {
    const l = await loadFiles({ 'compose.yaml': 'services: {}\n' }, ['nope.yaml']);
    expect(l.model).toBeUndefined();
    expect(l.rules).toEqual(['input/unreadable']);
  });

  it('resolves relative paths of all -f files against the first file\'s folder (§14 case 17)', async () => {
    const dir = project({ 'a/compose.yml': 'services:\n  web: {image: a}\n', 'b/override.yml': 'services:\n  web: {env_file: ./x.env}\n' });
    const l = await load(dir, { composeFiles: ['a/compose.yml', 'b/override.yml'] });
    expect(l.model?.projectDir).toBe(path.join(dir, 'a'));
    expect(l.model?.files).toEqual(['compose.yml', '../b/override.yml']);
    expect(service(l, 'web')?.['env_file']).toBe('./x.env');
  });
});

describe('project environment: .env and --env-file (§5.1)', () => {
  const compose = 'services:\n  web:\n    image: "app:${TAG}"\n    environment: {MODE: "${MODE:-dev}"}\n';

  it('interpolates from .env; the shell wins', async () => {
    const dir = project({ 'compose.yaml': compose, '.env': 'TAG=1.0\nMODE=prod\n' });
    expect(service(await load(dir), 'web')).toEqual({ image: 'app:1.0', environment: { MODE: 'prod' } });
    expect(service(await load(dir, { env: { TAG: 'shell' } }), 'web')?.['image']).toBe('app:shell');
  });

  it('--env-file replaces .env; several files, later ones win; a missing one is reported', async () => {
    const dir = project({ 'compose.yaml': compose, '.env': 'TAG=dotenv\n', 'a.env': 'TAG=a\nMODE=a\n', 'b.env': 'TAG=b\n' });
    const l = await load(dir, { envFiles: ['a.env', 'b.env'] });
    expect(service(l, 'web')).toEqual({ image: 'app:b', environment: { MODE: 'a' } });
    expect((await load(dir, { envFiles: ['missing.env'] })).rules).toContain('input/unreadable');
  });

  it('reads .env from the project folder, not the working folder (§14 case 15)', async () => {
    const dir = project({ 'app/compose.yaml': compose, 'app/.env': 'TAG=project\n', '.env': 'TAG=cwd\n' });
    const l = await load(dir, { composeFiles: ['app/compose.yaml'], path: 'app' });
    expect(service(l, 'web')?.['image']).toBe('app:project');
  });

  it('the project environment is in the model, with COMPOSE_PROJECT_NAME', async () => {
    const l = await load(project({ 'compose.yaml': compose, '.env': 'TAG=1\n' }, 'My.App'), { env: { HOME: '/h' } });
    expect(l.model?.env).toMatchObject({ TAG: '1', HOME: '/h', COMPOSE_PROJECT_NAME: 'myapp' });
  });

  it('an unset variable is one warning naming the variable and each place', async () => {
    const l = await loadFiles({ 'compose.yaml': 'services:\n  web: {image: "a:${TAG}"}\n  db: {image: "d:${TAG}"}\n' });
    expect(l.rules).toEqual(['compose/unset-variable']);
    const d = l.diagnostics[0];
    expect(d?.message).toContain('TAG');
    expect(d?.origin).toMatchObject({ file: 'compose.yaml', line: 2, path: 'services.web.image' });
    expect(d?.notes?.[0]).toContain('services.db.image');
  });

  it('defaults nested too deeply are an error at the value, kept as written', async () => {
    const deep = '${A:-'.repeat(5_000) + 'x' + '}'.repeat(5_000);
    const l = await loadFiles({ 'compose.yaml': `services:\n  web:\n    image: nginx:1.27\n    command: "${deep}"\n` });
    expect(l.rules).toEqual(['compose/invalid-interpolation']);
    expect(l.diagnostics[0]?.message).toBe('services.web.command has defaults nested more than 64 levels deep; ecsify reads no deeper and keeps the value as written.');
    expect(l.diagnostics[0]?.origin).toMatchObject({ line: 4, column: 14 });
  });

  it(':? errors and bad syntax are errors; $$ is a dollar; keys are never interpolated', async () => {
    const l = await loadFiles({
      'compose.yaml':
        'services:\n  web:\n    image: "${IMG:?set IMG}"\n    command: "echo $$HOME ${A/b/c}"\n    environment: {"$KEY": "p$$ss"}\n',
    });
    expect(l.rules).toEqual(['compose/required-variable', 'compose/invalid-interpolation']);
    expect(l.diagnostics[0]?.message).toContain('required variable IMG is missing a value: set IMG');
    expect(service(l, 'web')?.['environment']).toEqual({ $KEY: 'p$ss' });
  });

  it('interpolates unused x- blocks too (§14 case 36)', async () => {
    const l = await loadFiles({ 'compose.yaml': 'x-db: &db {url: "${DB_URL:?}"}\nservices:\n  web: {image: a}\n' });
    expect(l.rules).toEqual(['compose/required-variable']);
  });
});

describe('typing after interpolation (§6.4)', () => {
  it('casts strings at typed paths', async () => {
    const l = await loadFiles(
      {
        'compose.yaml':
          'services:\n  web:\n    image: a\n    init: "${INIT}"\n    privileged: "yes"\n    deploy: {replicas: "${N}"}\n    cpus: "0.5"\n    ports: [{target: "80"}]\n    ulimits: {nofile: "5"}\n    environment: {N: "${N}"}\n',
      },
      undefined,
      { env: { INIT: 'TRUE', N: '3' } },
    );
    expect(service(l, 'web')).toEqual({
      image: 'a',
      init: true,
      privileged: true,
      deploy: { replicas: 3 },
      cpus: 0.5,
      ports: [{ target: 80 }],
      ulimits: { nofile: 5 },
      environment: { N: '3' },
    });
    expect(l.rules).toEqual(['compose/legacy-boolean']);
  });

  it('an unset variable in a typed field is an error, not a default', async () => {
    const l = await loadFiles({ 'compose.yaml': 'services:\n  web:\n    image: a\n    cpus: ${CPUS}\n' });
    expect(l.rules).toEqual(['compose/invalid-value', 'compose/unset-variable']);
    expect(l.diagnostics[0]?.message).toBe('services.web.cpus is "", which is not a number.');
  });
});

describe('project name (§3.3)', () => {
  it('normalises like Compose', () => {
    expect(normaliseProjectName('My.App')).toBe('myapp');
    expect(normaliseProjectName('_tmp-1')).toBe('tmp-1');
    expect(normaliseProjectName('Ünïcode')).toBe('ncode');
  });

  const compose = 'name: "${APP:-From File}"\nservices:\n  web: {image: "${COMPOSE_PROJECT_NAME}"}\n';
  it('-p, then COMPOSE_PROJECT_NAME, then name:, then the folder', async () => {
    const dir = project({ 'compose.yaml': compose }, 'Folder_Name');
    expect((await load(dir, { projectName: 'cli' })).model?.name).toBe('cli');
    expect((await load(dir, { env: { COMPOSE_PROJECT_NAME: 'env' } })).model?.name).toBe('env');
    const fromFile = await load(dir);
    expect(fromFile.model?.name).toBe('fromfile');
    expect(service(fromFile, 'web')?.['image']).toBe('fromfile');
    const noName = await load(project({ 'compose.yaml': 'services:\n  web: {image: a}\n' }, 'Folder_Name'));
    expect(noName.model?.name).toBe('folder_name');
  });

  it('the last non-empty name: of several files wins', async () => {
    const l = await loadFiles({ 'a.yaml': 'name: one\nservices:\n  web: {image: a}\n', 'b.yaml': 'name: two\n' }, ['a.yaml', 'b.yaml']);
    expect(l.model?.name).toBe('two');
  });

  it('-p and COMPOSE_PROJECT_NAME must already be valid', async () => {
    const dir = project({ 'compose.yaml': 'services:\n  web: {image: a}\n' });
    expect((await load(dir, { projectName: 'My App' })).rules).toEqual(['compose/invalid-project-name']);
    expect((await load(dir, { env: { COMPOSE_PROJECT_NAME: '-x' } })).rules).toEqual(['compose/invalid-project-name']);
    expect((await load(project({ 'compose.yaml': 'name: "!!!"\nservices:\n  web: {image: a}\n' }))).rules).toEqual(['compose/invalid-project-name']);
  });
});

describe('extends (§7.5)', () => {
  it('same file, chains, local values over the base', async () => {
    const l = await loadFiles({
      'compose.yaml': [
        'services:',
        '  base: {image: b, environment: {A: "1"}, ports: ["80"]}',
        '  mid: {extends: base, environment: {B: "2"}}',
        '  web: {extends: {service: mid}, image: w, ports: ["81"]}',
        '',
      ].join('\n'),
    });
    expect(service(l, 'web')).toEqual({ image: 'w', environment: { A: '1', B: '2' }, ports: ['80', '81'] });
    expect(l.rules).toEqual([]);
  });

  it('file: paths in the extended file are rebased to the project folder', async () => {
    const l = await loadFiles({
      'compose.yaml': 'services:\n  web:\n    extends: {file: lib/base.yml, service: app}\n    environment: {X: "1"}\n',
      'lib/base.yml':
        'services:\n  app:\n    build: .\n    env_file: [common.env, {path: ../top.env}]\n    volumes: ["./data:/data", "named:/n", "/abs:/abs"]\n    extends: {file: deeper/more.yml, service: root}\n',
      'lib/deeper/more.yml': 'services:\n  root:\n    image: r\n    label_file: ./labels\n',
    });
    expect(service(l, 'web')).toEqual({
      image: 'r',
      label_file: './lib/deeper/labels',
      build: './lib',
      env_file: ['./lib/common.env', { path: './top.env' }],
      volumes: ['./lib/data:/data', 'named:/n', '/abs:/abs'],
      environment: { X: '1' },
    });
    expect(l.model?.files).toEqual(['compose.yaml', 'lib/base.yml', 'lib/deeper/more.yml']);
  });

  it('a service of another -f file cannot be extended (§14 case 18); cycles and missing files are errors', async () => {
    const other = await loadFiles({ 'a.yaml': 'services:\n  base: {image: b}\n', 'b.yaml': 'services:\n  web: {extends: base}\n' }, ['a.yaml', 'b.yaml']);
    expect(other.rules).toContain('compose/extends-invalid');
    const cycle = await loadFiles({ 'compose.yaml': 'services:\n  a: {extends: b, image: x}\n  b: {extends: a, image: y}\n' });
    expect(cycle.rules.filter((r) => r === 'compose/extends-invalid').length).toBeGreaterThan(0);
    const missing = await loadFiles({ 'compose.yaml': 'services:\n  a: {extends: {file: nope.yml, service: x}, image: y}\n' });
    expect(missing.rules).toEqual(['compose/extends-invalid']);
  });

  it('tags written in an extended file do not leak into the model', async () => {
    const l = await loadFiles({
      'compose.yaml': 'services:\n  web: {extends: {file: base.yml, service: app}}\n',
      'base.yml': 'services:\n  app: {image: a, user: !reset root, ports: !override ["80"]}\n',
    });
    expect(service(l, 'web')).toEqual({ image: 'a', ports: ['80'] });
    expect(JSON.stringify(l.model?.root)).not.toMatch(/"tag":"!(reset|override)"/);
  });

  it('local !reset applies to the base', async () => {
    const l = await loadFiles({ 'compose.yaml': 'services:\n  base: {image: b, ports: ["80"]}\n  web: {extends: base, ports: !reset []}\n' });
    expect(service(l, 'web')).toEqual({ image: 'b' });
  });
});

describe('include (§7.6)', () => {
  it('imports resources with their own folder and .env; local definitions win', async () => {
    const l = await loadFiles({
      'compose.yaml': 'include:\n  - sub/compose.yaml\nservices:\n  web: {image: w, depends_on: [db]}\n  db: {environment: {LOCAL: "1"}}\n',
      'sub/compose.yaml': 'services:\n  db:\n    image: "postgres:${PG}"\n    env_file: db.env\nvolumes:\n  data: {}\n',
      'sub/.env': 'PG=16\n',
    });
    expect(l.js?.['services']).toEqual({
      db: { image: 'postgres:16', env_file: './sub/db.env', environment: { LOCAL: '1' } },
      web: { image: 'w', depends_on: ['db'] },
    });
    expect(l.js?.['volumes']).toEqual({ data: {} });
    expect(l.js?.['include']).toBeUndefined();
  });

  it('long form with project_directory and env_file', async () => {
    const l = await loadFiles({
      'compose.yaml': 'include:\n  - path: [lib/a.yaml]\n    project_directory: lib/root\n    env_file: conf.env\nservices: {}\n',
      'lib/a.yaml': 'services:\n  app: {image: "x:${V}", build: ./src}\n',
      'conf.env': 'V=9\n',
    });
    expect(service(l, 'app')).toEqual({ image: 'x:9', build: './lib/root/src' });
  });

  it('reports cycles and missing files', async () => {
    const cycle = await loadFiles({ 'compose.yaml': 'include: [b.yaml]\nservices:\n  web: {image: a}\n', 'b.yaml': 'include: [compose.yaml]\n' });
    expect(cycle.rules).toEqual(['compose/include-invalid']);
    const missing = await loadFiles({ 'compose.yaml': 'include: [nope.yaml]\nservices:\n  web: {image: a}\n' });
    expect(missing.rules).toEqual(['compose/include-invalid']);
  });
});

describe('profiles', () => {
  const files = {
    'compose.yaml': [
      'services:',
      '  web: {image: w, depends_on: {db: {condition: service_started}}}',
      '  db: {image: d, profiles: [db]}',
      '  debug: {image: x, profiles: [debug, tools]}',
      '  opt: {image: o, depends_on: {debug: {condition: service_started, required: false}}}',
      '',
    ].join('\n'),
  };

  it('services with profiles are off unless named', async () => {
    const l = await loadFiles(files, undefined, { profiles: ['db'] });
    expect(Object.keys(l.js?.['services'] as object)).toEqual(['web', 'db', 'opt']);
    expect(l.model?.disabledServices).toEqual(['debug']);
    expect(l.rules).toEqual(['compose/profile-disabled']);
  });

  it('COMPOSE_PROFILES and *', async () => {
    expect(Object.keys((await loadFiles(files, undefined, { env: { COMPOSE_PROFILES: 'db,tools' } })).js?.['services'] as object)).toEqual(['web', 'db', 'debug', 'opt']);
    expect((await loadFiles(files, undefined, { profiles: ['*'] })).rules).toEqual([]);
  });

  it('an enabled service that needs a disabled one is an error (required: false is fine)', async () => {
    const l = await loadFiles(files);
    expect(l.rules).toEqual(['compose/profile-disabled', 'compose/profile-disabled', 'compose/profile-disabled-dependency']);
    expect(l.diagnostics[2]?.message).toContain('web depends on db');
  });

  it('masks the secrets of the services it switches off, also when no service is left', async () => {
    // x-ecsify's secret names count, as they do for the services that are mapped.
    const dir = project({
      'compose.yaml': 'x-ecsify:\n  secrets: [DEBUG_SETTING]\nservices:\n  debug:\n    image: x\n    profiles: [debug]\n    environment:\n      DEBUG_PASSWORD: pw-canary-off\n      DEBUG_SETTING: canary-named-secret\nnetworks:\n  back:\n    driver_opts:\n      encryption_password: canary-network\n',
    });
    const reporter = createReporter();
    const r = await loadComposeProject(defaultLoadOptions({ cwd: dir, path: '.' }), reporter);
    expect(r.app).toBeUndefined();
    expect(reporter.diagnostics.map((d) => d.rule)).toEqual(['compose/profile-disabled', 'compose/no-services']);
    expect(reporter.sources.line('compose.yaml', 8)).toBe('      DEBUG_PASSWORD: ****');
    expect(reporter.sources.line('compose.yaml', 9)).toBe('      DEBUG_SETTING: ****');
    // The top-level sections nothing reads then.
    expect(reporter.sources.line('compose.yaml', 13)).toBe('      encryption_password: ****');
  });
});

describe('secrets one level off, never read', () => {
  it('are masked where the file is shown: a key the schema does not know, a value that is not an integer, a network, volume labels', async () => {
    const text = [
      'services:',
      '  web:',
      '    image: nginx:1.27',
      '    DB_PASSWORD: misplaced-canary-1',
      '    ulimits:',
      '      API_TOKEN: ulimit-canary-2',
      '    networks: [back]',
      '    volumes: [data:/data]',
      'networks:',
      '  back:',
      '    driver_opts:',
      '      encryption_password: network-canary-3',
      'volumes:',
      '  data:',
      '    labels:',
      '      backup.password: label-canary-4',
      '',
    ].join('\n');
    const dir = project({ 'compose.yaml': text });
    const reporter = createReporter();
    await loadComposeProject(defaultLoadOptions({ cwd: dir, path: '.' }), reporter);
    const lines = text.split('\n').map((_, i) => reporter.sources.line('compose.yaml', i + 1) ?? '');
    expect(lines.filter((l) => l.includes('canary'))).toEqual([]);
    expect([lines[3], lines[5], lines[11], lines[15]]).toEqual(['    DB_PASSWORD: ****', '      API_TOKEN: ****', '      encryption_password: ****', '      backup.password: ****']);
    // The messages that quote a value quote it masked.
    expect(JSON.stringify(reporter.diagnostics)).not.toContain('canary');
    expect(reporter.diagnostics.map((d) => d.rule)).toEqual(expect.arrayContaining(['compose/schema', 'compose/invalid-value']));
  });
});

describe('documents that are not Compose files', () => {
  it('a document left out for its aliases is reported once, as an alias bomb, not also as empty', async () => {
    let bomb = 'x-l0: &l0 [a, a, a, a, a, a, a, a, a, a]\n';
    for (let i = 1; i < 9; i++) bomb += `x-l${i}: &l${i} [${Array(10).fill(`*l${i - 1}`).join(', ')}]\n`;
    const l = await loadFiles({ 'compose.yaml': `${bomb}services:\n  web: {image: nginx}\n` });
    expect(l.rules).toEqual(['yaml/alias-bomb']);
    expect(l.model).toBeUndefined();
    // In a file of several documents, the others are still read.
    const two = await loadFiles({ 'compose.yaml': `services:\n  web: {image: nginx}\n---\n${bomb}` });
    expect(two.rules).toEqual(['yaml/alias-bomb']);
    expect(service(two, 'web')).toEqual({ image: 'nginx' });
  });

  const table: [string, string, string[]][] = [
    ['empty file', '', ['compose/not-a-compose-file']],
    ['top level is a list', '- a\n- b\n', ['compose/not-a-compose-file']],
    ['top level is a scalar', 'hello\n', ['compose/not-a-compose-file']],
    ['a fragment with no Compose key', 'image: nginx\nports: ["80"]\n', ['compose/not-a-compose-file']],
    ['no services', 'networks: {front: {}}\n', ['compose/no-services']],
    ['empty services', 'services: {}\n', ['compose/no-services']],
    ['a numeric service name (§14 case 37)', 'services:\n  123: {image: a}\n', ['yaml/non-string-key']],
  ];
  for (const [name, text, rules] of table) {
    it(name, async () => {
      expect((await loadFiles({ 'compose.yaml': text })).rules).toEqual(rules);
    });
  }
});

describe('old formats', () => {
  it('wraps a version 1 file under services and keeps its old keys (no schema error for them)', async () => {
    const l = await loadFiles({ 'compose.yaml': 'web:\n  image: a\n  links: [db]\n  log_driver: syslog\n  net: host\ndb:\n  image: d\n' });
    expect(l.js).toEqual({ services: { web: { image: 'a', links: ['db'], log_driver: 'syslog', net: 'host' }, db: { image: 'd' } } });
    expect(l.model?.legacyV1).toBe(true);
    expect(l.rules).toEqual(['compose/version-1-file']);
  });

  it('records and drops version; a numeric version is a schema error (§14 case 9)', async () => {
    const l = await loadFiles({ 'compose.yaml': 'version: "3.8"\nservices:\n  web: {image: a}\n' });
    expect(l.model?.version).toBe('3.8');
    expect(l.js?.['version']).toBeUndefined();
    expect(l.rules).toEqual(['compose/obsolete-version']);
    const numeric = await loadFiles({ 'compose.yaml': 'version: 3.8\nservices:\n  web: {image: a}\n' });
    expect(numeric.rules).toEqual(['compose/schema', 'compose/obsolete-version']);
    expect(numeric.diagnostics[0]?.message).toBe('version must be a string, not a number.');
  });
});

describe('schema validation points at the key', () => {
  const table: [string, string, { line: number; column: number; path: string }][] = [
    ['unknown service key', 'services:\n  web:\n    image: a\n    imagee: b\n', { line: 4, column: 5, path: 'services.web.imagee' }],
    ['numeric user (§14 case 38)', 'services:\n  web:\n    image: a\n    user: 1000\n', { line: 4, column: 5, path: 'services.web.user' }],
    ['depends_on long form without condition (§14 case 39)', 'services:\n  web:\n    image: a\n    depends_on:\n      db: {restart: true}\n  db: {image: d}\n', { line: 5, column: 7, path: 'services.web.depends_on.db' }],
    ['duration as a number (§14 case 26)', 'services:\n  web:\n    image: a\n    stop_grace_period: 10\n', { line: 4, column: 5, path: 'services.web.stop_grace_period' }],
    ['service name with a space', 'services:\n  "my svc":\n    image: a\n', { line: 2, column: 3, path: 'services["my svc"]' }],
  ];
  for (const [name, text, at] of table) {
    it(name, async () => {
      const l = await loadFiles({ 'compose.yaml': text });
      expect(l.rules).toEqual(['compose/schema']);
      expect(l.diagnostics[0]?.origin).toMatchObject({ file: 'compose.yaml', ...at });
    });
  }

  it('an anchor-merged value is reported where the anchor wrote it', async () => {
    const l = await loadFiles({ 'compose.yaml': 'x-d: &d\n  user: 1\nservices:\n  web:\n    <<: *d\n    image: a\n' });
    expect(l.diagnostics[0]?.origin).toMatchObject({ line: 2, column: 3, path: 'services.web.user' });
  });
});

describe('interpolation shortcuts give the same result as a full walk', () => {
  it('a template written in several places is reported at each of them', async () => {
    const l = await loadFiles({
      'compose.yaml':
        'services:\n  a:\n    image: "${IMG:?need IMG}"\n    user: "${NOPE}"\n  b:\n    image: "${IMG:?need IMG}"\n    user: "${NOPE}"\n    command: "${A/b}"\n    entrypoint: "${A/b}"\n',
    });
    expect(l.rules).toEqual(['compose/required-variable', 'compose/required-variable', 'compose/invalid-interpolation', 'compose/invalid-interpolation', 'compose/unset-variable']);
    expect(l.diagnostics.slice(0, 4).map((d) => d.origin?.path)).toEqual(['services.a.image', 'services.b.image', 'services.b.command', 'services.b.entrypoint']);
    const unset = l.diagnostics[4];
    expect(unset?.origin?.path).toBe('services.a.user');
    expect(unset?.notes).toEqual(['Also used at compose.yaml:7:11 (services.b.user).']);
  });

  it('reaches `$` through aliases and merge keys, and casts where nothing is substituted', async () => {
    const l = await loadFiles(
      {
        'compose.yaml':
          'x-env: &env {A: "${V}", B: plain}\nx-base: &base {environment: *env, labels: {l: "${V}"}}\nservices:\n  web:\n    <<: *base\n    image: a\n    cpus: "0.5"\n    deploy: {replicas: "2", resources: {limits: {memory: 1g}}}\n',
      },
      undefined,
      { env: { V: 'v' } },
    );
    expect(service(l, 'web')).toEqual({
      environment: { A: 'v', B: 'plain' },
      labels: { l: 'v' },
      image: 'a',
      cpus: 0.5,
      deploy: { replicas: 2, resources: { limits: { memory: '1g' } } },
    });
    expect(l.rules).toEqual([]);
  });
});

describe('service keys named like Object members', () => {
  it('are schema errors, not a crash of the identity-key de-duplication', async () => {
    const l = await loadFiles({ 'compose.yaml': 'services:\n  web:\n    image: a\n    __proto__: [x, y]\n    toString: [x, y]\n    constructor: [x, x]\n' });
    expect(l.rules).toEqual(['compose/schema', 'compose/schema', 'compose/schema']);
    expect(service(l, 'web')?.['toString']).toEqual(['x', 'y']);
  });
});
