/**
 * Template parameters: where the stack goes (VPC, subnets), what it runs (images that are built,
 * and the app's own released ones, with the one-off tasks' during a release), how much (desired counts, the Running switch) and what it connects to (endpoints
 * of services left out). Each is declared here and appears in the template only when used.
 */
import type { Container, ImageSource, Service } from '../../ir/types.js';
import { startsStopped } from '../first-deploy.js';
import { imageGroups, jobContainers, releaseImageGroups, type ImageGroup } from '../images.js';
import { FIXED, type Ctx } from './context.js';
import { equals, iff, not } from './intrinsics.js';
import { pascalCase } from './logical-ids.js';

/** The template can hold 200 parameters; desired counts become fixed values beyond this. */
export const MAX_PARAMETERS = 200;

/** Subnet list to a comma-separated default, or no default. */
function listDefault(values: string[] | undefined): { Default?: string } {
  return values && values.length > 0 ? { Default: values.join(',') } : {};
}

export function declareCommonParameters(ctx: Ctx): void {
  const { stack, app } = ctx;
  const net = app.settings.network;
  const usesEfs = app.services.some((s) =>
    s.task.volumes.some((v) => v.source.kind === 'shared' && app.volumes.some((x) => x.name === (v.source as { volume: string }).volume && !x.external)),
  );
  stack.ids.claim(FIXED.vpc);
  stack.declareParameter(
    FIXED.vpc,
    'Network',
    () => ({
      Type: 'AWS::EC2::VPC::Id',
      Description: 'VPC to deploy into.',
      ...(net?.vpcId ? { Default: net.vpcId } : {}),
    }),
    'VPC',
  );
  stack.ids.claim(FIXED.privateSubnets);
  stack.declareParameter(
    FIXED.privateSubnets,
    'Network',
    () => ({
      Type: 'List<AWS::EC2::Subnet::Id>',
      Description:
        'Subnets for the tasks, one per Availability Zone (private subnets that reach the internet through a NAT gateway, or have VPC endpoints for ECR, CloudWatch Logs and the secret store).' +
        (usesEfs ? ' The EFS mount targets go into the first three.' : ''),
      ...listDefault(net?.subnets),
    }),
    'Task subnets',
  );
  stack.ids.claim(FIXED.publicSubnets);
  stack.declareParameter(
    FIXED.publicSubnets,
    'Network',
    () => ({
      Type: 'List<AWS::EC2::Subnet::Id>',
      Description: 'Public subnets for the internet-facing load balancer (and for tasks given a public IP), in at least two Availability Zones.',
      ...listDefault(net?.publicSubnets),
    }),
    'Public subnets',
  );
  stack.ids.claim(FIXED.internalCidr);
  stack.declareParameter(
    FIXED.internalCidr,
    'Network',
    () => ({
      Type: 'String',
      Description: 'Address range allowed to reach the internal load balancer (usually the VPC CIDR).',
      Default: '10.0.0.0/8',
      AllowedPattern: '^(\\d{1,3}\\.){3}\\d{1,3}/\\d{1,2}$',
      ConstraintDescription: 'an IPv4 CIDR block such as 10.0.0.0/16',
    }),
    'Internal client CIDR',
  );

  const first = startsStopped(app);
  const why = [
    ...(first.secrets.length > 0 ? ['the secrets must be filled in'] : []),
    ...(first.jobs.length > 0 ? [`the one-off task${first.jobs.length === 1 ? '' : 's'} must run`] : []),
  ];
  stack.ids.claim(FIXED.running);
  stack.declareParameter(
    FIXED.running,
    'Capacity',
    () => ({
      Type: 'String',
      Description:
        'false stops every service (desired count 0, scheduled actions paused); true runs them.' +
        (why.length > 0 ? ` Starts as false because ${why.join(' and ')} first (see the outputs).` : ''),
      Default: why.length > 0 ? 'false' : 'true',
      AllowedValues: ['true', 'false'],
    }),
    'Running',
  );
  stack.ids.claim(FIXED.isRunning);
}

