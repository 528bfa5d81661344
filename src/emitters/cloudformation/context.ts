/**
 * What every part of the CloudFormation emitter shares: the application, the stack under
 * construction and the logical-id naming of every IR thing.
 */
import type { Application, ImageSource, Service, Volume } from '../../ir/types.js';
import { baseNames } from './logical-ids.js';
import type { Stack } from './stack.js';

/** Logical-id bases per kind of IR name, plus memoised claims so an id is the same every time. */
export class Names {
  private readonly services: Map<string, string>;
  private readonly loadBalancers: Map<string, string>;
  private readonly targets: Map<string, string>;
  private readonly volumes: Map<string, string>;
  private readonly secrets: Map<string, string>;
  private readonly memo = new Map<string, string>();
  /** `forService` ids by suffix and service name (saves building and hashing the memo key). */
  private readonly serviceIds = new Map<string, Map<string, string>>();

  constructor(
    private readonly stack: Stack,
    app: Application,
  ) {
    this.services = baseNames(
      app.services.map((s) => s.name),
      'Service',
    );
    this.loadBalancers = baseNames(
      app.ingress.loadBalancers.map((l) => l.id),
      'Lb',
    );
    this.targets = baseNames(
      app.ingress.targets.map((t) => t.id),
      'Target',
    );
    this.volumes = baseNames(
      app.volumes.map((v) => v.name),
      'Volume',
    );
    this.secrets = baseNames(
      app.secrets.map((s) => s.name),
      'Secret',
    );
  }

  /** The logical id for `key`, claiming `wanted` (or a suffixed variant) the first time. */
  id(key: string, wanted: string): string {
    let id = this.memo.get(key);
    if (id === undefined) {
      id = this.stack.ids.claim(wanted, key);
      this.memo.set(key, id);
    }
    return id;
  }

  service(name: string): string {
    return this.lookup(this.services, name, 'service');
  }
  loadBalancer(id: string): string {
    return this.lookup(this.loadBalancers, id, 'load balancer');
  }
  target(id: string): string {
    return this.lookup(this.targets, id, 'target');
  }
  volume(name: string): string {
    return this.lookup(this.volumes, name, 'volume');
  }
  secret(name: string): string {
    return this.lookup(this.secrets, name, 'secret');
  }

  /** `<Service><Suffix>` for a service, e.g. `WebService`, `WebTaskDefinition`. */
  forService(service: Service | string, suffix: string): string {
    const name = typeof service === 'string' ? service : service.name;
    let bySuffix = this.serviceIds.get(suffix);
    if (!bySuffix) {
      bySuffix = new Map();
      this.serviceIds.set(suffix, bySuffix);
    }
    let id = bySuffix.get(name);
    if (id === undefined) {
      id = this.id(`service:${name}:${suffix}`, this.service(name) + suffix);
      bySuffix.set(name, id);
    }
    return id;
  }

  private lookup(map: Map<string, string>, name: string, kind: string): string {
    const b = map.get(name);
    if (b === undefined) throw new Error(`internal: no ${kind} named ${name}`);
    return b;
  }
}

