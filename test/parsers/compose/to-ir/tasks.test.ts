import { describe, expect, it } from 'vitest';
import { container, convert, expectNotReported, expectReported, service } from './support.js';

describe('sidecars: network_mode service:x packs containers into x’s task', () => {
  it('the owner names the service; its container comes first; settings come from the owner', () => {
    const { app, diagnostics } = convert(`
services:
  proxy:
    image: envoy
    network_mode: "service:app"
    deploy: {replicas: 5}
    volumes: [cache:/cache]
  app:
    image: app
    ports: ["80:8080"]
    deploy: {replicas: 2}
    volumes: [cache:/data, /tmp]
  log-router:
    image: fluent-bit
    network_mode: service:proxy
    volumes: [/tmp]
volumes:
  cache: {}
`);
    expect(app.services.map((s) => s.name)).toEqual(['app']);
    const s = service(app, 'app');
    expect(s.task.containers.map((c) => c.name)).toEqual(['app', 'proxy', 'log-router']);
    expect(s.desiredCount).toBe(2);
    expect(s.task.family).toBe('app-app');
    expect(s.task.volumes.map((v) => v.name)).toEqual(['cache', 'anon-tmp', 'anon-tmp-2']);
    expect(container(app, 'log-router').mounts[0]?.volume).toBe('anon-tmp-2');
    expect(s.discoveryAliases).toEqual(['proxy', 'log-router']);
    expectReported(diagnostics, [
      ['compose/sidecar', 'services.proxy.network_mode'],
      ['compose/sidecar', 'services.log-router.network_mode'],
      ['compose/sidecar-setting-ignored', 'services.proxy.deploy.replicas'],
    ]);
    expect(diagnostics.find((d) => d.origin?.path === 'services.log-router.network_mode')?.message).toContain('through `proxy`');
  });

  it('depends_on inside a task → container dependsOn; across services → waitsFor', () => {
    const { app } = convert(`
services:
  web:
    image: web
    depends_on:
      migrate: {condition: service_completed_successfully}
      db: {condition: service_healthy}
      cache:
        condition: service_started
        required: false
  migrate:
    image: web
    network_mode: service:web
  db:
    image: postgres
`);
    expect(container(app, 'web').dependsOn).toMatchObject([{ container: 'migrate', condition: 'SUCCESS' }]);
    expect(service(app, 'web').waitsFor).toMatchObject([{ service: 'db', condition: 'HEALTHY' }]);
    expect(service(app, 'db').role).toBe('backend');
  });

  it('x-ecsify task packs explicitly; loops and unknown owners are reported', () => {
    const packed = convert('services:\n  a: {image: a}\n  b: {image: b, x-ecsify: {task: a}}\n');
    expect(service(packed.app, 'a').task.containers.map((c) => c.name)).toEqual(['a', 'b']);
    const loop = convert('services:\n  a: {image: a, network_mode: "service:b"}\n  b: {image: b, network_mode: "service:a"}\n');
    expectReported(loop.diagnostics, [['compose/invalid-value', 'services.a.network_mode']]);
    expect(loop.app.services.map((s) => s.name)).toEqual(['a']);
    const unknown = convert('services:\n  a: {image: a, network_mode: "service:ghost"}\n');
    expectReported(unknown.diagnostics, [['compose/undefined-reference', 'services.a.network_mode']]);
    const self = convert('services:\n  a: {image: a, x-ecsify: {task: a}}\n');
    expectReported(self.diagnostics, [['compose/invalid-value', 'services.a.x-ecsify.task']]);
  });

  it('a sidecar of an excluded service runs on its own', () => {
    const { app, diagnostics } = convert('services:\n  db: {image: postgres, x-ecsify: {exclude: true}}\n  exporter: {image: pg-exporter, network_mode: "service:db"}\n');
    expect(app.services.map((s) => s.name)).toEqual(['db', 'exporter']);
    expect(app.settings.exclude).toEqual(['db']);
    expectReported(diagnostics, [['compose/sidecar-setting-ignored', 'services.exporter.network_mode']]);
  });

  it('host networking on a sidecar, pid/ipc service: inside and across tasks', () => {
    const { app, diagnostics } = convert(`
services:
  a: {image: a, pid: host, ipc: shareable}
  b: {image: b, network_mode: "service:a", pid: "service:a", ipc: "service:a"}
  c: {image: c, pid: "service:a"}
  d: {image: d, x-ecsify: {task: a}, network_mode: host}
`);
    expect(service(app, 'a').task).toMatchObject({ pidMode: 'host', ipcMode: 'task' });
    expectReported(diagnostics, [
      ['compose/unsupported-key', 'services.c.pid'],
      ['compose/sidecar-setting-ignored', 'services.d.network_mode'],
      ['compose/approximated', 'services.b.pid'],
    ]);
  });
});