/** `IsRunning` condition (declares the `Running` parameter's use). */
export function isRunning(ctx: Ctx): string {
  return ctx.stack.addCondition(FIXED.isRunning, equals(ctx.stack.param(FIXED.running), 'true'));
}

/**
 * A service's desired count for the template: never below its scaling minimum nor above its
 * maximum, the range Application Auto Scaling would move it into anyway.
 */
export function desiredCountDefault(service: Service): number {
  const s = service.scaling;
  return s ? Math.min(Math.max(service.desiredCount, s.min), s.max) : service.desiredCount;
}

/** Parameter holding a service's desired count, or undefined when counts are fixed values. */
export function desiredCountParameter(ctx: Ctx, service: Service, useParameters: boolean): string | undefined {
  if (!useParameters) return undefined;
  const id = ctx.names.forService(service, 'DesiredCount');
  ctx.stack.declareParameter(
    id,
    'Capacity',
    () => ({
      Type: 'Number',
      Description: `Number of tasks of service ${service.name} while Running is true.`,
      Default: desiredCountDefault(service),
      MinValue: 0,
    }),
  );
  return id;
}

function imageDescription(image: ImageSource, users: string[]): string {
  const who = users.length === 1 ? `container ${users[0]}` : `containers ${users.join(', ')}`;
  if (image.kind === 'build') {
    const from = image.dockerfile ? `${image.context} (${image.dockerfile})` : image.context;
    return `Image URI for ${who}, built from ${from}; e.g. 123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:1.0.`.slice(0, 4000);
  }
  if (image.kind === 'platform') {
    return `Image URI for ${who} (the app built for the Elastic Beanstalk platform ${image.platform}); e.g. 123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:1.0.`.slice(0, 4000);
  }
  // Empty by default, not the reference itself: `aws cloudformation deploy` keeps a parameter's
  // value from the last deploy, so a default would pin the first image even after the template
  // is generated again from an input with a new tag.
  return `Image URI for ${who}; empty: ${image.ref}, the image of the input. Set it to deploy another version; later deploys keep it until it is set again (empty returns to the template's image).`.slice(0, 4000);
}

/** The image parameters of the stack (see `declareImageParameters`). */
export interface ImagePlan {
  /** The image parameter of each container whose image is one. */
  parameters: Map<Container, string>;
  /**
   * For an image parameter that one-off tasks run: the parameter they run instead when it is set
   * (empty by default: the same image), and the condition that says it is. A new image then
   * reaches the jobs in one stack update and the services in the next, so the migration runs
   * before the new version serves, as EB ran leader-only commands before it switched versions.
   */
  forJobs: Map<string, { parameter: string; condition: string }>;
  /** For the parameter of an own released image: the input's reference, used while it is empty, and the condition that says it is set. */
  releases: Map<string, { ref: string; condition: string }>;
  /** Own release images left as fixed references, to stay within 200 parameters. */
  fixedReleases: number;
  /** Each image parameter's image, and who runs it (`web`, `web/nginx`), in declaration order. */
  images: Map<string, { image: ImageSource; users: string[] }>;
}

/**
 * Image parameters: one per distinct built image, required (containers built from the same
 * source share it: a Procfile app's processes all run the same image), then one per own
 * released image (`releaseImageGroups`), empty by default for the input's reference, while the
 * template stays within `budget` parameters. Each is named after the first service using it. An image
 * parameter that a one-off task runs gets a companion `…JobImage` (`ImagePlan.forJobs`).
 */
