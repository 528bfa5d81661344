/**
 * The `x-aws-*` keys of Docker's retired ECS integration (`docker compose up` with an ECS
 * context), read with the meaning they had there:
 *
 * top level: `x-aws-cluster` (existing cluster), `x-aws-vpc` (existing VPC), `x-aws-loadbalancer`
 * (existing load balancer), `x-aws-logs_retention` (days), `x-aws-cloudformation` (an overlay
 * merged into the generated template);
 * service: `x-aws-role` (inline policy document, or a role ARN), `x-aws-policies` (managed policy
 * ARNs), `x-aws-pull_credentials` (Secrets Manager ARN of registry credentials);
 * `deploy.x-aws-autoscaling` (`{min, max, cpu, memory}`); `deploy.update_config.x-aws-min_percent`
 * / `x-aws-max_percent` (service-deploy.ts); `ports[].x-aws-protocol` (service-ports.ts).
 *
 * Each honoured key is reported once as `compose/x-aws-setting` (what it becomes; most are used
 * by the CloudFormation output only); unknown ones as `compose/x-aws-unsupported`.
 */
import { ecsName } from '../../ir/create.js';
import type { ScalingTarget, Settings, TaskRole } from '../../ir/types.js';
import { addSecret } from '../../secrets/env-var.js';
import { cfnToJS } from '../../yaml/cfn-tags.js';
import { isMap, isScalar, toJS, type YMap, type YNode } from '../../yaml/node.js';
import type { ServiceDraft } from './service-draft.js';
import { approximated, entries, Entry, invalid, originOf, readInt, readString, readStringList, report, svc, type At, type MapContext, type PathLike, type ServiceContext } from './to-ir-context.js';

/** CloudWatch Logs accepts only these retention periods (days). */
export const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

const STACK_HINT = 'Used by the CloudFormation output; the task definitions alone do not carry it.';

export function applyTopLevelXAws(ctx: MapContext, root: YMap, settings: Settings): void {
  for (const e of entries(root, '')) {
    if (!e.key.startsWith('x-aws-')) continue;
    const where = e;
    switch (e.key) {
      case 'x-aws-cluster': {
        const v = readString(ctx, e.value, e, 'x-aws-cluster');
        if (!v) break;
        settings.cluster = { name: v, origin: originOf(where) };
        report(ctx, 'compose/x-aws-setting', where, `x-aws-cluster: the services are deployed into the existing cluster \`${v}\` instead of a new one.`, { hint: STACK_HINT });
        break;
      }
      case 'x-aws-vpc': {
        const v = readString(ctx, e.value, e, 'x-aws-vpc');
        if (!v) break;
        settings.network = { ...(settings.network ?? {}), vpcId: v, origin: originOf(where) };
        report(ctx, 'compose/x-aws-setting', where, `x-aws-vpc: the services run in the existing VPC \`${v}\`.`, { hint: `${STACK_HINT} Its subnets become template parameters.` });
        break;
      }
      case 'x-aws-loadbalancer': {
        const v = readString(ctx, e.value, e, 'x-aws-loadbalancer');
        if (!v) break;
        settings.loadBalancer = { ...(settings.loadBalancer ?? { listeners: [] }), existingArn: v, origin: originOf(where) };
        report(ctx, 'compose/x-aws-setting', where, `x-aws-loadbalancer: the services are attached to the existing load balancer \`${v}\` instead of a new one.`, { hint: STACK_HINT });
        break;
      }
      case 'x-aws-logs_retention': {
        const n = readInt(ctx, e.value, e, 'x-aws-logs_retention', { min: 1 });
        if (n === undefined) break;
        const allowed = LOG_RETENTION_DAYS.find((d) => d >= n) ?? (LOG_RETENTION_DAYS[LOG_RETENTION_DAYS.length - 1] as number);
        settings.logRetentionDays = allowed;
        if (allowed !== n) {
          approximated(ctx, where, `x-aws-logs_retention ${n} is not a retention CloudWatch Logs accepts; ecsify uses ${allowed} days.`, `Write one of ${LOG_RETENTION_DAYS.join(', ')}.`);
        } else {
          report(ctx, 'compose/x-aws-setting', where, `x-aws-logs_retention: the log group keeps logs for ${n} days.`, { hint: STACK_HINT });
        }
        break;
      }
      case 'x-aws-cloudformation':
        if (!isMap(e.value)) {
          report(ctx, 'compose/x-aws-unsupported', where, 'x-aws-cloudformation must be a mapping (a fragment of a CloudFormation template).', { hint: 'Write `x-aws-cloudformation: {Resources: {...}}`.' });
          break;
        }
        settings.cloudformationOverlay = cfnToJS(e.value);
        report(ctx, 'compose/x-aws-setting', where, 'x-aws-cloudformation: this fragment is merged into the generated CloudFormation template.', {
          hint: 'Resource names in it must match the names ecsify generates; check the merged template.',
        });
        break;
      default:
        report(ctx, 'compose/x-aws-unsupported', where, `\`${e.key}\` is not a key ecsify knows from Docker's ECS integration.`, {
          hint: 'Known top-level keys: x-aws-cluster, x-aws-vpc, x-aws-loadbalancer, x-aws-logs_retention, x-aws-cloudformation.',
        });
    }
  }
}

