/**
 * Merge rules of several files (compose.md §7.1–7.4): table tests, each a base file, an override
 * file (`-f base.yaml -f override.yaml`) and the merged service `web`.
 */
import { describe, expect, it } from 'vitest';
import type { YMap } from '../../../../src/yaml/node.js';
import { rng } from '../../../support/rng.js';
import { loadFiles, service } from './helpers.js';

type YMapLike = YMap;

interface Case {
  name: string;
  base: string;
  over: string;
  want: Record<string, unknown>;
  rules?: string[];
}

const svc = (body: string): string => `services:\n  web:\n${body.replace(/^/gm, '    ')}\n`;

const CASES: Case[] = [
  { name: 'scalars are replaced', base: 'image: a\nuser: u1', over: 'image: b', want: { image: 'b', user: 'u1' } },
  { name: 'scalar replaced across types', base: 'image: a\nmem_limit: 1', over: "mem_limit: '256m'", want: { image: 'a', mem_limit: '256m' } },
  { name: 'null override keeps the base', base: 'image: a', over: 'image:', want: { image: 'a' } },
  { name: 'empty list appends nothing', base: 'image: a\nports: ["80"]', over: 'ports: []', want: { image: 'a', ports: ['80'] } },
  {
    name: 'mappings merge recursively',
    base: 'image: a\ndeploy: {replicas: 2, resources: {limits: {cpus: "1"}}}',
    over: 'deploy: {resources: {limits: {memory: 1g}}}',
    want: { image: 'a', deploy: { replicas: 2, resources: { limits: { cpus: '1', memory: '1g' } } } },
  },
  { name: 'command is replaced', base: 'image: a\ncommand: [a, b]', over: 'command: [c]', want: { image: 'a', command: ['c'] } },
  { name: 'command: null reverts to the image default', base: 'image: a\ncommand: run', over: 'command: null', want: { image: 'a', command: null } },
  { name: 'entrypoint is replaced', base: 'image: a\nentrypoint: x', over: 'entrypoint: [y, z]', want: { image: 'a', entrypoint: ['y', 'z'] } },
  {
    name: 'healthcheck.test is replaced, other keys merged',
    base: 'image: a\nhealthcheck: {test: [CMD, a], interval: 10s}',
    over: 'healthcheck: {test: [CMD, b]}',
    want: { image: 'a', healthcheck: { test: ['CMD', 'b'], interval: '10s' } },
  },
  {
    name: 'environment maps merge key by key',
    base: 'image: a\nenvironment: {A: "1", B: "2"}',
    over: 'environment: {B: "3", C: "4"}',
    want: { image: 'a', environment: { A: '1', B: '3', C: '4' } },
  },
  {
    name: 'environment lists merge by name, later value in the earlier place',
    base: 'image: a\nenvironment: [A=1, B=2]',
    over: 'environment: [B=3, C=4]',
    want: { image: 'a', environment: ['A=1', 'B=3', 'C=4'] },
  },
  {
    name: 'environment list and map forms mix (mapping form results)',
    base: 'image: a\nenvironment: [A=1, B=2, BARE]',
    over: 'environment: {B: 3, C: "x=y"}',
    want: { image: 'a', environment: { A: '1', B: 3, BARE: null, C: 'x=y' } },
  },
  {
    name: 'a null environment value in an override replaces the base value',
    base: 'image: a\nenvironment: {A: "1"}',
    over: 'environment: {A: }',
    want: { image: 'a', environment: { A: null } },
  },
  {
    name: 'labels merge across forms',
    base: 'image: a\nlabels: {x: "1"}',
    over: 'labels: [y=2, x=3]',
    want: { image: 'a', labels: { x: '3', y: '2' } },
  },
  { name: 'build string becomes {context} then merges', base: 'build: ./app', over: 'build: {target: prod}', want: { build: { context: './app', target: 'prod' } } },
  { name: 'build args merge by name', base: 'build: {context: ., args: [A=1]}', over: 'build: {args: {B: "2"}}', want: { build: { context: '.', args: { A: '1', B: '2' } } } },
  { name: 'ports append, identical entries collapse', base: 'image: a\nports: ["8080:80"]', over: 'ports: ["8080:80", "9090:80"]', want: { image: 'a', ports: ['8080:80', '9090:80'] } },
  {
    name: 'ports: a changed published port publishes both (§14 case 5)',
    base: 'image: a\nports: ["8080:80"]',
    over: 'ports: ["9090:80"]',
    want: { image: 'a', ports: ['8080:80', '9090:80'] },
  },
  { name: 'ports differing by protocol stay apart', base: 'image: a\nports: ["53:53/udp"]', over: 'ports: ["53:53/tcp"]', want: { image: 'a', ports: ['53:53/udp', '53:53/tcp'] } },
  {
    name: 'long-form ports with the same identity: the later entry wins in place',
    base: 'image: a\nports: [{target: 80, published: "8080", mode: host}]',
    over: 'ports: [{target: 80, published: "8080", mode: ingress}]',
    want: { image: 'a', ports: [{ target: 80, published: '8080', mode: 'ingress' }] },
  },
  {
    name: 'volumes de-duplicate by container path (override wins)',
    base: 'image: a\nvolumes: ["./a:/data", "logs:/logs"]',
    over: 'volumes: ["./b:/data"]',
    want: { image: 'a', volumes: ['./b:/data', 'logs:/logs'] },
  },
  {
    name: 'volumes: long and short forms share the identity',
    base: 'image: a\nvolumes: ["./a:/data:ro"]',
    over: 'volumes: [{type: bind, source: ./b, target: /data}]',
    want: { image: 'a', volumes: [{ type: 'bind', source: './b', target: '/data' }] },
  },
  {
    name: 'secrets de-duplicate by target (short s ≠ long target s)',
    base: 'image: a\nsecrets: [s, {source: t, target: /run/secrets/t}]',
    over: 'secrets: [{source: s, target: s}, t]',
    want: { image: 'a', secrets: ['s', 't', { source: 's', target: 's' }] },
  },
  { name: 'expose and cap_add append without duplicates', base: 'image: a\nexpose: ["80"]\ncap_add: [NET_ADMIN]', over: 'expose: ["80", 81]\ncap_add: [NET_ADMIN, SYS_TIME]', want: { image: 'a', expose: ['80', 81], cap_add: ['NET_ADMIN', 'SYS_TIME'] } },
  { name: 'dns: a string becomes a list and appends', base: 'image: a\ndns: 8.8.8.8', over: 'dns: [1.1.1.1]', want: { image: 'a', dns: ['8.8.8.8', '1.1.1.1'] } },
  { name: 'env_file: string and list forms append, same path collapses', base: 'image: a\nenv_file: a.env', over: 'env_file: [b.env, {path: a.env, required: false}]', want: { image: 'a', env_file: [{ path: 'a.env', required: false }, 'b.env'] } },
  { name: 'extra_hosts: map and list forms append, exact duplicates dropped', base: 'image: a\nextra_hosts: {db: 10.0.0.1}', over: 'extra_hosts: ["db=10.0.0.1", "cache=10.0.0.2"]', want: { image: 'a', extra_hosts: ['db=10.0.0.1', 'cache=10.0.0.2'] } },
  {
    name: 'depends_on: list items become service_started dependencies and merge',
    base: 'image: a\ndepends_on: {db: {condition: service_healthy}}',
    over: 'depends_on: [cache]',
    want: { image: 'a', depends_on: { db: { condition: 'service_healthy' }, cache: { condition: 'service_started', required: true } } },
  },
  { name: 'depends_on lists append', base: 'image: a\ndepends_on: [db]', over: 'depends_on: [db, cache]', want: { image: 'a', depends_on: ['db', 'cache'] } },
  { name: 'networks: list and map forms merge', base: 'image: a\nnetworks: [front]', over: 'networks: {back: {aliases: [x]}}', want: { image: 'a', networks: { front: null, back: { aliases: ['x'] } } } },
  {
    name: 'logging: same driver merges options',
    base: 'image: a\nlogging: {driver: syslog, options: {a: "1"}}',
    over: 'logging: {options: {b: "2"}}',
    want: { image: 'a', logging: { driver: 'syslog', options: { a: '1', b: '2' } } },
  },
  {
    name: 'logging: another driver replaces the block',
    base: 'image: a\nlogging: {driver: syslog, options: {a: "1"}}',
    over: 'logging: {driver: json-file, options: {b: "2"}}',
    want: { image: 'a', logging: { driver: 'json-file', options: { b: '2' } } },
  },
  { name: 'ulimits: a limit is replaced, not mixed', base: 'image: a\nulimits: {nofile: {soft: 1, hard: 2}}', over: 'ulimits: {nofile: 5}', want: { image: 'a', ulimits: { nofile: 5 } } },
  { name: 'other lists append, identical entries dropped', base: 'image: a\nsecurity_opt: [a, b]', over: 'security_opt: [b, c]', want: { image: 'a', security_opt: ['a', 'b', 'c'] } },
  { name: '!reset removes a key', base: 'image: a\nports: ["80"]', over: 'ports: !reset []', want: { image: 'a' } },
  { name: '!reset inside environment', base: 'image: a\nenvironment: {A: "1", B: "2"}', over: 'environment: {A: !reset null}', want: { image: 'a', environment: { B: '2' } } },
  { name: '!reset on an environment list base', base: 'image: a\nenvironment: [A=1, B=2]', over: 'environment: {A: !reset null}', want: { image: 'a', environment: { B: '2' } } },
  { name: '!override replaces without merging', base: 'image: a\nports: ["8080:80"]', over: 'ports: !override ["8443:443"]', want: { image: 'a', ports: ['8443:443'] } },
  { name: '!override on a mapping', base: 'image: a\ndeploy: {replicas: 2, labels: {a: b}}', over: 'deploy: !override {replicas: 3}', want: { image: 'a', deploy: { replicas: 3 } } },
  { name: 'x- keys merge like mappings', base: 'image: a\nx-meta: {a: 1}', over: 'x-meta: {b: 2}', want: { image: 'a', 'x-meta': { a: 1, b: 2 } } },
  {
    name: 'a mapping cannot be overridden by a list',
    base: 'image: a\ndeploy: {replicas: 2}',
    over: 'deploy: [x]',
    want: { image: 'a', deploy: { replicas: 2 } },
    rules: ['compose/cannot-merge'],
  },
];

