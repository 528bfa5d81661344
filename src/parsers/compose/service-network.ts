/**
 * Networking keys: `network_mode` (and the legacy `net`), `networks`, `links`, `hostname`,
 * `extra_hosts`, `dns`, `dns_search`.
 *
 * `network_mode: service:<x>` makes the service a sidecar in x's task (see tasks.ts); `host` is
 * kept (the launch-type pass rejects it on Fargate); `bridge`/`none` follow the launch type's
 * mode. Network aliases and link aliases become discovery names. Every service shares one network
 * (the VPC) on ECS; Compose's separate networks are reported once for the project.
 */
import type { Container } from '../../ir/types.js';
import { getPair, isMap, isScalar, type YMap, type YNode } from '../../yaml/node.js';
import { redactUnreadTree } from '../../secrets/unread.js';
import type { ServiceDraft } from './service-draft.js';
import { approximated, at, entries, goString, invalid, items, readString, readStringList, report, svc, unsupported, type At, type MapContext, type PathLike, type ServiceContext, type Item, type Entry } from './to-ir-context.js';

export function mapNetwork(ctx: ServiceContext, draft: ServiceDraft, declaredNetworks: ReadonlySet<string>, packLinks: boolean): void {
  const container = draft.container;
  // Two calls rather than a loop over a list of keys: see `keyIndex` (this runs per service).
  readNetworkMode(ctx, draft, 'network_mode');
  readNetworkMode(ctx, draft, 'net');
  const networks = ctx.keys.get('networks');
  if (networks) mapNetworks(ctx, draft, networks.value, networks, declaredNetworks);

  const links = ctx.keys.get('links');
  if (links) {
    for (const item of readStringList(ctx, links.value, links, `${svc(ctx)}'s links`)) {
      const [service, alias] = item.value.split(':', 2) as [string, string | undefined];
      draft.links.push(alias !== undefined && alias !== service ? { service, alias, where: item.where } : { service, where: item.where });
    }
    // With pack-links (the default) the grouping reports what became of each link (compose/sidecar,
    // or compose/links when the linked service is shared and stays on its own).
    if (draft.links.length > 0 && !packLinks) {
      const names = draft.links.map((l) => `\`${l.service}\``).join(', ');
      report(
        ctx,
        'compose/links',
        links,
        `${svc(ctx)} links to ${names}; on ECS a link is a call to another service found by name through service discovery, not a container of this task.`,
        { hint: 'Nothing to do. To run a linked service in this task instead, set `x-ecsify: {task: ' + ctx.service + '}` on it.' },
      );
    }
  }

  // Compose containers reach each other by container name too: keep it as a discovery alias.
  const containerName = ctx.keys.get('container_name');
  if (containerName) {
    const v = readString(ctx, containerName.value, containerName, `${svc(ctx)}'s container_name`);
    if (v) {
      if (v !== ctx.service && !draft.aliases.includes(v)) draft.aliases.push(v);
      approximated(ctx, containerName, `${svc(ctx)}'s container_name \`${v}\` is not used as a container name (ECS names containers itself); other services can still reach it by that name through service discovery.`);
    }
  }
  const hostname = ctx.keys.get('hostname');
  if (hostname) {
    const v = readString(ctx, hostname.value, hostname, `${svc(ctx)}'s hostname`);
    if (v) container.hostname = v;
  }
  const extra = ctx.keys.get('extra_hosts');
  if (extra) mapExtraHosts(ctx, container, extra.value, extra);
  readDns(ctx, container, 'dns', 'dnsServers');
  readDns(ctx, container, 'dns_search', 'dnsSearchDomains');
}

function readNetworkMode(ctx: ServiceContext, draft: ServiceDraft, key: 'network_mode' | 'net'): void {
  const pair = ctx.keys.get(key);
  if (!pair) return;
  const mode = readString(ctx, pair.value, pair, `${svc(ctx)}'s ${key}`);
  if (mode !== undefined) networkMode(ctx, draft, mode, pair, key);
}

function readDns(ctx: ServiceContext, container: Container, key: 'dns' | 'dns_search', field: 'dnsServers' | 'dnsSearchDomains'): void {
  const pair = ctx.keys.get(key);
  if (!pair) return;
  container[field] = readStringList(ctx, pair.value, pair, `${svc(ctx)}'s ${key}`)
    .map((x) => x.value)
    .filter((v) => v !== '');
}

