/**
 * The intermediate representation: what every parser produces and every emitter consumes.
 *
 * Plain, JSON-serialisable data only (no classes, no functions, no `undefined` that matters).
 * Units are normalised here once: CPU in ECS CPU units (1024 = 1 vCPU), memory in MiB,
 * durations in seconds, ports as numbers, commands as string arrays. Every node a diagnostic
 * may point at carries an `origin`. Nothing here knows about CloudFormation or the AWS SDK.
 *
 * Secret values never enter the IR: an environment variable judged secret is a `SecretRef`
 * (a name), and the value is dropped by the parser that read it.
 */

/** Where a value was written: file relative to the project folder, 1-based line and column. */
export interface Origin {
  file: string;
  line: number;
  column: number;
  /** Path inside the document, e.g. `services.web.ports[0]`. */
  path: string;
}

/** What kind of input the application was read from. */
export type InputKind =
  | 'compose'
  | 'eb-dockerrun-v1'
  | 'eb-dockerrun-v2'
  | 'eb-docker-compose'
  | 'eb-procfile'
  | 'eb-live';

/** What was read and how ecsify decided what it is. */
export interface SourceInfo {
  kind: InputKind;
  /** Input files that were read, relative to the project folder, in reading order. */
  files: string[];
  /** Elastic Beanstalk platform hint, e.g. `ruby-3.2`, `docker`, `ecs-al2023`. */
  platform?: string;
  /** One-line explanation of the detection (shown with `--verbose`). */
  detection?: string;
  /** The running Elastic Beanstalk environment an `eb://` input was read from. */
  environment?: LiveEnvironment;
}

/** A running Elastic Beanstalk environment, as DescribeEnvironments described it. */
export interface LiveEnvironment {
  name: string;
  application: string;
  region?: string;
  /** The version it runs (absent: EB's sample application). */
  versionLabel?: string;
  /** The address EB serves it at (`shop-prod.eba-3xk8abcd.eu-west-1.elasticbeanstalk.com`). */
  cname?: string;
  /** The names of its environment properties (never their values), sorted. */
  properties?: string[];
}

export type LaunchType = 'fargate' | 'ec2';
export type SecretsBackend = 'secretsmanager' | 'ssm';

/** The whole application: one ECS cluster's worth of services. */
export interface Application {
  /** Normalised project name: lower-case letters, digits, `-` and `_`. */
  name: string;
  source: SourceInfo;
  /**
   * Each becomes an ECS service and its task definition, except those of role `job`: their task
   * definition is registered, and `jobs` runs them as one-off tasks (a Compose service that others
   * wait on to complete, such as a migration, which an ECS service would run again each time it
   * exits). A departure from the design's "each service is one ECS service", made so that every
   * task-level pass (secrets, launch type, sizing, ports, lint) applies to them unchanged: a list
   * of their own would have needed each pass to walk it too, and emitters to build its task
   * definitions twice. Emitters skip only what a service alone has (ECS service, desired count,
   * scaling, Service Connect, outputs).
   */
  services: Service[];
  /** Named volumes shared between containers or services (EFS on Fargate). */
  volumes: Volume[];
  /** Secrets to create or reference, by name only. */
  secrets: Secret[];
  /** Load balancers, listeners and target groups (filled by the ports pass). */
  ingress: Ingress;
  /**
   * One-off tasks to run before a deploy, in the order they run: EB `leader_only` container
   * commands and a Procfile `release` entry (on a service's task definition, with their own
   * command), and services of role `job` (on their own).
   */
  jobs: Job[];
  /** Services left out of the deployment (managed databases etc.); they become parameters. */
  excluded: ExcludedService[];
  settings: Settings;
  /** The SQS queue of an EB worker environment (what sqsd read); absent for other apps. */
  queue?: WorkerQueue;
}

/**
 * The SQS queue an EB worker tier read. The emitters create it (when `url` is absent), give each
 * consumer's task role the rights to receive and delete its messages, and set `envVar` to its
 * URL in every container of the consumers (the parser does not add that variable itself).
 */
