import { describe, expect, it } from 'vitest';
import type { Container, LoadBalancer, Target } from '../../src/ir/types.js';
import { buildImage } from '../../src/passes/rules/build-image.js';
import { imageTag } from '../../src/passes/rules/image-tag.js';
import { jobServiceConnect } from '../../src/passes/rules/job-service-connect.js';
import { networkIds } from '../../src/passes/rules/network-ids.js';
import { privilegedPort } from '../../src/passes/rules/privileged-port.js';
import { statefulService } from '../../src/passes/rules/stateful-service.js';
import { taskContainers } from '../../src/passes/rules/task-containers.js';
import { loadBalancerLimits } from '../../src/passes/rules/load-balancer-limits.js';
import { ports } from '../../src/passes/ports.js';
import { secretFiles } from '../../src/passes/secret-files.js';
import { PASSES } from '../../src/passes/index.js';
import { windowsImage } from '../../src/passes/rules/windows-image.js';
import { app, at, check, container, run, service, task, withTask, type Case } from './support.js';

const one = (ref: string, patch: Partial<Container> = {}) => app([service(container('web', ref, patch))]);
const listen = (port: number) => ({ containerPort: port, protocol: 'tcp' as const, public: false, origin: at('services.web.ports[0]') });

describe('lint: image tags', () => {
  const cases: Case[] = [
    { name: 'no tag', given: one('nginx'), want: [{ rule: 'image/untagged', path: 'services.web.image' }] },
    { name: 'latest', given: one('ghcr.io/acme/app:latest'), want: [{ rule: 'image/untagged', path: 'services.web.image' }] },
    { name: 'registry with a port and no tag', given: one('registry.local:5000/team/app'), want: ['image/untagged'] },
    { name: 'a version tag', given: one('nginx:1.27-alpine'), not: ['image/untagged'] },
    { name: 'a registry port and a tag', given: one('registry.local:5000/team/app:2024.05'), not: ['image/untagged'] },
    { name: 'a digest', given: one('nginx@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef'), not: ['image/untagged'] },
    {
      name: 'a reference Docker cannot read is an error, and no tag warning besides',
      given: one('NGINX:1.27'),
      want: [{ rule: 'image/invalid-reference', path: 'services.web.image' }],
      not: ['image/untagged'],
      check: (_out, ran) =>
        expect(ran.diagnostics[0]?.message).toBe("Container web's image `NGINX:1.27` is not an image reference Docker can read: repository names are lower-case. Every pull of it fails."),
    },
    // The reader reports a missing image, and the EB reader a template placeholder: not again here.
    { name: 'an empty reference is left to the reader', given: one(''), not: ['image/invalid-reference'] },
    { name: 'a template placeholder is left to the EB reader', given: one('<image-name>:BUILD_TAG'), not: ['image/invalid-reference'] },
    { name: 'an upper-case placeholder too', given: one('DOCKER_IMAGE_NAME'), not: ['image/invalid-reference'] },
  ];
  it.each(cases)('$name', (c) => void check(imageTag, c));
});

describe('lint: built images', () => {
  const cases: Case[] = [
    {
      name: 'build without an image repository',
      given: app([service({ ...container('web'), image: { kind: 'build', context: './app', args: {}, origin: at('services.web.build') } })]),
      want: [{ rule: 'image/build-only', path: 'services.web.build' }],
    },
    { name: 'an image reference', given: one('nginx:1'), not: ['image/build-only'] },
  ];
  it.each(cases)('$name', (c) => void check(buildImage, c));
});

