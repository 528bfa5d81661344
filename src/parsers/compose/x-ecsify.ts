/**
 * `x-ecsify`: ecsify's own settings in a Compose file, at the top level and per service (the
 * README's "x-ecsify settings" section documents every key). Command-line flags win over the file.
 * Unknown keys are reported (`compose/x-ecsify-unknown-key`), wrong values are
 * `compose/invalid-value`.
 */
import { explicitScheduleAction, parseScheduleSpec, uniqueNames } from '../../ir/schedule.js';
import { parseDurationSeconds } from '../../ir/units.js';
import type { LaunchType, LoadBalancerSettings, NetworkSettings, RouteSpec, ScalingTarget, ScheduledAction, SecretsBackend, Service, TargetHealthCheck } from '../../ir/types.js';
import { childPath, getPair, isMap, isScalar, type YMap, type YNode } from '../../yaml/node.js';
import type { ServiceDraft } from './service-draft.js';
import { at, entries, goString, invalid, items, originOf, pathOf, readBool, readInt, readKeyValues, readString, readStringList, report, svc, type At, type MapContext, type PathLike, type ServiceContext } from './to-ir-context.js';

/** A KMS key ARN (IAM needs the key ARN, not an alias, to grant kms:Decrypt). */
const KMS_KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/;

/** Top-level x-ecsify keys, for the unknown-key check and the README. */
export const TOP_LEVEL_XECSIFY_KEYS = [
  'cluster',
  'exclude',
  'launch-type',
  'load-balancer',
  'log-retention-days',
  'network',
  'not-secrets',
  'pack-links',
  'region',
  'schedule',
  'secrets',
  'secrets-backend',
  'secrets-kms-key',
  'tags',
] as const;

/** Per-service x-ecsify keys. */
export const SERVICE_XECSIFY_KEYS = [
  'assign-public-ip',
  'desired-count',
  'essential',
  'exclude',
  'exec',
  'health-check',
  'role',
  'route',
  'scaling',
  'schedule',
  'spot',
  'task',
] as const;

/** What the top-level `x-ecsify` block says (absent keys are undefined). */
export interface TopLevelXEcsify {
  exclude: string[];
  secrets: string[];
  notSecrets: string[];
  schedule?: ScheduledAction[];
  launchType?: LaunchType;
  secretsBackend?: SecretsBackend;
  secretsKmsKeyArn?: string;
  region?: string;
  cluster?: { name: string; where: At };
  packLinks: boolean;
  tags: Record<string, string>;
  logRetentionDays?: number;
  loadBalancer?: LoadBalancerSettings;
  network?: NetworkSettings;
}