export interface WorkerQueue {
  /** Existing queue (`WorkerQueueURL`); absent = create one with the app. */
  url?: string;
  /** Where EB's sqsd POSTed each message (`HttpPath`, default `/`); informational. */
  httpPath: string;
  /** Seconds a received message stays invisible (`VisibilityTimeout`; SQS default when absent). */
  visibilityTimeoutSeconds?: number;
  /** Seconds SQS keeps a message (`RetentionPeriod`, EB's default 4 days for a queue it creates; absent for an existing queue with none given). */
  retentionSeconds?: number;
  /**
   * Receives before a message moves to a dead-letter queue (`MaxRetries`; EB's default 10 for a
   * queue it creates); absent = no dead-letter queue (an existing queue with none given).
   */
  maxReceiveCount?: number;
  /** Environment variable that carries the queue URL, e.g. `WORKER_QUEUE_URL`. */
  envVar: string;
  /** Services that read the queue. */
  consumers: string[];
  origin?: Origin;
}

/** Application-wide settings from flags, `x-ecsify`, `x-aws-*` keys and EB option settings. */
export interface Settings {
  launchType: LaunchType;
  secretsBackend: SecretsBackend;
  region?: string;
  /** Existing cluster to deploy into (`x-aws-cluster`); absent = create one. */
  cluster?: { name: string; origin?: Origin };
  /** Existing VPC and subnets (`x-aws-vpc`, EB `aws:ec2:vpc`); parameters when absent. */
  network?: NetworkSettings;
  /** Log retention in days for the app's log group (default decided by the emitter). */
  logRetentionDays?: number;
  /**
   * Customer-managed KMS key the app's secrets are encrypted with (`x-ecsify.secrets-kms-key`):
   * the secrets pass gives it to every secret that names no key of its own.
   */
  secretsKmsKeyArn?: string;
  /** Load-balancer wishes that the ports pass turns into `ingress`. */
  loadBalancer?: LoadBalancerSettings;
  /** Stop/start schedule applied to every service (`--schedule`, `x-ecsify.schedule`). */
  schedule?: ScheduledAction[];
  /** Names the user said are secrets (`--secret`, `x-ecsify.secrets`). */
  secretNames: string[];
  /** Names the user said are not secrets (`--not-secret`). */
  notSecretNames: string[];
  /** Service names to leave out (`--exclude`, `x-ecsify.exclude`). */
  exclude: string[];
  /** Raw `x-aws-cloudformation` overlay, merged into the template by the emitter. */
  cloudformationOverlay?: unknown;
  /** Tags to put on every resource. */
  tags: Record<string, string>;
}

export interface NetworkSettings {
  vpcId?: string;
  /** Subnets for tasks (private). */
  subnets?: string[];
  /** Subnets for the load balancer (public). */
  publicSubnets?: string[];
  /** Give tasks a public IP (default false). */
  assignPublicIp?: boolean;
  origin?: Origin;
}

export interface LoadBalancerSettings {
  type?: 'application' | 'network' | 'none';
  scheme?: 'internet-facing' | 'internal';
  /** Certificate ARN for HTTPS listeners (else a template parameter). */
  certificateArn?: string;
  sslPolicy?: string;
  idleTimeoutSeconds?: number;
  /** Existing load balancer to attach to (`x-aws-loadbalancer`). */
  existingArn?: string;
  /** Listeners asked for explicitly (EB `aws:elbv2:listener:*`). */
  listeners: ListenerSpec[];
  origin?: Origin;
}

/** A listener the input asked for, before the ports pass resolves targets. */
export interface ListenerSpec {
  port: number;
  protocol: ListenerProtocol;
  enabled: boolean;
  certificateArn?: string;
  sslPolicy?: string;
  /** Service that receives traffic when no rule matches (EB `DefaultProcess`). */
  defaultService?: string;
  origin?: Origin;
}

export type ListenerProtocol = 'HTTP' | 'HTTPS' | 'TCP' | 'UDP' | 'TLS' | 'TCP_UDP';