describe('lint: stateful services', () => {
  const cases: Case[] = [
    { name: 'postgres', given: one('postgres:16'), want: [{ rule: 'services/stateful', path: 'services.web.image' }] },
    { name: 'bitnami/redis', given: one('bitnami/redis:7.2'), want: ['services/stateful'] },
    { name: 'Elasticsearch from elastic.co', given: one('docker.elastic.co/elasticsearch/elasticsearch:8.13.0'), want: ['services/stateful'] },
    { name: 'SQL Server', given: one('mcr.microsoft.com/mssql/server:2022-latest'), want: ['services/stateful'] },
    { name: 'mongo, mysql, mariadb', given: app(['mongo:7', 'mysql:8', 'mariadb:11'].map((r, i) => service(container(`s${i}`, r)))), want: [{ rule: 'services/stateful', path: 'services.s0.image' }, { rule: 'services/stateful', path: 'services.s1.image' }, { rule: 'services/stateful', path: 'services.s2.image' }] },
    { name: 'an app image is not a data store', given: one('ghcr.io/acme/postgres-exporter:1'), not: ['services/stateful'] },
    { name: 'a tag is not the name', given: one('acme/app:redis'), not: ['services/stateful'] },
    {
      name: 'a data store in the same task as the app (EB v2 volumesFrom): no --exclude advice',
      given: app([task('web', [container('app', 'myorg/app:1.0'), container('db', 'postgres:15')])]),
      want: ['services/stateful'],
      check: (_out, ran) => {
        const d = ran.diagnostics.find((x) => x.rule === 'services/stateful');
        expect(d?.message).toBe('Container db of service web runs PostgreSQL (postgres:15) in the same task as the app; consider Amazon RDS for PostgreSQL or Aurora PostgreSQL.');
        expect(d?.hint).not.toMatch(/--exclude|exclude:/);
        expect(d?.hint).toMatch(/Move db out of the task/);
      },
    },
  ];
  it.each(cases)('$name', (c) => void check(statefulService, c));
});

describe('lint: one-off jobs and Service Connect', () => {
  const job = { name: 'migrate', service: 'web', container: 'web', command: ['rake', 'db:migrate'], beforeDeploy: true, origin: at('container_commands.migrate') };
  const withCalls = (calls: string[], jobs = [job]) =>
    app([service(container('web'), { calls }), service(container('redis', 'redis:7.2')), service(container('db', 'postgres:16'))], {}, { jobs });
  const cases: Case[] = [
    {
      name: 'a job of a service that calls others by name',
      given: withCalls(['redis', 'db', 'redis']),
      want: [{ rule: 'jobs/service-connect', path: 'container_commands.migrate' }],
      check: (_out, ran) =>
        expect(ran.diagnostics[0]?.message).toBe(
          'Job `migrate` runs as a one-off task of `web`, which reaches `db` and `redis` by Service Connect name; a one-off task gets no Service Connect, so if the job connects to them, the name does not resolve.',
        ),
    },
    { name: 'a job of a service that calls nothing', given: withCalls([]), not: ['jobs/service-connect'] },
    {
      name: 'a one-off task of its own (role job) that calls a service by name',
      given: app([service(container('migrate'), { role: 'job', calls: ['redis'] }), service(container('redis', 'redis:7.2'))], {}, { jobs: [{ ...job, service: 'migrate', container: 'migrate' }] }),
      want: [{ rule: 'jobs/service-connect', path: 'container_commands.migrate' }],
      check: (_out, ran) =>
        expect(ran.diagnostics[0]?.message).toBe('One-off task `migrate` reaches `redis` by Service Connect name, but a one-off task gets no Service Connect: if it connects to it, the name does not resolve.'),
    },
    { name: 'calls to services not in the app (excluded) are not Service Connect', given: withCalls(['rds']), not: ['jobs/service-connect'] },
    { name: 'a service calling others without a job', given: withCalls(['redis'], []), not: ['jobs/service-connect'] },
  ];
  it.each(cases)('$name', (c) => void check(jobServiceConnect, c));
});

describe('lint: privileged ports', () => {
  const cases: Case[] = [
    { name: 'non-root on port 80', given: one('nginx:1', { user: 'nginx', ports: [listen(80)] }), want: [{ rule: 'container/privileged-port', path: 'services.web.ports[0]' }] },
    { name: 'uid on port 443', given: one('x:1', { user: '1000:1000', ports: [listen(443)] }), want: ['container/privileged-port'] },
    { name: 'root on port 80', given: one('x:1', { user: 'root', ports: [listen(80)] }), not: ['container/privileged-port'] },
    { name: 'uid 0', given: one('x:1', { user: '0:0', ports: [listen(80)] }), not: ['container/privileged-port'] },
    { name: 'no user given (image default)', given: one('x:1', { ports: [listen(80)] }), not: ['container/privileged-port'] },
    { name: 'non-root on 8080', given: one('x:1', { user: 'app', ports: [listen(8080)] }), not: ['container/privileged-port'] },
    {
      name: 'the sysctl that allows it',
      given: one('x:1', { user: 'app', ports: [listen(80)], systemControls: [{ namespace: 'net.ipv4.ip_unprivileged_port_start', value: '0' }] }),
      not: ['container/privileged-port'],
    },
  ];
  it.each(cases)('$name', (c) => void check(privilegedPort, c));
});