describe('merge rules (-f base.yaml -f override.yaml)', () => {
  for (const c of CASES) {
    it(c.name, async () => {
      const l = await loadFiles({ 'base.yaml': svc(c.base), 'override.yaml': svc(c.over) }, ['base.yaml', 'override.yaml']);
      expect(service(l, 'web')).toEqual(c.want);
      expect(l.rules.filter((r) => r !== 'compose/schema')).toEqual(c.rules ?? []);
    });
  }
});

describe('more merge behaviour', () => {
  it('!reset on a whole service', async () => {
    const l = await loadFiles(
      { 'a.yaml': 'services:\n  web: {image: a}\n  db: {image: d}\n', 'b.yaml': 'services:\n  db: !reset {}\n' },
      ['a.yaml', 'b.yaml'],
    );
    expect(Object.keys(l.js?.['services'] as object)).toEqual(['web']);
  });

  it('!reset in the first file simply drops the node, and tags on list items drop the item', async () => {
    const l = await loadFiles({ 'compose.yaml': 'services:\n  web:\n    image: a\n    user: !reset root\n    ports: ["80", !reset "81"]\n' });
    expect(service(l, 'web')).toEqual({ image: 'a', ports: ['80'] });
  });

  it('a file invalid on its own is fine when the merged result is valid', async () => {
    const l = await loadFiles({ 'a.yaml': 'services:\n  web: {image: a}\n', 'b.yaml': 'services:\n  web: {ports: ["80"]}\n' }, ['a.yaml', 'b.yaml']);
    expect(l.rules).toEqual([]);
  });

  it('documents of one file merge like several -f files (§14 case 35)', async () => {
    const l = await loadFiles({ 'compose.yaml': 'services:\n  web: {image: a, user: u}\n---\nservices:\n  web: {image: b}\n  db: {image: d}\n' });
    expect(l.js?.['services']).toEqual({ web: { image: 'b', user: 'u' }, db: { image: 'd' } });
  });

  it('environment entries repeated in one list keep the last value in the first place', async () => {
    const l = await loadFiles({ 'compose.yaml': 'services:\n  web:\n    image: a\n    environment: [A=1, B=2, A=3]\n' });
    expect(service(l, 'web')?.['environment']).toEqual(['A=3', 'B=2']);
    expect(l.rules).toEqual([]); // no uniqueItems error: duplicates are gone before validation
  });

  it('positions survive merging: an override value points into the override file', async () => {
    const l = await loadFiles({ 'a.yaml': 'services:\n  web:\n    image: a\n', 'b.yaml': 'services:\n  web:\n    user: 1000\n' }, ['a.yaml', 'b.yaml']);
    const d = l.diagnostics.find((x) => x.rule === 'compose/schema');
    expect(d?.origin).toMatchObject({ file: 'b.yaml', line: 3, column: 5, path: 'services.web.user' });
  });
});

