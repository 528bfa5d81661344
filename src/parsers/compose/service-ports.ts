/**
 * `ports` (short `[[IP:]HOST:]CONTAINER[/PROTOCOL]` and long syntax) and `expose`.
 *
 * Short syntax follows go-connections `nat.ParsePortSpec` as Compose uses it (compose.md §9.3):
 * the last `:` field is the container part, the one before it the host part, the rest the IP
 * (brackets around IPv6 removed); ranges `A-B` expand to one mapping per port; a host range with a
 * single container port stays one mapping with a published range.
 *
 * In the IR: `containerPort`, `protocol` (tcp|udp; sctp has no ECS counterpart), `published`
 * (a single host port), `public` (false when bound to a loopback or specific address).
 */
import type { Container, ListenerProtocol, PortMapping, RouteSpec } from '../../ir/types.js';
import { isScalar, type YNode } from '../../yaml/node.js';
import type { ServiceDraft } from './service-draft.js';
import { approximated, at, entries, goString, invalid, items, originOf, readString, report, svc, type At, type ServiceContext, type Entry } from './to-ir-context.js';

/** One published or exposed port as Compose reads it (before the ECS restrictions). */
export interface PortSpec {
  target: number;
  /** Host port or host port range as text (`"8080"`, `"8000-9000"`); undefined = none/ephemeral. */
  published?: string;
  hostIp?: string;
  protocol: string;
}

/** Parses a short-syntax port; `error` says why Compose would reject it. */
export function parsePortSpec(raw: string): { ports: PortSpec[] } | { error: string } {
  let text = raw.trim();
  let protocol = 'tcp';
  const slash = text.lastIndexOf('/');
  if (slash !== -1) {
    protocol = text.slice(slash + 1).toLowerCase();
    text = text.slice(0, slash);
    if (protocol !== 'tcp' && protocol !== 'udp' && protocol !== 'sctp') return { error: `the protocol \`${raw.slice(slash + 1)}\` is not tcp, udp or sctp` };
  }
  const parts = text.split(':');
  const n = parts.length;
  const containerPart = parts[n - 1] as string;
  const hostPart = n >= 2 ? (parts[n - 2] as string) : '';
  let ip = n >= 3 ? parts.slice(0, n - 2).join(':') : '';
  if (ip.startsWith('[') && ip.endsWith(']')) ip = ip.slice(1, -1);
  if (ip !== '' && !isIp(ip)) return { error: `\`${ip}\` is not an IP address` };
  if (containerPart === '') return { error: 'no container port is given' };
  const container = parseRange(containerPart);
  if (!container) return { error: `\`${containerPart}\` is not a port or a port range (0-65535)` };
  let host: [number, number] | undefined;
  if (hostPart !== '') {
    host = parseRange(hostPart);
    if (!host) return { error: `\`${hostPart}\` is not a port or a port range (0-65535)` };
  }
  const [cs, ce] = container;
  if (host && host[1] - host[0] !== ce - cs && ce !== cs) {
    return { error: `the container range \`${containerPart}\` and the host range \`${hostPart}\` have different lengths` };
  }
  const ports: PortSpec[] = [];
  for (let i = 0; i <= ce - cs; i++) {
    const spec: PortSpec = { target: cs + i, protocol };
    if (host) spec.published = cs === ce && host[0] !== host[1] ? `${host[0]}-${host[1]}` : String(host[0] + i);
    if (ip !== '') spec.hostIp = ip;
    ports.push(spec);
  }
  return { ports };
}

function parseRange(text: string): [number, number] | undefined {
  const m = /^(\d+)(?:-(\d+))?$/.exec(text);
  if (!m) return undefined;
  const a = Number(m[1]);
  const b = m[2] === undefined ? a : Number(m[2]);
  if (a > 65535 || b > 65535 || b < a) return undefined;
  return [a, b];
}

function isIp(s: string): boolean {
  if (/^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.test(s)) return s.split('.').every((p) => Number(p) <= 255);
  return /^[0-9a-fA-F:.]+$/.test(s) && s.includes(':') && (s.match(/::/g) ?? []).length <= 1;
}

