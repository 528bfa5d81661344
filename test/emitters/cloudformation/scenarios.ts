/**
 * Hand-built applications that exercise each part of the CloudFormation emitter. Every one is
 * emitted, validated against the resource specification and saved for cfn-lint (spec.test.ts);
 * the unit tests look into them.
 */
import type { Application, Listener, Target } from '../../../src/ir/types.js';
import { app, container, service, webApp } from './support.js';

function httpTarget(id: string, svc: string, port: number, extra: Partial<Target> = {}): Target {
  return { id, service: svc, container: svc, containerPort: port, protocol: 'HTTP', healthCheck: { path: '/' }, ...extra };
}

/** The web app with HTTPS: an explicit HTTPS listener (certificate parameter) and HTTP redirecting to it. */
export function httpsApp(): Application {
  const a = webApp();
  const lb = a.ingress.loadBalancers[0]!;
  lb.listeners = [
    { port: 80, protocol: 'HTTP', defaultAction: { kind: 'redirect', protocol: 'HTTPS', port: 443 }, rules: [] },
    {
      port: 443,
      protocol: 'HTTPS',
      defaultAction: { kind: 'fixed-response', statusCode: 404, body: 'not found' },
      rules: [
        { priority: 10, hosts: ['api.example.com'], paths: ['/v1/*'], action: { kind: 'forward', target: 'web-8000' } },
        { priority: 20, hosts: [], paths: ['/static/*', '/assets/*'], action: { kind: 'forward', target: 'web-8000' } },
      ],
    },
  ];
  return a;
}

/** The web app with a certificate named in the input: HTTPS is not optional then. */
export function certificateApp(): Application {
  const a = webApp();
  a.settings.loadBalancer = {
    certificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/0f0e0d0c-1111-2222-3333-444455556666',
    sslPolicy: 'ELBSecurityPolicy-TLS13-1-2-Res-2021-06',
    listeners: [],
  };
  return a;
}

/** The web app with path rules on port 80 and the optional certificate (rules mirrored on 443). */
export function rulesApp(): Application {
  const a = webApp();
  const admin = service(a, 'admin', [container('admin', 'ghcr.io/example/admin:2', { ports: [{ containerPort: 3000, protocol: 'tcp', public: true }] })], {
    role: 'web',
  });
  a.services.push(admin);
  a.ingress.targets.push(httpTarget('admin-3000', 'admin', 3000, { healthCheck: { path: '/up', matcher: '200' }, deregistrationDelaySeconds: 20, stickiness: { enabled: true, durationSeconds: 3600 } }));
  a.ingress.loadBalancers[0]!.listeners[0]!.rules = [{ priority: 5, hosts: [], paths: ['/admin', '/admin/*'], action: { kind: 'forward', target: 'admin-3000' } }];
  a.ingress.loadBalancers[0]!.idleTimeoutSeconds = 120;
  return a;
}

/** A TCP service (Postgres-like) and a UDP service behind a network load balancer. */
export function nlbApp(): Application {
  const a = app('mq');
  const broker = service(
    a,
    'broker',
    [
      container('broker', 'rabbitmq:3.13', {
        ports: [
          { containerPort: 5672, protocol: 'tcp', public: true, name: 'amqp' },
          { containerPort: 15672, protocol: 'tcp', public: false, name: 'admin' },
        ],
      }),
    ],
    { role: 'web' },
  );
  const dns = service(a, 'dns', [container('dns', 'coredns/coredns:1.11.1', { ports: [{ containerPort: 53, protocol: 'udp', public: true }] })], { role: 'web' });
  a.services = [broker, dns];
  const listeners: Listener[] = [
    { port: 5672, protocol: 'TCP', defaultAction: { kind: 'forward', target: 'broker-5672' }, rules: [] },
    { port: 53, protocol: 'UDP', defaultAction: { kind: 'forward', target: 'dns-53' }, rules: [] },
  ];
  a.ingress = {
    loadBalancers: [{ id: 'nlb', type: 'network', scheme: 'internet-facing', listeners }],
    targets: [
      { id: 'broker-5672', service: 'broker', container: 'broker', containerPort: 5672, protocol: 'TCP', healthCheck: { protocol: 'TCP', intervalSeconds: 10 } },
      { id: 'dns-53', service: 'dns', container: 'dns', containerPort: 53, protocol: 'UDP', healthCheck: { protocol: 'TCP', port: 8080 }, stickiness: { enabled: true } },
    ],
  };
  return a;
}

