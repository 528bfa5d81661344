/**
 * `cloudformation/template.yaml` (or `.json`): one stack that runs the application on Amazon ECS
 * in an existing VPC. Built as an object from the IR and serialised; see ../shared/docs/ecs.md §9–11
 * for the resources. Deterministic: logical ids come from names, sections are sorted.
 */
import { servicesAndJobs } from '../../ir/jobs.js';
import type { Application, Service } from '../../ir/types.js';
import type { EmitOptions, EmittedFile } from '../types.js';
import { FIXED, Names, newFacts, type BuildFacts, type Ctx } from './context.js';
import { ec2Capacity, type Ec2Capacity } from './ec2-capacity.js';
import { planEfs } from './efs.js';
import { executionRole } from './iam.js';
import { getAtt, ref, sub, subLiteral } from './intrinsics.js';
import { planLoadBalancing, type TargetGroupInfo } from './load-balancing.js';
import { emitJobOutputs } from './jobs.js';
import { mergeOverlay } from './overlay.js';
import {
  declareCommonParameters,
  declareExcludedParameters,
  declareImageParameters,
  isRunning,
  MAX_PARAMETERS,
} from './parameters.js';
import { usesDesiredCount } from './scaling.js';
import { emitQueue } from './queues.js';
import { planSecrets } from './secrets.js';
import { piecewiseFile } from '../pieces.js';
import { toJson, toYamlPieces } from './serialize.js';
import { callerIndex, planServiceConnect } from './service-connect.js';
import { emitService, tagsFor, type ServiceEnv } from './services.js';
import { Stack } from './stack.js';
import { releaseScript } from './release-script.js';
import { secretsFromEbScript } from './secrets-script.js';
import path from 'node:path';

/** CloudFormation accepts at most 200 outputs. */
const MAX_OUTPUTS = 200;
/** The largest template `aws cloudformation deploy` sends inline; a larger one goes through S3 (`--s3-bucket`). */
export const MAX_INLINE_TEMPLATE_BYTES = 51_200;
/** Retention periods CloudWatch Logs accepts, in days. */
const RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];
const DEFAULT_RETENTION_DAYS = 30;

/** The accepted retention at or above the requested one (never keeps logs for less time than asked). */
export function retentionDays(requested: number | undefined): number {
  const want = requested ?? DEFAULT_RETENTION_DAYS;
  return RETENTION_DAYS.find((d) => d >= want) ?? RETENTION_DAYS[RETENTION_DAYS.length - 1]!;
}

export interface BuiltTemplate {
  template: Record<string, unknown>;
  facts: BuildFacts;
}

export function buildTemplate(app: Application, options: EmitOptions): Record<string, unknown> {
  return build(app, options).template;
}

