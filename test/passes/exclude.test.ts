import { describe, expect, it } from 'vitest';
import { createReporter } from '../../src/diagnostics/context.js';
import type { EnvVar } from '../../src/ir/types.js';
import { endpointParameterName, templateEndpoints } from '../../src/passes/lib/endpoints.js';
import { exclude } from '../../src/passes/exclude.js';
import { app, at, check, container, deepFreeze, service, type Case } from './support.js';

const env = (name: string, value: string): EnvVar => ({ name, value, origin: at(`services.web.environment.${name}`) });
const secret = (name: string): EnvVar => ({ name, secret: { secret: name }, origin: at(`services.web.environment.${name}`) });

const stack = (webEnv: EnvVar[], settings = { exclude: ['db'] }) =>
  app(
    [
      { ...service(container('web', 'ghcr.io/acme/web:1', { environment: webEnv })), calls: ['db', 'cache'] },
      service(container('db', 'postgres:16', { environment: [secret('POSTGRES_PASSWORD')] })),
      service(container('cache', 'redis:7')),
    ],
    settings,
    { secrets: [{ name: 'DATABASE_URL', reason: 'value' }, { name: 'POSTGRES_PASSWORD', reason: 'name' }] },
  );

describe('exclude pass', () => {
  const cases: Case[] = [
    {
      name: 'nothing excluded: same object',
      given: stack([], { exclude: [] }),
      check: (out, ran) => {
        expect(ran.pairs).toEqual([]);
        expect(out.services).toHaveLength(3);
      },
    },
    {
      name: 'an excluded service becomes a parameter; callers use it',
      given: stack([env('DB_HOST', 'db'), env('DB_URL', 'postgres://app@db:5432/app'), env('POSTGRES_DB', 'db'), env('OTHER', 'dbx:1')]),
      want: [{ rule: 'services/excluded', path: 'services.db' }, { rule: 'services/endpoint-parameter', path: 'services.web.environment.DB_HOST' }, { rule: 'services/endpoint-parameter', path: 'services.web.environment.DB_URL' }],
      not: [{ rule: 'services/endpoint-parameter', path: 'services.web.environment.POSTGRES_DB' }],
      check: (out, ran) => {
        expect(out.services.map((s) => s.name)).toEqual(['web', 'cache']);
        expect(out.excluded).toEqual([
          { name: 'db', parameter: 'DbHost', image: 'postgres:16', alternative: 'Amazon RDS for PostgreSQL or Aurora PostgreSQL', origin: at('services.db') },
        ]);
        const webEnv = out.services[0]?.task.containers[0]?.environment;
        expect(webEnv).toEqual([
          { name: 'DB_HOST', template: '${DbHost}', parameters: ['DbHost'], origin: at('services.web.environment.DB_HOST') },
          { name: 'DB_URL', template: 'postgres://app@${DbHost}:5432/app', parameters: ['DbHost'], origin: at('services.web.environment.DB_URL') },
          env('POSTGRES_DB', 'db'),
          env('OTHER', 'dbx:1'),
        ]);
        expect(out.services[0]?.calls).toEqual(['cache']);
        // The excluded service's own secret is no longer needed.
        expect(out.secrets.map((s) => s.name)).toEqual(['DATABASE_URL']);
        expect(ran.diagnostics.find((d) => d.origin?.path === 'services.web.environment.DB_URL')?.message).toBe(
          'Variable DB_URL of service web names the excluded db; it now uses the parameter DbHost.',
        );
      },
    },
    {
      name: 'an excluded service no variable names: no endpoint parameter is promised',
      given: app([service(container('web', 'x:1')), service(container('db', 'postgres:16'))], { exclude: ['db'] }),
      want: [{ rule: 'services/excluded', path: 'services.db' }],
      not: ['services/endpoint-parameter'],
      check: (_out, ran) => expect(ran.diagnostics.find((d) => d.rule === 'services/excluded')?.message).toBe('Service db is excluded; no variable of the other services names it, so no endpoint parameter is needed.'),
    },
    {
      name: 'a service the front end already excluded: callers still get the parameter',
      given: app([{ ...service(container('web', 'x:1', { environment: [env('REDIS_URL', 'redis://cache:6379/0')] })), calls: ['cache'] }], { exclude: ['cache'] }, {
        excluded: [{ name: 'cache', parameter: 'CacheHost', image: 'redis:7' }],
      }),
      want: [{ rule: 'services/endpoint-parameter', path: 'services.web.environment.REDIS_URL' }],
      not: ['services/excluded', 'services/unknown-exclude'],
      check: (out) => {
        expect(out.services[0]?.task.containers[0]?.environment[0]).toEqual({
          name: 'REDIS_URL',
          template: 'redis://${CacheHost}:6379/0',
          parameters: ['CacheHost'],
          origin: at('services.web.environment.REDIS_URL'),
        });
        expect(out.services[0]?.calls).toEqual([]);
        expect(out.excluded).toHaveLength(1);
      },
    },
    {
      name: 'callers holding secrets are told to update them',
      given: stack([secret('DATABASE_URL')]),
      want: [{ rule: 'services/endpoint-parameter', path: 'services.web' }],
      check: (_out, ran) =>
        expect(ran.diagnostics.find((d) => d.rule === 'services/endpoint-parameter')?.message).toBe(
          'Service web calls the excluded db and holds secrets (DATABASE_URL) whose values ecsify cannot see.',
        ),
    },
    {
      name: 'an unknown name is a warning',
      given: stack([], { exclude: ['postgres'] }),
      want: [{ rule: 'services/unknown-exclude', path: '-' }],
      check: (out) => expect(out.services).toHaveLength(3),
    },
  ];
  it.each(cases)('$name', (c) => void check(exclude, c));

  it('returns the same object when nothing is excluded', () => {
    const given = deepFreeze(stack([], { exclude: [] }));
    expect(exclude.run(given, { reporter: createReporter() })).toBe(given);
  });
});