function networkMode(ctx: ServiceContext, draft: ServiceDraft, mode: string, where: At, key: string): void {
  if (key === 'net') {
    report(ctx, 'compose/legacy-key', where, `${svc(ctx)} uses \`net\` from the version 1 format; ecsify reads it as \`network_mode\`.`, { hint: 'Write `network_mode` instead.' });
  }
  const service = /^(service|container):(.+)$/.exec(mode);
  if (service && service[1] === 'service') {
    draft.owner = { service: service[2] as string, via: 'network_mode', where };
    return;
  }
  if (service) {
    // The version 1 format wrote `net: container:<service>` for what is now `service:`.
    if (key === 'net') {
      draft.owner = { service: service[2] as string, via: 'net-container', where };
      return;
    }
    unsupported(ctx, where, `${svc(ctx)} joins the network of container \`${service[2]}\`, which is outside the project and does not exist on ECS.`, 'If it is another service of this project, write `network_mode: service:<name>`.');
    return;
  }
  switch (mode) {
    case 'host':
      draft.hostNetwork = where;
      return;
    case 'bridge':
    case 'default':
      if (ctx.launchType === 'fargate') approximated(ctx, where, `${svc(ctx)}'s network_mode ${mode} becomes awsvpc, the only network mode on Fargate (each task gets its own address).`);
      return;
    case 'none':
      approximated(ctx, where, `${svc(ctx)}'s network_mode none is not converted: the task gets the launch type's network mode (${ctx.launchType === 'fargate' ? 'awsvpc' : 'bridge'}).`, 'Edit the generated task definition (networkMode none, EC2 only) if the container must have no network.');
      return;
    default:
      unsupported(ctx, where, `${svc(ctx)}'s network_mode \`${mode}\` has no ECS counterpart.`, 'Remove it; ECS tasks use awsvpc (Fargate) or bridge (EC2).');
  }
}

function mapNetworks(ctx: ServiceContext, draft: ServiceDraft, node: YNode, path: PathLike, declared: ReadonlySet<string>): void {
  const names: { name: string; where: At; config?: YMap }[] = [];
  if (node.kind === 'seq') {
    const itemList = items(node, path);
    for (let itemIndex = 0; itemIndex < itemList.length; itemIndex++) {
      const item = itemList[itemIndex] as Item;
      const v = readString(ctx, item.node, item, `${svc(ctx)}'s network`);
      if (v) names.push({ name: v, where: item });
    }
  } else if (isMap(node)) {
    const eList = entries(node, path);
    for (let eIndex = 0; eIndex < eList.length; eIndex++) {
      const e = eList[eIndex] as Entry;
      const item: { name: string; where: At; config?: YMap } = { name: e.key, where: e };
      if (isMap(e.value)) item.config = e.value;
      names.push(item);
    }
  } else if (!(isScalar(node) && node.value === null)) {
    invalid(ctx, at(node, path), `${svc(ctx)}'s networks must be a list or a mapping.`, 'Write `networks: [front, back]`.');
  }
  for (const n of names) {
    if (n.name !== 'default' && !declared.has(n.name)) {
      report(ctx, 'compose/undefined-reference', n.where, `${svc(ctx)} joins the network \`${n.name}\`, which is not declared under the top-level \`networks\`.`, { hint: `Declare it (\`networks: {${n.name}: {}}\`) or remove it.` });
      continue;
    }
    if (!n.config) continue;
    const eList = entries(n.config, n.where);
    for (let eIndex = 0; eIndex < eList.length; eIndex++) {
      const e = eList[eIndex] as Entry;
      const where = e;
      if (e.key === 'aliases') {
        for (const a of readStringList(ctx, e.value, e, `${svc(ctx)}'s network aliases`)) if (a.value && !draft.aliases.includes(a.value)) draft.aliases.push(a.value);
      } else if (e.key === 'ipv4_address' || e.key === 'ipv6_address' || e.key === 'link_local_ips' || e.key === 'mac_address') {
        unsupported(ctx, where, `${svc(ctx)}'s fixed address on network \`${n.name}\` (${e.key}) has no ECS counterpart: tasks get their addresses from the VPC.`, 'Reach the service by its name through service discovery instead of a fixed address.');
      } else if (e.key === 'priority' || e.key === 'gw_priority' || e.key === 'interface_name' || e.key === 'driver_opts') {
        approximated(ctx, where, `${svc(ctx)}'s \`${e.key}\` on network \`${n.name}\` is left out: an ECS task has a single network.`);
      } else if (!e.key.startsWith('x-')) {
        invalid(ctx, where, `${svc(ctx)}'s network \`${n.name}\` has an unknown key \`${e.key}\`.`, 'A service network takes aliases, ipv4_address, ipv6_address, link_local_ips, mac_address, priority and driver_opts.');
      }
    }
  }
}