export function declareImageParameters(ctx: Ctx, budget: number): ImagePlan {
  const jobUsers = jobContainers(ctx.app);
  const plan: ImagePlan = { parameters: new Map(), forJobs: new Map(), releases: new Map(), fixedReleases: 0, images: new Map() };
  const declare = (key: string, g: ImageGroup, release: boolean): void => {
    const first = g.users[0]!;
    const wanted =
      first.container.name === first.service.name
        ? `${ctx.names.service(first.service.name)}Image`
        : `${ctx.names.service(first.service.name)}${pascalCase(first.container.name)}Image`;
    const id = ctx.names.id(`image:${key}`, wanted);
    const labels = g.users.map((u) => (u.container.name === u.service.name ? u.service.name : `${u.service.name}/${u.container.name}`));
    ctx.stack.declareParameter(
      id,
      'Images',
      () => ({
        Type: 'String',
        Description: imageDescription(g.image, labels),
        ...(release ? { Default: '', AllowedPattern: '^\\S*$', ConstraintDescription: 'an image URI without spaces, or nothing' } : { AllowedPattern: '^\\S+$', ConstraintDescription: 'an image URI without spaces' }),
      }),
    );
    for (const u of g.users) plan.parameters.set(u.container, id);
    plan.images.set(id, { image: g.image, users: labels });
    if (release) plan.releases.set(id, { ref: (g.image as { ref: string }).ref, condition: ctx.names.id(`image-set:${key}`, `Has${id}`) });
    if (!g.users.some((u) => jobUsers.has(u.container))) return;
    const jobId = ctx.names.id(`job-image:${key}`, `${id.replace(/Image$/, '')}JobImage`);
    ctx.stack.declareParameter(
      jobId,
      'Images',
      () => ({
        Type: 'String',
        Description:
          `Image URI the one-off tasks run instead of ${id}'s, set only during a release; empty: ${id}'s. To release a new image, set this to it, ` +
          `run the one-off tasks (outputs Job…Command), then set ${id} to it and this back to empty: the services start the new image only after the tasks ran with it.`,
        Default: '',
        AllowedPattern: '^\\S*$',
        ConstraintDescription: 'an image URI without spaces, or nothing',
      }),
    );
    const condition = ctx.names.id(`job-image-set:${key}`, `Has${jobId}`);
    plan.forJobs.set(id, { parameter: jobId, condition });
  };
  const built = imageGroups(ctx.app);
  const released = releaseImageGroups(ctx.app);
  const jobsOf = (groups: Map<string, ImageGroup>) => [...groups.values()].filter((g) => g.users.some((u) => jobUsers.has(u.container))).length;
  for (const [key, g] of built) declare(key, g, false);
  // Built images must be parameters; released ones are a convenience, taken only when all fit.
  if (built.size + jobsOf(built) + released.size + jobsOf(released) <= budget) {
    for (const [ref, g] of released) declare(JSON.stringify(['ref', ref]), g, true);
  } else plan.fixedReleases = released.size;
  return plan;
}

/**
 * The image of a container whose image is a parameter, in a service's task definition or
 * (`forJob`) in one the stack registers for a one-off task: the jobs' parameter when that is
 * set; an own released image's parameter when that is set, else the input's reference; a built
 * image's parameter.
 */
export function parameterImage(ctx: Ctx, plan: ImagePlan, parameter: string, forJob: boolean): unknown {
  const { stack } = ctx;
  const isSet = (id: string, condition: string) => stack.addCondition(condition, not(equals(stack.param(id), '')));
  const release = plan.releases.get(parameter);
  const base = release ? iff(isSet(parameter, release.condition), stack.param(parameter), release.ref) : stack.param(parameter);
  const forJobs = forJob ? plan.forJobs.get(parameter) : undefined;
  return forJobs ? iff(isSet(forJobs.parameter, forJobs.condition), stack.param(forJobs.parameter), base) : base;
}

/** Endpoint parameters of services left out of the deployment, by IR parameter name. */
export function declareExcludedParameters(ctx: Ctx): Map<string, string> {
  const out = new Map<string, string>();
  for (const ex of ctx.app.excluded) {
    const wanted = /^[A-Za-z0-9]+$/.test(ex.parameter) ? ex.parameter : pascalCase(ex.parameter) || 'Endpoint';
    const id = ctx.names.id(`excluded:${ex.parameter}`, wanted);
    const alt = ex.alternative ? ` (for example ${ex.alternative})` : '';
    ctx.stack.declareParameter(
      id,
      'Services left out',
      () => ({
        Type: 'String',
        Description: `Host name of ${ex.name}, which is not deployed by this stack${alt}.`.slice(0, 4000),
        AllowedPattern: '^\\S+$',
        ConstraintDescription: 'a host name',
      }),
      `${ex.name} endpoint`,
    );
    out.set(ex.parameter, id);
  }
  return out;
}
