/** Dockerrun.aws.json versions 1 and 2 → services, containers, volumes, secrets. */
import { describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import type { Container } from '../../../src/ir/types.js';
import { runCli } from '../../support/cli.js';
import { tempDir } from '../../support/fs-tree.js';
import { dockerrun, loadEb, ofRule, writeTree } from './helpers.js';

const container = (app: { services: { task: { containers: Container[] } }[] } | undefined, name: string): Container | undefined =>
  app?.services.flatMap((s) => s.task.containers).find((c) => c.name === name);

describe('Dockerrun version 1', () => {
  it('maps image, ports (first gets traffic), volumes, entrypoint and command', async () => {
    const l = await loadEb({
      'Dockerrun.aws.json': dockerrun({
        AWSEBDockerrunVersion: '1',
        Image: { Name: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop:2024-05-01', Update: 'true' },
        Ports: [{ ContainerPort: '3000' }, { ContainerPort: 9100, HostPort: 9100 }],
        Volumes: [{ HostDirectory: '/var/app/current/uploads', ContainerDirectory: '/app/public/uploads' }],
        Logging: '/app/log',
        Entrypoint: '/app/bin/docker-entrypoint',
        Command: 'bundle exec puma -C "config/puma.rb"',
      }),
    });
    const svc = l.app?.services[0];
    expect(l.app?.services).toHaveLength(1);
    expect(svc).toMatchObject({ name: 'web', role: 'web' });
    const c = svc?.task.containers[0];
    expect(c?.image).toMatchObject({ kind: 'ref', ref: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop:2024-05-01' });
    expect(c?.ports.map((p) => [p.containerPort, p.published, p.public])).toEqual([
      [3000, undefined, true],
      [9100, 9100, false],
    ]);
    expect(c?.entryPoint).toEqual(['/app/bin/docker-entrypoint']);
    expect(c?.command).toEqual(['bundle', 'exec', 'puma', '-C', 'config/puma.rb']);
    expect(svc?.task.volumes).toEqual([expect.objectContaining({ name: 'var-app-current-uploads', source: { kind: 'host', path: '/var/app/current/uploads' } })]);
    expect(c?.mounts).toEqual([expect.objectContaining({ volume: 'var-app-current-uploads', containerPath: '/app/public/uploads', readOnly: false })]);
    expect(svc?.routes[0]).toMatchObject({ container: 'web', containerPort: 3000 });
    expect(ofRule(l, 'eb/ports')[0]?.message).toMatch(/9100/);
    expect(ofRule(l, 'eb/host-volume')[0]?.hint).toMatch(/COPY uploads into the image/);
    expect(ofRule(l, 'eb/log-volume')).toHaveLength(1);
    expect(ofRule(l, 'eb/command-split').map((d) => d.message)).toEqual([
      'Entrypoint is one string; ecsify splits it into ["/app/bin/docker-entrypoint"].',
      'Command is one string; ecsify splits it into ["bundle","exec","puma","-C","config/puma.rb"].',
    ]);
  });

  it('builds the bundled Dockerfile (EB ignores Image.Name then) and reads EXPOSE when Ports is missing', async () => {
    const l = await loadEb({
      'Dockerrun.aws.json': dockerrun({ AWSEBDockerrunVersion: '1', Image: { Name: 'ignored:1' } }),
      Dockerfile: 'FROM ruby:3.3\nEXPOSE 3000\nCMD ["rails", "s"]\n',
    });
    const c = l.app?.services[0]?.task.containers[0];
    expect(c?.image).toMatchObject({ kind: 'build', context: '.', dockerfile: 'Dockerfile' });
    expect(c?.ports[0]?.containerPort).toBe(3000);
    expect(ofRule(l, 'eb/unsupported-key')[0]?.message).toMatch(/ignores Image.Name/);
  });

  it('wraps a command with shell operators in sh -c', async () => {
    const l = await loadEb({ 'Dockerrun.aws.json': dockerrun({ AWSEBDockerrunVersion: '1', Image: { Name: 'app:1' }, Ports: [{ ContainerPort: '80' }], Command: 'rake db:migrate && puma' }) });
    expect(l.app?.services[0]?.task.containers[0]?.command).toEqual(['sh', '-c', 'rake db:migrate && puma']);
    expect(ofRule(l, 'eb/command-split')[0]?.message).toMatch(/shell operators/);
  });

  it('turns Authentication into a registry-credentials secret on non-ECR images', async () => {
    const l = await loadEb({ 'Dockerrun.aws.json': dockerrun({ AWSEBDockerrunVersion: '1', Authentication: { Bucket: 'my-bucket', Key: 'docker/config.json' }, Image: { Name: 'quay.io/acme/app:1' }, Ports: [{ ContainerPort: '80' }] }) });
    expect(l.app?.secrets).toEqual([expect.objectContaining({ name: 'REGISTRY_CREDENTIALS', reason: 'registry-credentials' })]);
    expect(l.app?.services[0]?.task.containers[0]?.repositoryCredentials).toEqual({ secret: 'REGISTRY_CREDENTIALS' });
    expect(ofRule(l, 'eb/registry-auth')[0]?.message).toMatch(/s3:\/\/my-bucket\/docker\/config.json/);
  });

  it('reports an invalid JSON file the way EB would reject it, and keeps reading', async () => {
    const l = await loadEb({ 'Dockerrun.aws.json': '{\n  "AWSEBDockerrunVersion": "1",\n  "Image": {"Name": "nginx"},\n  "Ports": [{"ContainerPort": ECR_CONTAINER_PORT}]\n}\n' });
    const bad = ofRule(l, 'eb/dockerrun-invalid')[0];
    expect(bad?.message).toMatch(/not valid JSON/);
    expect(bad?.origin?.line).toBe(4);
    expect(ofRule(l, 'eb/invalid-value')[0]?.message).toMatch(/ECR_CONTAINER_PORT/);
  });

  it('reports a v1 version written as a number, and a v2 body declared as version 1', async () => {
    const num = await loadEb({ 'Dockerrun.aws.json': dockerrun({ AWSEBDockerrunVersion: 1, Image: { Name: 'nginx' }, Ports: [{ ContainerPort: '80' }] }) });
    expect(ofRule(num, 'eb/coerced-value')[0]?.message).toMatch(/as the number 1/);
    const v2text = await loadEb({ 'Dockerrun.aws.json': '{"AWSEBDockerrunVersion": "2.0", "containerDefinitions": [{"name": "web", "image": "x:1", "memory": 128, "portMappings": [{"hostPort": 80, "containerPort": 80}], "mountPoints": [{"sourceVolume": "data", "containerPath": "/data", "readOnly": "true"}]}], "volumes": [{"name": "data"}]}' });
    expect(ofRule(v2text, 'eb/coerced-value').map((d) => `${d.message} @${d.origin?.path}`)).toEqual([
      'Dockerrun.aws.json writes AWSEBDockerrunVersion as the string "2.0". @AWSEBDockerrunVersion',
      'Container field `readOnly` writes a boolean as a string. @containerDefinitions[0].mountPoints[0].readOnly',
    ]);
    const v2body = await loadEb({ 'Dockerrun.aws.json': dockerrun({ AWSEBDockerrunVersion: 1, containerDefinitions: [{ name: 'web', image: 'x:1', memory: 128, portMappings: [{ hostPort: 80, containerPort: 80 }] }] }) });
    expect(v2body.app?.source.kind).toBe('eb-dockerrun-v2');
    expect(ofRule(v2body, 'eb/dockerrun-version')[0]?.message).toMatch(/declares version 1 but its keys are those of version 2/);
  });
});

const WEB = { name: 'web', image: 'shop:1', memoryReservation: 512, portMappings: [{ hostPort: 80, containerPort: 3000 }] };

describe('Dockerrun version 2', () => {
  it('leaves out, and reports, a ulimit ECS would refuse: unknown, incomplete, soft above hard', async () => {
    const ulimits = [
      { name: 'nofile', softLimit: 1024, hardLimit: 4096 },
      { name: 'nofiles', softLimit: 1, hardLimit: 1 },
      { name: 'nproc', softLimit: 10 },
      { name: 'stack', softLimit: 9, hardLimit: 8 },
      { name: 'memlock', softLimit: -1, hardLimit: -1 },
    ];
    const l = await loadEb({ 'Dockerrun.aws.json': dockerrun({ AWSEBDockerrunVersion: 2, containerDefinitions: [{ ...WEB, ulimits }] }) });
    expect(container(l.app, 'web')?.ulimits).toEqual([ulimits[0], ulimits[4]]);
    expect(ofRule(l, 'eb/invalid-value').every((d) => d.severity === 'warning')).toBe(true);
    expect(ofRule(l, 'eb/invalid-value').map((d) => [d.origin?.path, d.message])).toEqual([
      ['containerDefinitions[0].ulimits[1]', 'Container `web` sets the ulimit `nofiles`, which is not a ulimit Docker or ECS knows.'],
      ['containerDefinitions[0].ulimits[2]', 'Ulimit 3 of container `web` needs a name, a softLimit and a hardLimit (whole numbers).'],
      ['containerDefinitions[0].ulimits[3]', "Container `web`'s ulimit stack has a soft limit above its hard limit, which Docker refuses."],
    ]);
  });

  it('ignores, and reports, a health check ECS would refuse; NONE is no health check', async () => {
    const checks: Record<string, unknown> = {
      web: { command: ['curl', '-f', 'http://localhost/'] },
      a: { command: ['CMD-SHELL'] },
      b: { command: ['NONE'] },
      c: { command: ['redis-cli', '-a', 'hc-canary-pw', 'ping'] },
      d: { command: ['CMD', 'true'], interval: 5 },
    };
    const l = await loadEb({
      'Dockerrun.aws.json': dockerrun({
        AWSEBDockerrunVersion: 2,
        containerDefinitions: Object.entries(checks).map(([name, healthCheck], i) => ({ ...WEB, name, essential: i === 0, healthCheck, portMappings: i === 0 ? WEB.portMappings : [] })),
      }),
    });
    expect(Object.keys(checks).map((n) => container(l.app, n)?.healthCheck?.command)).toEqual([undefined, undefined, undefined, undefined, ['CMD', 'true']]);
    expect(ofRule(l, 'eb/invalid-value').map((d) => [d.severity, d.origin?.path, d.message])).toEqual([
      ['warning', 'containerDefinitions[0].healthCheck.command', 'healthCheck of `web` starts with `curl`, not "CMD" or "CMD-SHELL", which ECS refuses.'],
      ['warning', 'containerDefinitions[1].healthCheck.command', 'healthCheck of `a` has `CMD-SHELL` and no command after it, which ECS refuses.'],
      ['warning', 'containerDefinitions[3].healthCheck.command', 'healthCheck of `c` starts with `redis-cli`, not "CMD" or "CMD-SHELL", which ECS refuses.'],
    ]);
    // Left out of the IR, the secret sweep never sees the check's password: masked all the same.
    const root = tempDir('ecsify-eb-check-');
    const line = '  "healthCheck": {"command": ["redis-cli", "-a", "hc-canary-pw", "ping"]}}]}';
    writeTree(root, { 'Dockerrun.aws.json': `{"AWSEBDockerrunVersion": 2, "containerDefinitions": [\n {"name": "web", "image": "nginx:1", "essential": true, "memory": 128,\n${line}\n` });
    try {
      const r = await runCli(['lint', '.'], { cwd: root });
      expect(r.stdout).toContain(line.replace('hc-canary-pw', '****'));
      expect(r.stdout).not.toContain('hc-canary-pw');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('names task volumes as ECS takes them, in the volumes and in the mount points alike', async () => {
    const l = await loadEb({
      'Dockerrun.aws.json': dockerrun({
        AWSEBDockerrunVersion: 2,
        volumes: [{ name: 'app.data', host: { sourcePath: '/var/app/current/data' } }],
        containerDefinitions: [{ ...WEB, mountPoints: [{ sourceVolume: 'app.data', containerPath: '/data' }, { sourceVolume: '10.0.0.1', containerPath: '/scratch' }] }],
      }),
    });
    const s = l.app?.services[0];
    expect(s?.task.volumes.map((v) => [v.name, v.source.kind])).toEqual([['app-data', 'host'], ['10-0-0-1', 'ephemeral']]);
    expect(container(l.app, 'web')?.mounts.map((m) => [m.volume, m.containerPath])).toEqual([['app-data', '/data'], ['10-0-0-1', '/scratch']]);
  });

  it('keeps where a container sets what a launch type may refuse', async () => {
    const l = await loadEb({
      'Dockerrun.aws.json': dockerrun({
        AWSEBDockerrunVersion: 2,
        containerDefinitions: [{ name: 'web', image: 'nginx:1.27', memory: 128, privileged: true, hostname: 'web1' }],
      }),
    });
    const c = container(l.app, 'web');
    expect(c?.fieldOrigins?.privileged?.path).toBe('containerDefinitions[0].privileged');
    expect(c?.fieldOrigins?.hostname?.path).toBe('containerDefinitions[0].hostname');
  });

  it('keeps one task for the containers EB ran together', async () => {
    const l = await loadEb({
      'Dockerrun.aws.json': dockerrun({
        AWSEBDockerrunVersion: 2,
        volumes: [{ name: 'conf', host: { sourcePath: '/var/app/current/proxy/conf.d' } }, { name: 'scratch', host: {} }],
        containerDefinitions: [
          { name: 'app', image: 'php:fpm', essential: false, memory: 128, mountPoints: [{ sourceVolume: 'scratch', containerPath: '/tmp/x' }] },
          {
            name: 'proxy',
            image: 'nginx:1.25',
            essential: true,
            memory: 128,
            portMappings: [{ hostPort: 80, containerPort: 80 }],
            links: ['app'],
            mountPoints: [{ sourceVolume: 'conf', containerPath: '/etc/nginx/conf.d', readOnly: true }, { sourceVolume: 'scratch', containerPath: '/tmp/x' }, { sourceVolume: 'awseb-logs-proxy', containerPath: '/var/log/nginx' }],
          },
        ],
      }),
    });
    expect(l.app?.services.map((s) => s.name)).toEqual(['web']);
    const svc = l.app?.services[0];
    expect(svc?.task.containers.map((c) => c.name)).toEqual(['app', 'proxy']);
    expect(svc?.task.volumes.map((v) => [v.name, v.source.kind])).toEqual([
      ['scratch', 'ephemeral'],
      ['conf', 'host'],
    ]);
    const proxy = container(l.app, 'proxy');
    expect(proxy?.mounts.map((m) => m.volume)).toEqual(['conf', 'scratch']);
    expect(proxy?.mounts[0]?.readOnly).toBe(true);
    expect(proxy?.links).toEqual([]);
    expect(proxy?.dependsOn).toEqual([expect.objectContaining({ container: 'app', condition: 'START' })]);
    expect(ofRule(l, 'eb/link')[0]?.hint).toMatch(/`app` → `localhost`/);
    expect(ofRule(l, 'eb/log-volume')).toHaveLength(1);
  });

  it('keeps links in bridge mode (EC2)', async () => {
    const l = await loadEb(
      { 'Dockerrun.aws.json': dockerrun({ AWSEBDockerrunVersion: 2, containerDefinitions: [{ ...WEB, links: ['api:backend'] }, { name: 'api', image: 'api:1', memory: 128 }] }) },
      { launchType: 'ec2' },
    );
    expect(container(l.app, 'web')?.links).toEqual(['api:backend']);
    expect(l.rules).not.toContain('eb/link');
  });

  it('splits a worker running the web image into its own service, and what it links to into a backend', async () => {
    const l = await loadEb({
      'Dockerrun.aws.json': dockerrun({
        AWSEBDockerrunVersion: 2,
        containerDefinitions: [
          { ...WEB, links: ['redis'] },
          { name: 'sidekiq', image: 'shop:1', essential: false, memoryReservation: 256, command: ['bundle', 'exec', 'sidekiq'], links: ['redis:cache'] },
          { name: 'redis', image: 'redis:7', memoryReservation: 128, portMappings: [{ containerPort: 6379 }] },
        ],
      }),
    });
    expect(l.app?.services.map((s) => [s.name, s.role])).toEqual([
      ['web', 'web'],
      ['sidekiq', 'worker'],
      ['redis', 'backend'],
    ]);
    const [web, sidekiq, redis] = l.app?.services ?? [];
    expect(web?.calls).toEqual(['redis']);
    expect(sidekiq?.calls).toEqual(['redis']);
    expect(redis?.discoveryName).toBe('redis');
    expect(redis?.discoveryAliases).toEqual(['cache']);
    expect(sidekiq?.task.containers[0]?.essential).toBe(true);
    expect(sidekiq?.task.family).toMatch(/-sidekiq$/);
  });

  it('does not split a container other containers need', async () => {
    const l = await loadEb({
      'Dockerrun.aws.json': dockerrun({
        AWSEBDockerrunVersion: 2,
        volumes: [{ name: 'shared', host: { sourcePath: '/data' } }],
        containerDefinitions: [
          { ...WEB, mountPoints: [{ sourceVolume: 'shared', containerPath: '/data' }] },
          { name: 'worker', image: 'shop:1', memory: 128, command: ['rake', 'jobs:work'], mountPoints: [{ sourceVolume: 'shared', containerPath: '/data' }] },
        ],
      }),
    });
    expect(l.app?.services.map((s) => s.name)).toEqual(['web']);
    expect(l.rules).not.toContain('eb/service-split');
  });

  it('maps every container field it knows, coercing strings', async () => {
    const l = await loadEb({
      'Dockerrun.aws.json': dockerrun({
        AWSEBDockerrunVersion: 2,
        executionRoleArn: 'arn:aws:iam::111122223333:role/exec',
        containerDefinitions: [
          {
            ...WEB,
            cpu: '256',
            memory: 1024,
            essential: 'true',
            entryPoint: ['/entry'],
            command: 'bundle exec puma',
            workingDirectory: '/app',
            user: 'app',
            hostname: 'web',
            dockerLabels: { team: 'shop' },
            privileged: false,
            readonlyRootFilesystem: true,
            ulimits: [{ name: 'nofile', softLimit: 1024, hardLimit: 4096 }],
            extraHosts: [{ hostname: 'db', ipAddress: '10.0.0.5' }],
            dnsServers: ['10.0.0.2'],
            stopTimeout: 30,
            healthCheck: { command: ['CMD-SHELL', 'curl -f http://localhost:3000/up'], interval: 10, retries: 3 },
            linuxParameters: { initProcessEnabled: true, capabilities: { add: ['SYS_PTRACE'] } },
            logConfiguration: { logDriver: 'json-file', options: { 'max-size': '10m' } },
            environment: [{ name: 'WORKERS', value: 2 }, { name: 'API_TOKEN', value: 'plain-secret-value-123' }],
            secrets: [{ name: 'DB_PASSWORD', valueFrom: 'arn:aws:ssm:eu-west-1:111122223333:parameter/db' }],
            repositoryCredentials: { credentialsParameter: 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:hub-AbCdEf' },
            dependsOn: [{ containerName: 'init', condition: 'SUCCESS' }],
            links: null,
          },
          { name: 'init', image: 'shop:1', memory: 64, essential: false, command: ['rake', 'db:prepare'] },
        ],
      }),
    });
    const c = container(l.app, 'web');
    expect(c).toMatchObject({
      cpu: 256,
      memory: { limit: 1024, reservation: 512 },
      essential: true,
      entryPoint: ['/entry'],
      command: ['bundle', 'exec', 'puma'],
      workingDirectory: '/app',
      user: 'app',
      hostname: 'web',
      labels: { team: 'shop' },
      privileged: false,
      readonlyRootFilesystem: true,
      ulimits: [{ name: 'nofile', softLimit: 1024, hardLimit: 4096 }],
      extraHosts: [{ hostname: 'db', ipAddress: '10.0.0.5' }],
      dnsServers: ['10.0.0.2'],
      stopTimeoutSeconds: 30,
      healthCheck: { command: ['CMD-SHELL', 'curl -f http://localhost:3000/up'], intervalSeconds: 10, retries: 3 },
      linux: { initProcessEnabled: true, capabilities: { add: ['SYS_PTRACE'], drop: [] } },
      repositoryCredentials: { secret: 'REGISTRY_CREDENTIALS_WEB' },
      dependsOn: [expect.objectContaining({ container: 'init', condition: 'SUCCESS' })],
    });
    expect(c?.environment.map((e) => ('secret' in e ? `${e.name}=secret` : 'value' in e ? `${e.name}=${e.value}` : e.name))).toEqual(['WORKERS=2', 'API_TOKEN=secret', 'DB_PASSWORD=secret']);
    expect(l.app?.secrets.map((s) => [s.name, s.reason, s.existing?.arn])).toEqual([
      ['API_TOKEN', 'name', undefined],
      ['DB_PASSWORD', 'dockerrun-secrets', 'arn:aws:ssm:eu-west-1:111122223333:parameter/db'],
      ['REGISTRY_CREDENTIALS_WEB', 'registry-credentials', 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:hub-AbCdEf'],
    ]);
    // The init container is depended on, so it stays in the task.
    expect(l.app?.services).toHaveLength(1);
    expect(ofRule(l, 'eb/coerced-value').map((d) => d.message)).toEqual([
      'Container field `essential` writes a boolean as a string.',
      'Container field `cpu` writes a number as a string.',
      'Environment variable WORKERS of `web` is written as a number.',
    ]);
    expect(ofRule(l, 'eb/unsupported-key')[0]?.message).toMatch(/execution role/);
    // json-file is not a driver ecsify keeps: the container logs to CloudWatch Logs, and that is said.
    expect(c?.logging).toBeUndefined();
    expect(ofRule(l, 'logging/driver-replaced').map((d) => `${d.message} @${d.origin?.path}`)).toEqual([
      "Container `web` logs with the `json-file` driver; on ECS its output goes to CloudWatch Logs (awslogs), and the driver's options are dropped. @containerDefinitions[0].logConfiguration.logDriver",
    ]);
    expect(JSON.stringify(l.app)).not.toContain('plain-secret-value-123');
  });

  it('keeps the awslogs options ECS takes and reports the others at each option', async () => {
    const l = await loadEb({
      'Dockerrun.aws.json': dockerrun({
        AWSEBDockerrunVersion: 2,
        containerDefinitions: [
          {
            name: 'web',
            image: 'x:1',
            memory: 128,
            logConfiguration: {
              logDriver: 'awslogs',
              options: { 'awslogs-group': '/mine', 'awslogs-datetime-format': '%Y', mode: 'non-blocking', tag: '{{.Name}}', 'awslogs-multline-pattern': '^x' },
            },
          },
          { name: 'fl', image: 'x:1', memory: 128, essential: false, logConfiguration: { logDriver: 'awsfirelens', options: { Name: 'cloudwatch' } } },
        ],
      }),
    });
    expect(container(l.app, 'web')?.logging?.options).toEqual({ 'awslogs-datetime-format': '%Y', mode: 'non-blocking' });
    // Other portable drivers keep their options as written.
    expect(container(l.app, 'fl')?.logging).toMatchObject({ driver: 'awsfirelens', options: { Name: 'cloudwatch' } });
    expect(ofRule(l, 'logging/option-replaced').map((d) => d.origin?.path)).toEqual(['containerDefinitions[0].logConfiguration.options.awslogs-group']);
    expect(ofRule(l, 'logging/unsupported-option').map((d) => `${d.origin?.path}: ${d.hint}`)).toEqual([
      'containerDefinitions[0].logConfiguration.options.tag: ECS takes `awslogs-datetime-format`, `awslogs-multiline-pattern`, `max-buffer-size`, `mode` (ecsify sets the group, Region and stream prefix).',
      'containerDefinitions[0].logConfiguration.options.awslogs-multline-pattern: Did you mean `awslogs-multiline-pattern`?',
    ]);
  });

  it('reads misspelled keys as what they resemble, with a diagnostic', async () => {
    const l = await loadEb({
      'Dockerrun.aws.json': dockerrun({ AWSEBDockerrunVersion: 2, containerDefintions: [{ name: 'web', image: 'x:1', memory: '128', portMapping: [{ hostPort: '80', containerPort: '80' }] }] }),
    });
    expect(container(l.app, 'web')?.ports[0]).toMatchObject({ containerPort: 80, published: 80 });
    // Coerced nested fields point at themselves (paths use the keys as read).
    expect(ofRule(l, 'eb/coerced-value').map((d) => `${d.message} @${d.origin?.path}`)).toEqual([
      'Container field `memory` writes a number as a string. @containerDefinitions[0].memory',
      'Container field `containerPort` writes a port number as a string. @containerDefinitions[0].portMappings[0].containerPort',
      'Container field `hostPort` writes a port number as a string. @containerDefinitions[0].portMappings[0].hostPort',
    ]);
    const unknown = ofRule(l, 'eb/unknown-key');
    expect(unknown.map((d) => d.hint?.split('?')[0])).toEqual(['Did you mean `containerDefinitions`', 'Did you mean `portMappings`']);
    expect(unknown[0]?.hint).toMatch(/defines no containers on EB/);
  });

  it('survives broken container definitions without throwing', async () => {
    const l = await loadEb({
      'Dockerrun.aws.json': dockerrun({
        AWSEBDockerrunVersion: '2',
        volumes: 'none',
        containerDefinitions: [7, { image: 'x' }, { name: 'web', portMappings: [{ containerPort: 'http' }], environment: [{ value: 'x' }], links: ['ghost'], memory: 2 }, { name: 'web', image: 'y:1', memory: 64 }],
      }),
    });
    expect(l.app?.services[0]?.task.containers.map((c) => c.name)).toEqual(['container-2', 'web', 'web-2']);
    expect(l.rules.filter((r) => r === 'eb/invalid-value').length).toBeGreaterThanOrEqual(6);
  });
});

describe('Dockerrun version 2: references to containers the file does not hold', () => {
  it('drops a volumesFrom entry naming a missing container, with a warning at the entry (ECS would refuse the task)', async () => {
    const l = await loadEb({
      'Dockerrun.aws.json': dockerrun({
        AWSEBDockerrunVersion: 2,
        containerDefinitions: [
          { name: 'web', image: 'nginx:1.27', essential: true, memory: 128, portMappings: [{ hostPort: 80, containerPort: 80 }], volumesFrom: [{ sourceContainer: 'ghost' }, { sourceContainer: 'data' }] },
          { name: 'data', image: 'busybox:1.36', essential: false, memory: 64 },
        ],
      }),
    });
    const warnings = ofRule(l, 'eb/invalid-value');
    expect(warnings.map((d) => [d.severity, d.message, d.origin?.path])).toEqual([
      ['warning', 'Container `web` takes the volumes of `ghost`, which is not defined.', 'containerDefinitions[0].volumesFrom[0]'],
    ]);
    expect(container(l.app, 'web')?.volumesFrom).toEqual([{ sourceContainer: 'data', readOnly: false }]);
  });
});

describe('a Dockerrun.aws.json left out for its aliases', () => {
  it('is reported once, as an alias bomb, not also as no JSON object', async () => {
    let bomb = '{"x0": &l0 [a, a, a, a, a, a, a, a, a, a]';
    for (let i = 1; i < 9; i++) bomb += `, "x${i}": &l${i} [${Array(10).fill(`*l${i - 1}`).join(', ')}]`;
    const l = await loadEb({ 'Dockerrun.aws.json': `${bomb}, "AWSEBDockerrunVersion": "1"}\n` });
    expect(l.rules.filter((r) => r.startsWith('yaml/') || r === 'eb/dockerrun-invalid')).toEqual(['yaml/alias-bomb']);
  });
});

describe('a Dockerrun.aws.json with a syntax error', () => {
  const broken = [
    '{',
    '  "AWSEBDockerrunVersion": 2,',
    '  "containerDefinitions": [',
    '    {',
    '      "name": "web",',
    '      "environment": [',
    '        { "name": "DB_PASSWORD", "value": "dockerrun-canary-pw" }',
    '      ]',
    '      "image": "nginx:1.27"',
    '    }',
    '  ]',
    '}',
    '',
  ].join('\n');

  it('is reported as the JSON error it is, not also as a bundle without an app definition', async () => {
    const l = await loadEb({ 'Dockerrun.aws.json': broken });
    expect(l.rules).toEqual(['yaml/syntax']);
    expect(l.diagnostics[0]?.message).toMatch(/^Dockerrun\.aws\.json is not valid JSON: /);
    expect(l.diagnostics[0]?.origin?.line).toBe(9);
  });

  it('shows its lines with the secret values masked', async () => {
    const root = tempDir('ecsify-eb-broken-');
    // A bracket too many right after the variable: the error's frame shows the line above.
    writeTree(root, { 'Dockerrun.aws.json': broken.replace('      ]\n', '      ]]\n') });
    try {
      const r = await runCli(['lint', '.'], { cwd: root });
      expect(r.code).toBe(1);
      expect(r.stdout).toContain('Dockerrun.aws.json:8:8: error yaml/syntax');
      expect(r.stdout).toContain('"name": "DB_PASSWORD", "value": "****"');
      expect(r.stdout + r.stderr).not.toContain('dockerrun-canary-pw');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