function isLoopback(ip: string): boolean {
  return ip.startsWith('127.') || ip === '::1' || ip === 'localhost';
}

/** More ports than this in one entry are not expanded (ECS has no port ranges in portMappings here). */
const MAX_PORTS_PER_ENTRY = 100;

const LISTENER_PROTOCOLS: Record<string, ListenerProtocol> = { http: 'HTTP', https: 'HTTPS', tcp: 'TCP', udp: 'UDP', tls: 'TLS' };

export function mapPorts(ctx: ServiceContext, draft: ServiceDraft): void {
  const container = draft.container;
  const portsPair = ctx.keys.get('ports');
  if (portsPair) {
    if (portsPair.value.kind !== 'seq') {
      if (!(isScalar(portsPair.value) && portsPair.value.value === null)) invalid(ctx, at(portsPair.value, portsPair.path), `${svc(ctx)}'s ports must be a list.`, 'Write `ports: ["8080:80"]`.');
    } else {
      for (const item of items(portsPair.value, portsPair)) mapPortEntry(ctx, draft, item.node, item.path);
    }
  }
  const exposePair = ctx.keys.get('expose');
  if (exposePair) {
    const value = exposePair.value;
    const list = value.kind === 'seq' ? items(value, exposePair) : [{ node: value, path: exposePair.path }];
    for (const { node: n, path: ip } of list) {
      if (isScalar(n) && n.value === null) continue;
      const text = readString(ctx, n, ip, `${svc(ctx)}'s expose entry`);
      if (text === undefined) continue;
      const parsed = parsePortSpec(text);
      if ('error' in parsed || parsed.ports.some((x) => x.published !== undefined || x.hostIp !== undefined)) {
        invalid(ctx, at(n, ip), `${svc(ctx)} exposes \`${text}\`, which is not a port, a port range or \`port/protocol\`.`, 'Write `"3000"`, `"8000-8010"` or `"8080/udp"`.');
        continue;
      }
      addPorts(ctx, container, parsed.ports, { node: n, path: ip }, false);
    }
  }
}