/** Service-level `x-aws-*` keys and `deploy.x-aws-*`. */
export function mapServiceXAws(ctx: ServiceContext, draft: ServiceDraft): void {
  for (let i = 0; i < ctx.keyList.length; i++) {
    const e = ctx.keyList[i] as Entry;
    if (!e.key.startsWith('x-aws-')) continue;
    const where = e;
    switch (e.key) {
      case 'x-aws-role':
        role(ctx, draft, e.value, e, where);
        break;
      case 'x-aws-policies': {
        const arns = readStringList(ctx, e.value, e, `${svc(ctx)}'s x-aws-policies`).map((x) => x.value);
        if (arns.length === 0) break;
        const r = taskRole(draft, where);
        for (const a of arns) if (!r.managedPolicyArns.includes(a)) r.managedPolicyArns.push(a);
        report(ctx, 'compose/x-aws-setting', where, `${svc(ctx)}'s x-aws-policies: the task role gets the managed policies ${arns.map((a) => `\`${a}\``).join(', ')}.`, { hint: STACK_HINT });
        break;
      }
      case 'x-aws-pull_credentials': {
        const arn = readString(ctx, e.value, e, `${svc(ctx)}'s x-aws-pull_credentials`);
        if (!arn) break;
        const name = `${ecsName(ctx.service)}-registry-credentials`;
        addSecret(ctx.collector, { name, reason: 'registry-credentials', existing: { arn }, origin: originOf(where) });
        draft.container.repositoryCredentials = { secret: name };
        report(ctx, 'compose/x-aws-setting', where, `${svc(ctx)}'s x-aws-pull_credentials: the image is pulled with the registry credentials in the secret \`${arn}\`.`, {
          hint: 'The task execution role is given secretsmanager:GetSecretValue on that secret.',
        });
        break;
      }
      case 'x-aws-autoscaling':
        report(ctx, 'compose/x-aws-unsupported', where, `${svc(ctx)} sets x-aws-autoscaling at the service level; Docker's ECS integration read it under \`deploy\`, and so does ecsify.`, { hint: 'Move it to `deploy: {x-aws-autoscaling: {...}}`.' });
        break;
      case 'x-aws-min_percent':
      case 'x-aws-max_percent':
        report(ctx, 'compose/x-aws-unsupported', where, `${svc(ctx)} sets ${e.key} at the service level; Docker's ECS integration read it under \`deploy.update_config\`, and so does ecsify.`, { hint: `Move it to \`deploy: {update_config: {${e.key}: ...}}\`.` });
        break;
      default:
        report(ctx, 'compose/x-aws-unsupported', where, `${svc(ctx)} sets \`${e.key}\`, which is not a key ecsify knows from Docker's ECS integration.`, {
          hint: 'Known service keys: x-aws-role, x-aws-policies, x-aws-pull_credentials; under deploy: x-aws-autoscaling; under deploy.update_config: x-aws-min_percent, x-aws-max_percent; on ports: x-aws-protocol.',
        });
    }
  }
  const deploy = ctx.keys.get('deploy');
  if (!deploy || !isMap(deploy.value)) return;
  for (const pair of deploy.value.entries) {
    if (!pair.key.startsWith('x-aws-')) continue;
    const e = new Entry(pair, deploy);
    const where = e;
    if (e.key === 'x-aws-autoscaling') autoscaling(ctx, draft, e.value, e, where);
    else report(ctx, 'compose/x-aws-unsupported', where, `${svc(ctx)}'s deploy sets \`${e.key}\`, which ecsify does not know.`, { hint: 'Only x-aws-autoscaling is read under deploy.' });
  }
}

