/**
 * EB option settings (namespace → option → value) → the IR: environment properties and secrets,
 * process health checks and target-group settings (routes), listeners and rules, scaling,
 * instance sizing hints, network, log retention, deployment policy, worker tier. Namespaces with
 * no ECS meaning are reported with what replaces them. Defaults and ranges are EB's
 * (elastic-beanstalk.md §4.4), written explicitly where EB's defaults differ from ELB's.
 */
import type {
  Application,
  Deployment,
  EnvVar,
  ListenerProtocol,
  ListenerSpec,
  LoadBalancerSettings,
  Origin,
  RouteSpec,
  ScalingTarget,
  ScheduledAction,
  Service,
  TargetHealthCheck,
  WorkerQueue,
} from '../../ir/types.js';
import { addSecret, classifyEnvVar } from '../../secrets/env-var.js';
import { closest } from '../../util/closest.js';
import { andList } from '../../util/and-list.js';
import { commaList, plural, type EbContext } from './common.js';
import type { AppDraft, PortTarget } from './draft.js';
import { instanceShape } from './instance-types.js';
import { ENV_NAMESPACE, resolveOption, SECRETS_NAMESPACE, type OptionStore, type OptionValue } from './option-store.js';
import { serviceHosts } from '../../util/host-uses.js';

/** Namespaces EB documents, with their options where ecsify checks option names. */
const NAMESPACES: Record<string, readonly string[] | '*'> = {
  'aws:autoscaling:asg': ['Availability Zones', 'Cooldown', 'Custom Availability Zones', 'EnableCapacityRebalancing', 'MinSize', 'MaxSize'],
  'aws:autoscaling:launchconfiguration': [
    'DisableIMDSv1',
    'EC2KeyName',
    'IamInstanceProfile',
    'ImageId',
    'InstanceType',
    'LaunchTemplateTagPropagationEnabled',
    'MonitoringInterval',
    'SecurityGroups',
    'SSHSourceRestriction',
    'BlockDeviceMappings',
    'RootVolumeType',
    'RootVolumeSize',
    'RootVolumeIOPS',
    'RootVolumeThroughput',
    'DisableDefaultEC2SecurityGroup',
  ],
  'aws:autoscaling:scheduledaction': ['StartTime', 'EndTime', 'MaxSize', 'MinSize', 'DesiredCapacity', 'Recurrence', 'Suspend'],
  'aws:autoscaling:trigger': [
    'BreachDuration',
    'LowerBreachScaleIncrement',
    'LowerThreshold',
    'MeasureName',
    'EvaluationPeriods',
    'Period',
    'Statistic',
    'Unit',
    'UpperBreachScaleIncrement',
    'UpperThreshold',
  ],
  'aws:autoscaling:updatepolicy:rollingupdate': '*',
  'aws:ec2:instances': ['EnableSpot', 'InstanceTypes', 'SpotFleetOnDemandBase', 'SpotFleetOnDemandAboveBasePercentage', 'SpotMaxPrice', 'SupportedArchitectures'],
  'aws:ec2:vpc': ['VPCId', 'Subnets', 'ELBSubnets', 'ELBScheme', 'DBSubnets', 'AssociatePublicIpAddress'],
  'aws:elasticbeanstalk:application': ['Application Healthcheck URL'],
  [ENV_NAMESPACE]: '*',
  [SECRETS_NAMESPACE]: '*',
  'aws:elasticbeanstalk:cloudwatch:logs': ['StreamLogs', 'DeleteOnTerminate', 'RetentionInDays'],
  'aws:elasticbeanstalk:cloudwatch:logs:health': ['HealthStreamingEnabled', 'DeleteOnTerminate', 'RetentionInDays'],
  'aws:elasticbeanstalk:command': ['DeploymentPolicy', 'Timeout', 'BatchSizeType', 'BatchSize', 'IgnoreHealthCheck', 'HealthCheckSuccessThreshold'],
  'aws:elasticbeanstalk:environment': ['EnvironmentType', 'ServiceRole', 'LoadBalancerType', 'LoadBalancerIsShared'],
  'aws:elasticbeanstalk:environment:proxy': ['ProxyServer'],
  'aws:elasticbeanstalk:environment:proxy:staticfiles': '*',
  'aws:elasticbeanstalk:healthreporting:system': '*',
  'aws:elasticbeanstalk:hostmanager': '*',
  'aws:elasticbeanstalk:managedactions': '*',
  'aws:elasticbeanstalk:managedactions:platformupdate': '*',
  'aws:elasticbeanstalk:monitoring': '*',
  'aws:elasticbeanstalk:sns:topics': '*',
  'aws:elasticbeanstalk:sqsd': [
    'WorkerQueueURL',
    'HttpPath',
    'MimeType',
    'HttpConnections',
    'ConnectTimeout',
    'InactivityTimeout',
    'VisibilityTimeout',
    'ErrorVisibilityTimeout',
    'RetentionPeriod',
    'MaxRetries',
  ],
  'aws:elasticbeanstalk:trafficsplitting': '*',
  'aws:elasticbeanstalk:xray': '*',
  'aws:elasticbeanstalk:customoption': '*',
  'aws:elb:healthcheck': ['HealthyThreshold', 'Interval', 'Timeout', 'UnhealthyThreshold', 'Target'],
  'aws:elb:loadbalancer': ['CrossZone', 'SecurityGroups', 'ManagedSecurityGroup', 'LoadBalancerHTTPPort', 'LoadBalancerHTTPSPort', 'SSLCertificateId', 'LoadBalancerPortProtocol', 'LoadBalancerSSLPortProtocol'],
  'aws:elb:policies': '*',
  'aws:elbv2:loadbalancer': '*',
  'aws:rds:dbinstance': '*',
  'aws:cloudformation:template:parameter': '*',
};
const PROCESS_OPTIONS = [
  'DeregistrationDelay',
  'HealthCheckInterval',
  'HealthCheckPath',
  'HealthCheckTimeout',
  'HealthyThresholdCount',
  'MatcherHTTPCode',
  'Port',
  'Protocol',
  'StickinessEnabled',
  'StickinessLBCookieDuration',
  'StickinessType',
  'UnhealthyThresholdCount',
];
const LISTENER_OPTIONS = ['DefaultProcess', 'ListenerEnabled', 'Protocol', 'Rules', 'SSLCertificateArns', 'SSLPolicy'];
const RULE_OPTIONS = ['HostHeaders', 'PathPatterns', 'Priority', 'Process'];
const ELB_LISTENER_OPTIONS = ['InstancePort', 'InstanceProtocol', 'ListenerEnabled', 'ListenerProtocol', 'PolicyNames', 'SSLCertificateId'];

const PATTERNS: [RegExp, readonly string[] | '*'][] = [
  [/^aws:elasticbeanstalk:environment:process:[^:]+$/, PROCESS_OPTIONS],
  [/^aws:elbv2:listener:(default|\d+)$/, LISTENER_OPTIONS],
  [/^aws:elbv2:listenerrule:[^:]+$/, RULE_OPTIONS],
  [/^aws:elb:listener(:\d+)?$/, ELB_LISTENER_OPTIONS],
  [/^aws:elb:policies:[^:]+$/, '*'],
  [/^aws:elasticbeanstalk:container:[a-z0-9:]+$/, '*'],
];

/** Why an option has no ECS counterpart, by namespace (and option). */
const IGNORED: Record<string, string> = {
  'aws:autoscaling:updatepolicy:rollingupdate': 'ECS replaces tasks, not instances; the service deployment settings take its place.',
  'aws:elasticbeanstalk:healthreporting:system': 'ECS has no EB health agent; use container health checks and Container Insights.',
  'aws:elasticbeanstalk:hostmanager': 'Logs go to CloudWatch Logs through awslogs; there is no EB host manager.',
  'aws:elasticbeanstalk:managedactions': 'Fargate patches its hosts; EC2 capacity needs AMI updates through its Auto Scaling group.',
  'aws:elasticbeanstalk:managedactions:platformupdate': 'Fargate patches its hosts; on ECS you update the image yourself.',
  'aws:elasticbeanstalk:monitoring': 'Use CloudWatch alarms on the ECS service metrics.',
  'aws:elasticbeanstalk:sns:topics': 'ECS sends no EB notifications; use EventBridge rules on ECS events to notify an SNS topic.',
  'aws:elasticbeanstalk:cloudwatch:logs:health': 'There is no EB health stream on ECS.',
  'aws:elasticbeanstalk:environment:proxy': 'There is no EB proxy on ECS: the load balancer forwards straight to the container port.',
  'aws:elb:loadbalancer': 'ecsify creates an Application Load Balancer with its own security group.',
  'aws:elbv2:loadbalancer': 'ecsify creates the load balancer and its security group.',
  'aws:cloudformation:template:parameter': 'This legacy namespace configured Amazon Linux AMI platforms.',
  'aws:elasticbeanstalk:customoption': '',
};
const SQSD_SETTING = "It set how EB's sqsd daemon called the app; ECS has no sqsd, so it applies to the poller that takes its place (the app's own loop or a sidecar).";