/** The template and what the build decided on the way (for check.ts). */
export function build(app: Application, options: EmitOptions): BuiltTemplate {
  const stack = new Stack(app);
  const names = new Names(stack, app);
  const facts = newFacts();
  const ctx: Ctx = { app, stack, names, facts };
  const fargate = app.settings.launchType === 'fargate';

  // Fixed names first, so they never need a suffix.
  const existingCluster = app.settings.cluster?.name;
  if (!existingCluster) names.id('cluster', FIXED.cluster);
  names.id('log-group', FIXED.logGroup);
  declareCommonParameters(ctx);
  const excluded = declareExcludedParameters(ctx);
  // Parameters that do not depend on the services' number (network, Running, certificate, …).
  const fixedParameters = 12;
  const imagePlan = declareImageParameters(ctx, MAX_PARAMETERS - fixedParameters - excluded.size);
  facts.fixedReleaseImages = imagePlan.fixedReleases;
  facts.imageParameters = {
    services: [...new Set(imagePlan.parameters.values())].sort(),
    forJobs: Object.fromEntries([...imagePlan.forJobs].map(([p, j]) => [p, j.parameter]).sort(([a], [b]) => (a! < b! ? -1 : 1))),
    images: [...imagePlan.images].map(([parameter, { image, users }]) => ({ parameter, image, users })),
  };
  const running = isRunning(ctx);

  // Desired counts are parameters unless that would pass the 200-parameter limit.
  const counted = app.services.filter((s) => usesDesiredCount(ctx, s)).length;
  const imageParameters = new Set(imagePlan.parameters.values()).size + imagePlan.forJobs.size;
  const useCountParameters = imageParameters + excluded.size + fixedParameters + counted <= MAX_PARAMETERS;
  facts.fixedDesiredCounts = !useCountParameters && counted > 0;
  // Likewise an output per service, within the limit of 200 outputs (after one per job: a job's
  // command is what a user cannot find elsewhere).
  const serviceOutputs = app.services.length + app.ingress.loadBalancers.length + app.jobs.length + 8 <= MAX_OUTPUTS;
  facts.serviceOutputsSkipped = !serviceOutputs;

  // Cluster and logs.
  const clusterValue: unknown = existingCluster ?? ref(FIXED.cluster);
  const clusterText = existingCluster ? subLiteral(existingCluster) : `\${${FIXED.cluster}}`;
  const anySpot = fargate && app.services.some((s) => s.spot);
  if (!existingCluster) {
    stack.addResource(FIXED.cluster, {
      Type: 'AWS::ECS::Cluster',
      Properties: {
        ClusterName: ref('AWS::StackName'),
        ClusterSettings: [{ Name: 'containerInsights', Value: 'enabled' }],
        ...(anySpot ? { CapacityProviders: ['FARGATE', 'FARGATE_SPOT'] } : {}),
        ...tagsFor(ctx, 'AWS::ECS::Cluster'),
      },
    });
  }
  const retention = retentionDays(app.settings.logRetentionDays);
  if (app.settings.logRetentionDays !== undefined && retention !== app.settings.logRetentionDays) {
    facts.retentionRounded = { requested: app.settings.logRetentionDays, used: retention };
  }
  stack.addResource(FIXED.logGroup, {
    Type: 'AWS::Logs::LogGroup',
    // Logs go with the stack; retention bounds how long they are kept meanwhile.
    DeletionPolicy: 'Delete',
    UpdateReplacePolicy: 'Delete',
    Properties: {
      // Named after the stack, as the cluster and the namespace are: a name from the app alone
      // would make a second stack of the same app (staging next to production) fail, since log
      // group names are unique in an account and Region. Everything refers to it by `Ref`.
      LogGroupName: sub(`/ecs/\${AWS::StackName}`),
      RetentionInDays: retention,
      ...tagsFor(ctx, 'AWS::Logs::LogGroup'),
    },
  });

  const secrets = planSecrets(ctx);
  const capacity: Ec2Capacity | undefined = fargate ? undefined : ec2Capacity(ctx);
  const awsvpc = (s: Service) => s.task.networkMode === 'awsvpc';
  const serviceSecurityGroup = (s: Service): unknown => {
    if (awsvpc(s)) return getAtt(names.forService(s, 'SecurityGroup'), 'GroupId');
    if (!capacity) throw new Error(`internal: service ${s.name} uses ${s.task.networkMode} networking on Fargate`);
    return capacity.instanceSecurityGroup();
  };
  const serviceByName = new Map(app.services.map((s) => [s.name, s]));
  const lb = planLoadBalancing(ctx, (target) => {
    const s = serviceByName.get(target.service);
    return s && !awsvpc(s) ? 'instance' : 'ip';
  });
  const efs = planEfs(ctx, serviceSecurityGroup);
  const serviceConnect = planServiceConnect(ctx);
  const execRole = executionRole(ctx, secrets.access);

  const targetGroupsByService = new Map<string, TargetGroupInfo[]>();
  for (const t of lb.targetGroups.values()) {
    const list = targetGroupsByService.get(t.target.service);
    if (list) list.push(t);
    else targetGroupsByService.set(t.target.service, [t]);
  }
  const env: ServiceEnv = {
    fargate,
    images: imagePlan,
    excluded,
    secrets,
    capacity,
    serviceSecurityGroup,
    lb,
    efs,
    serviceConnect,
    callers: callerIndex(app),
    targetGroups: (service) => targetGroupsByService.get(service.name) ?? [],
    execRole,
    instanceIngress: new Set<string>(),
    useCountParameters,
    running,
    clusterValue,
    clusterText,
    serviceOutputs,
    taskDefinitionRefs: new Map(),
  };
  for (const service of app.services) emitService(ctx, service, env);
  emitQueue(ctx);
  emitJobOutputs(ctx, { clusterText, fargate, capacity, images: imagePlan, taskDefinitionRefs: env.taskDefinitionRefs });
  // Service Connect clients start after the services they call (service-connect.ts), added once
  // every service exists so the order of the input does not matter.
  for (const service of app.services) {
    if (service.role === 'job') continue; // no ECS service (services.ts)
    const after = serviceConnect.startAfter(service);
    if (after.length === 0) continue;
    const r = stack.resource(names.forService(service, 'Service'));
    r.DependsOn = [...(r.DependsOn ?? []), ...after.map((name) => names.forService(name, 'Service'))];
  }

  facts.clusterOutput = names.id('output:cluster', 'ClusterName');
  stack.addOutput(facts.clusterOutput, { Description: 'ECS cluster the services run in.', Value: clusterValue });
  stack.addOutput(names.id('output:log-group', 'LogGroupName'), {
    Description: 'CloudWatch Logs group of every container (streams are <service>/<container>/<task id>).',
    Value: ref(FIXED.logGroup),
  });

  const description =
    `${app.name} on Amazon ECS (${fargate ? 'Fargate' : 'EC2'}): ${servicesAndJobs(app.services)}. ` +
    `Generated by ecsify ${options.version} from ${options.inputLabel}.`;
  const template = stack.toTemplate(description.slice(0, 1024));
  const overlay = app.settings.cloudformationOverlay;
  return { template: overlay === undefined ? template : (mergeOverlay(template, overlay) as Record<string, unknown>), facts };
}

