import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createReporter, registeredSecrets, type Reporter } from '../../src/diagnostics/context.js';
import type { Application, Container, EnvVar } from '../../src/ir/types.js';
import { secretSweep } from '../../src/passes/secret-sweep.js';
import { secrets } from '../../src/passes/secrets.js';
import { compile, defaultLoadOptions } from '../../src/index.js';
import { REPO_ROOT } from '../support/paths.js';
import { rng } from '../support/rng.js';
import { app, at, check, container, deepFreeze, run, service, type Case } from './support.js';

/** A distinctive password (the reporter masks it everywhere) and a literal Stripe key. */
const PW = 'CanaryEnvPw_Q7x9';
const STRIPE = 'sk_live_4eC39HqLyjWDarjtT1zdp7dc';

const env = (name: string, value: string): EnvVar => ({ name, value, origin: at(`services.web.environment.${name}`) });
const ref = (name: string): EnvVar => ({ name, secret: { secret: name }, origin: at(`services.web.environment.${name}`) });
/** `web` with DB_PASSWORD=PW (a secret by name: its value counts wherever it appears) and `patch`. */
const web = (patch: Partial<Container> = {}, environment: EnvVar[] = []): Application =>
  app([service(container('web', 'ghcr.io/acme/web:1.0', { environment: [env('DB_PASSWORD', PW), ...environment], ...patch }))]);
const first = (a: Application): Container => a.services[0]?.task.containers[0] as Container;
const IN_FIELD = 'secrets/value-in-field' as const;
const FROM_ENV = 'secrets/health-check-from-env' as const;
const PLAINTEXT = 'secrets/plaintext-value' as const;