const IGNORED_OPTIONS: Record<string, string> = {
  'aws:autoscaling:launchconfiguration EC2KeyName': 'Containers have no SSH; use ECS Exec (aws ecs execute-command) to get a shell.',
  'aws:autoscaling:launchconfiguration ImageId': 'Fargate needs no AMI; EC2 capacity uses the ECS-optimized AMI.',
  'aws:autoscaling:launchconfiguration SecurityGroups': 'ECS tasks get their own security group; add the rules these groups allowed to it.',
  'aws:autoscaling:launchconfiguration MonitoringInterval': 'Use Container Insights for per-task metrics.',
  'aws:autoscaling:launchconfiguration SSHSourceRestriction': 'Containers have no SSH.',
  'aws:autoscaling:launchconfiguration DisableIMDSv1': 'Tasks get credentials from the task role, not instance metadata.',
  'aws:autoscaling:launchconfiguration RootVolumeType': 'Tasks have ephemeral storage (Fargate: 20–200 GiB) instead of a root volume.',
  'aws:autoscaling:launchconfiguration RootVolumeSize': 'Tasks have ephemeral storage (Fargate: 20–200 GiB) instead of a root volume.',
  'aws:autoscaling:launchconfiguration RootVolumeIOPS': 'Tasks have ephemeral storage instead of a root volume.',
  'aws:autoscaling:launchconfiguration RootVolumeThroughput': 'Tasks have ephemeral storage instead of a root volume.',
  'aws:autoscaling:launchconfiguration BlockDeviceMappings': 'Use EFS volumes or task ephemeral storage.',
  'aws:autoscaling:launchconfiguration LaunchTemplateTagPropagationEnabled': 'There are no instances to tag on Fargate.',
  'aws:autoscaling:launchconfiguration DisableDefaultEC2SecurityGroup': 'ECS tasks get their own security group.',
  'aws:autoscaling:asg Availability Zones': 'ECS spreads tasks over the subnets you give the service.',
  'aws:autoscaling:asg Custom Availability Zones': 'ECS spreads tasks over the subnets you give the service.',
  'aws:autoscaling:asg Cooldown': 'Target tracking manages its own cooldowns.',
  'aws:autoscaling:asg EnableCapacityRebalancing': 'Fargate Spot interruptions are handled by the service scheduler.',
  'aws:ec2:instances SpotFleetOnDemandBase': 'Set the FARGATE/FARGATE_SPOT capacity provider base in the generated service.',
  'aws:ec2:instances SpotFleetOnDemandAboveBasePercentage': 'Set the FARGATE/FARGATE_SPOT weights in the generated service.',
  'aws:ec2:instances SpotMaxPrice': 'Fargate Spot has no bid price.',
  'aws:ec2:vpc DBSubnets': 'The database is not part of the ECS stack.',
  'aws:elasticbeanstalk:environment ServiceRole': 'ECS uses its service-linked role; no EB service role is needed.',
  'aws:elasticbeanstalk:cloudwatch:logs StreamLogs': 'ECS always sends container output to CloudWatch Logs (awslogs).',
  'aws:elasticbeanstalk:cloudwatch:logs DeleteOnTerminate': 'The log group belongs to the stack; set its DeletionPolicy if it must outlive it.',
  'aws:elasticbeanstalk:command Timeout': 'ECS deployments wait for health checks; the circuit breaker rolls back failures.',
  'aws:elasticbeanstalk:command IgnoreHealthCheck': 'ECS deployments always wait for healthy tasks.',
  'aws:elasticbeanstalk:command HealthCheckSuccessThreshold': 'ECS deployments wait for tasks to pass their health checks.',
  // How EB's sqsd daemon called the app; ECS has no sqsd (see eb/worker-tier).
  'aws:elasticbeanstalk:sqsd MimeType': SQSD_SETTING,
  'aws:elasticbeanstalk:sqsd HttpConnections': SQSD_SETTING,
  'aws:elasticbeanstalk:sqsd ConnectTimeout': SQSD_SETTING,
  'aws:elasticbeanstalk:sqsd InactivityTimeout': SQSD_SETTING,
  'aws:elasticbeanstalk:sqsd ErrorVisibilityTimeout': SQSD_SETTING,
};

const RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];
const WORKER_ROLES: Service['role'][] = ['web', 'worker'];

export interface ApplyInput {
  store: OptionStore;
  draft: AppDraft;
  app: Application;
  worker: boolean;
  /** Worker tier decided from a manifest (origin for messages). */
  tierOrigin?: Origin;
}

interface Resolver {
  text(ns: string, opt: string, res?: string): string | undefined;
  int(ns: string, opt: string, min: number, max: number, res?: string): number | undefined;
  /** A whole number of any size (the passes check its range), or undefined (reported when not a number). */
  wholeNumber(ns: string, opt: string, res?: string): number | undefined;
  bool(ns: string, opt: string, res?: string): boolean | undefined;
  at(ns: string, opt: string, res?: string): Origin | undefined;
}

function makeResolver(ctx: EbContext, store: OptionStore): Resolver {
  const reported = new Set<OptionValue>();
  const r: Resolver = {
    text(ns, opt, res) {
      const v = store.get(ns, opt, res);
      if (!v) return undefined;
      const value = resolveOption(store, v);
      if (!value.ok) {
        if (!reported.has(v)) {
          reported.add(v);
          ctx.reporter.report('eb/intrinsic-value', `Option ${opt} (${ns}) is computed by CloudFormation (${value.unresolved}).`, {
            origin: v.origin,
            hint: 'ecsify cannot know its value offline and ignores it; set the value in the generated output.',
          });
        }
        return undefined;
      }
      return value.value.trim();
    },
    int(ns, opt, min, max, res) {
      const t = r.text(ns, opt, res);
      if (t === undefined || t === '') return undefined;
      const n = Number(t);
      if (!/^[+-]?\d+$/.test(t) || n < min || n > max) {
        ctx.reporter.report('eb/option-value', `Option ${opt} (${ns}) is \`${t}\`, not a whole number from ${min} to ${max}.`, {
          origin: r.at(ns, opt, res),
          hint: "EB rejects the value; ecsify keeps EB's default.",
        });
        return undefined;
      }
      return n;
    },
    wholeNumber(ns, opt, res) {
      const t = r.text(ns, opt, res);
      if (t === undefined || t === '') return undefined;
      if (/^[+-]?\d+$/.test(t)) return Number(t);
      ctx.reporter.report('eb/option-value', `Option ${opt} (${ns}) is \`${t}\`, not a whole number.`, {
        origin: r.at(ns, opt, res),
        hint: "EB rejects the value; ecsify keeps EB's default.",
      });
      return undefined;
    },
    bool(ns, opt, res) {
      const t = r.text(ns, opt, res);
      if (t === undefined || t === '') return undefined;
      if (/^true$/i.test(t)) return true;
      if (/^false$/i.test(t)) return false;
      ctx.reporter.report('eb/option-value', `Option ${opt} (${ns}) is \`${t}\`, not true or false.`, {
        origin: r.at(ns, opt, res),
        hint: "ecsify keeps EB's default.",
      });
      return undefined;
    },
    at(ns, opt, res) {
      return store.get(ns, opt, res)?.origin;
    },
  };
  return r;
}

/** Checks namespaces and option names against EB's documented ones. */
function checkNames(ctx: EbContext, store: OptionStore): void {
  const known = Object.keys(NAMESPACES);
  const reportedNs = new Set<string>();
  for (const v of store.all) {
    let options: readonly string[] | '*' | undefined = NAMESPACES[v.namespace];
    if (!options) for (const [re, opts] of PATTERNS) if (re.test(v.namespace)) options = opts;
    if (!options) {
      if (reportedNs.has(v.namespace)) continue;
      reportedNs.add(v.namespace);
      const last = v.namespace.split(':').pop() ?? '';
      const sameEnd = known.filter((k) => k.endsWith(`:${last}`));
      const near = closest(v.namespace, known) ?? (sameEnd.length === 1 ? sameEnd[0] : undefined);
      ctx.reporter.report('eb/option-unknown', `Namespace \`${v.namespace}\` is not one EB documents.`, {
        origin: v.origin,
        hint: near ? `Did you mean \`${near}\`? ecsify ignores settings in this namespace.` : 'ecsify ignores settings in this namespace.',
      });
      continue;
    }
    if (options !== '*' && !options.includes(v.option)) {
      const near = closest(v.option, options);
      ctx.reporter.report('eb/option-unknown', `Option \`${v.option}\` is not an option of ${v.namespace}.`, {
        origin: v.origin,
        hint: near ? `Did you mean \`${near}\`? EB rejects the unknown name; ecsify ignores it.` : `Options of ${v.namespace}: ${options.join(', ')}.`,
      });
    }
    if (v.nonString === 'list') {
      ctx.reporter.report('eb/coerced-value', `Option ${v.option} (${v.namespace}) is written as a list.`, {
        origin: v.origin,
        hint: 'EB option values are strings; ecsify joins the items with commas.',
      });
    }
  }
}