export function readTopLevelXEcsify(ctx: MapContext, root: YMap): TopLevelXEcsify {
  const out: TopLevelXEcsify = { exclude: [], secrets: [], notSecrets: [], packLinks: true, tags: {} };
  const pair = getPair(root, 'x-ecsify');
  if (!pair) return out;
  if (!isMap(pair.value)) {
    if (!(isScalar(pair.value) && pair.value.value === null)) invalid(ctx, at(pair.value, 'x-ecsify'), 'x-ecsify must be a mapping.', 'Write `x-ecsify: {exclude: [db]}`; see the README for the settings.');
    return out;
  }
  for (const e of entries(pair.value, 'x-ecsify')) {
    const where = e;
    switch (e.key) {
      case 'exclude':
      case 'secrets':
      case 'not-secrets': {
        const names = readStringList(ctx, e.value, e, `x-ecsify ${e.key}`).map((x) => x.value);
        if (e.key === 'exclude') out.exclude.push(...names);
        else if (e.key === 'secrets') out.secrets.push(...names);
        else out.notSecrets.push(...names);
        break;
      }
      case 'schedule': {
        const s = readSchedule(ctx, e.value, e.path);
        if (s) out.schedule = s;
        break;
      }
      case 'launch-type': {
        const v = readString(ctx, e.value, e, 'x-ecsify launch-type')?.toLowerCase();
        if (v === 'fargate' || v === 'ec2') out.launchType = v;
        else if (v !== undefined) invalid(ctx, at(e.value, e.path), `x-ecsify launch-type \`${v}\` is not fargate or ec2.`, 'Write fargate or ec2.');
        break;
      }
      case 'secrets-backend': {
        const v = readString(ctx, e.value, e, 'x-ecsify secrets-backend')?.toLowerCase();
        if (v === 'secretsmanager' || v === 'ssm') out.secretsBackend = v;
        else if (v !== undefined) invalid(ctx, at(e.value, e.path), `x-ecsify secrets-backend \`${v}\` is not secretsmanager or ssm.`, 'Write secretsmanager or ssm.');
        break;
      }
      case 'secrets-kms-key': {
        const v = readString(ctx, e.value, e, 'x-ecsify secrets-kms-key');
        if (v && KMS_KEY_ARN.test(v)) out.secretsKmsKeyArn = v;
        else if (v !== undefined) {
          invalid(ctx, at(e.value, e.path), `x-ecsify secrets-kms-key \`${v}\` is not a KMS key ARN.`, 'Write the key ARN, e.g. arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab.');
        }
        break;
      }
      case 'region': {
        const v = readString(ctx, e.value, e, 'x-ecsify region');
        if (v && /^[a-z]{2}(-[a-z]+)+-\d$/.test(v)) out.region = v;
        else if (v !== undefined) invalid(ctx, at(e.value, e.path), `x-ecsify region \`${v}\` is not an AWS Region name.`, 'Write a Region such as eu-west-3 or us-east-1.');
        break;
      }
      case 'cluster': {
        const v = readString(ctx, e.value, e, 'x-ecsify cluster');
        if (v) out.cluster = { name: v, where };
        break;
      }
      case 'pack-links':
        out.packLinks = readBool(ctx, e.value, e, 'x-ecsify pack-links') ?? true;
        break;
      case 'tags':
        for (const kv of readKeyValues(ctx, e.value, e, 'x-ecsify tags')) out.tags[kv.key] = kv.value ?? '';
        break;
      case 'log-retention-days': {
        const n = readInt(ctx, e.value, e, 'x-ecsify log-retention-days', { min: 1 });
        if (n !== undefined) out.logRetentionDays = n;
        break;
      }
      case 'load-balancer':
        out.loadBalancer = readLoadBalancer(ctx, e.value, e.path);
        break;
      case 'network': {
        const n = readNetwork(ctx, e.value, e.path);
        if (n) out.network = n;
        break;
      }
      default:
        unknownKey(ctx, where, e.key, 'the top level', TOP_LEVEL_XECSIFY_KEYS);
    }
  }
  return out;
}

function unknownKey(ctx: MapContext, where: At, key: string, place: string, known: readonly string[]): void {
  const near = known.find((k) => k.replace(/-/g, '') === key.replace(/[-_]/g, '').toLowerCase());
  report(ctx, 'compose/x-ecsify-unknown-key', where, `x-ecsify at ${place} has no setting \`${key}\`.`, {
    hint: near ? `Did you mean \`${near}\`?` : `Known settings here: ${known.join(', ')}.`,
  });
}

