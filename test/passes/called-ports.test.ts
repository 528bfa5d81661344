import { describe, expect, it } from 'vitest';
import type { Container } from '../../src/ir/types.js';
import { calledPorts } from '../../src/passes/called-ports.js';
import { hostUses } from '../../src/util/host-uses.js';
import { createReporter } from '../../src/diagnostics/context.js';
import { app, check, container, deepFreeze, run, service, task, type Case } from './support.js';

const env = (pairs: Record<string, string>) => Object.entries(pairs).map(([name, value]) => ({ name, value }));
const caller = (vars: Record<string, string>, calls: string[]) => service(container('web', 'app:1', { environment: env(vars) }), { calls });
const portsOf = (c: Container | undefined) => c?.ports.map((p) => [p.containerPort, p.protocol, p.public]);

describe('hostUses: where a value names a host, with its port', () => {
  const hosts = new Map([
    ['redis', 'redis'],
    ['db', 'db'],
    ['api', 'api'],
  ]);
  const cases: [string, string, { target: string; port?: number }[]][] = [
    ['REDIS_URL', 'redis://redis:6379/0', [{ target: 'redis', port: 6379 }]],
    ['DATABASE_URL', 'postgres://app:pw@db/app', [{ target: 'db', port: 5432 }]],
    ['CACHE', 'redis:6380', [{ target: 'redis', port: 6380 }]],
    ['API_HOST', 'api', [{ target: 'api' }]],
    ['MODE', 'api', []],
    ['SEEDS', 'db:9042,api:9042', [{ target: 'db', port: 9042 }, { target: 'api', port: 9042 }]],
    ['URL', 'foo://api/x', [{ target: 'api' }]],
    ['URL', 'http://api:99999/', [{ target: 'api' }]],
    ['DB_CONN', 'host=db port=6432 dbname=app user=app', [{ target: 'db', port: 6432 }]],
    ['ConnectionStrings__Default', 'Server=db,1433;Database=app;User Id=sa;Password=x', [{ target: 'db', port: 1433 }]],
    ['SQL', 'Data Source=tcp:DB;Initial Catalog=app', [{ target: 'db' }]],
    ['NOTE', 'hostess=db', []],
  ];
  it.each(cases)('%s=%s', (name, value, want) => expect(hostUses(name, value, hosts)).toEqual(want));
});