describe('links', () => {
  const yaml = `
services:
  web:
    image: web
    links: ["db:database", cache]
  db: {image: postgres}
  cache: {image: redis}
`;
  it('by default: linked services join the linking service’s task (as on EB multi-container)', () => {
    const fargate = convert(yaml);
    expect(fargate.app.services.map((s) => s.name)).toEqual(['web']);
    expect(service(fargate.app, 'web').task.containers.map((c) => c.name)).toEqual(['web', 'db', 'cache']);
    // Kept as written: the launch-type pass drops links in awsvpc mode and says why.
    expect(container(fargate.app, 'web').links).toEqual(['db:database', 'cache']);
    expectReported(fargate.diagnostics, [['compose/sidecar', 'services.web.links[0]']]);
    const ec2 = convert(yaml, { options: { launchType: 'ec2' } });
    expect(service(ec2.app, 'web').task.networkMode).toBe('bridge');
    expect(container(ec2.app, 'web').links).toEqual(['db:database', 'cache']);
  });
  it('with pack-links: false: calls through service discovery, aliases as discovery names', () => {
    const { app, diagnostics } = convert(`x-ecsify: {pack-links: false}\n${yaml}`);
    expect(app.services.map((s) => s.name)).toEqual(['web', 'db', 'cache']);
    expect(service(app, 'web').calls).toEqual(['db', 'cache']);
    expect(service(app, 'db').discoveryAliases).toEqual(['database']);
    expect(service(app, 'db').role).toBe('backend');
    expectReported(diagnostics, [['compose/links', 'services.web.links']]);
  });
  it('an unknown link target is reported', () => {
    expectReported(convert('services:\n  web: {image: w, links: [ghost]}\n').diagnostics, [['compose/undefined-reference', 'services.web.links[0]']]);
  });
});

describe('depends_on problems', () => {
  it('unknown required dependency is an error, optional one a warning', () => {
    const { diagnostics } = convert('services:\n  a:\n    image: a\n    depends_on:\n      ghost: {condition: service_started}\n      maybe: {condition: service_started, required: false}\n');
    const sev = Object.fromEntries(diagnostics.filter((d) => d.rule === 'compose/undefined-reference').map((d) => [d.origin?.path, d.severity]));
    expect(sev).toEqual({ 'services.a.depends_on.ghost': 'error', 'services.a.depends_on.maybe': 'warning' });
  });
  it('bad conditions and keys; restart: true is approximated', () => {
    expectReported(convert('services:\n  a: {image: a, depends_on: {b: {condition: sometime, restart: true, x: 1}}}\n  b: {image: b}\n').diagnostics, [
      ['compose/invalid-value', 'services.a.depends_on.b.condition'],
      ['compose/approximated', 'services.a.depends_on.b.restart'],
      ['compose/invalid-value', 'services.a.depends_on.b.x'],
    ]);
    expectReported(convert('services:\n  a: {image: a, depends_on: b}\n').diagnostics, [['compose/invalid-value', 'services.a.depends_on']]);
  });
});

