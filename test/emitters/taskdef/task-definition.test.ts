import { describe, expect, it } from 'vitest';
import { placeholders } from '../../../src/emitters/placeholders.js';
import { emitTaskDefinitions, upperSnake } from '../../../src/emitters/taskdef/emit-task-definitions.js';
import { newApplication, newContainer, newService, newSettings } from '../../../src/ir/create.js';
import type { Application } from '../../../src/ir/types.js';
import { validateTaskDefinition } from '../../support/taskdef-validator.js';

function app(launchType: 'fargate' | 'ec2' = 'fargate', backend: 'secretsmanager' | 'ssm' = 'secretsmanager'): Application {
  const a = newApplication('shop', { kind: 'compose', files: ['compose.yaml'] }, newSettings(launchType, backend));
  const web = newContainer('web', { kind: 'ref', ref: 'ghcr.io/acme/shop:1.2' });
  web.command = ['bundle', 'exec', 'puma'];
  web.environment = [
    { name: 'RAILS_ENV', value: 'production' },
    { name: 'DATABASE_URL', secret: { secret: 'DATABASE_URL' } },
    { name: 'API_TOKEN', secret: { secret: 'API_TOKEN' } },
  ];
  web.ports = [{ containerPort: 3000, protocol: 'tcp', published: 80, public: true, name: 'web-http', appProtocol: 'http' }];
  web.healthCheck = { command: ['CMD-SHELL', 'curl -f http://localhost:3000/up || exit 1'], intervalSeconds: 30, timeoutSeconds: 5, retries: 3 };
  web.linux = { initProcessEnabled: true, tmpfs: [], devices: [] };
  web.memory = launchType === 'ec2' ? { limit: 512, reservation: 256 } : undefined;
  web.labels = { 'b.label': '2', 'a.label': '1' };
  const worker = newContainer('worker', { kind: 'build', context: '.', args: {} });
  worker.command = ['bundle', 'exec', 'sidekiq'];
  if (launchType === 'ec2') worker.memory = { reservation: 256 };
  const webService = newService('shop', 'web', [web], launchType);
  webService.role = 'web';
  const workerService = newService('shop', 'worker', [worker], launchType);
  if (launchType === 'fargate') {
    webService.task.cpu = 512;
    webService.task.memory = 1024;
    workerService.task.cpu = 256;
    workerService.task.memory = 512;
  }
  a.services = [webService, workerService];
  a.secrets = [
    { name: 'API_TOKEN', reason: 'eb-environmentsecrets', existing: { arn: 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:shop/api-AbCdEf', jsonKey: 'token' } },
    { name: 'DATABASE_URL', reason: 'value' },
  ];
  a.jobs = [{ name: 'db-migrate', service: 'web', container: 'web', command: ['bundle', 'exec', 'rails', 'db:migrate'], beforeDeploy: true }];
  return a;
}

const opts = { version: '0.0.0-test', inputLabel: 'x', format: 'yaml' as const };

function byPath(files: { path: string; contents: string }[]) {
  return Object.fromEntries(files.map((f) => [f.path, JSON.parse(f.contents) as Record<string, unknown>]));
}

describe('task definition emitter', () => {
  it('writes one RegisterTaskDefinition request per service, valid for the API', () => {
    const files = byPath(emitTaskDefinitions(app(), opts));
    expect(Object.keys(files).sort()).toEqual(['jobs/db-migrate.json', 'task-definitions/shop-web.json', 'task-definitions/shop-worker.json']);
    for (const [p, def] of Object.entries(files)) if (p.startsWith('task-definitions/')) expect(validateTaskDefinition(def), p).toEqual([]);
    const web = files['task-definitions/shop-web.json']!;
    expect(web).toMatchObject({
      family: 'shop-web',
      executionRoleArn: '${EXECUTION_ROLE_ARN}',
      networkMode: 'awsvpc',
      requiresCompatibilities: ['FARGATE'],
      cpu: '512',
      memory: '1024',
      runtimePlatform: { cpuArchitecture: 'X86_64', operatingSystemFamily: 'LINUX' },
    });
    const c = (web['containerDefinitions'] as Record<string, unknown>[])[0]!;
    expect(c).toMatchObject({
      name: 'web',
      image: 'ghcr.io/acme/shop:1.2',
      essential: true,
      command: ['bundle', 'exec', 'puma'],
      environment: [{ name: 'RAILS_ENV', value: 'production' }],
      secrets: [
        { name: 'API_TOKEN', valueFrom: 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:shop/api-AbCdEf:token::' },
        { name: 'DATABASE_URL', valueFrom: '${SECRET_ARN}:DATABASE_URL::' },
      ],
      portMappings: [{ containerPort: 3000, protocol: 'tcp', name: 'web-http', appProtocol: 'http' }],
      healthCheck: { command: ['CMD-SHELL', 'curl -f http://localhost:3000/up || exit 1'], interval: 30, timeout: 5, retries: 3 },
      linuxParameters: { initProcessEnabled: true },
      dockerLabels: { 'a.label': '1', 'b.label': '2' },
      logConfiguration: {
        logDriver: 'awslogs',
        options: { 'awslogs-group': '/ecs/shop', 'awslogs-region': '${AWS_REGION}', 'awslogs-stream-prefix': 'web' },
      },
    });
    expect(Object.keys(c['dockerLabels'] as object)).toEqual(['a.label', 'b.label']);
  });

  it('writes only the awslogs options ECS takes, after where ecsify sends the logs', () => {
    const a = app();
    // An IR from any source: the front ends report what they leave out, the emitter never writes it.
    a.services[0]!.task.containers[0]!.logging = {
      driver: 'awslogs',
      options: { 'awslogs-group': '/theirs', 'awslogs-create-group': 'true', tag: 'x', 'awslogs-datetime-pattern': 'y', mode: 'non-blocking', 'awslogs-datetime-format': '%Y' },
    };
    const web = byPath(emitTaskDefinitions(a, opts))['task-definitions/shop-web.json']!;
    const c = (web['containerDefinitions'] as Record<string, unknown>[])[0]!;
    expect(c['logConfiguration']).toEqual({
      logDriver: 'awslogs',
      options: { 'awslogs-group': '/ecs/shop', 'awslogs-region': '${AWS_REGION}', 'awslogs-stream-prefix': 'web', 'awslogs-datetime-format': '%Y', mode: 'non-blocking' },
    });
  });

  it('takes images built from source as placeholders and lists the placeholders', () => {
    const files = emitTaskDefinitions(app(), opts);
    const worker = byPath(files)['task-definitions/shop-worker.json']!;
    expect((worker['containerDefinitions'] as Record<string, unknown>[])[0]!['image']).toBe('${WORKER_IMAGE}');
    expect(placeholders(files)).toEqual(['AWS_REGION', 'CLUSTER', 'EXECUTION_ROLE_ARN', 'SECRET_ARN', 'SECURITY_GROUP_ID', 'SUBNET_ID', 'WEB_TASK_ROLE_ARN', 'WORKER_IMAGE', 'WORKER_TASK_ROLE_ARN']);
  });

  it("lists only the placeholders it made: a command's own ${NAME} text is none", () => {
    const a = app();
    const web = a.services[0]!.task.containers[0]!;
    web.command = ['sh', '-c', 'echo "${HOME}" "$SA_PASSWORD" ${WORKER_TASK_ROLE_ARN_X}'];
    const files = emitTaskDefinitions(a, opts);
    expect(files.find((f) => f.path === 'task-definitions/shop-web.json')?.contents).toContain('echo \\"${HOME}\\"');
    expect(placeholders(files)).toEqual(['AWS_REGION', 'CLUSTER', 'EXECUTION_ROLE_ARN', 'SECRET_ARN', 'SECURITY_GROUP_ID', 'SUBNET_ID', 'WEB_TASK_ROLE_ARN', 'WORKER_IMAGE', 'WORKER_TASK_ROLE_ARN']);
    // Each file lists exactly the placeholders its contents hold, but for the command's text.
    for (const f of files) {
      const scanned = [...new Set([...f.contents.matchAll(/\$\{([A-Z][A-Z0-9_]*)\}/g)].map((m) => m[1]))].filter((n) => n !== 'HOME' && n !== 'WORKER_TASK_ROLE_ARN_X');
      expect([...(f.placeholders ?? [])].sort(), f.path).toEqual(scanned.sort());
    }
  });

  it('uses SSM parameter names with --secrets-backend ssm', () => {
    const web = byPath(emitTaskDefinitions(app('fargate', 'ssm'), opts))['task-definitions/shop-web.json']!;
    const secrets = (web['containerDefinitions'] as Record<string, unknown>[])[0]!['secrets'];
    expect(secrets).toContainEqual({ name: 'DATABASE_URL', valueFrom: '/shop/DATABASE_URL' });
  });

  it('gives existing Secrets Manager secrets named without an ARN their ARN, with region and account placeholders', () => {
    for (const backend of ['secretsmanager', 'ssm'] as const) {
      const a = app('fargate', backend);
      a.secrets.push(
        { name: 'DB_PASSWORD', reason: 'compose-secret', existing: { arn: 'shop/dbpass' } },
        { name: 'SMTP_USER', reason: 'user', existing: { arn: 'shop/smtp', jsonKey: 'user' } },
        { name: 'registry', reason: 'registry-credentials', existing: { arn: 'shop/registry' } },
      );
      const web = a.services[0]!.task.containers[0]!;
      web.environment.push({ name: 'DB_PASSWORD', secret: { secret: 'DB_PASSWORD' } }, { name: 'SMTP_USER', secret: { secret: 'SMTP_USER' } });
      web.repositoryCredentials = { secret: 'registry' };
      const files = emitTaskDefinitions(a, opts);
      const def = byPath(files)['task-definitions/shop-web.json']!;
      expect(validateTaskDefinition(def)).toEqual([]);
      const c = (def['containerDefinitions'] as Record<string, unknown>[])[0]!;
      const secrets = c['secrets'] as { name: string; valueFrom: string }[];
      const valueFrom = (name: string) => secrets.find((x) => x.name === name)?.valueFrom;
      // An ARN is kept as written, whatever the backend.
      expect(valueFrom('API_TOKEN')).toBe('arn:aws:secretsmanager:eu-west-1:111122223333:secret:shop/api-AbCdEf:token::');
      if (backend === 'ssm') {
        // With SSM a bare name is a parameter name, which ECS accepts as it is.
        expect(valueFrom('DB_PASSWORD')).toBe('shop/dbpass');
        expect(valueFrom('SMTP_USER')).toBe('shop/smtp:user::');
      } else {
        expect(valueFrom('DB_PASSWORD')).toBe('arn:aws:secretsmanager:${AWS_REGION}:${AWS_ACCOUNT_ID}:secret:shop/dbpass');
        expect(valueFrom('SMTP_USER')).toBe('arn:aws:secretsmanager:${AWS_REGION}:${AWS_ACCOUNT_ID}:secret:shop/smtp:user::');
      }
      // Registry credentials are a Secrets Manager secret with either backend, and must be an ARN.
      expect(c['repositoryCredentials']).toEqual({ credentialsParameter: 'arn:aws:secretsmanager:${AWS_REGION}:${AWS_ACCOUNT_ID}:secret:shop/registry' });
      expect(placeholders(files)).toContain('AWS_ACCOUNT_ID');
    }
    // Where the input says which store holds a name, that wins over the backend.
    const a = app('fargate', 'ssm');
    a.secrets.push({ name: 'DB_PASSWORD', reason: 'compose-secret', existing: { arn: 'shop/dbpass', store: 'secretsmanager' } });
    a.services[0]!.task.containers[0]!.environment.push({ name: 'DB_PASSWORD', secret: { secret: 'DB_PASSWORD' } });
    const c = (byPath(emitTaskDefinitions(a, opts))['task-definitions/shop-web.json']!['containerDefinitions'] as Record<string, unknown>[])[0]!;
    expect(c['secrets']).toContainEqual({ name: 'DB_PASSWORD', valueFrom: 'arn:aws:secretsmanager:${AWS_REGION}:${AWS_ACCOUNT_ID}:secret:shop/dbpass' });
  });

  it('finds a secret by its first entry of that name, also in a list grown since the last build', () => {
    const a = app();
    const secretsOf = (files: ReturnType<typeof emitTaskDefinitions>) =>
      (byPath(files)['task-definitions/shop-web.json']!['containerDefinitions'] as Record<string, unknown>[])[0]!['secrets'];
    expect(secretsOf(emitTaskDefinitions(a, opts))).toContainEqual({ name: 'DATABASE_URL', valueFrom: '${SECRET_ARN}:DATABASE_URL::' });
    a.secrets.push(
      { name: 'SMTP_USER', reason: 'user', existing: { arn: 'arn:aws:ssm:eu-west-1:111122223333:parameter/smtp' } },
      { name: 'SMTP_USER', reason: 'user', existing: { arn: 'arn:aws:ssm:eu-west-1:111122223333:parameter/other' } },
    );
    a.services[0]!.task.containers[0]!.environment.push({ name: 'SMTP_USER', secret: { secret: 'SMTP_USER' } });
    expect(secretsOf(emitTaskDefinitions(a, opts))).toContainEqual({ name: 'SMTP_USER', valueFrom: 'arn:aws:ssm:eu-west-1:111122223333:parameter/smtp' });
  });

  it('follows EC2 rules: bridge mode, per-container memory, no task size', () => {
    const files = byPath(emitTaskDefinitions(app('ec2'), opts));
    for (const [p, def] of Object.entries(files)) if (p.startsWith('task-definitions/')) expect(validateTaskDefinition(def), p).toEqual([]);
    const web = files['task-definitions/shop-web.json']!;
    expect(web).toMatchObject({ networkMode: 'bridge', requiresCompatibilities: ['EC2'] });
    expect(web['cpu']).toBeUndefined();
    expect(web['runtimePlatform']).toBeUndefined();
    expect((web['containerDefinitions'] as Record<string, unknown>[])[0]).toMatchObject({ memory: 512, memoryReservation: 256 });
    expect(files['jobs/db-migrate.json']).toEqual({
      cluster: '${CLUSTER}',
      taskDefinition: 'shop-web',
      count: 1,
      launchType: 'EC2',
      overrides: { containerOverrides: [{ name: 'web', command: ['bundle', 'exec', 'rails', 'db:migrate'] }] },
    });
  });

  it("runs a job with its service's public IP setting (a task in a public subnet needs one to pull its image)", () => {
    const network = (a: ReturnType<typeof app>) =>
      (byPath(emitTaskDefinitions(a, opts))['jobs/db-migrate.json'] as { networkConfiguration: { awsvpcConfiguration: { assignPublicIp: string } } }).networkConfiguration.awsvpcConfiguration;
    expect(network(app()).assignPublicIp).toBe('DISABLED');
    const publicApp = app();
    publicApp.settings.network = { ...publicApp.settings.network, assignPublicIp: true };
    expect(network(publicApp)).toEqual({ subnets: ['${SUBNET_ID}'], securityGroups: ['${SECURITY_GROUP_ID}'], assignPublicIp: 'ENABLED' });
    const own = app();
    own.services[0]!.assignPublicIp = true;
    expect(network(own).assignPublicIp).toBe('ENABLED');
  });

  it('is deterministic', () => {
    expect(emitTaskDefinitions(app(), opts)).toEqual(emitTaskDefinitions(app(), opts));
  });

  it('names placeholders in upper snake case', () => {
    expect(upperSnake('web-app', 'sideCar')).toBe('WEB_APP_SIDE_CAR');
  });
});

describe('volumes', () => {
  it('mounts named volumes from EFS with an access point, external ones from the named file system', () => {
    const a = app();
    a.volumes = [
      { name: 'uploads', external: false },
      { name: 'receipts', external: true, externalName: 'fs-0123456789abcdef0' },
    ];
    const web = a.services[0]!;
    web.task.volumes = [
      { name: 'uploads', source: { kind: 'shared', volume: 'uploads' } },
      { name: 'receipts', source: { kind: 'shared', volume: 'receipts' } },
      { name: 'scratch', source: { kind: 'ephemeral' } },
    ];
    const def = byPath(emitTaskDefinitions(a, opts))['task-definitions/shop-web.json']!;
    expect(def['volumes']).toEqual([
      {
        name: 'uploads',
        efsVolumeConfiguration: {
          fileSystemId: '${UPLOADS_FILE_SYSTEM_ID}',
          transitEncryption: 'ENABLED',
          authorizationConfig: { accessPointId: '${UPLOADS_ACCESS_POINT_ID}', iam: 'ENABLED' },
        },
      },
      { name: 'receipts', efsVolumeConfiguration: { fileSystemId: 'fs-0123456789abcdef0', transitEncryption: 'ENABLED' } },
      { name: 'scratch' },
    ]);
    expect(def['taskRoleArn']).toBe('${WEB_TASK_ROLE_ARN}');
    expect(validateTaskDefinition(def)).toEqual([]);
  });
});

describe('image placeholders', () => {
  it('containers built from the same source share one placeholder, named after the first service', () => {
    const a = app();
    const platform = { kind: 'platform' as const, platform: 'ruby-3.2' };
    a.services[0]!.task.containers[0]!.image = platform;
    a.services[1]!.task.containers[0]!.image = platform;
    const files = emitTaskDefinitions(a, opts);
    const images = Object.values(byPath(files))
      .filter((d) => d['containerDefinitions'])
      .map((d) => (d['containerDefinitions'] as Record<string, unknown>[])[0]!['image']);
    expect(images).toEqual(['${WEB_IMAGE}', '${WEB_IMAGE}']);
  });
});