/** Everything the option settings say, applied to the app built from the bundle. */
export function applyOptionSettings(ctx: EbContext, input: ApplyInput): { envVars: EnvVar[] } {
  const { store, draft, app } = input;
  const r = makeResolver(ctx, store);
  checkNames(ctx, store);
  // Environment properties go to every container: a secret one that names a service as a host
  // (`DATABASE_URL=postgres://…@db:5432/…` with a `db` container) keeps that name (EnvVar.hosts).
  ctx.secrets.hosts = serviceHosts(draft.services);
  const envVars = applyEnvironment(ctx, store, draft);
  const scalable = draft.services.filter((s) => WORKER_ROLES.includes(s.role));

  // Environment type and load balancer.
  const envType = r.text('aws:elasticbeanstalk:environment', 'EnvironmentType');
  const singleInstance = /^SingleInstance$/i.test(envType ?? '');
  const lbTypeText = r.text('aws:elasticbeanstalk:environment', 'LoadBalancerType')?.toLowerCase();
  let lbType: 'application' | 'network' | 'classic' = 'application';
  if (lbTypeText === 'network') lbType = 'network';
  else if (lbTypeText === 'classic') lbType = 'classic';
  else if (lbTypeText && lbTypeText !== 'application') {
    ctx.reporter.report('eb/option-value', `LoadBalancerType \`${lbTypeText}\` is not application, network or classic.`, {
      origin: r.at('aws:elasticbeanstalk:environment', 'LoadBalancerType'),
      hint: 'ecsify uses an Application Load Balancer.',
    });
  }
  const usesClassicOptions = store.namespaces().some((n) => n.startsWith('aws:elb:'));
  if (lbType === 'classic' || (usesClassicOptions && !lbTypeText)) {
    const origin = r.at('aws:elasticbeanstalk:environment', 'LoadBalancerType') ?? store.all.find((v) => v.namespace.startsWith('aws:elb:'))?.origin;
    ctx.reporter.report('eb/listener', 'The environment uses a Classic Load Balancer; ecsify maps its settings onto an Application Load Balancer.', {
      origin,
      hint: 'Classic Load Balancers cannot target Fargate tasks; check the listeners and health check in the output.',
    });
    lbType = 'application';
  }
  const lb: LoadBalancerSettings = { listeners: [] };
  if (input.worker || singleInstance) lb.type = 'none';
  else lb.type = lbType;
  const shared = r.bool('aws:elasticbeanstalk:environment', 'LoadBalancerIsShared');
  const sharedArn = r.text('aws:elbv2:loadbalancer', 'SharedLoadBalancer');
  if (shared && sharedArn) lb.existingArn = sharedArn;
  const idle = r.int('aws:elbv2:loadbalancer', 'IdleTimeout', 1, 3600);
  if (idle !== undefined) lb.idleTimeoutSeconds = idle;
  if (singleInstance) {
    ctx.reporter.report('eb/listener', 'The environment is a single instance without a load balancer.', {
      origin: r.at('aws:elasticbeanstalk:environment', 'EnvironmentType'),
      hint: 'ecsify runs one task with a public IP and no load balancer; remove EnvironmentType to get a load balancer in front of the service.',
    });
    for (const s of scalable) s.assignPublicIp = true;
  }

  // Network.
  applyNetwork(ctx, r, app, lb);

  // Processes → routes, listeners → listener specs.
  if (lb.type !== 'none') {
    const processes = applyProcesses(ctx, r, store, draft, lb.type === 'network');
    applyListeners(ctx, r, store, draft, lb, processes);
  }
  if (lb.type !== 'none' || input.worker || singleInstance) app.settings.loadBalancer = lb;
  const webTarget = draft.web;
  if (webTarget && !input.worker) {
    const c = draft.services.find((s) => s.name === webTarget.service)?.task.containers.find((x) => x.name === webTarget.container);
    const pm = c?.ports.find((p) => p.containerPort === webTarget.containerPort);
    if (pm) pm.public = true;
  }

  applyScaling(ctx, r, store, scalable, singleInstance);
  applyInstances(ctx, r, draft.services);
  applyLogs(ctx, r, app);
  applyDeployment(ctx, r, scalable);
  applyWorkerTier(ctx, r, store, input);
  applyIgnored(ctx, store);
  return { envVars };
}

function isDynamicReference(v: string): { service: string; id: string; jsonKey?: string } | undefined {
  const m = /^\{\{resolve:(secretsmanager|ssm-secure|ssm):([^}]+)\}\}$/.exec(v.trim());
  if (!m) return undefined;
  const service = m[1] as string;
  const rest = m[2] as string;
  if (service === 'secretsmanager') {
    // secret-id[:SecretString:json-key:version-stage:version-id]; an ARN has colons of its own.
    const arn = /^(arn:[^:]+:secretsmanager:[^:]*:[^:]*:secret:[^:]+)(?::(.*))?$/.exec(rest);
    const id = arn ? (arn[1] as string) : (rest.split(':')[0] as string);
    const tail = arn ? (arn[2] ?? '') : rest.split(':').slice(1).join(':');
    const parts = tail.split(':');
    const jsonKey = parts[0] === 'SecretString' && parts[1] ? parts[1] : undefined;
    return jsonKey ? { service, id, jsonKey } : { service, id };
  }
  // ssm / ssm-secure: parameter-name[:version]
  const id = rest.replace(/:\d+$/, '');
  return { service, id };
}

/** `arn:...:secret:name-AbCdEf[:jsonKey]` → ARN and JSON key (EB environment secrets). */
function splitSecretArn(v: string): { arn: string; jsonKey?: string } {
  const m = /^(arn:[^:]+:secretsmanager:[^:]*:[^:]*:secret:[^:]+):([^:]+)$/.exec(v.trim());
  return m ? { arn: m[1] as string, jsonKey: m[2] as string } : { arn: v.trim() };
}

const PROPERTY_NAME = /^[A-Za-z0-9_.:/+\-@]{1,128}$/;

/** Environment properties and environment secrets → container environment (all platforms but Compose). */
function applyEnvironment(ctx: EbContext, store: OptionStore, draft: AppDraft): EnvVar[] {
  const vars: EnvVar[] = [];
  let totalBytes = 0;
  let firstOrigin: Origin | undefined;
  for (const v of store.namespace(ENV_NAMESPACE)) {
    const value = resolveOption(store, v);
    firstOrigin ??= v.origin;
    if (!value.ok) {
      ctx.reporter.report('eb/intrinsic-value', `Environment property ${v.option} is computed by CloudFormation (${value.unresolved}).`, {
        origin: v.origin,
        hint: 'ecsify cannot know its value offline and leaves the variable out; add it to the generated task definitions by hand.',
      });
      continue;
    }
    if (!PROPERTY_NAME.test(v.option)) {
      ctx.reporter.report('eb/environment-property-limit', `Environment property name \`${v.option}\` is longer than 128 characters or uses characters EB does not allow.`, {
        origin: v.origin,
        hint: 'EB allows letters, digits and _ . : / + - @ in names; portable names are [A-Z_][A-Z0-9_]*.',
      });
    }
    totalBytes += Buffer.byteLength(`${v.option}=${value.value}`);
    const ref = isDynamicReference(value.value);
    if (ref) {
      addSecret(ctx.secrets, { name: v.option, reason: 'dynamic-reference', existing: { arn: ref.id, ...(ref.jsonKey ? { jsonKey: ref.jsonKey } : {}), store: ref.service === 'secretsmanager' ? 'secretsmanager' : 'ssm' }, origin: v.origin });
      vars.push({ name: v.option, secret: { secret: v.option }, origin: v.origin });
      ctx.reporter.report('eb/secret-reference', `Environment property ${v.option} reads ${ref.id} from ${ref.service === 'secretsmanager' ? 'Secrets Manager' : 'SSM Parameter Store'} (a dynamic reference).`, {
        origin: v.origin,
        hint: 'ecsify turns it into an ECS secret reference to the same store, resolved when the task starts.',
      });
      continue;
    }
    if (value.value.length > 256) {
      ctx.reporter.report('eb/environment-property-limit', `Environment property ${v.option} has a value longer than 256 characters.`, {
        origin: v.origin,
        hint: 'EB rejects it; ECS accepts it. Consider moving it to Secrets Manager or SSM.',
      });
    }
    vars.push(classifyEnvVar(ctx.secrets, v.option, value.value, v.origin));
  }
  if (totalBytes > 4096) {
    ctx.reporter.report('eb/environment-property-limit', `The environment properties add up to ${totalBytes} bytes, over EB's 4,096-byte limit.`, {
      origin: firstOrigin,
      hint: 'EB rejects such a configuration; move large values to Secrets Manager or SSM.',
    });
  }
  for (const v of store.namespace(SECRETS_NAMESPACE)) {
    const value = resolveOption(store, v);
    if (!value.ok || !value.value.trim()) {
      ctx.reporter.report('eb/option-value', `Environment secret ${v.option} has no ARN.`, {
        origin: v.origin,
        hint: 'Write the Secrets Manager secret ARN or SSM parameter ARN; ecsify leaves the variable out.',
      });
      continue;
    }
    const { arn, jsonKey } = splitSecretArn(value.value);
    // An ARN that cannot be read (another service, no account…) is the secrets pass's to report
    // (`secrets/invalid-arn`), for every input alike; here only a value that is no ARN at all.
    if (!arn.startsWith('arn:')) {
      ctx.reporter.report('eb/option-value', `Environment secret ${v.option} is not a Secrets Manager or SSM parameter ARN.`, {
        origin: v.origin,
        hint: 'EB accepts only ARNs here; ecsify keeps the value as the reference anyway.',
      });
    }
    addSecret(ctx.secrets, { name: v.option, reason: 'eb-environmentsecrets', existing: { arn, ...(jsonKey ? { jsonKey } : {}) }, origin: v.origin });
    vars.push({ name: v.option, secret: { secret: v.option }, origin: v.origin });
    ctx.reporter.report('eb/secret-reference', `Environment secret ${v.option} reads ${arn}${jsonKey ? ` (JSON key ${jsonKey})` : ''}.`, {
      origin: v.origin,
      hint: 'ecsify turns it into an ECS secret reference; the execution role gets read access to it.',
    });
  }
  if (!draft.envToAllContainers || vars.length === 0) return vars;
  const containers: string[] = [];
  for (const s of draft.services) {
    for (const c of s.task.containers) {
      containers.push(s.task.containers.length > 1 || c.name !== s.name ? `${s.name}/${c.name}` : s.name);
      // The container's own definition wins over an environment property of the same name.
      const own = new Set(c.environment.map((e) => e.name));
      for (const v of vars) if (!own.has(v.name)) c.environment.push({ ...v });
    }
  }
  if (containers.length === 0) return vars;
  ctx.reporter.report('eb/environment-property', `EB passed its ${plural(vars.length, 'environment property', 'environment properties')} to every container; ecsify does the same (${andList(containers)}).`, {
    origin: firstOrigin ?? store.namespace(SECRETS_NAMESPACE)[0]?.origin,
    hint: 'Remove the ones a container does not need from the generated task definitions.',
  });
  return vars;
}