describe('secret-sweep pass', () => {
  const cases: Case[] = [
    {
      name: 'nothing secret outside its own variable: nothing to say, same object',
      given: web({ command: ['serve', '--port', '3000'], labels: { team: 'web' } }, [env('LOG_LEVEL', 'info')]),
      not: [IN_FIELD, PLAINTEXT],
      check: (out, ran) => expect(ran.pairs).toEqual([]),
    },
    {
      name: 'another variable holding the value becomes a reference under its own name',
      given: web({}, [env('OTHER', PW)]),
      want: [{ rule: PLAINTEXT, path: 'services.web.environment.OTHER' }],
      not: [{ rule: PLAINTEXT, path: 'services.web.environment.DB_PASSWORD' }, IN_FIELD],
      check: (out, ran) => {
        expect(first(out).environment).toEqual([env('DB_PASSWORD', PW), ref('OTHER')]); // DB_PASSWORD is the secrets pass's
        expect(out.secrets).toEqual([{ name: 'OTHER', reason: 'value', origin: at('services.web.environment.OTHER') }]);
        expect(ran.diagnostics.find((d) => d.rule === PLAINTEXT)?.message).toContain('the value of secret DB_PASSWORD');
      },
    },
    {
      name: 'a converted variable keeps the service names its value used as hosts, and their ports, never the value',
      given: { ...web(), services: [...web({}, [env('CACHE_ADDR', `cache:6380 ${PW}`)]).services, service(container('cache', 'redis:7'))] },
      want: [{ rule: PLAINTEXT, path: 'services.web.environment.CACHE_ADDR' }],
      check: (out) => {
        expect(first(out).environment[1]).toEqual({ ...ref('CACHE_ADDR'), hosts: [{ host: 'cache', port: 6380 }] });
        expect(JSON.stringify(first(out).environment[1])).not.toContain(PW);
      },
    },
    {
      name: 'a composite value (a connection string built by interpolation) too',
      given: web({}, [env('DB_CONN', `host=db user=app password=${PW} sslmode=require`)]),
      want: [{ rule: PLAINTEXT, path: 'services.web.environment.DB_CONN' }],
      check: (out) => expect(first(out).environment[1]).toEqual(ref('DB_CONN')),
    },
    {
      name: 'label: an error at the container, the value masked',
      given: web({ labels: { pw: PW, team: 'web' } }),
      want: [{ rule: IN_FIELD, path: 'services.web' }],
      check: (out, ran) => {
        expect(first(out).labels).toEqual({ pw: '****', team: 'web' });
        expect(ran.diagnostics[0]?.message).toMatch(/label pw of container web holds the value of secret DB_PASSWORD/);
        expect(ran.diagnostics[0]?.severity).toBe('error');
      },
    },
    {
      name: 'command (list form), only the secret part masked',
      given: web({ command: ['serve', '--db-password', PW] }),
      want: [{ rule: IN_FIELD, path: 'services.web' }],
      check: (out, ran) => {
        expect(first(out).command).toEqual(['serve', '--db-password', '****']);
        expect(ran.diagnostics[0]?.message).toMatch(/^The command of container web/);
        expect(ran.diagnostics[0]?.hint).toContain('$$DB_PASSWORD');
      },
    },
    {
      name: 'command (string form, one shell word list): one diagnostic per field',
      given: web({ command: ['sh', '-c', `exec app --password=${PW} --again=${PW}`] }),
      want: [{ rule: IN_FIELD, path: 'services.web' }],
      check: (out, ran) => {
        expect(first(out).command?.[2]).toBe('exec app --password=**** --again=****');
        expect(ran.pairs.filter((p) => p.startsWith(IN_FIELD))).toHaveLength(1);
      },
    },
    {
      name: 'entrypoint',
      given: web({ entryPoint: ['/entry.sh', `--secret=${PW}`] }),
      want: [{ rule: IN_FIELD, path: 'services.web' }],
      check: (out, ran) => expect(ran.diagnostics[0]?.message).toMatch(/^The entrypoint of container web/),
    },
    {
      name: "health check holding a secret the container has as a variable: it reads the variable (CMD-SHELL), no error",
      given: web({ healthCheck: { command: ['CMD-SHELL', `curl -u admin:${PW} http://localhost/ || exit 1`], origin: at('services.web.healthcheck') } }),
      want: [{ rule: FROM_ENV, path: 'services.web.healthcheck' }],
      not: [IN_FIELD],
      check: (out, ran) => {
        expect(first(out).healthCheck?.command).toEqual(['CMD-SHELL', 'curl -u admin:"$DB_PASSWORD" http://localhost/ || exit 1']);
        expect(ran.diagnostics.find((d) => d.rule === FROM_ENV)?.message).toBe(
          'The health check of container web held the value of secret DB_PASSWORD; it now reads it from the container\'s variable when it runs ("$DB_PASSWORD"), through the container\'s shell (CMD-SHELL).',
        );
      },
    },
    {
      name: 'health check holding two secrets of the container: both read from their variables',
      given: web({ healthCheck: { command: ['CMD', 'probe', '--user', `admin:${PW}`, '--key', 'Tok3n-Value-4455'], origin: at('services.web.healthcheck') } }, [env('API_TOKEN', 'Tok3n-Value-4455')]),
      want: [{ rule: FROM_ENV, path: 'services.web.healthcheck' }],
      not: [IN_FIELD],
      check: (out, ran) => {
        expect(first(out).healthCheck?.command).toEqual(['CMD-SHELL', 'probe --user admin:"$DB_PASSWORD" --key "$API_TOKEN"']);
        expect(ran.diagnostics.find((d) => d.rule === FROM_ENV)?.message).toContain('held the value of secrets DB_PASSWORD and API_TOKEN; it now reads them from the container\'s variables when it runs ("$DB_PASSWORD" and "$API_TOKEN")');
      },
    },
    {
      name: "health check holding another container's secret: an error, masked (the variable is not in this container)",
      given: app([
        service(container('web', 'ghcr.io/acme/web:1.0', { environment: [env('DB_PASSWORD', PW)] })),
        service(container('db', 'postgres:16', { healthCheck: { command: ['CMD-SHELL', `PGPASSWORD=${PW} pg_isready`], origin: at('services.db.healthcheck') } })),
      ]),
      want: [{ rule: IN_FIELD, path: 'services.db.healthcheck' }],
      not: [FROM_ENV],
      check: (out) => expect(out.services[1]?.task.containers[0]?.healthCheck?.command[1]).toBe('PGPASSWORD=**** pg_isready'),
    },
    {
      name: 'health check holding a secret and a literal token: an error (no variable holds the token)',
      given: web({ healthCheck: { command: ['CMD-SHELL', `curl -u admin:${PW} -H "X-Key: ${STRIPE}" http://localhost/`], origin: at('services.web.healthcheck') } }),
      want: [{ rule: IN_FIELD, path: 'services.web.healthcheck' }],
      not: [FROM_ENV],
      check: (out) => expect(first(out).healthCheck?.command[1]).toBe('curl -u admin:**** -H "X-Key: ****" http://localhost/'),
    },
    {
      name: 'a literal token in an entrypoint',
      given: web({ entryPoint: ['/bin/sh', '-c', `exec app --key=${STRIPE}`] }),
      want: [{ rule: IN_FIELD, path: 'services.web' }],
      check: (out, ran) => {
        expect(first(out).entryPoint).toEqual(['/bin/sh', '-c', 'exec app --key=****']);
        expect(ran.diagnostics[0]?.message).toContain('what looks like a Stripe key');
      },
    },
    {
      name: 'the password of a URL in a command, only the password masked; a variable the shell expands is left alone',
      given: web({ command: ['app', '--db', 'postgres://app:Pgpass-Secret-778899@db:5432/app', '--cache', 'redis://:$REDIS_PASSWORD@redis:6379'] }),
      want: [{ rule: IN_FIELD, path: 'services.web' }],
      check: (out, ran) => {
        expect(first(out).command).toEqual(['app', '--db', 'postgres://app:****@db:5432/app', '--cache', 'redis://:$REDIS_PASSWORD@redis:6379']);
        expect(ran.diagnostics[0]?.message).toBe('The command of container web holds what looks like a URL with a password; ECS can pass a secret only as an environment variable.');
        expect(ran.diagnostics[0]?.hint).toContain('Move the password into an environment variable (DB_PASSWORD, say;');
      },
    },
    {
      name: 'a password given as a command option, in the command and the health check; the same value elsewhere masked too',
      given: web({ command: ['redis-server', '--requirepass', 'redispass-9988'], healthCheck: { command: ['CMD', 'redis-cli', '-a', 'redispass-9988', 'ping'] } }),
      want: [{ rule: IN_FIELD, path: 'services.web' }],
      check: (out, ran) => {
        expect(first(out).command).toEqual(['redis-server', '--requirepass', '****']);
        expect(first(out).healthCheck?.command).toEqual(['CMD', 'redis-cli', '-a', '****', 'ping']);
        expect(ran.diagnostics.map((d) => d.message)).toEqual([
          'The command of container web holds what looks like a password given on the command line (an option, or a variable it sets); ECS can pass a secret only as an environment variable.',
          'The health check of container web holds what looks like a password given on the command line (an option, or a variable it sets); ECS can pass a secret only as an environment variable.',
        ]);
      },
    },
    {
      name: 'a plain word given as a password option (a dev default): an error too, only whole words masked',
      given: web({
        command: ['redis-server', '--requirepass', 'redis'],
        healthCheck: { command: ['CMD-SHELL', 'redis-cli -a redis ping && echo redis-ok'] },
        entryPoint: ['/entry.sh', '--password=redis'],
        labels: { cache: 'redis' },
      }),
      want: [{ rule: IN_FIELD, path: 'services.web' }],
      check: (out, ran) => {
        expect(first(out).command).toEqual(['redis-server', '--requirepass', '****']);
        expect(first(out).healthCheck?.command).toEqual(['CMD-SHELL', 'redis-cli -a **** ping && echo redis-ok']);
        expect(first(out).entryPoint).toEqual(['/entry.sh', '--password=****']);
        // Too plain to be looked for outside commands: a label naming the image is not a secret.
        expect(first(out).labels).toEqual({ cache: 'redis' });
        // In the order of the container's fields (newContainer declares every one).
        expect(ran.diagnostics.map((d) => d.message)).toEqual([
          'The command of container web holds what looks like a password given on the command line (an option, or a variable it sets); ECS can pass a secret only as an environment variable.',
          'The entrypoint of container web holds what looks like a password given on the command line (an option, or a variable it sets); ECS can pass a secret only as an environment variable.',
          'The health check of container web holds what looks like a password given on the command line (an option, or a variable it sets); ECS can pass a secret only as an environment variable.',
        ]);
      },
    },
    {
      name: 'a plain-word password is looked for only in the command that gives it: elsewhere it may be a host name',
      given: app([
        service(container('cache', 'redis:7', { command: ['redis-server', '--requirepass', 'redis'] })),
        service(container('web', 'ghcr.io/acme/web:1.0', { command: ['wait-for', 'redis', '--', 'serve'], healthCheck: { command: ['CMD', 'nc', '-z', 'redis', '6379'] } })),
      ]),
      want: [{ rule: IN_FIELD, path: 'services.cache' }],
      not: [{ rule: IN_FIELD, path: 'services.web' }],
      check: (out, ran) => {
        expect(out.services[0]?.task.containers[0]?.command).toEqual(['redis-server', '--requirepass', '****']);
        expect(out.services[1]?.task.containers[0]?.command).toEqual(['wait-for', 'redis', '--', 'serve']);
        expect(out.services[1]?.task.containers[0]?.healthCheck?.command).toEqual(['CMD', 'nc', '-z', 'redis', '6379']);
        expect(ran.diagnostics.map((d) => d.message)).toEqual([
          'The command of container cache holds what looks like a password given on the command line (an option, or a variable it sets); ECS can pass a secret only as an environment variable.',
        ]);
      },
    },
    {
      name: 'a variable whose name says secret, set in a shell command: an error, the value masked',
      given: web({ command: ['sh', '-c', 'DB_PASSWORD=assigned-pw-4455 LOG_LEVEL=debug exec app'] }),
      want: [{ rule: IN_FIELD, path: 'services.web' }],
      check: (out, ran) => {
        expect(first(out).command).toEqual(['sh', '-c', 'DB_PASSWORD=**** LOG_LEVEL=debug exec app']);
        expect(ran.diagnostics.map((d) => d.message)).toEqual([
          'The command of container web holds what looks like a password given on the command line (an option, or a variable it sets); ECS can pass a secret only as an environment variable.',
        ]);
      },
    },
    {
      name: "mysql's attached -p form with a plain word",
      given: web({ healthCheck: { command: ['CMD', 'mysqladmin', 'ping', '-uroot', '-pexample'] } }),
      want: [{ rule: IN_FIELD, path: 'services.web' }],
      check: (out) => expect(first(out).healthCheck?.command).toEqual(['CMD', 'mysqladmin', 'ping', '-uroot', '-p****']),
    },
    {
      name: 'literal tokens in a label value and a label key',
      given: web({ labels: { 'deploy.key': 'ghp_16C7e42F292c6912E7710c838347Ae178B4a', [`x.${'AKIAIOSFODNN7EXAMPLE'}`]: 'y' } }),
      want: [{ rule: IN_FIELD, path: 'services.web' }],
      check: (out, ran) => {
        expect(first(out).labels).toEqual({ 'deploy.key': '****', 'x.****': 'y' });
        expect(ran.diagnostics.map((d) => d.message).join('\n')).toMatch(/GitHub token[\s\S]*AWS access key id|AWS access key id[\s\S]*GitHub token/);
      },
    },
    {
      name: 'any other field the emitters write (a generic walk): logging options, working directory, tags, targets',
      given: {
        ...web({ logging: { driver: 'awslogs', options: { 'awslogs-group': `/x/${PW}` } }, workingDirectory: `/srv/${PW}` }),
        settings: { ...web().settings, tags: { owner: PW } },
      },
      want: [
        { rule: IN_FIELD, path: 'services.web' },
        { rule: IN_FIELD, path: '-' },
      ],
      check: (out, ran) => {
        expect(JSON.stringify(out)).not.toMatch(new RegExp(`${PW}[\\s\\S]*${PW}`)); // only DB_PASSWORD's own value is left
        expect(ran.diagnostics.map((d) => d.message)).toEqual(
          expect.arrayContaining([
            expect.stringContaining('logging option awslogs-group'),
            expect.stringContaining('workingDirectory'),
            expect.stringContaining('settings.tags.owner'),
          ]),
        );
      },
    },
    {
      name: 'a job command',
      given: { ...web(), jobs: [{ name: 'migrate', service: 'web', container: 'web', command: ['rake', `db:migrate[${PW}]`], beforeDeploy: true }] },
      want: [{ rule: IN_FIELD, path: '-' }],
      check: (out) => expect(out.jobs[0]?.command).toEqual(['rake', 'db:migrate[****]']),
    },
    {
      name: "a token shape in a job's command, but not in its other fields",
      given: { ...web(), jobs: [{ name: `migrate-${STRIPE}`, service: 'web', container: 'web', command: ['rake', `db:migrate[${STRIPE}]`], beforeDeploy: true }] },
      want: [{ rule: IN_FIELD, path: '-' }],
      check: (out) => {
        expect(out.jobs[0]?.command).toEqual(['rake', 'db:migrate[****]']);
        expect(out.jobs[0]?.name).toBe(`migrate-${STRIPE}`);
      },
    },
    {
      name: 'a registered value as the key of a free-form map outside the token fields (log options)',
      given: web({ logging: { driver: 'awslogs', options: { [`x-${PW}`]: 'y' } } }, [env('DB_PASSWORD', PW)]),
      want: [{ rule: IN_FIELD, path: 'services.web' }],
      check: (out) => expect(first(out).logging?.options).toEqual({ 'x-****': 'y' }),
    },
    {
      name: 'digests, hashes, ids and kebab-case words are not tokens',
      given: web({
        command: ['app', '--sha', 'da39a3ee5e6b4b0d3255bfef95601890afd80709', '--digest', 'sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08'],
        entryPoint: ['/bin/sh', '-c', 'exec app --id 550e8400-e29b-41d4-a716-446655440000 --key-file /run/secrets/key'],
        labels: { model: 'sk-learn-preprocessing-pipeline-v2', build: 'wJalrXUtnFEMI7MDENGbPxRfiCYEXAMPLEKEY0123' },
        healthCheck: { command: ['CMD-SHELL', 'curl -f http://localhost:3000/health?check=deep || exit 1'] },
      }),
      not: [IN_FIELD],
      check: (out, ran) => expect(ran.pairs).toEqual([]),
    },
    {
      name: 'token shapes count only in commands, entrypoints, health checks and labels',
      given: web({ workingDirectory: '/srv/AKIAIOSFODNN7EXAMPLE' }),
      not: [IN_FIELD],
    },
    {
      name: 'a weak password (an ordinary word) is not looked for elsewhere',
      given: app([service(container('db', 'postgres:16', { environment: [env('POSTGRES_PASSWORD', 'postgres')], command: ['postgres', '-c', 'log_statement=all'] }))]),
      not: [IN_FIELD, { rule: PLAINTEXT, path: 'services.web.environment.POSTGRES_PASSWORD' }],
    },
    {
      name: "--not-secret keeps a token in the variable's own value",
      given: app([service(container('web', 'x:1', { environment: [env('STRIPE_PUBLISHABLE', 'pk_test_4eC39HqLyjWDarjtT1zdp7dc')] }))], { notSecretNames: ['STRIPE_PUBLISHABLE'] }),
      not: [PLAINTEXT],
    },
    {
      name: "…but not another variable's secret",
      given: app([service(container('web', 'x:1', { environment: [env('DB_PASSWORD', PW), env('OTHER', PW)] }))], { notSecretNames: ['OTHER'] }),
      want: [{ rule: PLAINTEXT, path: 'services.web.environment.OTHER' }],
    },
    {
      name: 'a service left out of the deployment: masked, not reported',
      given: app([service(container('db', 'x:1', { environment: [env('DB_PASSWORD', PW)], command: ['db', PW] }))], { exclude: ['db'] }),
      not: [IN_FIELD],
      check: (out) => expect(first(out).command).toEqual(['db', '****']),
    },
  ];
  it.each(cases)('$name', (c) => void check(secretSweep, c));

  it('finds the values parsers registered (by the variable that held them), not only those still in the IR', () => {
    const reporter = createReporter();
    reporter.redact(PW, 'DB_PASSWORD'); // what a parser does when it drops DB_PASSWORD's value
    const given = deepFreeze(app([service(container('web', 'x:1', { environment: [ref('DB_PASSWORD'), env('OTHER', PW)], labels: { pw: PW } }))], {}, { secrets: [{ name: 'DB_PASSWORD', reason: 'name' }] }));
    const out = secretSweep.run(given, { reporter });
    expect(first(out).environment).toEqual([ref('DB_PASSWORD'), ref('OTHER')]);
    expect(out.secrets.map((s) => s.name)).toEqual(['DB_PASSWORD', 'OTHER']);
    expect(JSON.stringify(out)).not.toContain(PW);
    const texts = JSON.stringify(reporter.diagnostics);
    expect(texts).toContain('secret DB_PASSWORD');
    expect(texts).not.toContain(PW);
  });

  it('rewrites an exec-form health check to read a variable the parser already made a reference, quoting the words for the shell', () => {
    const reporter = createReporter();
    reporter.redact(PW, 'SA_PASSWORD'); // what a parser does when it drops SA_PASSWORD's value
    const given = deepFreeze(
      app([
        service(
          container('db', 'mcr.microsoft.com/azure-sql-edge:1.0.4', {
            environment: [ref('SA_PASSWORD')],
            healthCheck: { command: ['CMD', '/opt/mssql-tools/bin/sqlcmd', '-U', 'sa', '-P', PW, '-Q', 'SELECT 1'], origin: at('services.db.healthcheck') },
          }),
        ),
      ]),
    );
    const out = secretSweep.run(given, { reporter });
    expect(first(out).healthCheck?.command).toEqual(['CMD-SHELL', `/opt/mssql-tools/bin/sqlcmd -U sa -P "$SA_PASSWORD" -Q 'SELECT 1'`]);
    expect(reporter.diagnostics.map((d) => d.rule)).toEqual(['secrets/health-check-from-env']);
    expect(JSON.stringify(out)).not.toContain(PW);
  });

  it('with the secrets pass: every reference defined, no value left anywhere', () => {
    const given = web({ labels: { pw: PW }, command: ['serve', PW] }, [env('OTHER', PW), env('DB_CONN', `user=app ${PW}`)]);
    const ran = run([secretSweep, secrets], given);
    expect(JSON.stringify(ran.out)).not.toContain(PW);
    expect(JSON.stringify(ran.diagnostics)).not.toContain(PW);
    expect(ran.out.secrets.map((s) => s.name)).toEqual(['DB_CONN', 'DB_PASSWORD', 'OTHER']);
    expect(ran.pairs).not.toContain('secrets/undefined-reference@services.web.environment.OTHER');
    expect(first(ran.out).environment.every((e) => 'secret' in e)).toBe(true);
  });

  it("reads the reporter's distinctive values, also through a wrapper, and never exposes them on the reporter", () => {
    const reporter = createReporter();
    const wrapper = Object.create(reporter) as Reporter; // as the Compose front end's quiet reporter
    wrapper.redact(PW, 'DB_PASSWORD');
    reporter.redact('postgres', 'POSTGRES_PASSWORD'); // weak: an ordinary word, not swept
    reporter.redact(STRIPE); // no variable (a build argument)
    expect([...registeredSecrets(wrapper)]).toEqual([
      [PW, 'DB_PASSWORD'],
      [STRIPE, undefined],
    ]);
    expect(JSON.stringify(reporter)).not.toContain(PW);
    expect(Object.values(reporter).some((v) => v instanceof Map)).toBe(false);
  });

  it('returns the same object when nothing is found', () => {
    const given = web({ command: ['serve'] });
    expect(run(secretSweep, given).out).toStrictEqual(given);
    const frozen = deepFreeze(structuredClone(given));
    expect(secretSweep.run(frozen, { reporter: createReporter() })).toBe(frozen);
  });
});

