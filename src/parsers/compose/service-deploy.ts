/**
 * How many tasks and how they roll out: `deploy.replicas`/`scale` → desiredCount (equal when both
 * are set, as Compose demands), `deploy.update_config` → deployment min/max percent, `restart` and
 * `deploy.restart_policy` (ECS always replaces stopped tasks), and the Swarm-only parts of
 * `deploy` (reported). `deploy.resources` is read by service-resources.ts, `deploy.x-aws-*` by
 * x-aws.ts.
 */
import type { Deployment } from '../../ir/types.js';
import { get, isMap, isScalar, type YMap } from '../../yaml/node.js';
import type { ServiceDraft } from './service-draft.js';
import { approximated, at, entries, goString, invalid, originOf, readInt, readString, report, svc, unsupported, type At, type Entry, type ServiceContext } from './to-ir-context.js';

export function mapDeploy(ctx: ServiceContext, draft: ServiceDraft): void {
  const deployPair = ctx.keys.get('deploy');
  const deploy = deployPair && isMap(deployPair.value) ? deployPair.value : undefined;
  if (deployPair && !deploy && !(isScalar(deployPair.value) && deployPair.value.value === null)) {
    invalid(ctx, at(deployPair.value, deployPair.path), `${svc(ctx)}'s deploy must be a mapping.`, 'Write `deploy: {replicas: 2}`.');
  }

  let replicas: { n: number; where: At } | undefined;
  let scale: { n: number; where: At } | undefined;
  const scalePair = ctx.keys.get('scale');
  if (scalePair) {
    const n = readInt(ctx, scalePair.value, scalePair, `${svc(ctx)}'s scale`, { min: 0 });
    if (n !== undefined) scale = { n, where: scalePair };
  }
  let updateConfig: { node: YMap; path: string } | undefined;
  if (deploy) {
    const eList = entries(deploy, deployPair as Entry);
    for (let eIndex = 0; eIndex < eList.length; eIndex++) {
      const e = eList[eIndex] as Entry;
      const where = e;
      switch (e.key) {
        case 'replicas': {
          const n = readInt(ctx, e.value, e, `${svc(ctx)}'s deploy.replicas`, { min: 0 });
          if (n !== undefined) replicas = { n, where };
          break;
        }
        case 'resources':
          break; // service-resources.ts
        case 'update_config':
          if (isMap(e.value)) updateConfig = { node: e.value, path: e.path };
          break;
        case 'restart_policy':
          restartPolicy(ctx, e.value.kind === 'map' ? e.value : undefined, where);
          break;
        case 'mode': {
          const mode = readString(ctx, e.value, e, `${svc(ctx)}'s deploy.mode`);
          if (mode === 'global') {
            approximated(ctx, where, `${svc(ctx)} runs in \`global\` mode (one task per node); it becomes a service with ${replicasOf(deploy, scalePair?.value) ?? 1} task(s).`, 'On EC2 you can switch the generated ECS service to the DAEMON scheduling strategy.');
          } else if (mode === 'replicated-job' || mode === 'global-job') {
            unsupported(ctx, where, `${svc(ctx)} is a Swarm job (\`${mode}\`); ECS services run continuously and restart tasks that stop.`, 'Run it as a standalone task (aws ecs run-task) or a scheduled task instead of a service.', 'warning');
          } else if (mode !== undefined && mode !== 'replicated') {
            invalid(ctx, at(e.value, e.path), `${svc(ctx)}'s deploy.mode \`${mode}\` is not replicated or global.`, 'Write replicated or global.');
          }
          break;
        }
        case 'endpoint_mode':
          unsupported(ctx, where, `${svc(ctx)}'s deploy.endpoint_mode is a Swarm setting with no ECS counterpart.`, 'Nothing to do: services are found through service discovery.', 'info');
          break;
        case 'labels':
          unsupported(ctx, where, `${svc(ctx)}'s deploy.labels are Swarm service labels, which have no ECS counterpart.`, 'Use `labels` for container labels; tag the ECS service in the generated stack.', 'info');
          break;
        case 'placement':
          unsupported(ctx, where, `${svc(ctx)}'s deploy.placement (Swarm node constraints) is not converted.`, 'On EC2, add ECS placement constraints or strategies to the generated service; Fargate chooses hosts itself.');
          break;
        case 'rollback_config':
          unsupported(ctx, where, `${svc(ctx)}'s deploy.rollback_config has no ECS counterpart: ECS rolls back by redeploying the previous task definition.`, 'Nothing to do: ecsify turns the ECS deployment circuit breaker with rollback on for every service.', 'info');
          break;
        default:
          // x-aws-autoscaling is read by x-aws.ts; other x-aws-* keys are reported there too.
          if (!e.key.startsWith('x-')) invalid(ctx, where, `${svc(ctx)}'s deploy has an unknown key \`${e.key}\`.`, 'deploy takes mode, replicas, resources, restart_policy, update_config, rollback_config, placement, labels and endpoint_mode.');
      }
    }
  }
  if (replicas && scale && replicas.n !== scale.n) {
    invalid(ctx, replicas.where, `${svc(ctx)} sets scale ${scale.n} and deploy.replicas ${replicas.n}, which Compose refuses.`, 'Keep one of them (or make them equal).');
  }
  // Compose names the containers of a service `container_name` when set, so only one can run.
  const containerName = ctx.keys.get('container_name')?.value;
  // No `{ ...scale, what }` copy: an object spread in code not yet optimised is a runtime call
  // (most services with replicas reach this line), and the copy was read only here.
  const many = scale && scale.n > 1 ? scale : replicas && replicas.n > 1 ? replicas : undefined;
  if (many && isScalar(containerName) && containerName.type === 'str' && containerName.value !== '') {
    invalid(ctx, many.where, `${svc(ctx)} sets ${many === scale ? 'scale' : 'deploy.replicas'} ${many.n} and container_name \`${String(containerName.value)}\`, which Compose refuses: a container name must be unique.`, 'Remove container_name (other services reach this one by its service name), or run one replica.');
  }
  const count = replicas ?? scale;
  if (count) {
    draft.desiredCount = count.n;
    draft.serviceSettings.push({ what: replicas ? 'deploy.replicas' : 'scale', where: count.where });
  }
  if (updateConfig) {
    const d = deployment(ctx, updateConfig.node, updateConfig.path, draft.desiredCount);
    if (d) {
      draft.deployment = d;
      draft.serviceSettings.push({ what: 'deploy.update_config', where: at(updateConfig.node, updateConfig.path) });
    }
  }

  const restart = ctx.keys.get('restart');
  if (restart) {
    const value = readString(ctx, restart.value, restart, `${svc(ctx)}'s restart`);
    // Reported by tasks.ts once the role is known: right as it is for a one-off task.
    if (value !== undefined && value !== 'always' && value !== 'unless-stopped') draft.restart = { value, where: restart };
  }
}