/** Named volumes on Fargate: postgres data (root) and uploads shared by two services (uid 1000). */
export function efsApp(): Application {
  const a = app('blog');
  const db = service(
    a,
    'db',
    [
      container('db', 'postgres:16-alpine', {
        ports: [{ containerPort: 5432, protocol: 'tcp', public: false, name: 'postgres' }],
        mounts: [{ volume: 'db-data', containerPath: '/var/lib/postgresql/data', readOnly: false }],
      }),
    ],
    { role: 'backend' },
  );
  db.task.volumes = [{ name: 'db-data', source: { kind: 'shared', volume: 'db-data' } }];
  db.task.cpu = 512;
  db.task.memory = 1024;
  const uploads = (name: string, readOnly: boolean) =>
    container(name, 'ghcr.io/example/blog:3', {
      user: '1000:1000',
      ports: name === 'web' ? [{ containerPort: 4000, protocol: 'tcp', public: true, name: 'http' }] : [],
      mounts: [{ volume: 'uploads', containerPath: '/app/uploads', readOnly }],
    });
  const web = service(a, 'web', [uploads('web', false)], { role: 'web', calls: ['db'] });
  web.task.volumes = [{ name: 'uploads', source: { kind: 'shared', volume: 'uploads' } }];
  const thumbs = service(a, 'thumbs', [uploads('thumbs', true)], { calls: ['db'] });
  thumbs.task.volumes = [{ name: 'uploads', source: { kind: 'shared', volume: 'uploads' } }];
  a.services = [db, web, thumbs];
  a.volumes = [
    { name: 'db-data', external: false },
    { name: 'uploads', external: false, driverOptions: { performance_mode: 'generalPurpose', throughput_mode: 'elastic', backup_policy: 'ENABLED' } },
  ];
  a.ingress = {
    loadBalancers: [{ id: 'alb', type: 'application', scheme: 'internet-facing', listeners: [{ port: 80, protocol: 'HTTP', defaultAction: { kind: 'forward', target: 'web-4000' }, rules: [] }] }],
    targets: [httpTarget('web-4000', 'web', 4000)],
  };
  return a;
}

/** An existing EFS file system (Docker's `external: true` volume named by its id), and one by name. */
export function externalEfsApp(): Application {
  const a = app('files');
  const s = service(a, 'files', [container('files', 'nginx:1.27', { mounts: [{ volume: 'shared', containerPath: '/srv', readOnly: true }, { volume: 'other', containerPath: '/other', readOnly: false }] })]);
  s.task.volumes = [
    { name: 'shared', source: { kind: 'shared', volume: 'shared' } },
    { name: 'other', source: { kind: 'shared', volume: 'other' } },
  ];
  a.services = [s];
  a.volumes = [
    { name: 'shared', external: true, externalName: 'fs-0123456789abcdef0' },
    { name: 'other', external: true, externalName: 'team-files' },
  ];
  return a;
}

/** Scaling on CPU and requests for the web service, memory for the worker, and a weekday stop/start schedule. */
export function scheduleApp(): Application {
  const a = webApp();
  a.settings.schedule = [
    { name: 'stop-evenings', schedule: 'cron(0 20 ? * MON-FRI *)', timezone: 'Europe/Berlin', action: 'stop' },
    { name: 'start-mornings', schedule: 'cron(0 8 ? * MON-FRI *)', timezone: 'Europe/Berlin', action: 'start' },
  ];
  const web = a.services[0]!;
  web.scaling = {
    min: 2,
    max: 10,
    targets: [
      { metric: 'cpu', value: 60 },
      { metric: 'requests', value: 500 },
    ],
    schedule: [{ name: 'black-friday', schedule: 'at(2030-11-28T06:00:00)', action: 'set', min: 6, max: 20 }],
  };
  a.services[1]!.scaling = { min: 1, max: 4, targets: [{ metric: 'memory', value: 75 }] };
  return a;
}

