/**
 * Diagnostics about the CloudFormation template: limits it would pass, things it cannot do for
 * the user (existing roles and file systems), and choices it made (services start stopped,
 * retention rounded, schedules on UTC). The emitter itself is pure and cannot report, so the CLI
 * calls this before emitting `cloudformation` (it builds the same template the emitter writes).
 */
import type { Reporter } from '../../diagnostics/context.js';
import type { Application, ScheduledAction } from '../../ir/types.js';
import { runsOnUtc } from '../../ir/schedule.js';
import { secretsFromEb } from './secrets-script.js';
import { andList } from '../../util/and-list.js';
import { byteLength } from '../pieces.js';
import type { EmitOptions } from '../types.js';
import { build, MAX_INLINE_TEMPLATE_BYTES, renderedTemplate } from './emit.js';
import { startsStopped } from '../first-deploy.js';

const LIMITS = { resources: 500, parameters: 200, bytes: 1_000_000, inlineBytes: MAX_INLINE_TEMPLATE_BYTES };

function count(section: unknown): number {
  return section && typeof section === 'object' ? Object.keys(section).length : 0;
}

export function checkCloudFormation(app: Application, reporter: Reporter, options: EmitOptions): void {
  const { built, file } = renderedTemplate(app, options);
  const { template, facts } = built;
  const bytes = byteLength(file);

  const resources = count(template['Resources']);
  if (resources > LIMITS.resources) {
    reporter.report('cloudformation/resource-limit', `The CloudFormation template has ${resources} resources; one stack holds at most ${LIMITS.resources}.`, {
      hint: 'Deploy the services as several stacks: convert groups of them separately (--exclude the others).',
    });
  }
  const parameters = count(template['Parameters']);
  if (parameters > LIMITS.parameters) {
    reporter.report('cloudformation/parameter-limit', `The CloudFormation template needs ${parameters} parameters; CloudFormation allows ${LIMITS.parameters}.`, {
      hint: 'Use fixed image references instead of build sections, or split the application into several stacks.',
    });
  }
  if (facts.fixedDesiredCounts) {
    reporter.report('cloudformation/fixed-desired-counts', `The template fixes the desired count of each of the ${app.services.length} services instead of making each a parameter, to stay within 200 parameters.`);
  }
  if (facts.fixedReleaseImages > 0) {
    const n = facts.fixedReleaseImages;
    reporter.report(
      'cloudformation/fixed-images',
      `The template writes ${n === 1 ? 'the image' : `each of the ${n} images`} of the app's own registry as a fixed reference instead of a parameter, to stay within 200 parameters.`,
      { hint: 'To deploy a new version, change the tag in the input and convert again.' },
    );
  }
  if (facts.serviceOutputsSkipped) {
    reporter.report('cloudformation/output-limit', `The template does not list the ${app.services.length} service names as outputs, to stay within 200 outputs.`);
  }
  if (bytes > LIMITS.bytes) {
    reporter.report('cloudformation/template-too-large', `The CloudFormation template is ${bytes} bytes; CloudFormation accepts at most ${LIMITS.bytes}.`, {
      hint: 'Split the application into several stacks.',
    });
  } else if (bytes > LIMITS.inlineBytes) {
    reporter.report('cloudformation/needs-s3-upload', `The CloudFormation template is ${bytes} bytes, more than the 51,200 CloudFormation accepts inline.`, {
      hint: 'Add --s3-bucket BUCKET to `aws cloudformation deploy`.',
    });
  }

  const running = (template['Parameters'] as Record<string, { Default?: unknown }> | undefined)?.['Running'];
  if (running?.Default === 'false') {
    const { secrets, jobs } = startsStopped(app);
    const what = [
      ...(secrets.length > 0 ? [`the values of ${andList(secrets)} must be stored`] : []),
      ...(jobs.length > 0 ? [`the one-off task${jobs.length === 1 ? '' : 's'} ${andList(jobs.map((j) => `\`${j.name}\``))} must run`] : []),
    ];
    const steps = [
      ...(secrets.length > 0
        ? [secretsFromEb(app, facts) && !facts.ssmParameters ? 'store the values (`sh cloudformation/secrets-from-eb.sh <stack>` copies them from the environment)' : 'store the values (see the stack outputs)']
        : []),
      ...(jobs.length > 0 ? [`run ${jobs.length === 1 ? 'the job' : 'each job'} with the command in its stack output and wait for it to succeed`] : []),
    ];
    reporter.report('cloudformation/starts-stopped', `The stack starts with Running=false: ${what.join(', and ')}${what.length > 1 ? ',' : ''} before the services can start.`, {
      hint:
        `Deploy, ${steps.join(', ')}, then update the stack with Running=true` +
        (jobs.length > 0 ? '; `sh cloudformation/release.sh <stack> --start` does the last two.' : ' (`sh cloudformation/release.sh <stack> --start`).'),
    });
  }
  if (facts.retentionRounded) {
    const { requested, used } = facts.retentionRounded;
    reporter.report('cloudformation/log-retention-rounded', `Log retention of ${requested} days is not one CloudWatch Logs offers; the log group keeps logs for ${used} days.`);
  }
  for (const { volume, services } of facts.existingFileSystems) {
    reporter.report(
      'cloudformation/existing-file-system',
      `Volume ${volume.name} is an existing EFS file system; the stack mounts it but does not create its mount targets or open it to ${andList(services.map((s) => s.name))}.`,
      {
        origin: volume.origin,
        hint: 'Give the file system a mount target in each task subnet and allow NFS (TCP 2049) from the services\' security groups.',
      },
    );
  }
  for (const { service, actions } of facts.existingRoleNeeds) {
    reporter.report('cloudformation/existing-task-role', `Service ${service.name} uses the existing role ${service.taskRole?.arn}, which needs ${andList(actions)}.`, {
      origin: service.taskRole?.origin ?? service.origin,
      hint: 'Add these permissions to the role, or let ecsify create the task role.',
    });
  }
  for (const service of facts.requestsScalingSkipped) {
    const target = service.scaling?.targets.find((t) => t.metric === 'requests');
    reporter.report('cloudformation/requests-scaling-skipped', `Service ${service.name} should scale on requests per target, but no application load balancer of the stack serves it; that policy is left out.`, {
      origin: target?.origin ?? service.scaling?.origin ?? service.origin,
      hint: 'Scale it on CPU or memory instead.',
    });
  }
  for (const { service, caller } of facts.mixedNetworkModes) {
    reporter.report(
      'cloudformation/mixed-network-modes',
      `Service ${caller.name} (awsvpc) calls ${service.name} (${service.task.networkMode} mode), whose tasks use the container instances' security group; the stack does not open it to ${caller.name}.`,
      { origin: service.origin, hint: `Use one network mode for both, or allow ${caller.name}'s security group on the instances' security group.` },
    );
  }
  if (facts.existingLoadBalancerIgnored) {
    reporter.report('cloudformation/existing-load-balancer-ignored', 'The services need both an application and a network load balancer, so the stack creates its own instead of using the existing one.', {
      origin: app.settings.loadBalancer?.origin,
      hint: 'Remove x-aws-loadbalancer, or publish only HTTP or only TCP/UDP ports.',
    });
  }

  // Schedules without a time zone: Application Auto Scaling runs them on UTC, which is easy to
  // miss with `--schedule "mon-fri 08:00-20:00"` (rate() expressions have no clock time).
  const utc = (actions: readonly ScheduledAction[] | undefined) => (actions ?? []).filter(runsOnUtc);
  const scopes: [string, ScheduledAction[]][] = [
    ['The stop/start schedule', utc(app.settings.schedule)],
    ...app.services.map((s): [string, ScheduledAction[]] => [`The schedule of service ${s.name}`, utc(s.scaling?.schedule)]),
  ];
  for (const [what, actions] of scopes) {
    if (actions.length === 0) continue;
    reporter.report(
      'cloudformation/schedule-utc',
      `${what} names no time zone, so it runs on UTC: ${andList(actions.map((a) => `${a.action} ${a.schedule}`))}.`,
      {
        origin: actions.find((a) => a.origin)?.origin,
        hint: 'Add an IANA time zone to run on local time, e.g. --schedule "mon-fri 08:00-20:00 Europe/Paris".',
      },
    );
  }

  const overlay = app.settings.cloudformationOverlay as { Resources?: Record<string, unknown> } | undefined;
  if (overlay?.Resources && typeof overlay.Resources === 'object') {
    const ids = generatedIds(app, options);
    for (const [id, r] of Object.entries(overlay.Resources)) {
      const typed = r !== null && typeof r === 'object' && 'Type' in r;
      if (!typed && !ids.has(id)) {
        reporter.report('cloudformation/overlay-unknown-resource', `x-aws-cloudformation changes resource ${id}, which the template does not have, and gives it no Type.`, {
          hint: 'Use a logical id from the generated template, or give the resource a Type.',
        });
      }
    }
  }
}

/** Logical ids of the template without the overlay. */
function generatedIds(app: Application, options: EmitOptions): Set<string> {
  const withoutOverlay: Application = { ...app, settings: { ...app.settings, cloudformationOverlay: undefined } };
  return new Set(Object.keys((build(withoutOverlay, options).template['Resources'] as object) ?? {}));
}