describe('lint: network ids', () => {
  const net = (network: Record<string, unknown>) => app([service(container('web', 'x:1'))], { network: { ...network, origin: at('x-aws-vpc') } });
  const cases: Case[] = [
    { name: 'the VPC id of an example', given: net({ vpcId: 'vpc-25435e' }), want: [{ rule: 'network/invalid-id', path: 'x-aws-vpc' }] },
    { name: 'a subnet id that is no id', given: net({ vpcId: 'vpc-0a1b2c3d', subnets: ['subnet-0123456789abcdef0', 'subnet-a'] }), want: ['network/invalid-id'] },
    { name: 'a public subnet id that is no id', given: net({ publicSubnets: ['subnet-12'] }), want: ['network/invalid-id'] },
    { name: 'ids of 8 and 17 hexadecimal digits', given: net({ vpcId: 'vpc-0a1b2c3d4e5f60718', subnets: ['subnet-0a1b2c3d'], publicSubnets: ['subnet-0123456789ABCDEF0'] }), not: ['network/invalid-id'] },
    { name: 'references are left alone', given: net({ vpcId: '{{resolve:ssm:/net/vpc}}', subnets: ['`{"Ref": "Subnet"}`'] }), not: ['network/invalid-id'] },
    { name: 'no network settings', given: app([service(container('web', 'x:1'))]), not: ['network/invalid-id'] },
  ];
  it.each(cases)('$name', (c) => void check(networkIds, c));
  it('names every bad id in one diagnostic', () => {
    const r = run(networkIds, net({ vpcId: 'vpc-1', subnets: ['subnet-2', 'subnet-3'] }));
    expect(r.diagnostics.map((d) => d.message)).toEqual([
      'The network settings name the VPC id `vpc-1`, subnet id `subnet-2` and subnet id `subnet-3`, which AWS never gives (vpc- or subnet- and 8 or 17 hexadecimal digits).',
    ]);
  });
});

describe('lint: Windows images', () => {
  const cases: Case[] = [
    { name: 'servercore', given: one('mcr.microsoft.com/windows/servercore:ltsc2022'), want: [{ rule: 'platform/windows', path: 'services.web.image' }] },
    { name: '.NET Framework', given: one('mcr.microsoft.com/dotnet/framework/aspnet:4.8'), want: ['platform/windows'] },
    { name: 'a nanoserver tag', given: one('mcr.microsoft.com/powershell:lts-nanoserver-ltsc2022'), want: ['platform/windows'] },
    { name: 'a Windows platform', given: app([withTask(service(container('web', 'acme/app:1')), { runtimePlatform: { operatingSystemFamily: 'WINDOWS_SERVER_2022_CORE', origin: at('services.web.platform') } })]), want: [{ rule: 'platform/windows', path: 'services.web.platform' }] },
    { name: 'Linux .NET', given: one('mcr.microsoft.com/dotnet/aspnet:8.0'), not: ['platform/windows'] },
    {
      name: 'a windows platform with no version: the assumed version is stated',
      given: app([withTask(service(container('web', 'acme/app:1')), { runtimePlatform: { cpuArchitecture: 'X86_64', windows: true, operatingSystemFamily: 'WINDOWS_SERVER_2022_CORE' } })]),
      want: ['platform/windows'],
      check: (_out, ran) => expect(ran.diagnostics[0]?.notes?.[0]).toContain('The platform names no Windows Server version; ecsify assumed WINDOWS_SERVER_2022_CORE'),
    },
    {
      name: 'the version the launch-type pass chose is stated, and said to be assumed when the image names none',
      given: app([
        withTask(service(container('a', 'mcr.microsoft.com/windows/servercore:ltsc2019')), { runtimePlatform: { operatingSystemFamily: 'WINDOWS_SERVER_2019_CORE' } }),
        withTask(service(container('b', 'mcr.microsoft.com/dotnet/framework/aspnet:4.8')), { runtimePlatform: { operatingSystemFamily: 'WINDOWS_SERVER_2022_CORE' } }),
      ]),
      want: ['platform/windows'],
      check: (_out, ran) => {
        const notes = ran.diagnostics.map((d) => d.notes?.[0]);
        expect(notes[0]).toBe('The task runs on WINDOWS_SERVER_2019_CORE (runtimePlatform.operatingSystemFamily), the version the image is built for.');
        expect(notes[1]).toContain('names no Windows Server version; ecsify assumed WINDOWS_SERVER_2022_CORE');
      },
    },
  ];
  it.each(cases)('$name', (c) => void check(windowsImage, c));
});