/** SSM Parameter Store secrets (expected to exist), an existing Secrets Manager secret and a KMS key. */
export function ssmApp(): Application {
  const a = webApp();
  a.settings.secretsBackend = 'ssm';
  a.secrets = [
    { name: 'SECRET_KEY', reason: 'name' },
    { name: 'STRIPE_KEY', reason: 'user', existing: { arn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:shop/stripe-AbCdEf', jsonKey: 'key' }, kmsKeyArn: 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab' },
    { name: 'SENTRY_DSN', reason: 'name', existing: { arn: '/shared/sentry-dsn' } },
  ];
  a.services[0]!.task.containers[0]!.environment.push(
    { name: 'STRIPE_KEY', secret: { secret: 'STRIPE_KEY' } },
    { name: 'SENTRY_DSN', secret: { secret: 'SENTRY_DSN' } },
  );
  return a;
}

/** Secrets Manager: created secret, existing secrets by partial ARN and by name, private registry credentials. */
export function existingSecretsApp(): Application {
  const a = webApp();
  a.secrets = [
    { name: 'SECRET_KEY', reason: 'name' },
    { name: 'API_TOKEN', reason: 'compose-secret', existing: { arn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:shop/api-token' } },
    { name: 'MAIL_PASSWORD', reason: 'user', existing: { arn: 'shop/mail' } },
    { name: 'registry', reason: 'registry-credentials' },
  ];
  const web = a.services[0]!.task.containers[0]!;
  web.environment.push({ name: 'API_TOKEN', secret: { secret: 'API_TOKEN' } }, { name: 'MAIL_PASSWORD', secret: { secret: 'MAIL_PASSWORD' } });
  a.services[2]!.task.containers[0]!.image = { kind: 'ref', ref: 'registry.example.com/cache/redis:7' };
  a.services[2]!.task.containers[0]!.repositoryCredentials = { secret: 'registry' };
  return a;
}

/** Task roles: an existing role ARN, managed policies (ARN and name) and inline statements; ECS Exec; a public IP. */
export function rolesApp(): Application {
  const a = webApp();
  a.services[0]!.taskRole = {
    managedPolicyArns: ['arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess', 'CloudWatchAgentServerPolicy'],
    statements: [{ Effect: 'Allow', Action: ['sqs:SendMessage'], Resource: 'arn:aws:sqs:eu-west-1:123456789012:jobs' }],
  };
  a.services[0]!.enableExecuteCommand = true;
  a.services[1]!.taskRole = { arn: 'arn:aws:iam::123456789012:role/legacy-worker', managedPolicyArns: [], statements: [] };
  a.services[2]!.assignPublicIp = true;
  a.services[2]!.deployment = { minimumHealthyPercent: 0, maximumPercent: 100 };
  return a;
}

/** EC2 launch type (bridge mode) behind an ALB, with a Fargate-style web task sized by containers. */
export function ec2App(): Application {
  const a = app('legacy', 'ec2');
  const web = service(
    a,
    'web',
    [container('web', 'ghcr.io/example/legacy:7', { memory: { reservation: 768 }, cpu: 256, ports: [{ containerPort: 8080, protocol: 'tcp', public: true, published: 80 }] })],
    { role: 'web', desiredCount: 2, calls: ['cache'] },
  );
  const cache = service(a, 'cache', [container('cache', 'memcached:1.6', { memory: { limit: 256 }, ports: [{ containerPort: 11211, protocol: 'tcp', public: false, name: 'memcached' }] })], {
    role: 'backend',
  });
  a.services = [web, cache];
  a.ingress = {
    loadBalancers: [{ id: 'alb', type: 'application', scheme: 'internet-facing', listeners: [{ port: 80, protocol: 'HTTP', defaultAction: { kind: 'forward', target: 'web-8080' }, rules: [] }] }],
    targets: [httpTarget('web-8080', 'web', 8080, { healthCheckGracePeriodSeconds: 120 })],
  };
  a.settings.logRetentionDays = 45;
  return a;
}

/** EC2 launch type into an existing cluster with an existing load balancer. */
export function existingClusterApp(): Application {
  const a = ec2App();
  a.settings.cluster = { name: 'shared-cluster' };
  a.settings.loadBalancer = { existingArn: 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/shared/50dc6c495c0c9188', listeners: [] };
  return a;
}

/** Fargate Spot, tags on every resource, an internal ALB, an overlay, and a worker-only service. */
export function spotTagsApp(): Application {
  const a = webApp();
  a.services[1]!.spot = true;
  a.settings.tags = { team: 'payments', 'cost-center': '42' };
  a.ingress.loadBalancers[0]!.scheme = 'internal';
  a.settings.cloudformationOverlay = {
    Resources: {
      LogGroup: { Properties: { RetentionInDays: 90 } },
      WebService: { Properties: { PlatformVersion: '1.4.0' } },
      Alarms: { Type: 'AWS::SNS::Topic', Properties: { TopicName: 'shop-alarms' } },
    },
    Outputs: { AlarmTopic: { Description: 'Alarm topic', Value: { Ref: 'Alarms' } } },
  };
  return a;
}

/** A single worker: no load balancer, no Service Connect, no secrets, a fixed image. */
export function workerOnlyApp(): Application {
  const a = app('cron');
  a.services = [service(a, 'sweeper', [container('sweeper', 'alpine:3.20', { command: ['sh', '-c', 'while true; do date; sleep 60; done'] })])];
  return a;
}

/** Services whose names differ only in punctuation, a very long name, and a non-ASCII one. */
export function collisionApp(): Application {
  const a = app('names');
  const long = 'x'.repeat(40) + '-' + 'y'.repeat(40) + '-' + 'z'.repeat(40);
  a.services = ['web-api', 'web_api', 'webApi', long, 'café'].map((n) => service(a, n, [container('main', 'nginx:1.27')]));
  return a;
}

/** An Elastic Beanstalk Procfile app: web + worker from one platform image, EB-style health checks. */
export function procfileApp(): Application {
  const a = app('rails');
  a.source = { kind: 'eb-procfile', files: ['Procfile'], platform: 'ruby-3.2' };
  const image = { kind: 'platform' as const, platform: 'ruby-3.2' };
  const web = service(a, 'web', [container('web', image, { command: ['bundle', 'exec', 'puma'], ports: [{ containerPort: 5000, protocol: 'tcp', public: true, name: 'web' }] })], {
    role: 'web',
    desiredCount: 2,
  });
  const worker = service(a, 'worker', [container('worker', image, { command: ['bundle', 'exec', 'sidekiq'] })]);
  a.services = [web, worker];
  a.ingress = {
    loadBalancers: [{ id: 'alb', type: 'application', scheme: 'internet-facing', listeners: [{ port: 80, protocol: 'HTTP', defaultAction: { kind: 'forward', target: 'web-5000' }, rules: [] }] }],
    targets: [
      httpTarget('web-5000', 'web', 5000, {
        healthCheck: { path: '/health', intervalSeconds: 15, timeoutSeconds: 5, healthyThreshold: 3, unhealthyThreshold: 5, matcher: '200', source: 'eb' },
        deregistrationDelaySeconds: 20,
      }),
    ],
  };
  a.settings.logRetentionDays = 7;
  return a;
}

export const SCENARIOS: Record<string, () => Application> = {
  web: webApp,
  https: httpsApp,
  certificate: certificateApp,
  rules: rulesApp,
  nlb: nlbApp,
  efs: efsApp,
  'external-efs': externalEfsApp,
  schedule: scheduleApp,
  ssm: ssmApp,
  'existing-secrets': existingSecretsApp,
  roles: rolesApp,
  ec2: ec2App,
  'existing-cluster': existingClusterApp,
  'spot-tags': spotTagsApp,
  'worker-only': workerOnlyApp,
  collisions: collisionApp,
  procfile: procfileApp,
};