/** One ECS service (with one task definition). */
export interface Service {
  name: string;
  origin?: Origin;
  /**
   * web: behind the load balancer; worker: no inbound traffic; backend: reached by other services;
   * job: no ECS service runs it: its task definition is registered and `Application.jobs` runs
   * it as a one-off task (a Compose service that others wait on to complete, such as a migration).
   */
  role: 'web' | 'worker' | 'backend' | 'job';
  task: Task;
  desiredCount: number;
  scaling?: Scaling;
  deployment?: Deployment;
  /** HTTP routing wishes for this service (EB process settings, `x-ecsify.route`). */
  routes: RouteSpec[];
  /** Names of other services this one calls (from `depends_on`, links, env URLs). */
  calls: string[];
  /**
   * `depends_on` entries naming another ECS service (or an excluded one), with their condition:
   * ECS cannot order services, so the dependencies pass reports what is lost. Within one task
   * dependencies are `Container.dependsOn` instead.
   */
  waitsFor?: ServiceDependency[];
  /** Service Connect / Cloud Map name other services use to reach this one. */
  discoveryName?: string;
  /** Further names callers use for this service (Compose network aliases, link aliases). */
  discoveryAliases?: string[];
  assignPublicIp?: boolean;
  enableExecuteCommand?: boolean;
  taskRole?: TaskRole;
  /** Run on Fargate Spot / spot capacity. */
  spot?: boolean;
  /** Capacity of the EC2 instance type that ran this service on Elastic Beanstalk (a sizing hint). */
  sizingHint?: SizingHint;
}

/**
 * The instance an EB environment ran on (`aws:ec2:instances` InstanceTypes or
 * `aws:autoscaling:launchconfiguration` InstanceType). On EB every instance ran one copy of every
 * service of the app, so this is the budget the services shared, not each one's own size.
 */
export interface SizingHint {
  instanceType: string;
  /** vCPUs × 1024. */
  cpu: number;
  /** Instance memory in MiB (before OS and agent overhead). */
  memory: number;
  origin?: Origin;
}

export interface Deployment {
  minimumHealthyPercent?: number;
  maximumPercent?: number;
  origin?: Origin;
}

/** HTTP routing request for one container port of a service. */
export interface RouteSpec {
  container: string;
  containerPort: number;
  /** Load-balancer listener port; absent = the published port or 80. */
  listenerPort?: number;
  protocol?: ListenerProtocol;
  hosts?: string[];
  paths?: string[];
  priority?: number;
  healthCheck?: TargetHealthCheck;
  deregistrationDelaySeconds?: number;
  stickiness?: { enabled: boolean; durationSeconds?: number };
  origin?: Origin;
}

export interface TaskRole {
  /** Existing role ARN (`x-aws-role` as ARN, EB instance profile). */
  arn?: string;
  /** Managed policy ARNs to attach (`x-aws-policies`). */
  managedPolicyArns: string[];
  /** Inline policy statements (`x-aws-role` as a document). */
  statements: unknown[];
  origin?: Origin;
}

export interface Scaling {
  min: number;
  max: number;
  targets: ScalingTarget[];
  schedule?: ScheduledAction[];
  origin?: Origin;
}

export interface ScalingTarget {
  metric: 'cpu' | 'memory' | 'requests';
  /** Percent for cpu/memory, requests per target per minute for requests. */
  value: number;
  origin?: Origin;
}

/** A scheduled capacity change (e.g. stop at 20:00, start at 08:00 on weekdays). */
export interface ScheduledAction {
  name: string;
  /** `cron(...)`, `rate(...)` or `at(...)` in Application Auto Scaling syntax. */
  schedule: string;
  timezone?: string;
  /** Capacity to set; `stop` actions set both to 0, `start` actions restore the service's own. */
  min?: number;
  max?: number;
  action: 'stop' | 'start' | 'set';
  /** First and last time the schedule applies (ISO 8601 UTC; EB scheduled action StartTime/EndTime). */
  startTime?: string;
  endTime?: string;
  origin?: Origin;
}