/** A stack name suggestion: letters, digits and hyphens, starting with a letter. */
function stackName(appName: string): string {
  const n = appName.replace(/[^A-Za-z0-9-]+/g, '-').replace(/^[^A-Za-z]+/, '').replace(/-+$/, '');
  return (n || 'app').slice(0, 128);
}

/** Parameters without a default: what `aws cloudformation deploy` must be given. */
function requiredParameters(template: Record<string, unknown>): string[] {
  const params = (template['Parameters'] ?? {}) as Record<string, { Default?: unknown }>;
  return Object.keys(params).filter((k) => params[k]?.Default === undefined);
}

/** The template's file name in `cloudformation/`. */
export function templateFileName(options: EmitOptions): string {
  return `template.${options.format === 'json' ? 'json' : 'yaml'}`;
}

/** Serialises a built template as the emitter writes it. */
export function serialise(app: Application, template: Record<string, unknown>, options: EmitOptions): EmittedFile {
  const file = templateFileName(options);
  if (options.format === 'json') return { path: `cloudformation/${file}`, contents: toJson(template) };
  const required = requiredParameters(template);
  const header = [
    `Generated by ecsify ${options.version} from ${options.inputLabel}; edits are lost when it is generated again.`,
    `Deploy: aws cloudformation deploy --template-file ${file} --stack-name ${stackName(app.name)} --capabilities CAPABILITY_IAM` +
      (required.length > 0 ? ` --parameter-overrides ${required.map((p) => `${p}=…`).join(' ')}` : ''),
  ];
  return piecewiseFile(`cloudformation/${file}`, toYamlPieces(template, header));
}

/**
 * The serialised template of each application, kept from `renderedTemplate` for the emitter:
 * `convert` checks the template (check.ts) before writing it, and both see the same file, built
 * and serialised once. Keyed by the IR object, which passes never mutate, so the cache cannot go
 * stale. The built template object is not kept here: check.ts reads it, and the emitters that
 * run after the check do not need it held in memory meanwhile (the CDK code, made right after
 * the check, takes it from `forCdk`).
 */
const rendered = new WeakMap<Application, { key: string; file: EmittedFile; facts: BuildFacts }>();

/** What a built template depends on besides the application (caches of it are keyed by this). */
export function cacheKey(options: EmitOptions): string {
  return JSON.stringify([options.version, options.inputLabel, options.format]);
}

/**
 * Builds and serialises the template; the file is kept for `emitCloudFormation`, and when the
 * run also makes the CDK app (`options.kinds` has `cdk`) the built template is kept for its code
 * (`builtTemplate`), which is written from the same object.
 */
export function renderedTemplate(app: Application, options: EmitOptions): { built: BuiltTemplate; file: EmittedFile } {
  const built = build(app, options);
  const file = serialise(app, built.template, options);
  const key = cacheKey(options);
  rendered.set(app, { key, file, facts: built.facts });
  if (options.kinds?.includes('cdk')) forCdk.set(app, { key, built });
  return { built, file };
}

/**
 * The built template `renderedTemplate` kept for the CDK app: building it again took as long as
 * writing the CDK code (a quarter of a second for a thousand services). Held only until the CDK
 * code takes it, not while the other emitters run.
 */
const forCdk = new WeakMap<Application, { key: string; built: BuiltTemplate }>();

/** The built template: the one `renderedTemplate` kept for the CDK app (let go here), or a new one. */
export function builtTemplate(app: Application, options: EmitOptions): BuiltTemplate {
  const kept = forCdk.get(app);
  forCdk.delete(app);
  return kept && kept.key === cacheKey(options) ? kept.built : build(app, options);
}

/** What building the template decided (for the report): from the template rendered for the check when there is one. */
export function templateFacts(app: Application, options: EmitOptions): BuildFacts {
  const hit = rendered.get(app);
  return hit && hit.key === cacheKey(options) ? hit.facts : build(app, options).facts;
}

/** The template file and what building it decided: the one rendered for the check when there is one. */
export function templateFile(app: Application, options: EmitOptions): { file: EmittedFile; facts: BuildFacts } {
  const hit = rendered.get(app);
  if (hit && hit.key === cacheKey(options)) return hit;
  const r = renderedTemplate(app, options);
  return { file: r.file, facts: r.built.facts };
}

/**
 * The template, the script that starts, stops and releases the stack (release-script.ts), and
 * for a live EB environment the one that copies its secret properties (secrets-script.ts).
 */
export async function emitCloudFormation(app: Application, options: EmitOptions): Promise<EmittedFile[]> {
  const { file, facts } = templateFile(app, options);
  const name = path.posix.basename(file.path);
  const secrets = await secretsFromEbScript(app, facts, name, options);
  return [file, await releaseScript(app, facts, name, options), ...(secrets ? [secrets] : [])];
}