/** The plain values of the environment properties (what EB wrote to `.env` on the Compose platform). */
export function plainProperties(store: OptionStore): Record<string, string> {
  const out: Record<string, string> = {};
  for (const v of store.namespace(ENV_NAMESPACE)) {
    const value = resolveOption(store, v);
    if (value.ok && !isDynamicReference(value.value)) out[v.option] = value.value;
  }
  return out;
}

function applyNetwork(ctx: EbContext, r: Resolver, app: Application, lb: LoadBalancerSettings): void {
  const ns = 'aws:ec2:vpc';
  const vpc = r.text(ns, 'VPCId');
  const subnets = r.text(ns, 'Subnets');
  const elbSubnets = r.text(ns, 'ELBSubnets');
  const publicIp = r.bool(ns, 'AssociatePublicIpAddress');
  // With ELBScheme internal, ELBSubnets are where EB put the internal load balancer, not public
  // subnets; the IR's publicSubnets are public ones, and an internal load balancer goes into the
  // task subnets on ECS.
  const internal = r.text(ns, 'ELBScheme')?.toLowerCase() === 'internal';
  if (internal && elbSubnets) {
    ctx.reporter.report('eb/option-ignored', `ELBSubnets (${ns}) placed EB's internal load balancer; ecsify puts an internal load balancer in the task subnets (Subnets) instead.`, {
      origin: r.at(ns, 'ELBSubnets'),
      severity: 'warning',
      hint: `If the load balancer must stay in ${elbSubnets}, set the Subnets of the load balancer in the generated template to them.`,
    });
  }
  if (vpc || subnets || (elbSubnets && !internal) || publicIp !== undefined) {
    const net = app.settings.network ?? {};
    if (vpc) net.vpcId = vpc;
    if (subnets) net.subnets = commaList(subnets);
    if (elbSubnets && !internal) net.publicSubnets = commaList(elbSubnets);
    if (publicIp !== undefined) net.assignPublicIp = publicIp;
    const origin = r.at(ns, 'VPCId') ?? r.at(ns, 'Subnets') ?? r.at(ns, 'ELBSubnets') ?? r.at(ns, 'AssociatePublicIpAddress');
    if (origin) net.origin = origin;
    app.settings.network = net;
  }
  const scheme = r.text(ns, 'ELBScheme')?.toLowerCase();
  if (scheme === 'internal') lb.scheme = 'internal';
  else if (scheme === 'public' || scheme === 'internet-facing') lb.scheme = 'internet-facing';
  else if (scheme) {
    ctx.reporter.report('eb/option-value', `ELBScheme \`${scheme}\` is not public or internal.`, {
      origin: r.at(ns, 'ELBScheme'),
      hint: 'ecsify keeps the default (internet-facing).',
    });
  }
}

interface ProcessSpec {
  name: string;
  target: PortTarget;
  route: RouteSpec;
}

/** EB process settings (target groups) → one route per process, EB's defaults written out. */
function applyProcesses(ctx: EbContext, r: Resolver, store: OptionStore, draft: AppDraft, nlb: boolean): Map<string, ProcessSpec> {
  const out = new Map<string, ProcessSpec>();
  const names = new Set(['default']);
  for (const n of store.namespaces()) {
    const m = /^aws:elasticbeanstalk:environment:process:(.+)$/.exec(n);
    if (m) names.add(m[1] as string);
  }
  for (const name of [...names].sort((a, b) => (a === 'default' ? -1 : b === 'default' ? 1 : a < b ? -1 : a > b ? 1 : 0))) {
    const ns = `aws:elasticbeanstalk:environment:process:${name}`;
    const port = r.int(ns, 'Port', 1, 65535);
    let target: PortTarget | undefined;
    if (name === 'default') target = (port !== undefined ? draft.hostPorts.get(port) : undefined) ?? draft.web;
    else if (port !== undefined) target = draft.hostPorts.get(port) ?? (port === 80 ? draft.web : undefined);
    if (!target) {
      if (name !== 'default') {
        ctx.reporter.report('eb/listener', `Process \`${name}\` (port ${port ?? 'unset'}) matches no container port, so ecsify cannot route to it.`, {
          origin: store.namespace(ns)[0]?.origin,
          hint: 'Publish that host port on the container that serves it (Dockerrun hostPort), or bind it in the Procfile command.',
        });
      }
      continue;
    }
    const hc: TargetHealthCheck = {
      path: '/',
      protocol: nlb ? 'TCP' : 'HTTP',
      intervalSeconds: nlb ? 30 : 15,
      timeoutSeconds: 5,
      healthyThreshold: nlb ? 5 : 3,
      unhealthyThreshold: 5,
      source: 'eb',
    };
    if (!nlb) hc.matcher = '200';
    let hcOrigin: Origin | undefined;
    const protocol = r.text(ns, 'Protocol')?.toUpperCase();
    if (protocol === 'HTTP' || protocol === 'HTTPS' || protocol === 'TCP') hc.protocol = protocol;
    else if (protocol) {
      ctx.reporter.report('eb/option-value', `Protocol \`${protocol}\` of process ${name} is not HTTP, HTTPS or TCP.`, { origin: r.at(ns, 'Protocol'), hint: 'ecsify keeps HTTP.' });
    }
    let path = r.text(ns, 'HealthCheckPath');
    if (path === undefined && name === 'default') path = legacyHealthPath(r);
    if (path !== undefined && path !== '') {
      hc.path = path.startsWith('/') ? path : `/${path}`;
      hcOrigin = r.at(ns, 'HealthCheckPath') ?? r.at('aws:elasticbeanstalk:application', 'Application Healthcheck URL');
    }
    // Numbers out of range are kept: the health-checks pass moves them to the nearest value the
    // load balancer accepts, with a warning, as for every other input.
    const num = (opt: string, legacy?: string): number | undefined =>
      r.wholeNumber(ns, opt) ?? (name === 'default' && legacy ? r.wholeNumber('aws:elb:healthcheck', legacy) : undefined);
    const interval = num('HealthCheckInterval', 'Interval');
    if (interval !== undefined) hc.intervalSeconds = interval;
    const timeout = num('HealthCheckTimeout', 'Timeout');
    if (timeout !== undefined) hc.timeoutSeconds = timeout;
    const healthy = num('HealthyThresholdCount', 'HealthyThreshold');
    if (healthy !== undefined) hc.healthyThreshold = healthy;
    const unhealthy = num('UnhealthyThresholdCount', 'UnhealthyThreshold');
    if (unhealthy !== undefined) hc.unhealthyThreshold = unhealthy;
    const matcher = r.text(ns, 'MatcherHTTPCode');
    if (matcher && !nlb) hc.matcher = matcher;
    if (hc.timeoutSeconds !== undefined && hc.intervalSeconds !== undefined && hc.timeoutSeconds >= hc.intervalSeconds) {
      ctx.reporter.report('eb/option-value', `Health check timeout (${hc.timeoutSeconds} s) of process ${name} is not shorter than its interval (${hc.intervalSeconds} s).`, {
        origin: r.at(ns, 'HealthCheckTimeout') ?? r.at(ns, 'HealthCheckInterval'),
        hint: 'Load balancers require the timeout to be shorter than the interval; lower the timeout.',
      });
    }
    const origin = hcOrigin ?? store.namespace(ns)[0]?.origin;
    if (origin) hc.origin = origin;
    const route: RouteSpec = { container: target.container, containerPort: target.containerPort, healthCheck: hc, deregistrationDelaySeconds: 20 };
    if (hc.protocol === 'HTTPS') route.protocol = 'HTTPS';
    const dereg = r.int(ns, 'DeregistrationDelay', 0, 3600) ?? (name === 'default' ? connectionDraining(r) : undefined);
    if (dereg !== undefined) route.deregistrationDelaySeconds = dereg;
    const sticky = r.bool(ns, 'StickinessEnabled') ?? (name === 'default' ? r.bool('aws:elb:policies', 'Stickiness Policy') : undefined);
    if (sticky) {
      const duration = r.int(ns, 'StickinessLBCookieDuration', 1, 604800) ?? (name === 'default' ? r.int('aws:elb:policies', 'Stickiness Cookie Expiration', 0, 1000000) : undefined) ?? 86400;
      route.stickiness = { enabled: true, durationSeconds: duration };
    }
    const ro = store.namespace(ns)[0]?.origin ?? target.origin;
    if (ro) route.origin = ro;
    out.set(name, { name, target, route });
  }
  return out;
}