/** One ECS task definition. */
export interface Task {
  /** `<app>-<service>`, valid per the ECS family rule. */
  family: string;
  /** Task CPU units; filled by the sizing pass for Fargate. */
  cpu?: number;
  /** Task memory MiB; filled by the sizing pass for Fargate. */
  memory?: number;
  networkMode: 'awsvpc' | 'bridge' | 'host';
  runtimePlatform?: RuntimePlatform;
  containers: Container[];
  volumes: TaskVolume[];
  pidMode?: 'host' | 'task';
  ipcMode?: 'host' | 'task' | 'none';
  /** Ephemeral storage in GiB (Fargate 21–200). */
  ephemeralStorageGiB?: number;
}

export interface RuntimePlatform {
  cpuArchitecture?: 'X86_64' | 'ARM64';
  operatingSystemFamily?: string;
  /**
   * Windows asked for without a Windows Server version (Compose `platform: windows/amd64`): the
   * launch-type pass sets `operatingSystemFamily` from the image, or assumes one and the
   * platform/windows lint says so. Emitters ignore it.
   */
  windows?: true;
  origin?: Origin;
}

/** A task-level volume that containers mount. */
export interface TaskVolume {
  name: string;
  source:
    | { kind: 'shared'; volume: string } // an application Volume (EFS on Fargate)
    | { kind: 'ephemeral' } // task-scoped scratch space
    | { kind: 'host'; path: string }; // EC2 host path (bind mount)
  origin?: Origin;
}

/** A named volume shared by containers/services. */
export interface Volume {
  name: string;
  external: boolean;
  /** Name of the existing volume when `external` (Docker's ECS integration: an EFS file system id). */
  externalName?: string;
  driver?: string;
  /** Driver options as written (Docker's ECS integration: EFS settings such as `performance_mode`). */
  driverOptions?: Record<string, string>;
  origin?: Origin;
}

export interface Container {
  name: string;
  origin?: Origin;
  image: ImageSource;
  command?: string[];
  entryPoint?: string[];
  workingDirectory?: string;
  user?: string;
  environment: EnvVar[];
  ports: PortMapping[];
  healthCheck?: HealthCheck;
  /** CPU units. */
  cpu?: number;
  /** MiB. */
  memory?: { limit?: number; reservation?: number; origin?: Origin };
  essential: boolean;
  dependsOn: ContainerDependency[];
  mounts: Mount[];
  volumesFrom: { sourceContainer: string; readOnly: boolean }[];
  logging?: Logging;
  linux?: LinuxParameters;
  stopTimeoutSeconds?: number;
  readonlyRootFilesystem?: boolean;
  privileged?: boolean;
  hostname?: string;
  extraHosts: { hostname: string; ipAddress: string }[];
  dnsServers: string[];
  dnsSearchDomains: string[];
  dockerSecurityOptions: string[];
  ulimits: { name: string; softLimit: number; hardLimit: number }[];
  systemControls: { namespace: string; value: string }[];
  /** Docker links (bridge mode only). */
  links: string[];
  interactive?: boolean;
  pseudoTerminal?: boolean;
  labels: Record<string, string>;
  /** Private registry credentials (a secret holding username/password). */
  repositoryCredentials?: SecretRef;
  /** Secrets the app reads as files (Compose `secrets:`); ECS itself only injects env vars. */
  secretFiles?: SecretFile[];
  /**
   * Where the input set a field that a launch type may refuse (the key, e.g. `privileged:`), so
   * diagnostics point at it rather than at the whole service.
   */
  fieldOrigins?: Partial<Record<ContainerOriginField, Origin>>;
}

/** Container settings whose input location is kept in `Container.fieldOrigins`. */
export type ContainerOriginField =
  | 'privileged'
  | 'capabilities'
  | 'devices'
  | 'tmpfs'
  | 'sharedMemorySizeMiB'
  | 'systemControls'
  | 'extraHosts'
  | 'hostname'
  | 'stopTimeoutSeconds'
  | 'ulimits'
  | 'dnsServers'
  | 'dnsSearchDomains'
  | 'dockerSecurityOptions'
  | 'links'
  | 'pidMode'
  | 'ipcMode';

