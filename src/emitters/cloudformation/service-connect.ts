/**
 * Service discovery by name with ECS Service Connect: services other services call publish
 * their named ports under the names callers use (`redis:6379` keeps working), and callers get
 * the Service Connect proxy. Services that neither call nor are called stay out (the proxy
 * costs memory in every task).
 */
import type { Application, Service } from '../../ir/types.js';
import { FIXED, TAGGABLE, type Ctx } from './context.js';
import { getAtt, ref } from './intrinsics.js';

/** Names of the services some other service of the app calls. */
export function calledServices(app: Application): Set<string> {
  const names = new Set(app.services.map((s) => s.name));
  const out = new Set<string>();
  for (const s of app.services) for (const c of s.calls) if (c !== s.name && names.has(c)) out.add(c);
  return out;
}

/**
 * The services of the app that call a service (other than itself), in app order. Indexed once,
 * rather than scanning every service's calls for each service (quadratic on large apps).
 */
export function callerIndex(app: Application): (service: Service) => Service[] {
  const byName = new Map<string, Service[]>();
  for (const s of app.services) {
    for (const name of new Set(s.calls)) {
      const list = byName.get(name);
      if (list) list.push(s);
      else byName.set(name, [s]);
    }
  }
  return (service) => (byName.get(service.name) ?? []).filter((s) => s !== service);
}

/** A client alias as Service Connect accepts it (lower-case DNS name ≤ 127), or undefined. */
function dnsAlias(name: string): string | undefined {
  const n = name.toLowerCase();
  return /^[a-z0-9_][a-z0-9._-]{0,126}$/.test(n) ? n : undefined;
}

/** DNS label rules of Service Connect discovery names: `[a-z0-9_-]`, no leading `-`, ≤ 64. */
function discoveryLabel(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9_-]+/g, '-')
      .replace(/^-+/, '')
      .slice(0, 64) || 'service'
  );
}

export interface ServiceConnectPlan {
  /** `ServiceConnectConfiguration` of a service, or undefined when it does not take part. */
  configuration(service: Service): Record<string, unknown> | undefined;
  /** Names of the services a service must start after (see `startOrder`). */
  startAfter(service: Service): string[];
}

/**
 * Which services each client must start after: the Service Connect services it calls. A client
 * task resolves the endpoints that exist when it starts and does not see ones created later
 * (AWS "Service Connect components"), so in CloudFormation the client's `AWS::ECS::Service`
 * `DependsOn` the services it calls.
 *
 * Calls can form cycles (a ↔ b), and a cycle of `DependsOn` is an invalid template. Edges are
 * taken in a stable order (client name, then called name, by code unit) and an edge is dropped
 * when the called service already starts after the client through the edges kept so far, i.e.
 * when it would close a cycle. So `a ↔ b` keeps `a` after `b` and drops `b` after `a`; the
 * client started first resolves the other's endpoint only once its tasks are replaced.
 */
export function startOrder(services: readonly Service[], serves: (s: Service) => boolean): Map<string, string[]> {
  const byName = new Map(services.map((s) => [s.name, s]));
  const after = new Map<string, string[]>();
  const reaches = (from: string, to: string): boolean => {
    const seen = new Set<string>();
    const stack = [from];
    while (stack.length > 0) {
      const n = stack.pop()!;
      if (n === to) return true;
      if (seen.has(n)) continue;
      seen.add(n);
      stack.push(...(after.get(n) ?? []));
    }
    return false;
  };
  const sorted = <T>(xs: Iterable<T>) => [...xs].sort();
  for (const client of sorted(byName.keys())) {
    for (const called of sorted(new Set(byName.get(client)!.calls))) {
      const server = byName.get(called);
      if (!server || called === client || !serves(server)) continue;
      if (reaches(called, client)) continue; // would close a cycle
      const list = after.get(client);
      if (list) list.push(called);
      else after.set(client, [called]);
    }
  }
  return after;
}

/**
 * Which services are published under a Service Connect name. Only services something calls (or
 * that are backends, or have aliases) are: every participant runs the Service Connect proxy in
 * its tasks, which costs memory.
 */
function servesPredicate(app: Application): (s: Service) => boolean {
  const called = calledServices(app);
  // A one-off task (role `job`) is started by RunTask, which Service Connect does not serve.
  return (s) => s.role !== 'job' && (called.has(s.name) || s.role === 'backend' || (s.discoveryAliases ?? []).length > 0) && namedPorts(s).length > 0;
}