/** `Application Healthcheck URL` (`/health` or `HTTP:80/health`) or the CLB `Target` option. */
function legacyHealthPath(r: Resolver): string | undefined {
  const url = r.text('aws:elasticbeanstalk:application', 'Application Healthcheck URL') ?? r.text('aws:elb:healthcheck', 'Target');
  if (!url) return undefined;
  const m = /^(?:HTTPS?|TCP|SSL):\d+(\/.*)?$/i.exec(url);
  if (m) return m[1] ?? '/';
  return url;
}

function connectionDraining(r: Resolver): number | undefined {
  const enabled = r.bool('aws:elb:policies', 'ConnectionDrainingEnabled');
  if (enabled === false) return 0;
  return r.int('aws:elb:policies', 'ConnectionDrainingTimeout', 1, 3600);
}

function listenerProtocol(text: string | undefined, nlb: boolean): ListenerProtocol | undefined {
  const t = (text ?? (nlb ? 'TCP' : 'HTTP')).toUpperCase();
  if (t === 'HTTP' || t === 'HTTPS' || t === 'TCP' || t === 'TLS' || t === 'UDP' || t === 'TCP_UDP') return t;
  if (t === 'SSL') return 'TLS';
  return undefined;
}

/** Listeners (ELBv2 and Classic) and listener rules → listener specs and extra routes. */
function applyListeners(ctx: EbContext, r: Resolver, store: OptionStore, draft: AppDraft, lb: LoadBalancerSettings, processes: Map<string, ProcessSpec>): void {
  const nlb = lb.type === 'network';
  const defined = new Set(store.namespaces().filter((n) => n.startsWith('aws:elasticbeanstalk:environment:process:')).map((n) => n.slice('aws:elasticbeanstalk:environment:process:'.length)));
  const serviceOf = (processName: string, origin: Origin | undefined): ProcessSpec | undefined => {
    const p = processes.get(processName);
    if (!p && processName !== 'default' && !defined.has(processName)) {
      ctx.reporter.report('eb/listener', `Process \`${processName}\` is not defined, so its listener or rule is skipped.`, {
        origin,
        hint: `Define it with aws:elasticbeanstalk:environment:process:${processName} and a Port.`,
      });
    }
    return p;
  };
  const routes = new Map<string, RouteSpec[]>(); // service → routes
  const addRoute = (svc: string, route: RouteSpec): void => {
    const list = routes.get(svc) ?? [];
    list.push(route);
    routes.set(svc, list);
  };
  const defaultProcess = processes.get('default');
  if (defaultProcess) addRoute(defaultProcess.target.service, defaultProcess.route);

  // ELBv2 listeners: the default one (port 80) exists unless disabled; others by port.
  const ports = new Set<string>(['default']);
  for (const n of store.namespaces()) {
    const m = /^aws:elbv2:listener:(default|\d+)$/.exec(n);
    if (m && m[1] !== '80') ports.add(m[1] as string);
  }
  // `aws:elbv2:listener:80` configures the same port as the default listener: its options win.
  const explicit80 = store.namespaces().includes('aws:elbv2:listener:80');
  const listenerNs = (key: string, opt: string): string => (key === 'default' && explicit80 && store.get('aws:elbv2:listener:80', opt) ? 'aws:elbv2:listener:80' : `aws:elbv2:listener:${key}`);
  const listeners: ListenerSpec[] = [];
  for (const key of [...ports].sort((a, b) => (a === 'default' ? -1 : b === 'default' ? 1 : Number(a) - Number(b)))) {
    const nsOf = (opt: string): string => listenerNs(key, opt);
    const ns = `aws:elbv2:listener:${key}`;
    const port = key === 'default' ? 80 : Number(key);
    const enabled = r.bool(nsOf('ListenerEnabled'), 'ListenerEnabled') ?? true;
    const protocol = listenerProtocol(r.text(nsOf('Protocol'), 'Protocol'), nlb);
    const origin = store.namespace(ns)[0]?.origin ?? (key === 'default' ? store.namespace('aws:elbv2:listener:80')[0]?.origin : undefined);
    if (!protocol) {
      ctx.reporter.report('eb/option-value', `Listener ${port} has the protocol \`${r.text(nsOf('Protocol'), 'Protocol') ?? ''}\`.`, { origin: r.at(nsOf('Protocol'), 'Protocol'), hint: 'Use HTTP or HTTPS (ALB), TCP (NLB).' });
      continue;
    }
    const spec: ListenerSpec = { port, protocol, enabled };
    if (origin) spec.origin = origin;
    const processName = r.text(nsOf('DefaultProcess'), 'DefaultProcess') || 'default';
    const p = serviceOf(processName, r.at(nsOf('DefaultProcess'), 'DefaultProcess'));
    if (p) spec.defaultService = p.target.service;
    if (p && processName !== 'default') addRoute(p.target.service, { ...p.route, listenerPort: port });
    const certs = r.text(nsOf('SSLCertificateArns'), 'SSLCertificateArns');
    if (certs) {
      const list = commaList(certs);
      if (list[0]) spec.certificateArn = list[0];
      if (list.length > 1) {
        ctx.reporter.report('eb/listener', `Listener ${port} names ${list.length} certificates; ecsify uses the first as the default certificate.`, {
          origin: r.at(nsOf('SSLCertificateArns'), 'SSLCertificateArns'),
          hint: 'Add the others as extra listener certificates in the generated template.',
        });
      }
    }
    const policy = r.text(nsOf('SSLPolicy'), 'SSLPolicy');
    if (policy) spec.sslPolicy = policy;
    if ((protocol === 'HTTPS' || protocol === 'TLS') && enabled && !spec.certificateArn) {
      ctx.reporter.report('eb/listener', `Listener ${port} is ${protocol} but names no certificate.`, {
        origin,
        hint: 'ecsify makes the certificate ARN a template parameter; EB needs SSLCertificateArns for this listener.',
      });
    }
    if (enabled) {
      for (const ruleName of commaList(r.text(nsOf('Rules'), 'Rules') ?? '')) {
        const rns = `aws:elbv2:listenerrule:${ruleName}`;
        if (store.namespace(rns).length === 0) {
          ctx.reporter.report('eb/listener', `Listener ${port} uses the rule \`${ruleName}\`, which is not defined.`, {
            origin: r.at(nsOf('Rules'), 'Rules'),
            hint: `Define it with ${rns} options (PathPatterns, HostHeaders, Process).`,
          });
          continue;
        }
        const rp = serviceOf(r.text(rns, 'Process') || 'default', r.at(rns, 'Process'));
        if (!rp) continue;
        const hosts = commaList(r.text(rns, 'HostHeaders') ?? '');
        const paths = commaList(r.text(rns, 'PathPatterns') ?? '');
        const priority = r.int(rns, 'Priority', 1, 1000) ?? 1;
        if (hosts.length + paths.length > 5) {
          ctx.reporter.report('eb/listener', `Rule \`${ruleName}\` has ${hosts.length + paths.length} host and path values; an ALB rule allows 5.`, {
            origin: store.namespace(rns)[0]?.origin,
            hint: 'Split it into several rules.',
          });
        }
        const route: RouteSpec = { ...rp.route, listenerPort: port, priority };
        if (hosts.length) route.hosts = hosts;
        if (paths.length) route.paths = paths;
        const ro = store.namespace(rns)[0]?.origin;
        if (ro) route.origin = ro;
        addRoute(rp.target.service, route);
      }
    }
    listeners.push(spec);
  }

  // Classic Load Balancer listeners (aws:elb:listener[:port], aws:elb:loadbalancer ports).
  for (const n of store.namespaces()) {
    const m = /^aws:elb:listener(?::(\d+))?$/.exec(n);
    if (!m) continue;
    const port = m[1] ? Number(m[1]) : 80;
    const enabled = r.bool(n, 'ListenerEnabled') ?? true;
    const protoText = r.text(n, 'ListenerProtocol');
    const protocol = listenerProtocol(protoText, false);
    const origin = store.namespace(n)[0]?.origin;
    if (!protocol) continue;
    let spec = listeners.find((l) => l.port === port);
    if (!spec) {
      spec = { port, protocol, enabled };
      if (origin) spec.origin = origin;
      listeners.push(spec);
    } else {
      spec.protocol = protocol;
      spec.enabled = enabled;
    }
    if (protocol === 'TCP' || protocol === 'TLS') {
      ctx.reporter.report('eb/listener', `Classic listener ${port} uses ${protoText ?? protocol}; an Application Load Balancer speaks HTTP and HTTPS only.`, {
        origin,
        hint: 'Use a Network Load Balancer (LoadBalancerType: network) for TCP traffic; ecsify keeps the listener as written.',
      });
    }
    const cert = r.text(n, 'SSLCertificateId');
    if (cert) spec.certificateArn = cert;
    const instancePort = r.int(n, 'InstancePort', 1, 65535) ?? 80;
    const target = instancePort === 80 ? draft.web : draft.hostPorts.get(instancePort);
    if (!target) {
      ctx.reporter.report('eb/listener', `Classic listener ${port} forwards to instance port ${instancePort}, which no container publishes.`, {
        origin,
        hint: 'Publish that host port on the container that serves it.',
      });
      continue;
    }
    spec.defaultService = target.service;
    if (target !== draft.web && defaultProcess) {
      addRoute(target.service, { ...defaultProcess.route, container: target.container, containerPort: target.containerPort, listenerPort: port });
    }
  }
  const legacyHttps = r.text('aws:elb:loadbalancer', 'LoadBalancerHTTPSPort');
  if (legacyHttps && !/^off$/i.test(legacyHttps)) {
    const port = Number(legacyHttps);
    if (Number.isInteger(port) && !listeners.some((l) => l.port === port)) {
      const spec: ListenerSpec = { port, protocol: 'HTTPS', enabled: true };
      const cert = r.text('aws:elb:loadbalancer', 'SSLCertificateId');
      if (cert) spec.certificateArn = cert;
      if (draft.web) spec.defaultService = draft.web.service;
      const origin = r.at('aws:elb:loadbalancer', 'LoadBalancerHTTPSPort');
      if (origin) spec.origin = origin;
      listeners.push(spec);
    }
  }
  if (/^off$/i.test(r.text('aws:elb:loadbalancer', 'LoadBalancerHTTPPort') ?? '')) {
    const l80 = listeners.find((l) => l.port === 80);
    if (l80) l80.enabled = false;
  }
  lb.listeners = listeners.sort((a, b) => a.port - b.port);
  const https = lb.listeners.find((l) => l.enabled && l.certificateArn);
  if (https?.certificateArn) lb.certificateArn = https.certificateArn;
  if (https?.sslPolicy) lb.sslPolicy = https.sslPolicy;
  const lbOrigin = lb.listeners.find((l) => l.origin)?.origin;
  if (lbOrigin) lb.origin = lbOrigin;
  for (const [svcName, list] of routes) {
    const svc = draft.services.find((s) => s.name === svcName);
    if (!svc) continue;
    svc.routes.push(...list);
    if (svc.role !== 'web') svc.role = 'web';
  }
}

