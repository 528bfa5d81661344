import { describe, expect, it } from 'vitest';
import { container, convert, expectNotReported, expectReported, service } from './support.js';

describe('top-level x-ecsify', () => {
  const yaml = `
x-ecsify:
  launch-type: ec2
  secrets-backend: ssm
  secrets-kms-key: arn:aws:kms:eu-west-3:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab
  secrets: [PUBLIC_LOOKING, BOTH]
  not-secrets: [SESSION_SECRET_NAME_ONLY, BOTH]
  exclude: [db]
  schedule: mon-fri 08:00-20:00 Europe/Paris
  region: eu-west-3
  cluster: shared
  pack-links: false
  tags: {team: web, cost-centre: 42}
  log-retention-days: 90
  load-balancer: {type: application, scheme: internal, certificate-arn: "arn:aws:acm:eu-west-3:123456789012:certificate/abc", ssl-policy: ELBSecurityPolicy-TLS13-1-2-2021-06, idle-timeout: 2m}
  network: {vpc-id: vpc-1, subnets: [subnet-a, subnet-b], public-subnets: [subnet-c], assign-public-ip: false}
services:
  web:
    image: x
    environment:
      PUBLIC_LOOKING: hello
      SESSION_SECRET_NAME_ONLY: some-value-here
  db: {image: postgres}
`;
  it('becomes the settings', () => {
    const { app, diagnostics } = convert(yaml);
    expect(app.settings).toMatchObject({
      launchType: 'ec2',
      secretsBackend: 'ssm',
      secretsKmsKeyArn: 'arn:aws:kms:eu-west-3:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
      secretNames: ['PUBLIC_LOOKING', 'BOTH'],
      notSecretNames: ['SESSION_SECRET_NAME_ONLY', 'BOTH'],
      exclude: ['db'],
      region: 'eu-west-3',
      cluster: { name: 'shared' },
      tags: { team: 'web', 'cost-centre': '42' },
      logRetentionDays: 90,
      loadBalancer: { type: 'application', scheme: 'internal', sslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06', idleTimeoutSeconds: 120, listeners: [] },
      network: { vpcId: 'vpc-1', subnets: ['subnet-a', 'subnet-b'], publicSubnets: ['subnet-c'], assignPublicIp: false },
    });
    expect(app.settings.schedule?.map((a) => [a.action, a.schedule, a.timezone])).toEqual([
      ['start', 'cron(0 8 ? * MON-FRI *)', 'Europe/Paris'],
      ['stop', 'cron(0 20 ? * MON-FRI *)', 'Europe/Paris'],
    ]);
    expect(service(app, 'web').task.networkMode).toBe('bridge');
    const env = container(app, 'web').environment;
    expect(env.find((e) => e.name === 'PUBLIC_LOOKING')).toHaveProperty('secret');
    expect(env.find((e) => e.name === 'SESSION_SECRET_NAME_ONLY')).toHaveProperty('value', 'some-value-here');
    expect(diagnostics.filter((d) => d.rule.startsWith('compose/x-ecsify') || d.rule === 'compose/invalid-value')).toEqual([]);
  });

  it('flags win over the file', () => {
    const { app } = convert(yaml, {
      options: { secretNames: ['SESSION_SECRET_NAME_ONLY'], notSecretNames: ['PUBLIC_LOOKING'], exclude: ['web'], schedule: ['weekdays 07:30-19:00'] },
    });
    expect(app.settings.secretNames).toEqual(['SESSION_SECRET_NAME_ONLY', 'BOTH']);
    expect(app.settings.notSecretNames).toEqual(['PUBLIC_LOOKING', 'BOTH']);
    expect(app.settings.exclude).toEqual(['web', 'db']);
    expect(app.settings.schedule?.map((a) => a.schedule)).toEqual(['cron(30 7 ? * MON-FRI *)', 'cron(0 19 ? * MON-FRI *)']);
    expect(container(app, 'web').environment.find((e) => e.name === 'PUBLIC_LOOKING')).toHaveProperty('value', 'hello');
  });

  it('unknown keys and bad values are reported', () => {
    const { diagnostics } = convert(`
x-ecsify:
  launchtype: ec2
  secrets-backend: vault
  secrets-kms-key: alias/my-key
  launch-type: lambda
  region: Paris
  load-balancer: {type: classic, colour: red}
  network: {vpc: x}
  schedule: sometimes
services:
  a: {image: x}
`);
    expectReported(diagnostics, [
      ['compose/x-ecsify-unknown-key', 'x-ecsify.launchtype'],
      ['compose/invalid-value', 'x-ecsify.secrets-backend'],
      ['compose/invalid-value', 'x-ecsify.secrets-kms-key'],
      ['compose/invalid-value', 'x-ecsify.launch-type'],
      ['compose/invalid-value', 'x-ecsify.region'],
      ['compose/invalid-value', 'x-ecsify.load-balancer.type'],
      ['compose/x-ecsify-unknown-key', 'x-ecsify.load-balancer.colour'],
      ['compose/x-ecsify-unknown-key', 'x-ecsify.network.vpc'],
      ['schedule/invalid-spec', 'x-ecsify.schedule'],
    ]);
    expect(diagnostics.find((d) => d.origin?.path === 'x-ecsify.launchtype')?.hint).toContain('launch-type');
  });

  it('explicit schedule entries', () => {
    const { app, diagnostics } = convert(`
x-ecsify:
  schedule:
    - {action: stop, cron: "0 22 ? * * *", timezone: America/New_York}
    - {action: start, cron: "cron(0 6 ? * MON-FRI *)"}
    - sat-sun 10:00-16:00
services:
  a: {image: x}
`);
    expect(app.settings.schedule?.map((a) => [a.name, a.action, a.schedule, a.timezone ?? null, a.min ?? null])).toEqual([
      ['stop-cron-0-22', 'stop', 'cron(0 22 ? * * *)', 'America/New_York', 0],
      ['start-cron-0-6-mon-fri', 'start', 'cron(0 6 ? * MON-FRI *)', null, null],
      ['start-sun-sat-1000', 'start', 'cron(0 10 ? * SUN,SAT *)', null, null],
      ['stop-sun-sat-1600', 'stop', 'cron(0 16 ? * SUN,SAT *)', null, 0],
    ]);
    expect(diagnostics).toEqual([]);
  });
});

describe('per-service x-ecsify', () => {
  it('maps every knob', () => {
    const { app, diagnostics } = convert(`
services:
  web:
    image: x
    ports: ["80:3000", "9090"]
    x-ecsify:
      role: web
      desired-count: 3
      assign-public-ip: true
      exec: true
      spot: true
      essential: true
      scaling: {min: 2, max: 8, cpu: 60, requests: 1000}
      schedule: weekdays 08:00-18:00 UTC
      route:
        - {hosts: [www.example.com], paths: ["/app/*"], listener-port: 443, priority: 10, protocol: https}
        - {port: 9090, paths: ["/metrics"], health-check: {path: /ready}}
      health-check: {path: /health, interval: 15s, timeout: 5, healthy-threshold: 2, unhealthy-threshold: 3, matcher: "200-299", protocol: http, port: 3000}
  db:
    image: postgres
    x-ecsify: {exclude: true}
  worker:
    image: w
    x-ecsify: {role: worker}
`);
    const web = service(app, 'web');
    expect(web).toMatchObject({ role: 'web', desiredCount: 3, assignPublicIp: true, enableExecuteCommand: true, spot: true });
    expect(web.scaling).toMatchObject({ min: 2, max: 8, targets: [{ metric: 'cpu', value: 60 }, { metric: 'requests', value: 1000 }] });
    expect(web.scaling?.schedule?.map((a) => a.schedule)).toEqual(['cron(0 8 ? * MON-FRI *)', 'cron(0 18 ? * MON-FRI *)']);
    expect(web.routes).toMatchObject([
      { container: 'web', containerPort: 3000, hosts: ['www.example.com'], paths: ['/app/*'], listenerPort: 443, priority: 10, protocol: 'HTTPS', healthCheck: { path: '/health', intervalSeconds: 15, timeoutSeconds: 5 } },
      { container: 'web', containerPort: 9090, paths: ['/metrics'], healthCheck: { path: '/ready', source: 'x-ecsify' } },
    ]);
    expect(app.settings.exclude).toEqual(['db']);
    expect(service(app, 'db').name).toBe('db');
    expect(service(app, 'worker').role).toBe('worker');
    expect(diagnostics.filter((d) => d.rule !== 'compose/approximated')).toEqual([]);
  });

  it('a health-check alone routes the first public port', () => {
    const { app } = convert('services:\n  web:\n    image: x\n    ports: ["127.0.0.1:81:81", "80:8080"]\n    x-ecsify: {health-check: {path: /up}}\n');
    expect(service(app, 'web').routes).toMatchObject([{ containerPort: 8080, healthCheck: { path: '/up' } }]);
  });

  it('an excluded service only reports errors and secret findings', () => {
    const { diagnostics } = convert('services:\n  db:\n    image: postgres\n    volumes: ["./data:/var/lib/postgresql/data"]\n    environment: {POSTGRES_PASSWORD: s3cr3t-canary-value}\n    cpus: lots\n    x-ecsify: {exclude: true}\n');
    expectNotReported(diagnostics, 'compose/bind-mount');
    expectReported(diagnostics, [
      ['secrets/plaintext-value', 'services.db.environment.POSTGRES_PASSWORD'],
      ['compose/invalid-value', 'services.db.cpus'],
    ]);
  });

  const problems: [string, string, string][] = [
    ['x-ecsify: {colour: red}', 'compose/x-ecsify-unknown-key', 'services.a.x-ecsify.colour'],
    ['x-ecsify: {role: frontend}', 'compose/invalid-value', 'services.a.x-ecsify.role'],
    ['x-ecsify: {desired-count: -1}', 'compose/invalid-value', 'services.a.x-ecsify.desired-count'],
    ['x-ecsify: {scaling: {min: 1}}', 'compose/invalid-value', 'services.a.x-ecsify.scaling'],
    ['x-ecsify: {scaling: {min: 4, max: 2}}', 'compose/invalid-value', 'services.a.x-ecsify.scaling'],
    ['x-ecsify: {scaling: {max: 2, disk: 1}}', 'compose/x-ecsify-unknown-key', 'services.a.x-ecsify.scaling.disk'],
    ['x-ecsify: {scaling: 3}', 'compose/invalid-value', 'services.a.x-ecsify.scaling'],
    ['x-ecsify: {route: {paths: [/x]}}', 'compose/invalid-value', 'services.a.x-ecsify.route'],
    ['x-ecsify: {route: {port: 80, weight: 1}}', 'compose/x-ecsify-unknown-key', 'services.a.x-ecsify.route.weight'],
    ['x-ecsify: {route: [x]}', 'compose/invalid-value', 'services.a.x-ecsify.route[0]'],
    ['x-ecsify: {route: {port: 80, protocol: ftp}}', 'compose/invalid-value', 'services.a.x-ecsify.route.protocol'],
    ['x-ecsify: {health-check: {path: /x}}', 'compose/invalid-value', 'services.a.x-ecsify.health-check'],
    ['x-ecsify: {health-check: {path: x, port: 80}}', 'compose/invalid-value', 'services.a.x-ecsify.health-check.path'],
    ['x-ecsify: {health-check: [x]}', 'compose/invalid-value', 'services.a.x-ecsify.health-check'],
    ['x-ecsify: {health-check: {path: /x, wait: 1}}', 'compose/x-ecsify-unknown-key', 'services.a.x-ecsify.health-check.wait'],
    ['x-ecsify: {health-check: {protocol: udp}}', 'compose/invalid-value', 'services.a.x-ecsify.health-check.protocol'],
    ['x-ecsify: {health-check: {interval: soon}}', 'compose/invalid-value', 'services.a.x-ecsify.health-check.interval'],
    ['x-ecsify: {schedule: "mon-fri 25:00-26:00"}', 'schedule/invalid-spec', 'services.a.x-ecsify.schedule'],
    ['x-ecsify: {schedule: [{action: pause, cron: "0 1 ? * * *"}]}', 'schedule/invalid-spec', 'services.a.x-ecsify.schedule[0]'],
    ['x-ecsify: {schedule: [{action: stop}]}', 'compose/invalid-value', 'services.a.x-ecsify.schedule[0]'],
    ['x-ecsify: {schedule: [{action: stop, cron: "0 1 ? * * *", every: 1}]}', 'compose/x-ecsify-unknown-key', 'services.a.x-ecsify.schedule[0].every'],
    ['x-ecsify: {schedule: [[x]]}', 'compose/invalid-value', 'services.a.x-ecsify.schedule[0]'],
    ['x-ecsify: {spot: often}', 'compose/invalid-value', 'services.a.x-ecsify.spot'],
    ['x-ecsify: [x]', 'compose/invalid-value', 'services.a.x-ecsify'],
  ];
  for (const [yaml, rule, path] of problems) {
    it(`${yaml} → ${rule}`, () => expectReported(convert(`services:\n  a:\n    image: x\n    ${yaml}\n`).diagnostics, [[rule, path]]));
  }

  it('the service-level settings of a sidecar are reported as ignored', () => {
    const { diagnostics } = convert('services:\n  a: {image: a}\n  b:\n    image: b\n    network_mode: "service:a"\n    platform: linux/arm64\n    x-ecsify: {desired-count: 3, spot: true, scaling: {max: 3}, schedule: "daily 08:00-09:00", role: web}\n');
    expectReported(diagnostics, [
      ['compose/sidecar-setting-ignored', 'services.b.platform'],
      ['compose/sidecar-setting-ignored', 'services.b.x-ecsify.desired-count'],
      ['compose/sidecar-setting-ignored', 'services.b.x-ecsify.spot'],
      ['compose/sidecar-setting-ignored', 'services.b.x-ecsify.scaling'],
      ['compose/sidecar-setting-ignored', 'services.b.x-ecsify.schedule'],
      ['compose/sidecar-setting-ignored', 'services.b.x-ecsify.role'],
    ]);
  });
});