/** `schedule`: a spec string, or a list of spec strings and `{action, cron, timezone}` entries. */
export function readSchedule(ctx: MapContext, node: YNode, path: PathLike): ScheduledAction[] | undefined {
  if (isScalar(node)) {
    const text = goString(node);
    return text === undefined ? undefined : parseScheduleSpec(text, originOf(at(node, path)), ctx.reporter);
  }
  const list: { readonly node: YNode; readonly path: string }[] = node.kind === 'seq' ? items(node, path) : [{ node, path: pathOf(path) }];
  const out: ScheduledAction[] = [];
  let ok = true;
  for (const item of list) {
    const origin = originOf(at(item.node, item.path));
    if (isScalar(item.node)) {
      const text = goString(item.node);
      const parsed = text === undefined ? undefined : parseScheduleSpec(text, origin, ctx.reporter);
      if (parsed) out.push(...parsed);
      else ok = false;
      continue;
    }
    if (!isMap(item.node)) {
      invalid(ctx, at(item.node, item.path), 'A schedule entry must be a spec string or a mapping with `action` and `cron`.', 'Write `- {action: stop, cron: "0 20 ? * MON-FRI *", timezone: Europe/Paris}`.');
      ok = false;
      continue;
    }
    let action: string | undefined;
    let expression: string | undefined;
    let timezone: string | undefined;
    for (const e of entries(item.node, item.path)) {
      if (e.key === 'action') action = readString(ctx, e.value, e, 'The schedule action');
      else if (e.key === 'cron' || e.key === 'schedule' || e.key === 'expression') expression = readString(ctx, e.value, e, 'The schedule expression');
      else if (e.key === 'timezone') timezone = readString(ctx, e.value, e, 'The schedule time zone');
      else unknownKey(ctx, e, e.key, 'a schedule entry', ['action', 'cron', 'timezone']);
    }
    if (action === undefined || expression === undefined) {
      invalid(ctx, at(item.node, item.path), 'A schedule entry needs `action` (start or stop) and `cron`.', 'Write `- {action: stop, cron: "0 20 ? * MON-FRI *"}`.');
      ok = false;
      continue;
    }
    const a = explicitScheduleAction(timezone === undefined ? { action, expression } : { action, expression, timezone }, origin, ctx.reporter);
    if (a) out.push(a);
    else ok = false;
  }
  return ok ? uniqueNames(out) : undefined;
}

function readLoadBalancer(ctx: MapContext, node: YNode, path: PathLike): LoadBalancerSettings | undefined {
  if (!isMap(node)) {
    invalid(ctx, at(node, path), 'x-ecsify load-balancer must be a mapping.', 'Write `load-balancer: {type: application, scheme: internet-facing}`.');
    return undefined;
  }
  const lb: LoadBalancerSettings = { listeners: [], origin: originOf(at(node, path)) };
  for (const e of entries(node, path)) {
    const where = e;
    const v = (): string | undefined => readString(ctx, e.value, e, `x-ecsify load-balancer ${e.key}`);
    switch (e.key) {
      case 'type': {
        const t = v();
        if (t === 'application' || t === 'network' || t === 'none') lb.type = t;
        else if (t !== undefined) invalid(ctx, at(e.value, e.path), `x-ecsify load-balancer type \`${t}\` is not application, network or none.`, 'Write application, network or none.');
        break;
      }
      case 'scheme': {
        const t = v();
        if (t === 'internet-facing' || t === 'internal') lb.scheme = t;
        else if (t !== undefined) invalid(ctx, at(e.value, e.path), `x-ecsify load-balancer scheme \`${t}\` is not internet-facing or internal.`, 'Write internet-facing or internal.');
        break;
      }
      case 'certificate-arn': {
        const t = v();
        if (t) lb.certificateArn = t;
        break;
      }
      case 'ssl-policy': {
        const t = v();
        if (t) lb.sslPolicy = t;
        break;
      }
      case 'idle-timeout': {
        const s = readSeconds(ctx, e.value, e, 'x-ecsify load-balancer idle-timeout');
        if (s !== undefined) lb.idleTimeoutSeconds = s;
        break;
      }
      default:
        unknownKey(ctx, where, e.key, 'load-balancer', ['type', 'scheme', 'certificate-arn', 'ssl-policy', 'idle-timeout']);
    }
  }
  return lb;
}

function readNetwork(ctx: MapContext, node: YNode, path: PathLike): NetworkSettings | undefined {
  if (!isMap(node)) {
    invalid(ctx, at(node, path), 'x-ecsify network must be a mapping.', 'Write `network: {vpc-id: vpc-123, subnets: [subnet-a, subnet-b]}`.');
    return undefined;
  }
  const n: NetworkSettings = { origin: originOf(at(node, path)) };
  for (const e of entries(node, path)) {
    switch (e.key) {
      case 'vpc-id': {
        const v = readString(ctx, e.value, e, 'x-ecsify network vpc-id');
        if (v) n.vpcId = v;
        break;
      }
      case 'subnets':
      case 'public-subnets': {
        const list = readStringList(ctx, e.value, e, `x-ecsify network ${e.key}`).map((x) => x.value);
        if (e.key === 'subnets') n.subnets = list;
        else n.publicSubnets = list;
        break;
      }
      case 'assign-public-ip': {
        const b = readBool(ctx, e.value, e, 'x-ecsify network assign-public-ip');
        if (b !== undefined) n.assignPublicIp = b;
        break;
      }
      default:
        unknownKey(ctx, e, e.key, 'network', ['vpc-id', 'subnets', 'public-subnets', 'assign-public-ip']);
    }
  }
  return n;
}