function mapExtraHosts(ctx: ServiceContext, container: Container, node: YNode, path: PathLike): void {
  const pairs: { host: string; ips: string[]; where: At }[] = [];
  if (isMap(node)) {
    const eList = entries(node, path);
    for (let eIndex = 0; eIndex < eList.length; eIndex++) {
      const e = eList[eIndex] as Entry;
      const ips = readStringList(ctx, e.value, e, `${svc(ctx)}'s extra_hosts address`).map((x) => x.value);
      pairs.push({ host: e.key, ips, where: e });
    }
  } else {
    for (const item of readStringList(ctx, node, path, `${svc(ctx)}'s extra_hosts`)) {
      const eq = item.value.indexOf('=');
      const colon = item.value.indexOf(':');
      const cut = eq !== -1 ? eq : colon;
      if (cut <= 0) {
        invalid(ctx, item.where, `${svc(ctx)}'s extra_hosts entry \`${item.value}\` is not \`host=ip\` or \`host:ip\`.`, 'Write `myhost=10.0.0.5`.');
        continue;
      }
      pairs.push({ host: item.value.slice(0, cut), ips: item.value.slice(cut + 1).split(','), where: item.where });
    }
  }
  for (const p of pairs) {
    for (let ip of p.ips) {
      ip = ip.trim();
      if (ip.startsWith('[') && ip.endsWith(']')) ip = ip.slice(1, -1);
      if (ip === 'host-gateway') {
        approximated(ctx, p.where, `${svc(ctx)} maps ${p.host} to \`host-gateway\` (the Docker host), which has no meaning on ECS; the entry is left out.`, 'Point the app at the real address of what it needs (make it a setting).');
        continue;
      }
      if (ip === '') continue;
      container.extraHosts.push({ hostname: p.host, ipAddress: ip });
    }
  }
}

/** Top-level `networks`: ECS tasks share one VPC; report what that loses. */
export function reportTopLevelNetworks(ctx: MapContext, root: YMap): Set<string> {
  const declared = new Set<string>();
  const pair = getPair(root, 'networks');
  if (!pair || !isMap(pair.value)) return declared;
  const own = pair.value.entries.filter((e) => !(isMap(e.value) && getPair(e.value, 'external'))).map((e) => e.key);
  if (own.length >= 2) {
    approximated(ctx, at(pair, 'networks'), `The networks ${own.map((k) => `\`${k}\``).join(', ')} keep services apart in Compose; on ECS every service shares the VPC, so any service can reach any other.`, 'Restrict who may connect with security groups in the generated stack if the separation matters.');
  }
  for (const n of entries(pair.value, 'networks')) {
    declared.add(n.key);
    if (!isMap(n.value)) continue;
    // Only `external` and `name` are read; the rest (driver_opts, ipam, labels) is shown in code
    // frames all the same.
    redactUnreadTree(n.value, ctx.reporter, ctx.collector.policy);
    const ignored: string[] = [];
    let externalName: string | undefined;
    let external = false;
    for (const e of entries(n.value, n)) {
      if (e.key === 'external') external = isScalar(e.value) ? goString(e.value) === 'true' : isMap(e.value);
      else if (e.key === 'name') externalName = isScalar(e.value) ? goString(e.value) : undefined;
      else if (!e.key.startsWith('x-')) ignored.push(e.key);
    }
    const where = n;
    if (external) {
      const sg = externalName?.startsWith('sg-');
      unsupported(
        ctx,
        where,
        sg
          ? `Network \`${n.key}\` names the security group \`${externalName}\` (Docker's ECS integration); ecsify does not attach existing security groups yet.`
          : `Network \`${n.key}\` is an existing (external) Docker network, which does not exist on ECS.`,
        sg ? 'Add the security group to the service’s network configuration in the generated stack.' : 'Remove it; ECS services share the VPC.',
        'info',
      );
    } else if (ignored.length > 0) {
      approximated(ctx, where, `Network \`${n.key}\`'s ${ignored.map((k) => `\`${k}\``).join(', ')} ${ignored.length === 1 ? 'has' : 'have'} no ECS counterpart: tasks get addresses from the VPC's subnets.`);
    }
  }
  return declared;
}