/** Unix cron (`m h dom mon dow`) → Application Auto Scaling `cron(m h dom mon dow year)`. */
export function toAwsCron(recurrence: string): { schedule: string; note?: string } | undefined {
  const f = recurrence.trim().split(/\s+/);
  if (f.length !== 5) return undefined;
  const [minute, hour, domIn, month, dowIn] = f as [string, string, string, string, string];
  let note: string | undefined;
  let dom = domIn;
  // Unix day-of-week 0–7 (0 and 7 = Sunday) → AWS 1–7 (1 = Sunday).
  let dow = dowIn.replace(/(?<![/\d])\d+/g, (d) => String((Number(d) % 7) + 1));
  if (dow === '*') dow = '?';
  else if (dom === '*') dom = '?';
  else {
    note = 'Unix cron runs when either the day of month or the day of week matches; AWS cron cannot say that, so ecsify keeps the day of week only.';
    dom = '?';
  }
  return { schedule: `cron(${minute} ${hour} ${dom} ${month} ${dow} *)`, ...(note ? { note } : {}) };
}

function applyScaling(ctx: EbContext, r: Resolver, store: OptionStore, services: Service[], singleInstance: boolean): void {
  const asg = 'aws:autoscaling:asg';
  let min = r.int(asg, 'MinSize', 1, 10000);
  let max = r.int(asg, 'MaxSize', 1, 10000);
  const asgOrigin = r.at(asg, 'MinSize') ?? r.at(asg, 'MaxSize');
  if (singleInstance) {
    if (min !== undefined || max !== undefined) {
      ctx.reporter.report('eb/scaling', 'A single-instance environment ignores MinSize and MaxSize.', {
        origin: asgOrigin,
        hint: 'ecsify runs one task; remove EnvironmentType: SingleInstance to scale.',
      });
    }
    return;
  }
  if (min !== undefined && max !== undefined && min > max) {
    ctx.reporter.report('eb/option-value', `MinSize (${min}) is larger than MaxSize (${max}).`, {
      origin: asgOrigin,
      hint: 'EB rejects it; ecsify uses MinSize for both.',
    });
    max = min;
  }
  const actions = scheduledActions(ctx, r, store);
  const trigger = triggerTarget(ctx, r, store);
  if (min === undefined && max === undefined && actions.length === 0 && !trigger) return;
  // EB's Auto Scaling group defaults: 1 to 4 instances.
  min ??= Math.min(1, max ?? 1);
  max ??= Math.max(4, min);
  for (const s of services) {
    s.desiredCount = min;
    s.scaling = { min, max, targets: trigger ? [{ ...trigger }] : [], ...(actions.length ? { schedule: actions.map((a) => ({ ...a })) } : {}) };
    if (asgOrigin) s.scaling.origin = asgOrigin;
  }
  ctx.reporter.report('eb/scaling', `EB ran ${min === max ? plural(min, 'instance') : `${min} to ${max} instances`} with one copy of the app each; ecsify runs ${min === max ? plural(min, 'task') : `${min} to ${max} tasks`} of ${andList(services.map((s) => `\`${s.name}\``))}.`, {
    origin: asgOrigin,
    hint: 'Each service now scales on its own; lower the bounds of services that need fewer copies.',
    ...(trigger ? {} : { notes: ['No scaling target is set: EB\'s default trigger (NetworkOut) is not a useful target for ECS. Add a CPU or request-count target.'] }),
  });
}

function triggerTarget(ctx: EbContext, r: Resolver, store: OptionStore): ScalingTarget | undefined {
  const ns = 'aws:autoscaling:trigger';
  if (store.namespace(ns).length === 0) return undefined;
  const measure = r.text(ns, 'MeasureName') ?? 'NetworkOut';
  const origin = r.at(ns, 'MeasureName') ?? store.namespace(ns)[0]?.origin;
  const num = (opt: string): number | undefined => {
    const t = r.text(ns, opt);
    if (t === undefined || t === '') return undefined;
    const n = Number(t);
    return Number.isFinite(n) ? n : undefined;
  };
  const upper = num('UpperThreshold');
  const lower = num('LowerThreshold');
  if (measure === 'CPUUtilization') {
    if (upper === undefined || lower === undefined || upper > 100 || lower < 0 || lower >= upper) {
      ctx.reporter.report('eb/scaling', 'The CPUUtilization trigger needs LowerThreshold and UpperThreshold in percent.', {
        origin,
        hint: 'ecsify sets no scaling target; add one by hand.',
      });
      return undefined;
    }
    const value = Math.round((upper + lower) / 2);
    ctx.reporter.report('eb/scaling', `EB added instances above ${upper} % CPU and removed them below ${lower} %; ecsify tracks ${value} % average CPU.`, {
      origin,
      hint: 'Target tracking keeps the average near one value; adjust it after watching the service.',
    });
    const t: ScalingTarget = { metric: 'cpu', value };
    if (origin) t.origin = origin;
    return t;
  }
  ctx.reporter.report('eb/scaling', `The ${measure} scaling trigger has no ECS target-tracking counterpart; ecsify does not convert it.`, {
    origin,
    hint:
      measure === 'RequestCount'
        ? 'EB counted requests for the whole load balancer; set an ALBRequestCountPerTarget target (requests per task per minute) by hand.'
        : 'Scale the service on average CPU or memory, or on requests per target.',
  });
  return undefined;
}

function scheduledActions(ctx: EbContext, r: Resolver, store: OptionStore): ScheduledAction[] {
  const ns = 'aws:autoscaling:scheduledaction';
  const names = [...new Set(store.namespace(ns).map((v) => v.resource ?? ''))].sort();
  const out: ScheduledAction[] = [];
  for (const name of names) {
    const origin = store.namespace(ns).find((v) => (v.resource ?? '') === name)?.origin;
    if (!name) {
      ctx.reporter.report('eb/option-value', 'A scheduled action has no resource_name.', {
        origin,
        hint: 'EB needs one per action (resource_name in the list form, `Name.aws:autoscaling:scheduledaction` in the shorthand form); ecsify skips it.',
      });
      continue;
    }
    if (r.bool(ns, 'Suspend', name)) {
      ctx.reporter.report('eb/scaling', `Scheduled action \`${name}\` is suspended, so ecsify leaves it out.`, { origin, hint: 'Remove Suspend to convert it.' });
      continue;
    }
    const min = r.int(ns, 'MinSize', 0, 10000, name);
    const max = r.int(ns, 'MaxSize', 0, 10000, name);
    const desired = r.int(ns, 'DesiredCapacity', 0, 10000, name);
    const start = r.text(ns, 'StartTime', name);
    const end = r.text(ns, 'EndTime', name);
    const recurrence = r.text(ns, 'Recurrence', name);
    const notes: string[] = [];
    let schedule: string | undefined;
    if (recurrence) {
      const c = toAwsCron(recurrence);
      if (!c) {
        ctx.reporter.report('eb/option-value', `Recurrence \`${recurrence}\` of scheduled action \`${name}\` is not a five-field cron expression.`, {
          origin: r.at(ns, 'Recurrence', name),
          hint: 'Write it as minute hour day-of-month month day-of-week, e.g. `0 18 * * 1-5`; ecsify skips the action.',
        });
        continue;
      }
      schedule = c.schedule;
      if (c.note) notes.push(c.note);
    } else if (start) {
      const t = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})/.exec(start);
      if (!t) {
        ctx.reporter.report('eb/option-value', `StartTime \`${start}\` of scheduled action \`${name}\` is not an ISO 8601 UTC time.`, {
          origin: r.at(ns, 'StartTime', name),
          hint: 'Write e.g. 2024-05-01T07:00:00Z; ecsify skips the action.',
        });
        continue;
      }
      schedule = `at(${t[1] as string})`;
    } else {
      ctx.reporter.report('eb/option-value', `Scheduled action \`${name}\` has neither Recurrence nor StartTime.`, { origin, hint: 'ecsify skips it.' });
      continue;
    }
    const a: ScheduledAction = { name, schedule, action: 'set' };
    if (min === 0 && max === 0) a.action = 'stop';
    if (min !== undefined) a.min = min;
    if (max !== undefined) a.max = max;
    if (min === undefined && max === undefined && desired !== undefined) {
      a.min = desired;
      notes.push(`ECS scheduled actions set bounds, not a desired count: DesiredCapacity ${desired} becomes the minimum.`);
    } else if (desired !== undefined) {
      notes.push('ECS scheduled actions set bounds only; the desired count follows them (DesiredCapacity is not needed).');
    }
    if (recurrence && start) a.startTime = start;
    if (end) a.endTime = end;
    if (origin) a.origin = origin;
    out.push(a);
    ctx.reporter.report('eb/scaling', `Scheduled action \`${name}\` becomes the ECS scheduled action ${schedule}${a.action === 'stop' ? ' that stops the services' : ''}.`, {
      origin,
      hint: 'Times are UTC, as on EB.',
      notes,
    });
  }
  return out;
}