function taskRole(draft: ServiceDraft, where: At): TaskRole {
  draft.taskRole ??= { managedPolicyArns: [], statements: [], origin: originOf(where) };
  return draft.taskRole;
}

function role(ctx: ServiceContext, draft: ServiceDraft, node: YNode, path: PathLike, where: At): void {
  if (isScalar(node)) {
    const arn = readString(ctx, node, path, `${svc(ctx)}'s x-aws-role`);
    if (!arn) return;
    taskRole(draft, where).arn = arn;
    report(ctx, 'compose/x-aws-setting', where, `${svc(ctx)}'s x-aws-role: the task runs with the existing role \`${arn}\`.`, { hint: STACK_HINT });
    return;
  }
  const doc = toJS(node) as unknown;
  const statements = isMap(node) ? (doc as Record<string, unknown>)['Statement'] : doc;
  const list = Array.isArray(statements) ? statements : statements !== undefined && statements !== null ? [statements] : [];
  if (list.length === 0) {
    report(ctx, 'compose/x-aws-unsupported', where, `${svc(ctx)}'s x-aws-role has no \`Statement\`.`, { hint: 'Write an IAM policy document: `{Version: "2012-10-17", Statement: [{Effect: Allow, Action: ..., Resource: ...}]}`.' });
    return;
  }
  taskRole(draft, where).statements.push(...list);
  report(ctx, 'compose/x-aws-setting', where, `${svc(ctx)}'s x-aws-role: the task role gets this inline policy (${list.length} statement${list.length === 1 ? '' : 's'}).`, { hint: STACK_HINT });
}

function autoscaling(ctx: ServiceContext, draft: ServiceDraft, node: YNode, path: PathLike, where: At): void {
  if (!isMap(node)) {
    report(ctx, 'compose/x-aws-unsupported', where, `${svc(ctx)}'s x-aws-autoscaling must be a mapping.`, { hint: 'Write `{min: 1, max: 4, cpu: 75}`.' });
    return;
  }
  let min: number | undefined;
  let max: number | undefined;
  const targets: ScalingTarget[] = [];
  for (const e of entries(node, path)) {
    const w = e;
    if (e.key === 'min') min = readInt(ctx, e.value, e, `${svc(ctx)}'s x-aws-autoscaling min`, { min: 0 });
    else if (e.key === 'max') max = readInt(ctx, e.value, e, `${svc(ctx)}'s x-aws-autoscaling max`, { min: 1 });
    else if (e.key === 'cpu' || e.key === 'memory') {
      const v = readInt(ctx, e.value, e, `${svc(ctx)}'s x-aws-autoscaling ${e.key} target`, { min: 1, max: 100 });
      if (v !== undefined) targets.push({ metric: e.key, value: v, origin: originOf(w) });
    } else report(ctx, 'compose/x-aws-unsupported', w, `${svc(ctx)}'s x-aws-autoscaling has an unknown key \`${e.key}\`.`, { hint: 'x-aws-autoscaling takes min, max, cpu and memory.' });
  }
  if (max === undefined) {
    invalid(ctx, where, `${svc(ctx)}'s x-aws-autoscaling has no \`max\`, which Docker's ECS integration required.`, 'Add `max: <most tasks>`.');
    return;
  }
  const lower = min ?? Math.min(draft.desiredCount, max);
  if (lower > max) {
    invalid(ctx, where, `${svc(ctx)}'s x-aws-autoscaling min ${lower} is above its max ${max}.`, 'Make min at most max.');
    return;
  }
  draft.scaling = { min: lower, max, targets, origin: originOf(where) };
  draft.serviceSettings.push({ what: 'deploy.x-aws-autoscaling', where });
  report(ctx, 'compose/x-aws-setting', where, `${svc(ctx)}'s x-aws-autoscaling: between ${lower} and ${max} tasks${targets.length > 0 ? `, tracking ${targets.map((t) => `${t.metric} ${t.value}%`).join(' and ')}` : ''}.`, {
    hint: `${STACK_HINT}${min === undefined ? ' The minimum defaults to the service’s replicas.' : ''}`,
  });
}