/**
 * Every string field is swept, whatever the IR holds: the secret is written into a random string
 * (or a random key) of a real application's IR, and must be found and masked there. The walk
 * skips short strings and empty lists without a call; this fails if it ever skips a field that
 * can hold the value.
 */
describe('secret-sweep finds a secret in any field', () => {
  type Holder = Record<string | number, unknown>;
  /** Each string of `value` (origins and the secret's own variable left out) as [holder, key]. */
  function strings(value: unknown, out: [Holder, string | number][] = []): [Holder, string | number][] {
    if (Array.isArray(value)) value.forEach((v, i) => (typeof v === 'string' ? out.push([value as unknown as Holder, i]) : strings(v, out)));
    else if (value !== null && typeof value === 'object') {
      if ((value as EnvVar).name === 'DB_PASSWORD') return out;
      for (const [k, v] of Object.entries(value)) {
        if (k === 'origin' || k === 'fieldOrigins') continue;
        if (k === 'environment' && Array.isArray(v)) {
          // Of a variable only the value is written out (its name and references are names).
          for (const e of v as EnvVar[]) if ('value' in e && e.name !== 'DB_PASSWORD') out.push([e as unknown as Holder, 'value']);
        } else if (typeof v === 'string') out.push([value as Holder, k]);
        else strings(v, out);
      }
    }
    return out;
  }
  function objects(value: unknown, out: Holder[] = []): Holder[] {
    if (Array.isArray(value)) value.forEach((v) => objects(v, out));
    else if (value !== null && typeof value === 'object') {
      if ((value as EnvVar).name === 'DB_PASSWORD' || 'file' in value) return out; // the variable, origins
      out.push(value as Holder);
      for (const [k, v] of Object.entries(value)) if (k !== 'environment') objects(v, out);
    }
    return out;
  }

  it('in 300 random places of the examples’ applications', async () => {
    const bases: Application[] = [];
    for (const example of ['compose-webapp', 'rails-sidekiq-eb']) {
      const { app: loaded } = await compile(defaultLoadOptions({ cwd: path.join(REPO_ROOT, 'examples', example), path: '.', env: { HOME: '/home/user' } }), { passes: [] });
      const base = loaded as Application;
      // One more service holding the secret in a variable judged secret by its name.
      bases.push({ ...base, services: [...base.services, service(container('vault', 'ghcr.io/acme/vault:1', { environment: [env('DB_PASSWORD', PW)] }))] });
    }
    const random = rng(20260127);
    for (let n = 0; n < 300; n++) {
      const given = structuredClone(bases[n % bases.length] as Application);
      const asKey = random() < 0.2;
      let where: string;
      if (asKey) {
        const targets = objects(given.services);
        const target = targets[Math.floor(random() * targets.length)] as Holder;
        target[`key-${PW}`] = 'v';
        where = `key of ${JSON.stringify(target).slice(0, 120)}`;
      } else {
        const spots = strings(given);
        const [holder, key] = spots[Math.floor(random() * spots.length)] as [Holder, string | number];
        holder[key] = `${String(holder[key])} ${PW}`;
        where = `${String(key)} of ${JSON.stringify(holder).slice(0, 120)}`;
      }
      const ran = run(secretSweep, given);
      const outside = JSON.stringify(ran.out, (k, v: unknown) => (k === 'environment' ? (v as EnvVar[]).filter((e) => e.name !== 'DB_PASSWORD') : v));
      expect(outside.includes(PW), where).toBe(false);
      expect(ran.diagnostics.some((d) => d.rule === IN_FIELD || d.rule === PLAINTEXT), where).toBe(true);
    }
  });

  // Token shapes count in a container's command, entrypoint, health check and labels only (the
  // walk decides that five segments below the application): a token put anywhere in those, in a
  // string, a key or a list nested in them, is found, masked and reported under that field.
  it('a token in 200 random places of commands, entrypoints, health checks and labels', async () => {
    const { app: loaded } = await compile(defaultLoadOptions({ cwd: path.join(REPO_ROOT, 'examples', 'compose-webapp'), path: '.', env: { HOME: '/home/user' } }), { passes: [] });
    const base = loaded as Application;
    const random = rng(20261127);
    const fields = ['command', 'entryPoint', 'healthCheck', 'labels'] as const;
    for (let n = 0; n < 200; n++) {
      const given = structuredClone(base);
      const s = given.services[Math.floor(random() * given.services.length)] as Application['services'][number];
      const c = s.task.containers[Math.floor(random() * s.task.containers.length)] as Container & Record<string, unknown>;
      const field = fields[Math.floor(random() * fields.length)] as (typeof fields)[number];
      const roll = random();
      let where: string;
      if (field === 'labels') {
        if (roll < 0.5) c.labels = { ...c.labels, [`k${n}`]: `v ${STRIPE}` };
        else c.labels = { ...c.labels, [`k.${STRIPE}`]: 'v' };
        where = `labels (${roll < 0.5 ? 'value' : 'key'})`;
      } else if (field === 'healthCheck') {
        c.healthCheck = { ...(c.healthCheck ?? { command: ['CMD', 'true'] }), command: ['CMD-SHELL', `curl -H "Authorization: ${STRIPE}" http://localhost/`] };
        where = 'health check';
      } else {
        // Plain words, or a list nested in the list (the walk goes down lists of lists too).
        const words = ['run', '--flag', 'something-long-enough'];
        words.splice(Math.floor(random() * (words.length + 1)), 0, `--key=${STRIPE}`);
        (c as Record<string, unknown>)[field] = roll < 0.8 ? words : [['sh', ...words]];
        where = `${field}${roll < 0.8 ? '' : ' (nested list)'}`;
      }
      const ran = run(secretSweep, given);
      expect(JSON.stringify(ran.out).includes(STRIPE), where).toBe(false);
      expect(ran.diagnostics.some((d) => d.rule === IN_FIELD && d.message.includes('a Stripe key')), where).toBe(true);
    }
  });
});

describe('secrets pass: hosts of the values it makes secret', () => {
  it('a variable classified secret keeps the service names its value used as hosts', () => {
    const given = app([service(container('web', 'ghcr.io/acme/web:1.0', { environment: [env('CACHE_URL', `redis://:${PW}@cache/0`)] })), service(container('cache', 'redis:7'))]);
    const out = run([secretSweep, secrets], given).out;
    expect(first(out).environment).toEqual([{ ...ref('CACHE_URL'), hosts: [{ host: 'cache', port: 6379 }] }]);
  });
});
