import { describe, expect, it } from 'vitest';
import type { ContainerDependency, HealthCheck } from '../../src/ir/types.js';
import { dependencies } from '../../src/passes/dependencies.js';
import { app, at, check, container, service, task, type Case } from './support.js';

const dep = (name: string, on: string, condition: ContainerDependency['condition'] = 'START'): ContainerDependency => ({
  container: on,
  condition,
  origin: at(`services.${name}.depends_on.${on}`),
});
const hc: HealthCheck = { command: ['CMD', 'true'] };

describe('dependencies pass', () => {
  const cases: Case[] = [
    {
      name: 'a variable that names another service as a host makes a call, without any depends_on',
      given: app([
        service(container('web', 'x:1', { environment: [{ name: 'REDIS_URL', value: 'redis://cache:6379/0' }, { name: 'DB_HOST', value: 'db' }, { name: 'MODE', value: 'worker' }] })),
        service(container('cache', 'redis:7')),
        service(container('db', 'postgres:16')),
        service(container('worker', 'x:1')),
      ]),
      // A name alone is a host only in a host-like variable: MODE=worker is not a call.
      not: ['dependencies/cross-service'],
      check: (out) => expect(out.services.map((s) => [s.name, s.calls])).toEqual([
        ['web', ['cache', 'db']],
        ['cache', []],
        ['db', []],
        ['worker', []],
      ]),
    },
    {
      name: 'a one-off task (role job) is nothing to call; its own wait on a service says it is run by hand',
      given: app([
        service(container('web', 'x:1', { environment: [{ name: 'MIGRATE_HOST', value: 'migrate' }] })),
        service(container('migrate', 'x:1'), { role: 'job', waitsFor: [{ service: 'db', condition: 'HEALTHY', origin: at('services.migrate.depends_on.db') }] }),
        service(container('db', 'postgres:16')),
      ]),
      want: [{ rule: 'dependencies/cross-service', path: 'services.migrate.depends_on.db' }],
      check: (out, ran) => {
        expect(out.services.map((s) => [s.name, s.calls])).toEqual([
          ['web', []],
          ['migrate', ['db']],
          ['db', []],
        ]);
        expect(ran.diagnostics[0]?.message).toBe('One-off task migrate waits for service db (healthy), but ECS does not order a task you run after a service: it may start before db is healthy.');
      },
    },
    {
      name: 'a secret variable that named a service as a host still makes a call',
      given: app([
        service(container('web', 'x:1', { environment: [{ name: 'DATABASE_URL', secret: { secret: 'DATABASE_URL' }, hosts: [{ host: 'DB', port: 5432 }] }] })),
        service(container('db', 'postgres:16')),
      ]),
      check: (out) => expect(out.services.map((s) => [s.name, s.calls])).toEqual([
        ['web', ['db']],
        ['db', []],
      ]),
    },
    {
      name: 'inside a task the conditions are kept',
      given: app([task('web', [container('web', 'x:1', { dependsOn: [dep('web', 'init', 'SUCCESS'), dep('web', 'proxy', 'HEALTHY')] }), container('init', 'y:1', { essential: false }), container('proxy', 'z:1', { healthCheck: hc })])]),
      check: (out, ran) => {
        expect(ran.pairs).toEqual([]);
        expect(out.services[0]?.task.containers[0]?.dependsOn.map((d) => d.condition)).toEqual(['SUCCESS', 'HEALTHY']);
      },
    },
    {
      name: 'a run-to-completion dependency is made non-essential',
      given: app([task('web', [container('web', 'x:1', { dependsOn: [dep('web', 'migrate', 'SUCCESS')] }), container('migrate', 'y:1')])]),
      want: [{ rule: 'dependencies/made-non-essential', path: 'services.web.depends_on.migrate' }],
      check: (out) => expect(out.services[0]?.task.containers[1]?.essential).toBe(false),
    },
    {
      name: 'HEALTHY on a container without a health check waits for START',
      given: app([task('web', [container('web', 'x:1', { dependsOn: [dep('web', 'proxy', 'HEALTHY')] }), container('proxy', 'z:1')])]),
      want: [{ rule: 'dependencies/healthy-without-check', path: 'services.web.depends_on.proxy' }],
      check: (out) => expect(out.services[0]?.task.containers[0]?.dependsOn[0]?.condition).toBe('START'),
    },
    {
      name: 'across services: moved to calls, with what ECS cannot guarantee',
      given: app([service(container('web', 'x:1', { dependsOn: [dep('web', 'db', 'HEALTHY')] })), service(container('db', 'postgres:16', { healthCheck: hc }))]),
      want: [{ rule: 'dependencies/cross-service', path: 'services.web.depends_on.db' }],
      check: (out, ran) => {
        expect(out.services[0]?.task.containers[0]?.dependsOn).toEqual([]);
        expect(out.services[0]?.calls).toEqual(['db']);
        const d = ran.diagnostics[0];
        expect(d?.severity).toBe('warning');
        expect(d?.message).toBe('Service web waits for service db (healthy), but ECS starts services independently: it may start before db is healthy.');
      },
    },
    {
      name: 'a plain depends_on across services is an info',
      given: app([service(container('web', 'x:1', { dependsOn: [dep('web', 'api')] })), service(container('api', 'x:1'))]),
      want: [{ rule: 'dependencies/cross-service', path: 'services.web.depends_on.api' }],
      check: (_out, ran) => expect(ran.diagnostics[0]?.severity).toBe('info'),
    },
    {
      name: 'a container of a sidecar task resolves to its service',
      given: app([service(container('web', 'x:1', { dependsOn: [dep('web', 'envoy')] })), task('api', [container('api'), container('envoy')])]),
      want: ['dependencies/cross-service'],
      check: (out) => expect(out.services[0]?.calls).toEqual(['api']),
    },
    {
      name: 'a dependency on an excluded service is dropped',
      given: app([service(container('web', 'x:1', { dependsOn: [dep('web', 'db')] }))], {}, { excluded: [{ name: 'db', parameter: 'DbEndpoint' }] }),
      want: [{ rule: 'dependencies/excluded-service', path: 'services.web.depends_on.db' }],
      check: (out) => expect(out.services[0]?.task.containers[0]?.dependsOn).toEqual([]),
    },
    {
      name: 'waitsFor (how the Compose front end records waits on other services) is reported',
      given: app([
        { ...service(container('web')), calls: ['db'], waitsFor: [{ service: 'db', condition: 'SUCCESS', origin: at('services.web.depends_on.db') }] },
        service(container('db', 'postgres:16')),
      ]),
      want: [{ rule: 'dependencies/cross-service', path: 'services.web.depends_on.db' }],
      check: (out, ran) => {
        expect(out.services[0]?.calls).toEqual(['db']);
        expect(ran.diagnostics[0]?.severity).toBe('warning');
        expect(ran.diagnostics[0]?.hint).toMatch(/one-off task/);
      },
    },
    {
      name: 'waitsFor an excluded service',
      given: app([{ ...service(container('web')), waitsFor: [{ service: 'db', condition: 'HEALTHY', origin: at('services.web.depends_on.db') }] }], {}, { excluded: [{ name: 'db', parameter: 'DbHost' }] }),
      want: [{ rule: 'dependencies/excluded-service', path: 'services.web.depends_on.db' }],
    },
    {
      name: 'an unknown dependency is an error',
      given: app([service(container('web', 'x:1', { dependsOn: [dep('web', 'nope')] }))]),
      want: [{ rule: 'dependencies/unknown', path: 'services.web.depends_on.nope' }],
    },
    {
      name: 'containers waiting for each other',
      given: app([task('web', [container('a', 'x:1', { dependsOn: [dep('a', 'b')] }), container('b', 'x:1', { dependsOn: [dep('b', 'a')] })])]),
      want: [{ rule: 'dependencies/cycle', path: 'services.b.depends_on.a' }],
    },
  ];
  it.each(cases)('$name', (c) => void check(dependencies, c));
});