/** The Service Connect names the stack publishes, by service (the report lists the same). */
export function publishedDiscoveryNames(app: Application): Map<string, string[]> {
  return discoveryNames(app.services.filter(servesPredicate(app)));
}

export function planServiceConnect(ctx: Ctx): ServiceConnectPlan {
  const { app, stack, names } = ctx;
  const serves = servesPredicate(app);
  const serviceNames = new Set(app.services.map((s) => s.name));
  const participates = (s: Service) => s.role !== 'job' && (serves(s) || s.calls.some((c) => c !== s.name && serviceNames.has(c)));
  if (!app.services.some(participates)) return { configuration: () => undefined, startAfter: () => [] };
  const order = startOrder(app.services, serves);
  const discovery = discoveryNames(app.services.filter(serves));

  const namespace = names.id('namespace', FIXED.namespace);
  const t = TAGGABLE.has('AWS::ServiceDiscovery::HttpNamespace') ? stack.tagList() : undefined;
  stack.addResource(namespace, {
    Type: 'AWS::ServiceDiscovery::HttpNamespace',
    Properties: {
      Name: ref('AWS::StackName'),
      Description: `Service Connect names of ${app.name}`,
      ...(t ? { Tags: t } : {}),
    },
  });

  return {
    startAfter: (service) => order.get(service.name) ?? [],
    configuration(service: Service): Record<string, unknown> | undefined {
      if (!participates(service)) return undefined;
      const config: Record<string, unknown> = { Enabled: true, Namespace: getAtt(namespace, 'Arn') };
      if (serves(service)) {
        const dns = discoveryLabel(service.discoveryName ?? service.name);
        const aliases = [dns, service.name, ...(service.discoveryAliases ?? [])].map(dnsAlias).filter((a): a is string => a !== undefined);
        const ports = namedPorts(service);
        const discoveryName = discovery.get(service.name) as string[];
        config['Services'] = ports.map((p, i) => ({
          PortName: p.name,
          DiscoveryName: discoveryName[i],
          ClientAliases: [...new Set(aliases)].map((a) => ({ Port: p.containerPort, DnsName: a })),
        }));
      }
      config['LogConfiguration'] = {
        LogDriver: 'awslogs',
        Options: {
          'awslogs-group': ref(FIXED.logGroup),
          'awslogs-region': ref('AWS::Region'),
          'awslogs-stream-prefix': `${service.name}-service-connect`,
        },
      };
      return config;
    },
  };
}

/**
 * Each serving service's Cloud Map discovery names, one per named port, unique in the namespace
 * (Cloud Map compares them ignoring case): the first port takes the service's own name; further
 * ports take `<name>-<port>`, with `-2`, `-3`… when another service already has that name (a
 * service `db` exposing 8080 next to a service called `db-8080`). Every service's first name is
 * reserved before any further port is named, so adding a port never renames another service.
 */
export function discoveryNames(services: readonly Service[]): Map<string, string[]> {
  const taken = new Set<string>();
  const out = new Map<string, string[]>();
  for (const s of services) {
    const first = discoveryLabel(s.discoveryName ?? s.name);
    taken.add(first.toLowerCase());
    out.set(s.name, [first]);
  }
  for (const s of services) {
    const names = out.get(s.name) as string[];
    for (const p of namedPorts(s).slice(1)) {
      // The suffix survives the 64-character limit: the stem is cut instead.
      const withSuffix = (suffix: string) => (names[0] as string).slice(0, 64 - suffix.length) + suffix;
      let name = withSuffix(`-${p.containerPort}`);
      for (let n = 2; taken.has(name.toLowerCase()); n++) name = withSuffix(`-${p.containerPort}-${n}`);
      taken.add(name.toLowerCase());
      names.push(name);
    }
  }
  return out;
}

/** TCP port mappings with a name (Service Connect refers to ports by name). */
export function namedPorts(service: Service): { name: string; containerPort: number }[] {
  const out: { name: string; containerPort: number }[] = [];
  const seen = new Set<number>();
  for (const c of service.task.containers) {
    for (const p of c.ports) {
      if (p.protocol !== 'tcp' || !p.name || seen.has(p.containerPort)) continue;
      seen.add(p.containerPort);
      out.push({ name: p.name, containerPort: p.containerPort });
    }
  }
  return out;
}