/** Seconds from an int (seconds) or a duration string (`30s`, `2m`). */
function readSeconds(ctx: MapContext, node: YNode, path: PathLike, what: string): number | undefined {
  if (isScalar(node) && typeof node.value === 'number' && Number.isInteger(node.value) && node.value >= 0) return node.value;
  const text = isScalar(node) ? goString(node) : undefined;
  const s = text === undefined ? undefined : parseDurationSeconds(text);
  if (s === undefined || s < 0) {
    invalid(ctx, at(node, path), `${what} is not a number of seconds or a duration.`, 'Write seconds (`30`) or a duration (`30s`, `2m`).');
    return undefined;
  }
  return Math.ceil(s);
}

/** Per-service `x-ecsify` (read after the ports, so routes can default to the first port). */
export function mapServiceXEcsify(ctx: ServiceContext, draft: ServiceDraft): { exclude: boolean } {
  const pair = ctx.keys.get('x-ecsify');
  if (!pair) return { exclude: false };
  const path = pair.path;
  if (!isMap(pair.value)) {
    if (!(isScalar(pair.value) && pair.value.value === null)) invalid(ctx, at(pair.value, path), `${svc(ctx)}'s x-ecsify must be a mapping.`, 'Write `x-ecsify: {desired-count: 2}`; see the README for the settings.');
    return { exclude: false };
  }
  let exclude = false;
  let healthCheck: { check: TargetHealthCheck; where: At } | undefined;
  for (const e of entries(pair.value, path)) {
    const where = e;
    const what = `${svc(ctx)}'s x-ecsify ${e.key}`;
    switch (e.key) {
      case 'exclude':
        exclude = readBool(ctx, e.value, e, what) ?? false;
        break;
      case 'role': {
        const r = readString(ctx, e.value, e, what);
        if (r === 'web' || r === 'worker' || r === 'backend' || r === 'job') {
          draft.roleOverride = r as Service['role'];
          draft.serviceSettings.push({ what: 'x-ecsify role', where });
        } else if (r !== undefined) {
          invalid(ctx, at(e.value, e.path), `${what} \`${r}\` is not web, worker, backend or job.`, 'Write web (behind the load balancer), backend (called by other services), worker, or job (a one-off task run before each deploy).');
        }
        break;
      }
      case 'task': {
        const owner = readString(ctx, e.value, e, what);
        if (owner) draft.owner = { service: owner, via: 'x-ecsify.task', where };
        break;
      }
      case 'essential': {
        const b = readBool(ctx, e.value, e, what);
        if (b !== undefined) draft.container.essential = b;
        break;
      }
      case 'assign-public-ip':
      case 'exec':
      case 'spot': {
        const b = readBool(ctx, e.value, e, what);
        if (b === undefined) break;
        if (e.key === 'assign-public-ip') draft.assignPublicIp = b;
        else if (e.key === 'exec') draft.exec = b;
        else draft.spot = b;
        draft.serviceSettings.push({ what: `x-ecsify ${e.key}`, where });
        break;
      }
      case 'desired-count': {
        const n = readInt(ctx, e.value, e, what, { min: 0 });
        if (n !== undefined) {
          draft.desiredCount = n;
          draft.serviceSettings.push({ what: 'x-ecsify desired-count', where });
        }
        break;
      }
      case 'scaling':
        scaling(ctx, draft, e.value, e, where);
        break;
      case 'schedule': {
        const s = readSchedule(ctx, e.value, e.path);
        if (s) {
          draft.schedule = s;
          draft.serviceSettings.push({ what: 'x-ecsify schedule', where });
        }
        break;
      }
      case 'route': {
        const items = e.value.kind === 'seq' ? e.value.items.map((n, i) => ({ n, p: childPath(e.path, i) })) : [{ n: e.value, p: e.path }];
        for (const { n, p } of items) {
          const r = route(ctx, draft, n, p);
          if (r) draft.routes.push(r);
        }
        break;
      }
      case 'health-check': {
        const check = targetHealthCheck(ctx, e.value, e.path);
        if (check) healthCheck = { check, where };
        break;
      }
      default:
        unknownKey(ctx, where, e.key, `service \`${ctx.service}\``, SERVICE_XECSIFY_KEYS);
    }
  }
  if (healthCheck) {
    if (draft.routes.length === 0) {
      const port = draft.container.ports.find((p) => p.public);
      if (!port) {
        invalid(ctx, healthCheck.where, `${svc(ctx)}'s x-ecsify health-check has nothing to check: the service publishes no port to the load balancer.`, 'Publish the port the load balancer should reach (`ports`), give a `route` with a `port`, or remove the health-check.');
      } else {
        draft.routes.push({ container: draft.container.name, containerPort: port.containerPort, origin: originOf(healthCheck.where) });
      }
    }
    for (const r of draft.routes) r.healthCheck ??= healthCheck.check;
  }
  return { exclude };
}