function replicasOf(deploy: YMap, scale: import('../../yaml/node.js').YNode | undefined): string | undefined {
  const r = get(deploy, 'replicas') ?? scale;
  return r && isScalar(r) ? goString(r) : undefined;
}

function restartPolicy(ctx: ServiceContext, node: YMap | undefined, where: At): void {
  const keys = node ? node.entries.filter((e) => !e.key.startsWith('x-')) : [];
  const condition = node ? get(node, 'condition') : undefined;
  const onlyAny = keys.length === 1 && condition !== undefined && isScalar(condition) && condition.value === 'any';
  if (keys.length === 0 || onlyAny) return;
  const described = keys.map((e) => (isScalar(e.value) ? `${e.key} ${goString(e.value) ?? ''}`.trim() : e.key)).join(', ');
  report(ctx, 'compose/restart-policy', where, `${svc(ctx)}'s deploy.restart_policy (${described}) is not converted: an ECS service always replaces a task that stops.`, {
    hint: 'Nothing to do for a long-running service. If it runs a one-off command (a migration, a seed), mark it `x-ecsify: {role: job}` to make it a one-off task.',
  });
}

/**
 * `update_config` → ECS deployment percentages. `x-aws-min_percent`/`x-aws-max_percent` (Docker's
 * ECS integration) win; otherwise `order` and `parallelism` are translated: stop-first (the
 * default) takes `parallelism` tasks down before starting new ones (min = (n − p)/n, max 100 %),
 * start-first starts them first (min 100 %, max = (n + p)/n).
 */