describe('documents of one file merged one by one', () => {
  // Each document may add a service, or write to one an earlier document defined, with list
  // entries that share an identity key (ports by target, volumes by target, secrets by source)
  // and `!reset`/`!override` tags. Unicity is enforced after each merge only for the services the
  // document wrote: the result must be what enforcing it on every service gives.
  it('give the model a full unicity pass gives, on generated multi-document files', async () => {
    const { mergeDocuments, enforceUnicity } = await import('../../../../src/parsers/compose/merge.js');
    const { parseYaml } = await import('../../../../src/yaml/parse.js');
    const { createReporter } = await import('../../../../src/diagnostics/context.js');
    const { sourceFile } = await import('../../../../src/ir/source-file.js');
    const { toJS } = await import('../../../../src/yaml/node.js');
    const rand = rng(4242);
    const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
    const bodies = [
      'image: a',
      'ports: ["80:80", "8080:80"]',
      'ports: ["9000:80"]',
      'volumes: ["data:/data", "other:/data"]',
      'volumes: ["logs:/var/log"]',
      'secrets: [s1, {source: s1, target: x}]',
      'environment: {A: "1"}',
      'ports: !reset []',
      'volumes: !override ["v:/v"]',
      'expose: ["1", "1"]',
    ];
    for (let round = 0; round < 60; round++) {
      const docs = Array.from({ length: 2 + Math.floor(rand() * 6) }, () => {
        const names = Array.from({ length: 1 + Math.floor(rand() * 3) }, () => pick(['web', 'api', 'db', 'worker']));
        return `services:\n${[...new Set(names)].map((n) => `  ${n}:\n    ${pick(bodies)}\n`).join('')}`;
      });
      const text = docs.join('---\n');
      const roots = parseYaml(sourceFile('compose.yaml', text), createReporter(), {}).documents.map((d) => d.root as YMapLike);
      const reporter = createReporter();
      let full = enforceUnicity(roots[0]!);
      let incremental = enforceUnicity(roots[0]!);
      for (const root of roots.slice(1)) {
        full = enforceUnicity(mergeDocuments(full, root, { reporter }));
        const services = root.entries.find((e) => e.key === 'services')?.value;
        const touched = new Set(services?.kind === 'map' ? services.entries.map((e) => e.key) : []);
        incremental = enforceUnicity(mergeDocuments(incremental, root, { reporter }), touched);
      }
      expect(toJS(incremental), text).toEqual(toJS(full));
    }
  });
});