function scaling(ctx: ServiceContext, draft: ServiceDraft, node: YNode, path: PathLike, where: At): void {
  if (!isMap(node)) {
    invalid(ctx, where, `${svc(ctx)}'s x-ecsify scaling must be a mapping.`, 'Write `scaling: {min: 1, max: 4, cpu: 70}`.');
    return;
  }
  let min: number | undefined;
  let max: number | undefined;
  const targets: ScalingTarget[] = [];
  for (const e of entries(node, path)) {
    const what = `${svc(ctx)}'s x-ecsify scaling ${e.key}`;
    if (e.key === 'min') min = readInt(ctx, e.value, e, what, { min: 0 });
    else if (e.key === 'max') max = readInt(ctx, e.value, e, what, { min: 1 });
    else if (e.key === 'cpu' || e.key === 'memory' || e.key === 'requests') {
      const v = readInt(ctx, e.value, e, what, e.key === 'requests' ? { min: 1 } : { min: 1, max: 100 });
      if (v !== undefined) targets.push({ metric: e.key, value: v, origin: originOf(e) });
    } else unknownKey(ctx, e, e.key, 'scaling', ['min', 'max', 'cpu', 'memory', 'requests']);
  }
  if (max === undefined) {
    invalid(ctx, where, `${svc(ctx)}'s x-ecsify scaling has no \`max\`.`, 'Add `max: <most tasks>`.');
    return;
  }
  const lower = min ?? Math.min(draft.desiredCount, max);
  if (lower > max) {
    invalid(ctx, where, `${svc(ctx)}'s x-ecsify scaling min ${lower} is above its max ${max}.`, 'Make min at most max.');
    return;
  }
  draft.scaling = { min: lower, max, targets, origin: originOf(where) };
  draft.serviceSettings.push({ what: 'x-ecsify scaling', where });
}