describe('service order and names', () => {
  it('services keep file order; names are sanitised and unique; the Compose name stays reachable', () => {
    const { app } = convert('services:\n  z.api: {image: a, ports: ["80:80"]}\n  z-api: {image: b}\n  a: {image: c}\n');
    expect(app.services.map((s) => s.name)).toEqual(['z-api', 'z-api-2', 'a']);
    expect(service(app, 'z-api').discoveryAliases).toEqual(['z.api']);
    expect(service(app, 'z-api-2').task.family).toBe('app-z-api-2');
  });
  it('names are unique ignoring case (Service Connect and DNS names are lower case)', () => {
    const { app, diagnostics } = convert('services:\n  Api: {image: a, ports: ["80:80"]}\n  api: {image: b, expose: ["8080"]}\n  API: {image: c}\n');
    expect(app.services.map((s) => s.name)).toEqual(['Api', 'api-2', 'API-3']);
    // `api` would be the DNS name of `Api` too: not kept as an alias of `api-2`.
    expect(service(app, 'api-2').discoveryAliases).toBeUndefined();
    expect(service(app, 'API-3').discoveryAliases).toBeUndefined();
    expectReported(diagnostics, [
      ['compose/approximated', 'services.api'],
      ['compose/approximated', 'services.API'],
    ]);
  });
  it('an alias goes to the first service that claims it; a service name always wins', () => {
    const { app, diagnostics } = convert(
      'services:\n  a: {image: a, links: ["db:database"]}\n  b: {image: b, links: ["cache:database"]}\n  db: {image: postgres, container_name: CACHE}\n  cache: {image: redis}\nx-ecsify: {pack-links: false}\n',
    );
    expect(service(app, 'db').discoveryAliases).toEqual(['database']);
    expect(service(app, 'cache').discoveryAliases).toBeUndefined();
    expect(diagnostics.filter((d) => d.rule === 'compose/approximated' && d.message.includes('cannot also be reached')).map((d) => d.message)).toEqual([
      'Service `db` cannot also be reached as `CACHE`: service `cache` is named that (DNS names ignore case).',
      'Service `cache` cannot also be reached as `database`: another service is already reached by that name (DNS names ignore case).',
    ]);
  });
  it('a service that is not a mapping, or has neither image nor build, is an error', () => {
    const { app, diagnostics } = convert('services:\n  a: null\n  b: {command: x}\n  c: {image: c}\n');
    expect(app.services.map((s) => s.name)).toEqual(['c']);
    expectReported(diagnostics, [
      ['compose/invalid-value', 'services.a'],
      ['compose/invalid-value', 'services.b'],
    ]);
  });
});

describe('provider services', () => {
  it('are left out with an endpoint parameter; dependants wait for them by name', () => {
    const { app, diagnostics } = convert(`
services:
  web:
    image: web
    depends_on: [ai-model]
  ai-model:
    provider:
      type: model
      options: {model: ai/smollm2}
`);
    expect(app.services.map((s) => s.name)).toEqual(['web']);
    expect(app.excluded).toMatchObject([{ name: 'ai-model', parameter: 'AiModelHost' }]);
    expect(service(app, 'web').waitsFor).toMatchObject([{ service: 'ai-model', condition: 'START' }]);
    expectReported(diagnostics, [['compose/excluded-service', 'services.ai-model']]);
    expect(diagnostics.find((d) => d.rule === 'compose/excluded-service')?.message).toContain('(model)');
  });
});

describe('what the loader already reported', () => {
  it('a dependency on a service switched off by a profile is left to the loader', () => {
    const { diagnostics } = convert('services:\n  a: {image: a, depends_on: [debug]}\n', { model: { disabledServices: ['debug'] } });
    expectNotReported(diagnostics, 'compose/undefined-reference');
  });
  it('a value the schema check rejected is not reported twice', () => {
    const yaml = 'services:\n  a: {image: a, cpus: lots, ports: [{target: 80, published: x}]}\n';
    expectReported(convert(yaml).diagnostics, [
      ['compose/invalid-value', 'services.a.cpus'],
      ['compose/invalid-value', 'services.a.ports[0].published'],
    ]);
    const r = convert(yaml, { model: { schemaErrors: ['/services/a/cpus', '/services/a/ports/0'] } });
    expectNotReported(r.diagnostics, 'compose/invalid-value');
  });
});