function deployment(ctx: ServiceContext, node: YMap, path: string, replicas: number): Deployment | undefined {
  let parallelism: number | undefined;
  let order: string | undefined;
  let min: number | undefined;
  let max: number | undefined;
  const dropped: string[] = [];
  let firstDropped: At | undefined;
  const eList = entries(node, path);
  for (let eIndex = 0; eIndex < eList.length; eIndex++) {
    const e = eList[eIndex] as Entry;
    const where = e;
    switch (e.key) {
      case 'parallelism':
        parallelism = readInt(ctx, e.value, e, `${svc(ctx)}'s update_config.parallelism`, { min: 0 });
        break;
      case 'order':
        order = readString(ctx, e.value, e, `${svc(ctx)}'s update_config.order`);
        if (order !== undefined && order !== 'start-first' && order !== 'stop-first') {
          invalid(ctx, at(e.value, e.path), `${svc(ctx)}'s update_config.order \`${order}\` is not start-first or stop-first.`, 'Write start-first or stop-first.');
          order = undefined;
        }
        break;
      case 'x-aws-min_percent':
      case 'x-aws-max_percent': {
        const n = readInt(ctx, e.value, e, `${svc(ctx)}'s ${e.key}`, { min: 0 });
        if (n === undefined) break;
        if (e.key === 'x-aws-min_percent') min = n;
        else max = n;
        report(ctx, 'compose/x-aws-setting', where, `${svc(ctx)}'s ${e.key} ${n} becomes the ECS deployment's ${e.key === 'x-aws-min_percent' ? 'minimum healthy' : 'maximum'} percent.`, { hint: 'Nothing to do.' });
        break;
      }
      case 'failure_action':
        if (isScalar(e.value) && e.value.value === 'rollback') {
          approximated(ctx, where, `${svc(ctx)}'s update_config failure_action \`rollback\` becomes the ECS deployment circuit breaker, which rolls back a deployment whose tasks keep failing to start or become healthy.`, 'Nothing to do: ecsify turns the circuit breaker with rollback on for every service.');
          break;
        }
        dropped.push(e.key);
        firstDropped ??= where;
        break;
      case 'delay':
      case 'monitor':
      case 'max_failure_ratio':
        dropped.push(e.key);
        firstDropped ??= where;
        break;
      default:
        if (e.key.startsWith('x-aws-')) report(ctx, 'compose/x-aws-unsupported', where, `${svc(ctx)}'s update_config sets \`${e.key}\`, which ecsify does not know.`, { hint: 'Only x-aws-min_percent and x-aws-max_percent are read here.' });
        else if (!e.key.startsWith('x-')) invalid(ctx, where, `${svc(ctx)}'s update_config has an unknown key \`${e.key}\`.`, 'update_config takes parallelism, delay, failure_action, monitor, max_failure_ratio and order.');
    }
  }
  if (dropped.length > 0 && firstDropped) {
    approximated(ctx, firstDropped, `${svc(ctx)}'s update_config ${dropped.join(', ')} ${dropped.length === 1 ? 'has' : 'have'} no ECS counterpart; ECS rolls out as fast as health checks allow.`, 'ecsify turns the ECS deployment circuit breaker with rollback on for every service: it stops a rollout whose tasks keep failing and rolls back.');
  }
  const out: Deployment = { origin: originOf(at(node, path)) };
  if ((parallelism !== undefined || order !== undefined) && replicas > 0 && (min === undefined || max === undefined)) {
    const p = Math.min(parallelism && parallelism > 0 ? parallelism : replicas, replicas);
    const startFirst = order === 'start-first';
    const derivedMin = startFirst ? 100 : Math.floor(((replicas - p) * 100) / replicas);
    const derivedMax = startFirst ? Math.ceil(((replicas + p) * 100) / replicas) : 100;
    min ??= derivedMin;
    max ??= derivedMax;
    approximated(ctx, at(node, path), `${svc(ctx)}'s update_config (${startFirst ? 'start-first' : 'stop-first'}, ${p} task(s) at a time of ${replicas}) becomes deployment minimum healthy ${min}% and maximum ${max}%.`);
  }
  if (min === undefined && max === undefined) return undefined;
  if (min !== undefined) out.minimumHealthyPercent = min;
  if (max !== undefined) out.maximumPercent = max;
  return out;
}
