/**
 * Application Auto Scaling: a scalable target per service that scales or follows a schedule,
 * target tracking on CPU, memory and requests per target, and scheduled actions (stop = 0/0,
 * start = the service's own minimum and maximum). `Running=false` pins min and max to 0 and
 * drops the scheduled actions, so a stopped stack stays stopped. While Running is true the
 * scalable target, not the template, owns the service's desired count (`scalingOwnsDesiredCount`).
 */
import type { ScheduledAction, Service } from '../../ir/types.js';
import type { Ctx } from './context.js';
import { iff, NO_VALUE, ref, sub } from './intrinsics.js';
import type { TargetGroupInfo } from './load-balancing.js';

/** The stop/start schedule of a service: the app's, with the service's own entries winning by name. */
export function scheduleOf(ctx: Ctx, service: Service): ScheduledAction[] {
  const byName = new Map<string, ScheduledAction>();
  for (const a of ctx.app.settings.schedule ?? []) byName.set(a.name, a);
  for (const a of service.scaling?.schedule ?? []) byName.set(a.name, a);
  return [...byName.values()];
}

/**
 * Whether Application Auto Scaling owns the service's desired count, so the service leaves
 * `DesiredCount` out while Running is true (`!If [IsRunning, !Ref AWS::NoValue, 0]`).
 *
 * Why: CloudFormation sends the template's desired count with every update of the service (a new
 * image, say), which would reset a scaled-out service to it in the middle of a peak, or start a
 * service its schedule has stopped. Left out, ECS keeps the current count: a new service starts
 * with 1 task, and whenever the scalable target is registered or changed (created, or Running
 * switched back to true, which moves its minimum up from 0) Application Auto Scaling moves the
 * count into [min, max] (documented for RegisterScalableTarget in "Application Auto Scaling
 * concepts"). Running=false still stops everything: `DesiredCount` is then 0, min and max are
 * pinned to 0 and the scheduled actions are dropped.
 *
 * Not when the scaling minimum is 0: a service switched back on would stay at 0 tasks, and with
 * no task there is no CPU or memory metric to scale out on; it keeps an explicit count.
 */
export function scalingOwnsDesiredCount(ctx: Ctx, service: Service): boolean {
  if (service.scaling) return service.scaling.min > 0;
  return scheduleOf(ctx, service).length > 0;
}

/** Whether the service's desired count is used by the template (a parameter when they fit). */
export function usesDesiredCount(ctx: Ctx, service: Service): boolean {
  // A service that scales takes its capacity from the scaling min and max; one that only follows
  // a schedule uses its desired count as both.
  if (service.role === 'job') return false; // no ECS service
  return !(service.scaling && scalingOwnsDesiredCount(ctx, service));
}

/** Scheduled action names may not contain `:`, `/` or `|`. */
function actionName(name: string): string {
  return name.replace(/[:/|\s]+/g, '-').slice(0, 256) || 'action';
}

export function scalingResources(
  ctx: Ctx,
  service: Service,
  opts: {
    serviceId: string;
    /** The cluster name inside a `Fn::Sub` string (`${Cluster}` or an escaped literal name). */
    clusterText: string;
    isRunning: string;
    /** Desired count value (parameter Ref or number) used as min = max when the service does not scale; undefined when it scales. */
    desiredCount: unknown;
    /** Target groups of the service on application load balancers (for request-count scaling). */
    albTargets: TargetGroupInfo[];
  },
): void {
  const { stack, names } = ctx;
  const schedule = scheduleOf(ctx, service);
  const scaling = service.scaling;
  if (!scaling && schedule.length === 0) return;
  const min: unknown = scaling ? scaling.min : opts.desiredCount;
  const max: unknown = scaling ? scaling.max : opts.desiredCount;
  const id = names.forService(service, 'ScalableTarget');
  const actions = schedule.map((a) => {
    let target: Record<string, unknown>;
    if (a.action === 'stop') target = { MinCapacity: 0, MaxCapacity: 0 };
    else if (a.action === 'start') target = { MinCapacity: min, MaxCapacity: max };
    else {
      target = {};
      if (a.min !== undefined) target['MinCapacity'] = a.min;
      if (a.max !== undefined) target['MaxCapacity'] = a.max;
    }
    return {
      ScheduledActionName: actionName(a.name),
      Schedule: a.schedule,
      ...(a.timezone ? { Timezone: a.timezone } : {}),
      ScalableTargetAction: target,
    };
  });
  const resourceId = sub(`service/${opts.clusterText}/\${${opts.serviceId}.Name}`);
  stack.addResource(id, {
    Type: 'AWS::ApplicationAutoScaling::ScalableTarget',
    Properties: {
      ServiceNamespace: 'ecs',
      ScalableDimension: 'ecs:service:DesiredCount',
      ResourceId: resourceId,
      MinCapacity: iff(opts.isRunning, min, 0),
      MaxCapacity: iff(opts.isRunning, max, 0),
      ...(actions.length > 0 ? { ScheduledActions: iff(opts.isRunning, actions, NO_VALUE) } : {}),
    },
  });

  const seen = new Set<string>();
  for (const t of scaling?.targets ?? []) {
    if (seen.has(t.metric)) continue;
    seen.add(t.metric);
    const metric =
      t.metric === 'cpu' ? 'ECSServiceAverageCPUUtilization' : t.metric === 'memory' ? 'ECSServiceAverageMemoryUtilization' : 'ALBRequestCountPerTarget';
    let resourceLabel: unknown;
    if (t.metric === 'requests') {
      const tg = opts.albTargets[0];
      // Request-count scaling needs a target group on an application load balancer we create.
      if (!tg || !tg.lbResource) {
        ctx.facts.requestsScalingSkipped.push(service);
        continue;
      }
      resourceLabel = sub(`\${${tg.lbResource}.LoadBalancerFullName}/\${${tg.id}.TargetGroupFullName}`);
    }
    const suffix = t.metric === 'cpu' ? 'Cpu' : t.metric === 'memory' ? 'Memory' : 'Requests';
    stack.addResource(names.forService(service, `${suffix}ScalingPolicy`), {
      Type: 'AWS::ApplicationAutoScaling::ScalingPolicy',
      Properties: {
        PolicyName: `${service.name}-${t.metric}`.slice(0, 256),
        PolicyType: 'TargetTrackingScaling',
        ScalingTargetId: ref(id),
        TargetTrackingScalingPolicyConfiguration: {
          TargetValue: t.value,
          PredefinedMetricSpecification: {
            PredefinedMetricType: metric,
            ...(resourceLabel ? { ResourceLabel: resourceLabel } : {}),
          },
          ScaleInCooldown: 300,
          ScaleOutCooldown: 60,
        },
      },
    });
  }
}