/** A secret a container reads from a file (Compose service `secrets:`). */
export interface SecretFile {
  /** `Secret.name` */
  secret: string;
  /** Absolute path in the container, e.g. `/run/secrets/db_password`. */
  path: string;
  uid?: string;
  gid?: string;
  /** File mode as a number (e.g. 0o440 = 288). */
  mode?: number;
  origin?: Origin;
}

/** Where a container's image comes from. */
export type ImageSource =
  | { kind: 'ref'; ref: string; origin?: Origin }
  | {
      /** Built from source: the image URI is a deployment parameter. */
      kind: 'build';
      context: string;
      dockerfile?: string;
      target?: string;
      args: Record<string, string>;
      origin?: Origin;
    }
  | {
      /** No image yet (Procfile apps): built for an EB platform, supplied as a parameter. */
      kind: 'platform';
      platform: string;
      origin?: Origin;
    };

/** An environment variable: a plain value, a secret reference, or a value to supply at deploy. */
export type EnvVar =
  | { name: string; value: string; origin?: Origin }
  | {
      name: string;
      secret: SecretRef;
      origin?: Origin;
      /**
       * Services of the input that the secret's value names as hosts (`db` in
       * `postgres://app:…@db:5432/app`), with the port written after them: never the value, only
       * names the input already shows as service names, so that the caller still reaches them.
       */
      hosts?: SecretHost[];
    }
  | {
      /** Value contains endpoints of excluded services: `${Param}` placeholders, see `parameters`. */
      name: string;
      template: string;
      parameters: string[];
      origin?: Origin;
    };

/** A service name a secret's value uses as a host, and the port written after it (see `EnvVar`). */
export interface SecretHost {
  host: string;
  port?: number;
}

/** A reference to a secret by name (never by value). */
export interface SecretRef {
  /** `Secret.name` */
  secret: string;
}

/** A secret the application needs; the value is supplied out of band. */
export interface Secret {
  /** Environment variable name (or a compose secret name). Unique. */
  name: string;
  /** Why this is a secret. */
  reason:
    | 'name'
    | 'value'
    | 'user'
    | 'compose-secret'
    | 'eb-environmentsecrets'
    | 'dynamic-reference'
    | 'registry-credentials'
    | 'dockerrun-secrets';
  /**
   * An existing secret to reference instead of creating one: an ARN, or a name. `store` says
   * which service holds a value given by name (ECS reads a bare name as an SSM parameter, so a
   * Secrets Manager name must become an ARN); absent, the app's secrets backend is assumed.
   */
  existing?: { arn: string; jsonKey?: string; store?: 'secretsmanager' | 'ssm' };
  /** Customer-managed KMS key the secret is encrypted with (the execution role gets `kms:Decrypt` on it). */
  kmsKeyArn?: string;
  /** Compose file-based secrets: the path the app reads (`/run/secrets/x`). */
  mountPath?: string;
  origin?: Origin;
}

export interface PortMapping {
  containerPort: number;
  protocol: 'tcp' | 'udp';
  /** Host/published port in the input (Compose `published`, EB `hostPort`). */
  published?: number;
  /** Published on all interfaces (false when bound to 127.0.0.1 etc.). */
  public: boolean;
  /** http | http2 | grpc (Service Connect / target group protocol version). */
  appProtocol?: 'http' | 'http2' | 'grpc';
  /** Port name (Service Connect); set by the ports pass. */
  name?: string;
  origin?: Origin;
}

export interface HealthCheck {
  /** `["CMD", ...]` or `["CMD-SHELL", "..."]`. */
  command: string[];
  intervalSeconds?: number;
  timeoutSeconds?: number;
  retries?: number;
  startPeriodSeconds?: number;
  origin?: Origin;
}