describe('version 1 net: container:<service>', () => {
  it('packs like network_mode: service:', () => {
    const { app, diagnostics } = convert('services:\n  web: {image: w}\n  agent: {image: a, net: "container:web"}\n');
    expect(service(app, 'web').task.containers.map((c) => c.name)).toEqual(['web', 'agent']);
    expectReported(diagnostics, [
      ['compose/legacy-key', 'services.agent.net'],
      ['compose/sidecar', 'services.agent.net'],
    ]);
  });
  it('a link to the service whose network it joins is no loop (as Compose accepts it)', () => {
    const { app, diagnostics } = convert('services:\n  web: {image: nginx:1, net: "container:db", links: ["db:database"]}\n  db: {image: redis:7}\n');
    expect(app.services.map((s) => s.name)).toEqual(['db']);
    expect(service(app, 'db').task.containers.map((c) => c.name)).toEqual(['db', 'web']);
    expect(container(app, 'web').links).toEqual(['db:database']);
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });
});

describe('links and network_mode to the same service', () => {
  it('one task owned by the network owner, no loop error', () => {
    const { app, diagnostics } = convert('services:\n  web: {image: nginx:1, network_mode: "service:db", links: [db]}\n  db: {image: redis:7}\n');
    expect(app.services.map((s) => s.name)).toEqual(['db']);
    expect(service(app, 'db').task.containers.map((c) => c.name)).toEqual(['db', 'web']);
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expectReported(diagnostics, [['compose/sidecar', 'services.web.network_mode']]);
  });
  it('also through a chain: the linking service is already in the target’s task', () => {
    const { app, diagnostics } = convert(
      'services:\n  log: {image: fluent, network_mode: "service:web", links: [db]}\n  web: {image: w, network_mode: "service:db"}\n  db: {image: postgres}\n',
    );
    expect(app.services.map((s) => s.name)).toEqual(['db']);
    expect(service(app, 'db').task.containers.map((c) => c.name)).toEqual(['db', 'log', 'web']);
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });
});

describe('container_name', () => {
  it('becomes a discovery alias, with a note', () => {
    const { app, diagnostics } = convert('services:\n  db: {image: postgres, container_name: legacy-db}\n  web: {image: w, depends_on: [db]}\n');
    expect(service(app, 'db').discoveryAliases).toEqual(['legacy-db']);
    expectReported(diagnostics, [['compose/approximated', 'services.db.container_name']]);
  });
});

describe('links to a shared service', () => {
  it('a linked service that other services also use stays its own service', () => {
    const { app, diagnostics } = convert(
      'services:\n  app:\n    image: a\n    depends_on: [redis]\n  worker:\n    image: w\n    links: [redis]\n  redis: {image: redis}\n',
    );
    expect(app.services.map((s) => s.name)).toEqual(['app', 'worker', 'redis']);
    expectReported(diagnostics, [['compose/links', 'services.worker.links[0]']]);
    expect(diagnostics.find((d) => d.rule === 'compose/links')?.message).toContain('also used by `app`');
  });
});