function route(ctx: ServiceContext, draft: ServiceDraft, node: YNode, path: PathLike): RouteSpec | undefined {
  if (!isMap(node)) {
    invalid(ctx, at(node, path), `${svc(ctx)}'s x-ecsify route must be a mapping.`, 'Write `route: {paths: ["/api/*"], hosts: [api.example.com]}`.');
    return undefined;
  }
  let port: number | undefined;
  const r: Partial<RouteSpec> = {};
  for (const e of entries(node, path)) {
    const what = `${svc(ctx)}'s x-ecsify route ${e.key}`;
    switch (e.key) {
      case 'port':
        port = readInt(ctx, e.value, e, what, { min: 1, max: 65535 });
        break;
      case 'listener-port': {
        const n = readInt(ctx, e.value, e, what, { min: 1, max: 65535 });
        if (n !== undefined) r.listenerPort = n;
        break;
      }
      case 'priority': {
        const n = readInt(ctx, e.value, e, what, { min: 1, max: 50000 });
        if (n !== undefined) r.priority = n;
        break;
      }
      case 'protocol': {
        const p = readString(ctx, e.value, e, what)?.toUpperCase();
        if (p === 'HTTP' || p === 'HTTPS') r.protocol = p;
        else if (p !== undefined) invalid(ctx, at(e.value, e.path), `${what} \`${p}\` is not HTTP or HTTPS.`, 'Write http or https.');
        break;
      }
      case 'hosts':
      case 'paths': {
        const list = readStringList(ctx, e.value, e, what).map((x) => x.value);
        if (e.key === 'hosts') r.hosts = list;
        else r.paths = list;
        break;
      }
      case 'health-check': {
        const hc = targetHealthCheck(ctx, e.value, e.path);
        if (hc) r.healthCheck = hc;
        break;
      }
      default:
        unknownKey(ctx, e, e.key, 'route', ['port', 'hosts', 'paths', 'listener-port', 'priority', 'protocol', 'health-check']);
    }
  }
  const ports = draft.container.ports;
  const chosen = port ?? (ports.find((p) => p.public) ?? ports[0])?.containerPort;
  if (chosen === undefined) {
    invalid(ctx, at(node, path), `${svc(ctx)}'s x-ecsify route names no port and the service publishes none.`, 'Add `port: <container port>` to the route, or publish the port with `ports`.');
    return undefined;
  }
  return { ...r, container: draft.container.name, containerPort: chosen, origin: originOf(at(node, path)) };
}

function targetHealthCheck(ctx: MapContext, node: YNode, path: PathLike): TargetHealthCheck | undefined {
  if (!isMap(node)) {
    invalid(ctx, at(node, path), 'An x-ecsify health-check must be a mapping.', 'Write `health-check: {path: /health}`.');
    return undefined;
  }
  const hc: TargetHealthCheck = { source: 'x-ecsify', origin: originOf(at(node, path)) };
  for (const e of entries(node, path)) {
    const what = `x-ecsify health-check ${e.key}`;
    switch (e.key) {
      case 'path': {
        const v = readString(ctx, e.value, e, what);
        if (v && v.startsWith('/')) hc.path = v;
        else if (v !== undefined) invalid(ctx, at(e.value, e.path), `${what} \`${v}\` does not start with \`/\`.`, 'Write a path such as /health.');
        break;
      }
      case 'port': {
        const n = readInt(ctx, e.value, e, what, { min: 1, max: 65535 });
        if (n !== undefined) hc.port = n;
        break;
      }
      case 'protocol': {
        const p = readString(ctx, e.value, e, what)?.toUpperCase();
        if (p === 'HTTP' || p === 'HTTPS' || p === 'TCP') hc.protocol = p;
        else if (p !== undefined) invalid(ctx, at(e.value, e.path), `${what} \`${p}\` is not HTTP, HTTPS or TCP.`, 'Write http, https or tcp.');
        break;
      }
      case 'interval':
      case 'timeout': {
        const s = readSeconds(ctx, e.value, e, what);
        if (s === undefined) break;
        if (e.key === 'interval') hc.intervalSeconds = s;
        else hc.timeoutSeconds = s;
        break;
      }
      case 'healthy-threshold':
      case 'unhealthy-threshold': {
        const n = readInt(ctx, e.value, e, what, { min: 2, max: 10 });
        if (n === undefined) break;
        if (e.key === 'healthy-threshold') hc.healthyThreshold = n;
        else hc.unhealthyThreshold = n;
        break;
      }
      case 'matcher': {
        const v = readString(ctx, e.value, e, what);
        if (v) hc.matcher = v;
        break;
      }
      default:
        unknownKey(ctx, e, e.key, 'health-check', ['path', 'port', 'protocol', 'interval', 'timeout', 'healthy-threshold', 'unhealthy-threshold', 'matcher']);
    }
  }
  return hc;
}