describe('endpoint templates', () => {
  const hosts = new Map([
    ['db', 'DbHost'],
    ['redis', 'RedisHost'],
  ]);
  const cases: [string, string, string | undefined][] = [
    ['DATABASE_URL', 'postgres://user@db:5432/app', 'postgres://user@${DbHost}:5432/app'],
    ['SPRING_DATASOURCE_URL', 'jdbc:postgresql://db:5432/app', 'jdbc:postgresql://${DbHost}:5432/app'],
    ['CACHE', 'redis:6379', '${RedisHost}:6379'],
    ['REDIS_HOST', 'redis', '${RedisHost}'],
    ['REDIS_URL', 'redis://redis:6379/0', 'redis://${RedisHost}:6379/0'],
    ['HOSTS', 'db:5432,redis:6379', '${DbHost}:5432,${RedisHost}:6379'],
    ['DB_NAME', 'db', undefined], // a database called db
    ['POSTGRES_USER', 'db', undefined],
    ['URL', 'http://db.example.com/', undefined],
    ['URL', 'http://mydb:80/', undefined],
    ['MONGO', 'mongodb://u@db:27017,redis:27017/x', 'mongodb://u@${DbHost}:27017,${RedisHost}:27017/x'],
    ['TEMPLATE', 'db:1 ${literal}', '${DbHost}:1 ${!literal}'],
    ['DB_HOST', 'DB', '${DbHost}'], // host names are case-insensitive
    ['DB_CONN', 'host=db port=5432 dbname=app', 'host=${DbHost} port=5432 dbname=app'], // libpq keywords
    ['ConnectionStrings__Default', 'Server=db,1433;Database=app', 'Server=${DbHost},1433;Database=app'], // SQL Server
    ['SQL', 'Data Source=tcp:db;Initial Catalog=app', 'Data Source=tcp:${DbHost};Initial Catalog=app'],
    ['CONF', 'dbname=db user=db', undefined], // keywords that are not hosts
  ];
  it.each(cases)('%s=%s', (name, value, want) => {
    expect(templateEndpoints(name, value, hosts)?.template).toBe(want);
  });

  it('names parameters after the service, uniquely', () => {
    expect(endpointParameterName('my-db', new Set())).toBe('MyDbHost');
    expect(endpointParameterName('my_db', new Set(['MyDbHost']))).toBe('MyDbHost2');
    expect(endpointParameterName('1db', new Set())).toBe('Service1dbHost');
  });
});

describe('exclude pass: callers found through waitsFor', () => {
  it('a service that waits for the excluded one and holds secrets is told to update them', () => {
    const given = app(
      [
        { ...service(container('web', 'x:1', { environment: [secret('DATABASE_URL')] })), waitsFor: [{ service: 'db', condition: 'HEALTHY' }] },
        service(container('db', 'postgres:16')),
      ],
      { exclude: ['db'] },
      { secrets: [{ name: 'DATABASE_URL', reason: 'value' }] },
    );
    check(exclude, { name: 'waitsFor', given, want: [{ rule: 'services/endpoint-parameter', path: 'services.web' }] });
  });
});