function applyInstances(ctx: EbContext, r: Resolver, services: Service[]): void {
  const types = r.text('aws:ec2:instances', 'InstanceTypes');
  const legacy = r.text('aws:autoscaling:launchconfiguration', 'InstanceType');
  const first = types ? commaList(types)[0] : legacy;
  const origin = types ? r.at('aws:ec2:instances', 'InstanceTypes') : r.at('aws:autoscaling:launchconfiguration', 'InstanceType');
  const archText = r.text('aws:ec2:instances', 'SupportedArchitectures');
  const spot = r.bool('aws:ec2:instances', 'EnableSpot');
  if (first) {
    const shape = instanceShape(first);
    if (!shape) {
      ctx.reporter.report('eb/instance-type', `Instance type \`${first}\` is not one ecsify knows the size of.`, {
        origin,
        severity: 'warning',
        hint: 'No sizing hint is given; the sizing step uses the containers\' own values.',
      });
    } else {
      const cpu = shape.vcpu * 1024;
      const memory = Math.round(shape.memoryGiB * 1024);
      for (const s of services) s.sizingHint = { instanceType: first, cpu, memory, ...(origin ? { origin } : {}) };
      ctx.reporter.report('eb/instance-type', `EB ran the app on ${first} instances (${shape.vcpu} vCPU, ${shape.memoryGiB} GiB), shared by all of its containers.`, {
        origin,
        hint: 'ecsify passes this to the sizing step as an upper bound for the task sizes.',
        ...(types && commaList(types).length > 1 ? { notes: ['Only the first instance type counts unless EnableSpot is true.'] } : {}),
      });
      if (shape.arm) for (const s of services) s.task.runtimePlatform = { cpuArchitecture: 'ARM64', ...(origin ? { origin } : {}) };
    }
  }
  if (archText) {
    const archs = commaList(archText).map((a) => a.toLowerCase());
    if (archs[0] === 'arm64') {
      const o = r.at('aws:ec2:instances', 'SupportedArchitectures');
      for (const s of services) s.task.runtimePlatform = { cpuArchitecture: 'ARM64', ...(o ? { origin: o } : {}) };
    }
  }
  if (spot) {
    for (const s of services) s.spot = true;
    ctx.reporter.report('eb/instance-type', 'EB ran Spot instances; ecsify asks for Spot capacity (Fargate Spot) too.', {
      origin: r.at('aws:ec2:instances', 'EnableSpot'),
      hint: 'Spot tasks can be stopped with two minutes\' notice; keep a base of on-demand tasks for the web service.',
    });
  }
  const profile = r.text('aws:autoscaling:launchconfiguration', 'IamInstanceProfile');
  if (profile) {
    ctx.reporter.report('eb/option-ignored', `The app's AWS permissions came from the instance profile \`${profile}\`.`, {
      origin: r.at('aws:autoscaling:launchconfiguration', 'IamInstanceProfile'),
      hint: 'On ECS they come from the task role: attach the same policies to the generated task role (the profile\'s role also holds EB\'s own permissions, which the app does not need).',
    });
  }
}

function applyLogs(ctx: EbContext, r: Resolver, app: Application): void {
  const days = r.int('aws:elasticbeanstalk:cloudwatch:logs', 'RetentionInDays', 1, 3653);
  if (days === undefined) return;
  if (!RETENTION_DAYS.includes(days)) {
    ctx.reporter.report('eb/option-value', `RetentionInDays ${days} is not one of the values CloudWatch Logs accepts.`, {
      origin: r.at('aws:elasticbeanstalk:cloudwatch:logs', 'RetentionInDays'),
      hint: `Use one of ${RETENTION_DAYS.join(', ')}; ecsify keeps the default.`,
    });
    return;
  }
  app.settings.logRetentionDays = days;
}

function applyDeployment(ctx: EbContext, r: Resolver, services: Service[]): void {
  const ns = 'aws:elasticbeanstalk:command';
  const policy = r.text(ns, 'DeploymentPolicy');
  if (!policy) return;
  const origin = r.at(ns, 'DeploymentPolicy');
  const batchType = r.text(ns, 'BatchSizeType') ?? 'Percentage';
  const batchRaw = r.int(ns, 'BatchSize', 1, 10000);
  let batch = batchRaw ?? 100;
  const notes: string[] = [];
  if (/^fixed$/i.test(batchType)) {
    const min = services[0]?.scaling?.min ?? services[0]?.desiredCount ?? 1;
    batch = Math.min(100, Math.round((batch / Math.max(1, min)) * 100));
    const size = batchRaw ?? 100; // EB's default BatchSize, whatever the type
    notes.push(`A fixed batch of ${size} ${size === 1 ? 'instance' : 'instances'} is taken as ${batch} % of the minimum task count.`);
  } else batch = Math.min(100, batch);
  let d: Deployment | undefined;
  switch (policy) {
    case 'AllAtOnce':
      d = { minimumHealthyPercent: 0, maximumPercent: 100 };
      break;
    case 'Rolling':
      d = { minimumHealthyPercent: 100 - batch, maximumPercent: 100 };
      break;
    case 'RollingWithAdditionalBatch':
      d = { minimumHealthyPercent: 100, maximumPercent: 100 + batch };
      break;
    case 'Immutable':
      d = { minimumHealthyPercent: 100, maximumPercent: 200 };
      break;
    case 'TrafficSplitting':
      d = { minimumHealthyPercent: 100, maximumPercent: 200 };
      notes.push('Traffic splitting (canary) has no rolling-update equivalent; use CodeDeploy blue/green for canary releases.');
      break;
    default:
      ctx.reporter.report('eb/option-value', `DeploymentPolicy \`${policy}\` is not one EB knows.`, {
        origin,
        hint: 'Use AllAtOnce, Rolling, RollingWithAdditionalBatch, Immutable or TrafficSplitting; ecsify keeps the ECS default.',
      });
      return;
  }
  if (origin) d.origin = origin;
  for (const s of services) s.deployment = { ...d };
  ctx.reporter.report('eb/deployment', `DeploymentPolicy ${policy} becomes an ECS rolling update with minimum ${d.minimumHealthyPercent} % and maximum ${d.maximumPercent} % of the tasks.`, {
    origin,
    hint: 'ecsify also enables the deployment circuit breaker with rollback.',
    notes,
  });
}

