/**
 * One-off jobs (EB leader-only commands, a Procfile `release` entry) in the stack: an output per
 * job holding the `aws ecs run-task` command that runs it with this stack's cluster, task
 * definition, subnets and security group. `jobs/*.json` asks for those as placeholders, which a
 * user of the stack would otherwise have to dig out of the console (the stack has no output for
 * a service's security group).
 *
 * The command places the task as the stack places its service's tasks (launch type or capacity
 * provider, network configuration: services.ts `placement`), so the two cannot drift apart; a
 * service of role `job` has no ECS service, only its task definition. A Fargate Spot service's
 * job runs on plain Fargate: a job cut short by Spot has to start over.
 */
import type { Job, Service } from '../../ir/types.js';
import type { Ctx } from './context.js';
import type { Ec2Capacity } from './ec2-capacity.js';
import { Intrinsic, join, sub, subLiteral } from './intrinsics.js';
import { pascalCase, shortHash } from './logical-ids.js';
import { imageValue, placement, tagsFor } from './services.js';
import { shellQuote } from '../../util/shell-words.js';
import { uniqueName } from '../../util/unique-name.js';
import { apiToCloudFormation } from './casing.js';
import type { ImagePlan } from './parameters.js';
import { buildTaskDefinition, type TaskDefRefs } from '../taskdef/task-definition.js';
import { jobCommand } from '../../ir/jobs.js';

/** What the commands need of the stack being built. */
export interface JobEnv {
  /** The cluster in `Fn::Sub` text (`${Cluster}`, or an existing cluster's name). */
  clusterText: string;
  fargate: boolean;
  capacity: Ec2Capacity | undefined;
  images: ImagePlan;
  /** What each service's task definition was built with (services.ts). */
  taskDefinitionRefs: ReadonlyMap<string, TaskDefRefs>;
}

/**
 * Adds, per job whose service is in the stack, its task definition when it needs one of its own,
 * and a stack output with the command that runs it.
 */
export function emitJobOutputs(ctx: Ctx, env: JobEnv): void {
  const { app, stack, names } = ctx;
  for (const job of app.jobs) {
    const service = app.services.find((s) => s.name === job.service);
    if (!service) continue;
    const taskDefinition = jobTaskDefinition(ctx, env, job, service);
    const id = names.id(`output:job:${job.name}`, `Job${pascalCase(job.name) || shortHash(job.name)}Command`);
    ctx.facts.jobOutputs.push({ name: job.name, output: id, container: job.container, beforeDeploy: job.beforeDeploy });
    stack.addOutput(id, {
      Description: describe(env, job, service, jobCommand(job, app.services)).slice(0, 1024),
      Value: runTaskCommand(ctx, env, job, service, taskDefinition),
    });
  }
}

/**
 * The task definition a job runs. A service of role `job` has its own. A job that runs in a
 * service's task (an EB leader-only command, a Procfile `release`) gets a copy of that task
 * definition when one of its images is a parameter: the copy runs the jobs' image parameter
 * (`…JobImage`), so a new image can reach the job before the service (see `ImagePlan.forJobs`).
 * Otherwise it runs the service's own.
 */
function jobTaskDefinition(ctx: Ctx, env: JobEnv, job: Job, service: Service): string {
  const own = ctx.names.forService(service, 'TaskDefinition');
  if (service.role === 'job') return own;
  const refs = env.taskDefinitionRefs.get(service.name);
  const parameters = service.task.containers.map((c) => env.images.parameters.get(c));
  if (!refs || !parameters.some((p) => p !== undefined && env.images.forJobs.has(p))) return own;
  const id = ctx.names.id(`job-task-definition:${job.name}`, `Job${pascalCase(job.name) || shortHash(job.name)}TaskDefinition`);
  const copyRefs: TaskDefRefs = { ...refs, image: (_s, container) => imageValue(ctx, env.images, container, true) };
  const definition = buildTaskDefinition(ctx.app, service, copyRefs);
  definition['family'] = jobFamily(ctx, service, job);
  ctx.stack.addResource(id, {
    Type: 'AWS::ECS::TaskDefinition',
    Properties: { ...(apiToCloudFormation(definition) as Record<string, unknown>), ...tagsFor(ctx, 'AWS::ECS::TaskDefinition') },
  });
  return id;
}