function mapPortEntry(ctx: ServiceContext, draft: ServiceDraft, node: YNode, path: string): void {
  if (isScalar(node)) {
    const text = goString(node);
    if (text === undefined) return;
    const parsed = parsePortSpec(text);
    if ('error' in parsed) {
      invalid(ctx, at(node, path), `${svc(ctx)} publishes \`${text}\`, which Compose rejects: ${parsed.error}.`, 'Write `[[IP:]HOST:]CONTAINER[/PROTOCOL]`, e.g. `"8080:80"`, `"127.0.0.1:5432:5432"` or `"53:53/udp"`.');
      return;
    }
    addPorts(ctx, draft.container, parsed.ports, { node, path }, true);
    return;
  }
  if (node.kind !== 'map') {
    invalid(ctx, at(node, path), `${svc(ctx)} has a ports entry that is a list.`, 'Write a string like `"8080:80"` or a mapping with `target`.');
    return;
  }
  let target: number | undefined;
  const spec: Partial<PortSpec> & { protocol: string } = { protocol: 'tcp' };
  let appProtocol: string | undefined;
  let name: string | undefined;
  let xProtocol: { value: string; where: At } | undefined;
  const eList = entries(node, path);
  for (let eIndex = 0; eIndex < eList.length; eIndex++) {
    const e = eList[eIndex] as Entry;
    const where = e;
    switch (e.key) {
      case 'target': {
        const t = readString(ctx, e.value, e, `${svc(ctx)}'s port target`);
        if (t === undefined) break;
        const r = parseRange(t.trim());
        if (!r || r[0] !== r[1]) invalid(ctx, at(e.value, e.path), `${svc(ctx)}'s port target \`${t}\` is not a port (0-65535).`, 'Write the container port as a number.');
        else target = r[0];
        break;
      }
      case 'published': {
        const t = readString(ctx, e.value, e, `${svc(ctx)}'s published port`);
        if (t === undefined || t === '') break;
        if (!parseRange(t.trim())) invalid(ctx, at(e.value, e.path), `${svc(ctx)}'s published port \`${t}\` is not a port or a port range.`, 'Write a host port such as `8080`, or a range `"8000-8010"`.');
        else spec.published = t.trim();
        break;
      }
      case 'host_ip': {
        const t = readString(ctx, e.value, e, `${svc(ctx)}'s host_ip`);
        if (t === undefined || t === '') break;
        if (!isIp(t)) invalid(ctx, at(e.value, e.path), `${svc(ctx)}'s host_ip \`${t}\` is not an IP address.`, 'Write an address such as `127.0.0.1` or `0.0.0.0`.');
        else spec.hostIp = t;
        break;
      }
      case 'protocol': {
        const t = (readString(ctx, e.value, e, `${svc(ctx)}'s port protocol`) ?? 'tcp').toLowerCase();
        if (t !== 'tcp' && t !== 'udp' && t !== 'sctp') invalid(ctx, at(e.value, e.path), `${svc(ctx)}'s port protocol \`${t}\` is not tcp, udp or sctp.`, 'Write tcp or udp.');
        else spec.protocol = t;
        break;
      }
      case 'mode': {
        const t = readString(ctx, e.value, e, `${svc(ctx)}'s port mode`);
        if (t === 'host') approximated(ctx, where, `${svc(ctx)} publishes a port in \`host\` mode; on ECS each task has its own address (awsvpc) or host port (bridge), so the mode has no counterpart.`);
        // Compose takes any string here (the schema says string) and uses only `host`; others,
        // such as ECS ComposeX's `awsvpc`, are ignored: a warning, not a refusal.
        else if (t !== undefined && t !== 'ingress') {
          report(ctx, 'compose/invalid-value', at(e.value, e.path), `${svc(ctx)}'s port mode \`${t}\` is neither \`ingress\` nor \`host\`, the modes Compose knows; it is ignored, as Compose ignores it.`, {
            hint: 'Remove it: on ECS the port is reached through the task\'s own address (awsvpc) or its load balancer whatever the mode.',
            severity: 'warning',
          });
        }
        break;
      }
      case 'name':
        name = readString(ctx, e.value, e, `${svc(ctx)}'s port name`);
        break;
      case 'app_protocol':
        appProtocol = readString(ctx, e.value, e, `${svc(ctx)}'s app_protocol`);
        if (appProtocol !== undefined && !['http', 'http2', 'grpc'].includes(appProtocol.toLowerCase())) {
          approximated(ctx, where, `${svc(ctx)}'s app_protocol \`${appProtocol}\` has no ECS counterpart (ECS knows http, http2 and grpc); it is left out.`);
          appProtocol = undefined;
        }
        break;
      case 'x-aws-protocol': {
        const t = readString(ctx, e.value, e, `${svc(ctx)}'s x-aws-protocol`);
        if (t !== undefined) xProtocol = { value: t, where };
        break;
      }
      default:
        if (e.key.startsWith('x-aws-')) report(ctx, 'compose/x-aws-unsupported', where, `${svc(ctx)}'s port sets \`${e.key}\`, which ecsify does not know.`, { hint: 'Only `x-aws-protocol` is read on a port.' });
        else if (!e.key.startsWith('x-')) invalid(ctx, where, `${svc(ctx)}'s port has an unknown key \`${e.key}\`.`, 'A port takes target, published, host_ip, protocol, app_protocol, mode and name.');
    }
  }
  if (target === undefined) {
    invalid(ctx, at(node, path), `${svc(ctx)} has a port without a \`target\` (container port).`, 'Add `target: <container port>`.');
    return;
  }
  const mappings = addPorts(ctx, draft.container, [{ ...spec, target } as PortSpec], { node, path }, true);
  const mapping = mappings[0];
  if (!mapping) return;
  if (name !== undefined) mapping.name = name;
  if (appProtocol !== undefined) mapping.appProtocol = appProtocol.toLowerCase() as PortMapping['appProtocol'];
  if (xProtocol) {
    const proto = LISTENER_PROTOCOLS[xProtocol.value.toLowerCase()];
    if (!proto) {
      report(ctx, 'compose/x-aws-unsupported', xProtocol.where, `${svc(ctx)}'s x-aws-protocol \`${xProtocol.value}\` is not a load-balancer protocol.`, { hint: 'Write http, https, tcp, udp or tls.' });
      return;
    }
    const route: RouteSpec = {
      container: draft.container.name,
      containerPort: target,
      listenerPort: mapping.published ?? target,
      protocol: proto,
      origin: originOf(xProtocol.where),
    };
    draft.routes.push(route);
    report(ctx, 'compose/x-aws-setting', xProtocol.where, `${svc(ctx)}'s port ${target} is served by a load-balancer listener on port ${route.listenerPort} with protocol ${proto} (x-aws-protocol).`, {
      hint: proto === 'HTTPS' ? 'The HTTPS listener needs a certificate: ecsify makes its ARN a template parameter.' : 'Nothing to do.',
    });
  }
}