describe('called-ports pass', () => {
  const cases: Case[] = [
    {
      name: 'a port-less service reached at host:port gets that port, unpublished',
      given: app([caller({ REDIS_URL: 'redis://cache:6380/0' }, ['cache']), service(container('cache', 'ghcr.io/acme/cache:1'))]),
      want: ['ports/inferred'],
      check: (out, ran) => {
        expect(portsOf(out.services[1]?.task.containers[0])).toEqual([[6380, 'tcp', false]]);
        expect(ran.diagnostics[0]?.message).toBe('Service cache declares no port, but `web` reaches it on port 6380 (REDIS_URL): ecsify maps it, so it can be reached on ECS.');
      },
    },
    {
      name: 'a secret variable’s kept host and port count as evidence (its value is gone)',
      given: app([
        service(container('web', 'app:1', { environment: [{ name: 'DATABASE_URL', secret: { secret: 'DATABASE_URL' }, hosts: [{ host: 'pg', port: 5433 }] }] }), { calls: ['pg'] }),
        service(container('pg', 'ghcr.io/acme/pg:1')),
      ]),
      check: (out, ran) => {
        expect(portsOf(out.services[1]?.task.containers[0])).toEqual([[5433, 'tcp', false]]);
        expect(ran.diagnostics[0]?.message).toBe('Service pg declares no port, but `web` reaches it on port 5433 (DATABASE_URL): ecsify maps it, so it can be reached on ECS.');
      },
    },
    {
      name: 'a data store only depended on gets its image’s default port',
      given: app([caller({}, ['db']), service(container('db', 'postgres:16'))]),
      check: (out, ran) => {
        expect(portsOf(out.services[1]?.task.containers[0])).toEqual([[5432, 'tcp', false]]);
        expect(ran.diagnostics[0]?.message).toBe('Service db declares no port, and `web` calls it: ecsify maps 5432, the port PostgreSQL listens on by default, so it can be reached on ECS.');
      },
    },
    {
      name: 'the port goes to the service’s own container, not to an init container the secret-files pass put first',
      given: app([
        caller({ DATABASE_HOST: 'db' }, ['db']),
        task('db', [container('db-secrets-init', 'public.ecr.aws/docker/library/busybox:1.36.1', { essential: false }), container('db', 'mariadb:10.6')]),
      ]),
      want: ['ports/inferred'],
      not: ['ports/unreachable'],
      check: (out) => {
        expect(portsOf(out.services[1]?.task.containers[0])).toEqual([]);
        expect(portsOf(out.services[1]?.task.containers[1])).toEqual([[3306, 'tcp', false]]);
      },
    },
    {
      name: 'X_HOST beside X_PORT gives the port of a custom image',
      given: app([caller({ API_HOST: 'api', API_PORT: '8081', OTHER_PORT: '9' }, ['api']), service(container('api', 'ghcr.io/acme/api:1'))]),
      want: ['ports/inferred'],
      not: ['ports/unreachable'],
      check: (out, ran) => {
        expect(portsOf(out.services[1]?.task.containers[0])).toEqual([[8081, 'tcp', false]]);
        expect(ran.diagnostics[0]?.message).toBe('Service api declares no port, but `web` reaches it on port 8081 (API_HOST and API_PORT): ecsify maps it, so it can be reached on ECS.');
      },
    },
    {
      name: 'a service named as a host without a port, of an unknown image, is reported unreachable',
      given: app([caller({ API_HOST: 'api' }, ['api']), service(container('api', 'ghcr.io/acme/api:1'))]),
      want: ['ports/unreachable'],
      check: (out) => expect(out.services[1]?.task.containers[0]?.ports).toEqual([]),
    },
    {
      name: 'a service only waited on, of an unknown image, is left alone',
      given: app([caller({}, ['setup']), service(container('setup', 'ghcr.io/acme/setup:1'))]),
      not: ['ports/inferred', 'ports/unreachable'],
    },
    {
      name: 'a service that declares a port, or that nobody calls, is left alone',
      given: app([
        caller({ REDIS_URL: 'redis://cache:6380/0' }, ['cache']),
        service(container('cache', 'redis:7', { ports: [{ containerPort: 6379, protocol: 'tcp', public: false }] })),
        service(container('lonely', 'redis:7')),
      ]),
      not: ['ports/inferred', 'ports/unreachable'],
    },
    {
      name: 'a sidecar named by the caller gets the port, not the task’s first container',
      given: app([
        caller({ METRICS: 'http://exporter:9100/metrics' }, ['db']),
        task('db', [container('db', 'ghcr.io/acme/db:1'), container('exporter', 'ghcr.io/acme/exporter:1')]),
      ]),
      check: (out) => {
        expect(portsOf(out.services[1]?.task.containers[0])).toEqual([]);
        expect(portsOf(out.services[1]?.task.containers[1])).toEqual([[9100, 'tcp', false]]);
      },
    },
  ];
  it.each(cases)('$name', (c) => void check(calledPorts, c));

  it('names the way the input declares a port: Compose expose, Dockerrun portMappings', () => {
    const given = app([caller({}, ['db']), service(container('db', 'postgres:16'))]);
    expect(run(calledPorts, given).diagnostics[0]?.hint).toBe('Declare the port it listens on in the input (Compose: expose: ["5432"]) rather than rely on this guess.');
    const eb = { ...given, source: { kind: 'eb-dockerrun-v2' as const, files: ['Dockerrun.aws.json'] } };
    expect(run(calledPorts, eb).diagnostics[0]?.hint).toBe('Declare the port it listens on in the input (Dockerrun.aws.json: "portMappings": [{"containerPort": 5432}]) rather than rely on this guess.');
  });

  it('returns the same object when nothing is port-less and called', () => {
    const given = deepFreeze(app([caller({}, []), service(container('db', 'postgres:16'))]));
    expect(calledPorts.run(given, { reporter: createReporter() })).toBe(given);
  });
});