describe('lint: containers per task', () => {
  const many = (n: number, patch: Partial<Container> = {}) =>
    Array.from({ length: n }, (_, i) => container(i === 0 ? 'web' : `side${i}`, 'busybox:1.36', i === 0 ? patch : {}));
  const cases: Case[] = [
    { name: 'ten containers are what ECS takes', given: app([task('web', many(10))]), not: ['services/too-many-containers'] },
    {
      name: 'eleven are an error at the service, naming them',
      given: app([task('web', many(11))]),
      want: [{ rule: 'services/too-many-containers', path: 'services.web' }],
      check: (_out, ran) => expect(ran.diagnostics[0]?.message).toBe("Service web's task has 11 containers (web, side1, side2, side3, side4, side5, side6, side7, side8, side9 and side10); ECS takes at most 10 in one task definition."),
    },
  ];
  it.each(cases)('$name', (c) => void check(taskContainers, c));

  it('counts the init container ecsify adds for secret files (it runs after that pass)', () => {
    const withFile = many(10, { secretFiles: [{ secret: 'pw', path: '/run/secrets/pw' }] });
    const ran = run([secretFiles, taskContainers], app([task('web', withFile)], {}, { secrets: [{ name: 'pw', reason: 'compose-secret', mountPath: '/run/secrets/pw' }] }));
    expect(ran.out.services[0]?.task.containers).toHaveLength(11);
    expect(ran.diagnostics.map((d) => d.rule)).toContain('services/too-many-containers');
    expect(PASSES.indexOf(taskContainers)).toBeGreaterThan(PASSES.indexOf(secretFiles));
  });
});

describe('lint: load-balancer quotas', () => {
  const targets = (service: string, n: number): Target[] =>
    Array.from({ length: n }, (_, i) => ({ id: `${service}-${3000 + i}`, service, container: service, containerPort: 3000 + i, protocol: 'HTTP' as const, healthCheck: { protocol: 'HTTP' as const, path: '/' }, origin: at(`services.${service}.ports[${i}]`) }));
  const alb = (ts: Target[]): LoadBalancer => ({
    id: 'alb',
    type: 'application',
    scheme: 'internet-facing',
    listeners: ts.map((t, i) => ({ port: 8000 + i, protocol: 'HTTP' as const, defaultAction: { kind: 'forward' as const, target: t.id }, rules: [] })),
  });
  const withTargets = (...lists: Target[][]) => {
    const all = lists.flat();
    return app(
      lists.map((l) => service(container(l[0]!.service))),
      {},
      { ingress: { loadBalancers: [alb(all)], targets: all } },
    );
  };
  const cases: Case[] = [
    { name: 'five load-balanced ports on a service are what ECS takes', given: withTargets(targets('web', 5)), not: ['ports/too-many-target-groups', 'ports/load-balancer-limit'] },
    {
      name: 'a sixth is an error, at the sixth port',
      given: withTargets(targets('web', 6)),
      want: [{ rule: 'ports/too-many-target-groups', path: 'services.web.ports[5]' }],
      check: (_out, ran) =>
        expect(ran.diagnostics[0]?.message).toBe('Service web is reached through the load balancer on 6 container ports (3000, 3001, 3002, 3003, 3004 and 3005); ECS attaches at most 5 target groups to one service.'),
    },
    {
      name: 'over 50 listeners and over 100 target groups on one ALB are warnings (several stacks fix them)',
      given: withTargets(...Array.from({ length: 21 }, (_, i) => targets(`s${i}`, 5))),
      want: ['ports/load-balancer-limit'],
      not: ['ports/too-many-target-groups'],
      check: (_out, ran) =>
        expect(ran.diagnostics.map((d) => [d.severity, d.message])).toEqual([
          ['warning', 'The Application Load Balancer has 105 listeners; one takes 50 unless AWS raises the quota.'],
          ['warning', 'The Application Load Balancer forwards to 105 target groups; one takes at most 100, a quota AWS does not raise.'],
        ]),
    },
  ];
  it.each(cases)('$name', (c) => void check(loadBalancerLimits, c));

  it('a published port range becomes one target group per port: reported through the ports pass', () => {
    const ftp = app([service(container('ftp', 'stilliard/pure-ftpd:1.0', { ports: Array.from({ length: 8 }, (_, i) => ({ containerPort: 30000 + i, published: 30000 + i, protocol: 'tcp' as const, public: true, origin: at('services.ftp.ports[0]') })) }))]);
    const ran = run([ports, loadBalancerLimits], ftp);
    expect(ran.diagnostics.map((d) => d.rule)).toContain('ports/too-many-target-groups');
  });
});