export interface TargetHealthCheck {
  path?: string;
  port?: number;
  protocol?: 'HTTP' | 'HTTPS' | 'TCP';
  intervalSeconds?: number;
  timeoutSeconds?: number;
  healthyThreshold?: number;
  unhealthyThreshold?: number;
  matcher?: string;
  /** Where these settings came from (for the report). */
  source?: 'eb' | 'compose-healthcheck' | 'x-ecsify' | 'default';
  origin?: Origin;
}

/** A start-order wish on another service (see `Service.waitsFor`). */
export interface ServiceDependency {
  /** Compose service name (another ECS service, a container packed into one, or an excluded service). */
  service: string;
  condition: 'START' | 'COMPLETE' | 'SUCCESS' | 'HEALTHY';
  origin?: Origin;
}

export interface ContainerDependency {
  container: string;
  condition: 'START' | 'COMPLETE' | 'SUCCESS' | 'HEALTHY';
  origin?: Origin;
}

export interface Mount {
  /** `TaskVolume.name` */
  volume: string;
  containerPath: string;
  readOnly: boolean;
  origin?: Origin;
}

export interface Logging {
  driver: string;
  options: Record<string, string>;
  origin?: Origin;
}

export interface LinuxParameters {
  initProcessEnabled?: boolean;
  capabilities?: { add: string[]; drop: string[] };
  sharedMemorySizeMiB?: number;
  tmpfs: { containerPath: string; sizeMiB: number; mountOptions: string[] }[];
  devices: { hostPath: string; containerPath?: string; permissions: string[] }[];
  maxSwapMiB?: number;
  swappiness?: number;
  origin?: Origin;
}

/** Load balancing resolved by the ports pass. */
export interface Ingress {
  loadBalancers: LoadBalancer[];
  targets: Target[];
}

export interface LoadBalancer {
  /** Short id, e.g. `alb`, `nlb`. */
  id: string;
  type: 'application' | 'network';
  scheme: 'internet-facing' | 'internal';
  idleTimeoutSeconds?: number;
  listeners: Listener[];
}

export interface Listener {
  port: number;
  protocol: ListenerProtocol;
  /** HTTPS/TLS: an ARN, or absent = a template parameter. */
  certificateArn?: string;
  sslPolicy?: string;
  defaultAction: ListenerAction;
  rules: ListenerRule[];
  origin?: Origin;
}

export type ListenerAction =
  | { kind: 'forward'; target: string }
  | { kind: 'redirect'; protocol: 'HTTPS'; port: number }
  | { kind: 'fixed-response'; statusCode: number; body?: string };

export interface ListenerRule {
  priority: number;
  hosts: string[];
  paths: string[];
  action: ListenerAction;
  origin?: Origin;
}

/** A target group: one container port of one service. */
export interface Target {
  /** Stable id, e.g. `web-3000`. */
  id: string;
  service: string;
  container: string;
  containerPort: number;
  protocol: 'HTTP' | 'HTTPS' | 'TCP' | 'UDP' | 'TCP_UDP' | 'TLS';
  protocolVersion?: 'HTTP1' | 'HTTP2' | 'GRPC';
  healthCheck: TargetHealthCheck;
  deregistrationDelaySeconds?: number;
  stickiness?: { enabled: boolean; durationSeconds?: number };
  /** Seconds ECS ignores failing health checks after a task starts. */
  healthCheckGracePeriodSeconds?: number;
  origin?: Origin;
}

/** A one-off task to run before deploys (e.g. `rails db:migrate`). */
export interface Job {
  name: string;
  /** Service whose task definition (image, env) the job reuses. */
  service: string;
  container: string;
  /** Command the container runs instead of its own; absent: its own (a service of role `job`). */
  command?: string[];
  /** Run before every deploy (EB `leader_only`). */
  beforeDeploy: boolean;
  origin?: Origin;
}

/** A service left out of the deployment; callers get its endpoint as a parameter. */
export interface ExcludedService {
  name: string;
  image?: string;
  /** Template parameter holding its endpoint (host name). */
  parameter: string;
  /** Managed AWS alternative, e.g. `Amazon RDS for PostgreSQL`. */
  alternative?: string;
  origin?: Origin;
}