/** `<service family>-<job>` as ECS accepts a family (`[A-Za-z0-9_-]`, at most 255), apart from every service's. */
function jobFamily(ctx: Ctx, service: Service, job: Job): string {
  const taken = new Set(ctx.app.services.map((s) => s.task.family));
  return uniqueName(`${service.task.family}-${job.name}`.replace(/[^A-Za-z0-9_-]+/g, '-').slice(0, 250), taken);
}

function describe(env: JobEnv, job: Job, service: Service, command: string[] | undefined): string {
  const pairs = new Map<string, string>();
  for (const c of service.task.containers) {
    const p = env.images.parameters.get(c);
    const forJobs = p === undefined ? undefined : env.images.forJobs.get(p);
    if (p !== undefined && forJobs) pairs.set(forJobs.parameter, p);
  }
  const what = `Runs the one-off task ${job.name}${command ? ` (${command.join(' ')})` : ''}`;
  const first = `${what}${service.role === 'job' ? '' : ` in a task of ${job.service}`}; wait for it to succeed. After the first deploy, run it before setting Running to true.`;
  if (pairs.size > 0) {
    const set = (names: string[]) => names.join(' and ');
    return `${first} To release a new image: set ${set([...pairs.keys()])} to it, run this, then set ${set([...new Set(pairs.values())])} to it and ${set([...pairs.keys()])} back to empty.`;
  }
  return `${first} It runs the image of the template: for another one, run jobs/${job.name}.json with a task definition registered for it before updating the stack.`;
}

function runTaskCommand(ctx: Ctx, env: JobEnv, job: Job, service: Service, taskDefinition: string): Intrinsic {
  // Placed as the service, except that a job never runs on Fargate Spot.
  const props = placement(ctx, { ...service, spot: false }, env.fargate, env.capacity);
  const variables: Record<string, unknown> = {};
  const parts = [`aws ecs run-task --cluster ${env.clusterText} --task-definition \${${taskDefinition}}`];

  // Left with a capacity provider strategy only on EC2 capacity providers; else a launch type.
  const strategy = props['CapacityProviderStrategy'] as [{ CapacityProvider: unknown }] | undefined;
  if (strategy) parts.push(`--capacity-provider-strategy capacityProvider=${subText(strategy[0].CapacityProvider)},weight=1`);
  else parts.push(`--launch-type ${String(props['LaunchType'])}`);

  const network = (props['NetworkConfiguration'] as { AwsvpcConfiguration?: Record<string, unknown> } | undefined)?.AwsvpcConfiguration;
  if (network) {
    // A list parameter cannot appear in Fn::Sub text: it is joined into the JSON's list.
    variables['Subnets'] = join('","', network['Subnets']);
    const groups = (network['SecurityGroups'] as unknown[]).map((g) => `"${subText(g)}"`).join(',');
    parts.push(`--network-configuration '{"awsvpcConfiguration":{"subnets":["\${Subnets}"],"securityGroups":[${groups}],"assignPublicIp":"${String(network['AssignPublicIp'])}"}}'`);
  }
  if (job.command) {
    const overrides = JSON.stringify({ containerOverrides: [{ name: job.container, command: job.command }] });
    parts.push(`--overrides ${shellQuote(subLiteral(overrides))}`);
  }
  // startedBy: up to 36 letters, digits, `-` and `_`; `aws ecs list-tasks --started-by` finds the task.
  parts.push(`--started-by ${`job-${job.name}`.replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 36)}`);
  return sub(parts.join(' '), Object.keys(variables).length > 0 ? variables : undefined);
}

/** `Ref`/`GetAtt` as `Fn::Sub` text; a plain value as literal text. */
function subText(value: unknown): string {
  if (value instanceof Intrinsic) {
    if (value.fn === 'Ref') return `\${${String(value.arg)}}`;
    if (value.fn === 'Fn::GetAtt') return `\${${(value.arg as string[]).join('.')}}`;
    throw new Error(`internal: ${value.fn} in a job command`);
  }
  return subLiteral(String(value));
}