/** What the build had to decide or leave out; check.ts turns these into diagnostics. */
export interface BuildFacts {
  /** Desired counts are numbers because parameters would pass the limit. */
  fixedDesiredCounts: boolean;
  /** Service-name outputs were left out because outputs would pass the limit. */
  serviceOutputsSkipped: boolean;
  /** Own release images left as fixed references (not parameters), to stay within 200 parameters. */
  fixedReleaseImages: number;
  /**
   * The services' image parameters (sorted), for each the one-off tasks' (`…JobImage`) when they
   * have one, and the image behind each (in declaration order: built images first).
   */
  imageParameters: { services: string[]; forJobs: Record<string, string>; images: { parameter: string; image: ImageSource; users: string[] }[] };
  /** The output that runs each job, in run order, and the container whose exit code tells how it went. */
  jobOutputs: { name: string; output: string; container: string; beforeDeploy: boolean }[];
  /** The output holding the cluster's name. */
  clusterOutput: string;
  /** The outputs with the address of each internet-facing load balancer (`…Url` or `…DnsName`). */
  publicAddressOutputs: string[];
  /** The output with the worker queue's URL, when the stack has one. */
  workerQueueOutput?: string;
  /** The Secrets Manager secret the stack creates (logical id), and the keys it holds. */
  appSecret?: { id: string; keys: string[] };
  /** The SSM SecureString parameters to create before the stack (`--secrets-backend ssm`): prefix and names. */
  ssmParameters?: { prefix: string; keys: string[] };
  /** Retention asked for and used, when they differ. */
  retentionRounded?: { requested: number; used: number };
  /** Services whose request-count scaling was left out. */
  requestsScalingSkipped: Service[];
  /** Existing EFS volumes and the services that mount them. */
  existingFileSystems: { volume: Volume; services: Service[] }[];
  /** Services with an existing task role and the permissions it must have. */
  existingRoleNeeds: { service: Service; actions: string[] }[];
  /** Bridge/host-mode services called by awsvpc services (no security group rule possible). */
  mixedNetworkModes: { service: Service; caller: Service }[];
  /** An existing load balancer was named but not used. */
  existingLoadBalancerIgnored: boolean;
}

export function newFacts(): BuildFacts {
  return {
    fixedDesiredCounts: false,
    serviceOutputsSkipped: false,
    fixedReleaseImages: 0,
    imageParameters: { services: [], forJobs: {}, images: [] },
    jobOutputs: [],
    clusterOutput: '',
    publicAddressOutputs: [],
    requestsScalingSkipped: [],
    existingFileSystems: [],
    existingRoleNeeds: [],
    mixedNetworkModes: [],
    existingLoadBalancerIgnored: false,
  };
}

export interface Ctx {
  app: Application;
  stack: Stack;
  names: Names;
  facts: BuildFacts;
}

/** Logical ids and parameter names that never depend on the input. */
export const FIXED = {
  vpc: 'VpcId',
  privateSubnets: 'PrivateSubnetIds',
  publicSubnets: 'PublicSubnetIds',
  internalCidr: 'InternalClientCidr',
  certificate: 'CertificateArn',
  running: 'Running',
  isRunning: 'IsRunning',
  hasCertificate: 'HasCertificate',
  cluster: 'Cluster',
  logGroup: 'LogGroup',
  executionRole: 'TaskExecutionRole',
  appSecret: 'AppSecrets',
  namespace: 'ServiceConnectNamespace',
} as const;

/** Resource types that take a standard `Tags` list. */
export const TAGGABLE = new Set([
  'AWS::ECS::Cluster',
  'AWS::ECS::Service',
  'AWS::ECS::TaskDefinition',
  'AWS::ECS::CapacityProvider',
  'AWS::Logs::LogGroup',
  'AWS::IAM::Role',
  'AWS::EC2::SecurityGroup',
  'AWS::ElasticLoadBalancingV2::LoadBalancer',
  'AWS::ElasticLoadBalancingV2::TargetGroup',
  'AWS::SecretsManager::Secret',
  'AWS::ServiceDiscovery::HttpNamespace',
]);

/** Service names as ECS accepts them (`[A-Za-z0-9_-]`, 1–255). */
export function ecsServiceName(name: string): string {
  const raw = name.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '');
  return (raw || 'service').slice(0, 255);
}

/**
 * Text for descriptions CloudFormation restricts to a character set (security group
 * descriptions: letters, digits, spaces and `._-:/()#,@[]+=&;{}!$*`), at most 255 characters.
 */
export function groupDescription(text: string): string {
  return text.replace(/[^A-Za-z0-9 ._\-:/()#,@[\]+=&;{}!$*]/g, '-').slice(0, 255);
}