function applyWorkerTier(ctx: EbContext, r: Resolver, store: OptionStore, input: ApplyInput): void {
  if (!input.worker) return;
  const ns = 'aws:elasticbeanstalk:sqsd';
  const configured = r.text(ns, 'WorkerQueueURL') || undefined;
  // The queue EB created belongs to the environment's own stack (a live environment's settings
  // name it): it is deleted with the environment, so the new stack creates its own, as it does
  // when the bundle names no queue.
  const ebOwned = configured !== undefined && EB_QUEUE_NAME.test(configured);
  const queue = ebOwned ? undefined : configured;
  const path = r.text(ns, 'HttpPath') || '/';
  // EB's ranges: VisibilityTimeout 0–43,200 s, MaxRetries 1–100.
  const visibility = r.int(ns, 'VisibilityTimeout', 0, 43_200);
  const retries = r.int(ns, 'MaxRetries', 1, 100);
  const retention = r.int(ns, 'RetentionPeriod', 60, 1_209_600);
  const origin = input.tierOrigin ?? store.namespace(ns)[0]?.origin;
  const names = input.draft.services.map((s) => `\`${s.name}\``);
  // Where a poller in the task reaches the app: its own port, with no EB proxy in front of it.
  const appPort = input.draft.web?.containerPort ?? input.draft.services.flatMap((s) => s.task.containers).find((c) => c.ports.length > 0)?.ports[0]?.containerPort;
  const appUrl = `http://localhost${appPort !== undefined && appPort !== 80 ? `:${appPort}` : ''}${path}`;
  const q: WorkerQueue = { httpPath: path, envVar: WORKER_QUEUE_ENV, consumers: input.draft.services.map((s) => s.name) };
  if (queue) q.url = queue;
  if (visibility !== undefined) q.visibilityTimeoutSeconds = visibility;
  // The queue EB created kept messages RetentionPeriod seconds (default 4 days, SQS's own default,
  // written out so the template says it).
  if (retention !== undefined || !queue) q.retentionSeconds = retention ?? EB_RETENTION_SECONDS;
  // EB gives the queue it creates a dead-letter queue, always (MaxRetries, default 10); an
  // existing queue keeps its own redrive policy.
  if (retries !== undefined || !queue) q.maxReceiveCount = retries ?? EB_MAX_RETRIES;
  if (origin) q.origin = origin;
  input.app.queue = q;
  const notes: string[] = [];
  if (queue) {
    if (visibility !== undefined || retries !== undefined || retention !== undefined) {
      const set = [
        visibility !== undefined ? `VisibilityTimeout ${visibility} s` : undefined,
        retention !== undefined ? `RetentionPeriod ${retention} s` : undefined,
        retries !== undefined ? `MaxRetries ${retries}` : undefined,
      ].filter((x): x is string => !!x);
      const fix = [
        visibility !== undefined ? 'its visibility timeout' : undefined,
        retention !== undefined ? 'its message retention period' : undefined,
        retries !== undefined ? `a redrive policy with maxReceiveCount ${retries}` : undefined,
      ].filter((x): x is string => !!x);
      notes.push(`${andList(set)} configured sqsd; ecsify does not change the existing queue, so set ${andList(fix)} on the queue itself if it differs.`);
    }
  } else {
    if (ebOwned) {
      notes.push(
        `The queue ${configured} is the one EB created for the environment: terminating the environment deletes it. Let it drain (or move its messages) before you do.`,
      );
    }
    const kept = [visibility !== undefined ? `visibility timeout ${visibility} s` : undefined, retention !== undefined ? `messages kept ${retention} s` : undefined].filter((x): x is string => !!x);
    notes.push(
      `EB created the queue for the environment; the generated stack creates one${kept.length > 0 ? ` (${kept.join(', ')})` : ''} with a dead-letter queue after ${q.maxReceiveCount} receives (MaxRetries${retries === undefined ? ", EB's default" : ''}) and outputs its URL; the task-definition files take it as the placeholder \${${WORKER_QUEUE_ENV}}.`,
    );
  }
  ctx.reporter.report('eb/worker-tier', `This is an EB worker environment: sqsd read ${queue ? `the queue ${queue}` : 'the queue EB created'} and POSTed each message to http://localhost:80${path}.`, {
    origin,
    hint:
      `ecsify converts ${andList(names)} as ${names.length === 1 ? 'a worker service' : 'worker services'} with no load balancer, gives ${names.length === 1 ? 'its' : 'their'} containers the queue URL in ${WORKER_QUEUE_ENV} and ${names.length === 1 ? 'its task role' : 'their task roles'} the rights to receive, delete and extend messages of that queue. ` +
      `Nothing POSTs the messages any more: make the app poll ${WORKER_QUEUE_ENV} itself (ReceiveMessage, handle, DeleteMessage; e.g. Celery, Shoryuken, a small loop), or run an sqsd-like poller sidecar that POSTs each message to ${appUrl} and deletes it on a 200 answer.`,
    ...(notes.length > 0 ? { notes } : {}),
  });
}

/** The name CloudFormation gives the queue of EB's environment stack (`awseb-e-…-stack-AWSEBWorkerQueue-…`). */
const EB_QUEUE_NAME = /\/awseb-e-[^/]*AWSEBWorkerQueue[^/]*$/i;

/** EB's default MaxRetries: receives before a message of its queue moves to the dead-letter queue. */
const EB_MAX_RETRIES = 10;
/** EB's default RetentionPeriod of its queue, in seconds (4 days). */
const EB_RETENTION_SECONDS = 345_600;

/** The variable that carries the worker queue's URL (EB's sqsd needed none: it read the queue itself). */
export const WORKER_QUEUE_ENV = 'WORKER_QUEUE_URL';

/** Reports namespaces and options that have no ECS counterpart (and a few that need action). */
function applyIgnored(ctx: EbContext, store: OptionStore): void {
  const seenNs = new Set<string>();
  for (const v of store.all) {
    const key = `${v.namespace} ${v.option}`;
    const optionReason = IGNORED_OPTIONS[key];
    if (optionReason) {
      ctx.reporter.report('eb/option-ignored', `Option ${v.option} (${v.namespace}) has no ECS counterpart.`, { origin: v.origin, hint: optionReason });
      continue;
    }
    const nsReason = IGNORED[v.namespace];
    if (nsReason && !seenNs.has(v.namespace)) {
      seenNs.add(v.namespace);
      ctx.reporter.report('eb/option-ignored', `Namespace ${v.namespace} has no ECS counterpart.`, { origin: v.origin, hint: nsReason });
    }
    if (v.namespace === 'aws:rds:dbinstance' && !seenNs.has(v.namespace)) {
      seenNs.add(v.namespace);
      ctx.reporter.report('eb/rds-coupled', 'EB created an RDS database inside this environment (aws:rds:dbinstance).', {
        origin: v.origin,
        hint: 'Decouple the database from the environment before migrating, then give the services its endpoint (EB no longer sets RDS_HOSTNAME and friends).',
      });
    }
    if ((v.namespace.endsWith(':staticfiles') || v.namespace === 'aws:elasticbeanstalk:environment:proxy:staticfiles') && !seenNs.has(v.namespace)) {
      seenNs.add(v.namespace);
      ctx.reporter.report('eb/static-files', `EB's proxy served static files (${v.namespace}: ${v.option}).`, {
        origin: v.origin,
        hint: 'Serve them from the app, an nginx sidecar, or S3 + CloudFront.',
      });
    }
    if (v.namespace === 'aws:elasticbeanstalk:xray' && /true/i.test(v.pieces.map((p) => ('text' in p ? p.text : '')).join('')) && !seenNs.has(v.namespace)) {
      seenNs.add(v.namespace);
      ctx.reporter.report('eb/option-ignored', 'EB ran the X-Ray daemon on each instance (XRayEnabled).', {
        origin: v.origin,
        severity: 'warning',
        hint: 'Add the public.ecr.aws/xray/aws-xray-daemon container as a sidecar and point the SDK at localhost:2000.',
      });
    }
    if (/^aws:elasticbeanstalk:container:/.test(v.namespace) && !v.namespace.endsWith(':staticfiles') && !seenNs.has(v.namespace)) {
      seenNs.add(v.namespace);
      ctx.reporter.report('eb/option-ignored', `Namespace ${v.namespace} configured EB's language platform.`, {
        origin: v.origin,
        hint: v.namespace.startsWith('aws:elasticbeanstalk:container:php')
          ? 'They set php.ini values and the document root of EB\'s PHP server; put them in the image now (a php.ini in $PHP_INI_DIR/conf.d, the web server\'s document root).'
          : 'Without a Procfile, ecsify builds the default command from them; everything else they set belongs in the image now (Dockerfile, server config, or the Procfile command).',
      });
    }
    if (v.namespace === 'aws:elasticbeanstalk:trafficsplitting' && !seenNs.has(v.namespace)) {
      seenNs.add(v.namespace);
      ctx.reporter.report('eb/deployment', 'Traffic splitting settings have no ECS rolling-update equivalent.', {
        origin: v.origin,
        hint: 'Use CodeDeploy blue/green deployments for canary releases.',
      });
    }
  }
}