/** Adds mappings to the container; returns the ones added (the first for single ports). */
function addPorts(ctx: ServiceContext, container: Container, specs: PortSpec[], where: At, published: boolean): PortMapping[] {
  const added: PortMapping[] = [];
  if (specs.length > MAX_PORTS_PER_ENTRY) {
    approximated(
      ctx,
      where,
      `${svc(ctx)} maps ${specs.length} ports in one entry; ecsify keeps the first ${MAX_PORTS_PER_ENTRY} (ports ${specs[0]?.target}-${specs[MAX_PORTS_PER_ENTRY - 1]?.target}).`,
      'Large port ranges belong in the task definition’s `containerPortRange`; add it by hand.',
    );
    specs = specs.slice(0, MAX_PORTS_PER_ENTRY);
  }
  const origin = originOf(where);
  for (const spec of specs) {
    if (spec.protocol === 'sctp') {
      report(ctx, 'compose/unsupported-key', where, `${svc(ctx)}'s port ${spec.target}/sctp cannot be converted: ECS port mappings are tcp or udp.`, { hint: 'Use tcp or udp, or run the service on EC2 with host networking.' });
      continue;
    }
    const mapping: PortMapping = { containerPort: spec.target, protocol: spec.protocol as 'tcp' | 'udp', public: published, origin };
    if (published) {
      if (spec.hostIp !== undefined && spec.hostIp !== '0.0.0.0' && spec.hostIp !== '::') {
        mapping.public = false;
        if (!isLoopback(spec.hostIp)) {
          approximated(ctx, where, `${svc(ctx)} publishes port ${spec.target} only on the host address ${spec.hostIp}; on ECS the port is treated as private (not behind the load balancer).`, 'Publish it without an address to make it public.');
        }
      }
      if (spec.published !== undefined) {
        if (spec.published.includes('-')) {
          approximated(ctx, where, `${svc(ctx)} publishes port ${spec.target} on any free host port of ${spec.published}; ECS has no host port ranges, so no host port is fixed.`);
        } else {
          mapping.published = Number(spec.published);
        }
      }
    }
    const same = container.ports.find((p) => p.containerPort === mapping.containerPort && p.protocol === mapping.protocol);
    if (same) {
      if (published && !same.public && mapping.public) {
        // `expose` came first in an override: the published entry says more.
        Object.assign(same, mapping);
        added.push(same);
      } else if (published && (same.published !== mapping.published || same.public !== mapping.public)) {
        approximated(ctx, where, `${svc(ctx)} publishes container port ${spec.target}/${spec.protocol} twice; ECS maps a container port once, so ecsify keeps the first mapping.`, 'Remove the duplicate entry.');
      } else {
        added.push(same);
      }
      continue;
    }
    container.ports.push(mapping);
    added.push(mapping);
  }
  return added;
}