describe('services that run once: one-off tasks (jobs)', () => {
  const base = `
services:
  web:
    image: app:1
    ports: ["80:3000"]
    depends_on:
      migrate: {condition: service_completed_successfully}
  worker:
    image: app:1
    depends_on:
      migrate: {condition: service_completed_successfully}
  migrate:
    image: app:1
    command: rails db:migrate
    restart: "no"
`;

  it('a service others wait on to complete successfully becomes a job of its own task definition; the waits are dropped', () => {
    const { app, diagnostics } = convert(base);
    expect(service(app, 'migrate').role).toBe('job');
    expect(app.jobs).toEqual([{ name: 'migrate', service: 'migrate', container: 'migrate', beforeDeploy: true, origin: service(app, 'migrate').origin }]);
    expect(service(app, 'web').waitsFor).toBeUndefined();
    expect(service(app, 'worker').waitsFor).toBeUndefined();
    expectReported(diagnostics, [['compose/one-off-service', 'services.migrate']]);
    expect(diagnostics.find((d) => d.rule === 'compose/one-off-service')?.message).toBe(
      'Service `migrate` becomes a one-off task, run before each deploy (jobs/migrate.json): `web` and `worker` wait for it to complete successfully, and an ECS service would run it again each time it exits.',
    );
    // restart: "no" is what a one-off task does.
    expectNotReported(diagnostics, 'compose/restart-policy');
  });

  it('another restart policy on a job is reported as not retried', () => {
    const { diagnostics } = convert(base.replace('restart: "no"', 'restart: on-failure'));
    expect(diagnostics.find((d) => d.rule === 'compose/restart-policy')?.message).toBe('Service `migrate` sets restart `on-failure`, but ECS runs a one-off task once and does not retry it.');
  });

  it('waiting only to start, or to be healthy, keeps a service', () => {
    const { app } = convert(base.replaceAll('service_completed_successfully', 'service_started'));
    expect(service(app, 'migrate').role).toBe('backend');
    expect(app.jobs).toEqual([]);
  });

  it('a service that publishes a port, or shares its task with a sidecar, stays a service and the wait is kept', () => {
    const published = convert(base.replace('command: rails db:migrate', 'command: rails db:migrate\n    ports: ["8080:8080"]'));
    expect(service(published.app, 'migrate').role).toBe('web');
    expect(service(published.app, 'web').waitsFor).toMatchObject([{ service: 'migrate', condition: 'SUCCESS' }]);
    const sidecar = convert(`${base}  proxy:\n    image: cloud-sql-proxy:2\n    network_mode: service:migrate\n`);
    expect(service(sidecar.app, 'migrate').role).not.toBe('job');
    expect(sidecar.app.jobs).toEqual([]);
  });

  it('x-ecsify role job makes a job without anyone waiting; with a published port it is refused', () => {
    const { app, diagnostics } = convert(`
services:
  seed:
    image: app:1
    command: ["rails", "db:seed"]
    x-ecsify: {role: job}
  api:
    image: app:1
    ports: ["80:3000"]
    x-ecsify: {role: job}
`);
    expect(service(app, 'seed').role).toBe('job');
    expect(app.jobs.map((j) => j.name)).toEqual(['seed']);
    expect(diagnostics.find((d) => d.rule === 'compose/one-off-service')?.message).toContain('it is marked `x-ecsify: {role: job}`');
    expect(service(app, 'api').role).toBe('web');
    expectReported(diagnostics, [['compose/invalid-value', 'services.api']]);
  });

  it('an excluded service others wait on is not a job', () => {
    const { app } = convert(base, { options: { exclude: ['migrate'] } });
    expect(app.jobs).toEqual([]);
  });
});

describe('one-off tasks run in the order their waits say', () => {
  it('a job another job waits on runs first, whatever the file order; the wait between them is dropped', () => {
    const { app } = convert(`
services:
  web:
    image: app:1
    depends_on:
      seed: {condition: service_completed_successfully}
  seed:
    image: app:1
    command: rails db:seed
    depends_on:
      migrate: {condition: service_completed_successfully}
  migrate:
    image: app:1
    command: rails db:migrate
`);
    expect(app.jobs.map((j) => j.name)).toEqual(['migrate', 'seed']);
    expect(service(app, 'seed').waitsFor).toBeUndefined();
  });
});

describe('restart "no" on a service that stays a service', () => {
  it('suggests role job for a service of its own, essential: false for a container sharing a task', () => {
    const { diagnostics } = convert(`
services:
  web:
    image: app:1
    ports: ["80:3000"]
  assets:
    image: assets:1
    network_mode: service:web
    restart: "no"
  cleanup:
    image: app:1
    command: rake cleanup
    restart: "no"
`);
    const hint = (path: string) => diagnostics.find((d) => d.rule === 'compose/restart-policy' && d.origin?.path === path)?.hint;
    expect(hint('services.cleanup.restart')).toContain('mark it `x-ecsify: {role: job}`');
    expect(hint('services.assets.restart')).toContain('`x-ecsify: {essential: false}`');
  });
});
