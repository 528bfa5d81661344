/**
 * Ports of services that other services call but that declare none. Compose puts every service
 * on one network where any port is open, so a `redis` with no `ports` or `expose` is still
 * reached at `redis:6379`. On ECS only declared ports exist: Service Connect publishes a service
 * under its port mappings, and its security group opens those ports to its callers. Without one
 * the name does not resolve and the connection is refused, with nothing said at conversion.
 *
 * For each called service whose containers map no port, the port comes from what the callers
 * say, else from the image:
 * - a caller's variable names it with a port (`redis://redis:6379/0`, `API=api:8080`), with a
 *   URL scheme that implies one (`postgres://db/app` → 5432), or as `X_HOST` beside an `X_PORT`
 *   (`API_HOST=api`, `API_PORT=8080`): that port (`ports/inferred`);
 * - else its image is a data store whose default port is known (`redis` → 6379): that port;
 * - else, when a caller's variable names it as a host, nothing can tell the port: reported as
 *   unreachable (`ports/unreachable`). A service only waited on (`depends_on`) without any such
 *   variable may never be connected to, and is left alone.
 *
 * The port is added to the container the callers name (the service's first one when they name
 * the service) as a port of the task, not published: the ports pass then names it and the
 * emitters make it reachable like a declared one. Runs after the dependencies pass (calls) and
 * before the ports pass.
 */
import type { Container, EnvVar, PortMapping, Service } from '../ir/types.js';
import { andList } from '../util/and-list.js';
import { hostNamesOf, hostUses, type HostUse } from '../util/host-uses.js';
import { statefulKind } from './lib/images.js';
import { updateServices } from './lib/update.js';
import type { Pass } from './pass.js';

/** What the callers said about one container of a port-less service. */
interface Evidence {
  /** Ports written by callers, and who wrote them in which variables. */
  ports: Set<number>;
  callers: Set<string>;
  variables: Set<string>;
  /** A caller that names it as a host without a port, for the report. */
  named?: { caller: string; variable: string };
}

/** Callers named in a message; more are counted ("and 7 more"). */
const MAX_NAMED = 5;

export const calledPorts: Pass = {
  name: 'called-ports',
  run(app, ctx) {
    // Services that map no port at all and some other service calls: usually none.
    const called = new Set<string>();
    for (const s of app.services) for (const c of s.calls) if (c !== s.name) called.add(c);
    const portless = app.services.filter((s) => s.role !== 'job' && called.has(s.name) && s.task.containers.every((c) => c.ports.length === 0));
    if (portless.length === 0) return app;

    // Host names of those services → `service\0container`.
    const hosts = new Map<string, string>();
    for (const s of portless) {
      const first = mainContainer(s).name;
      for (const n of hostNamesOf(s)) {
        const container = s.task.containers.some((c) => c.name === n) ? n : first;
        if (!hosts.has(n.toLowerCase())) hosts.set(n.toLowerCase(), `${s.name}\u0000${container}`);
      }
    }
    const evidence = new Map<string, Evidence>();
    const wanted = new Set(portless.map((s) => s.name));
    // Callers of each of them, in app order, indexed once (not searched per service).
    const callers = new Map<string, string[]>();
    // Uses per variable name and value: services share their variables (an anchor, an env_file).
    const memo = new Map<string, Map<string, HostUse[]>>();
    for (const caller of app.services) {
      let calling = false;
      for (const c of new Set(caller.calls)) {
        if (c === caller.name || !wanted.has(c)) continue;
        calling = true;
        const list = callers.get(c);
        if (list) list.push(caller.name);
        else callers.set(c, [caller.name]);
      }
      if (!calling) continue;
      for (const c of caller.task.containers) {
        for (const e of c.environment as EnvVar[]) {
          let uses: HostUse[] | undefined;
          if ('secret' in e) {
            // A secret's value is gone; the names it used as hosts, and their ports, were kept.
            if (!e.hosts) continue;
            uses = [];
            for (const h of e.hosts) {
              const target = hosts.get(h.host.toLowerCase());
              if (target !== undefined) uses.push(h.port === undefined ? { target } : { target, port: h.port });
            }
          } else if ('value' in e) {
            let byValue = memo.get(e.name);
            if (!byValue) memo.set(e.name, (byValue = new Map()));
            uses = byValue.get(e.value);
            if (!uses) byValue.set(e.value, (uses = hostUses(e.name, e.value, hosts)));
          } else continue;
          for (const use of uses) {
            if (use.target.startsWith(`${caller.name}\u0000`)) continue;
            let ev = evidence.get(use.target);
            if (!ev) evidence.set(use.target, (ev = { ports: new Set(), callers: new Set(), variables: new Set() }));
            // `DB_HOST=db` beside `DB_PORT=5432`: the pair gives the port.
            const pair = use.port === undefined ? portBeside(e.name, c.environment) : undefined;
            const port = use.port ?? pair?.port;
            if (port === undefined) ev.named ??= { caller: caller.name, variable: e.name };
            else {
              ev.ports.add(port);
              ev.callers.add(caller.name);
              ev.variables.add(pair ? `${e.name} and ${pair.variable}` : e.name);
            }
          }
        }
      }
    }

    // Dockerrun files declare ports as portMappings; Compose files (also on EB) with expose.
    const dockerrun = app.source.kind === 'eb-dockerrun-v1' || app.source.kind === 'eb-dockerrun-v2';
    const callersOf = (name: string): string[] => (callers.get(name) ?? []).map((n) => `\`${n}\``);
    return updateServices(app, (service) => {
      if (!wanted.has(service.name)) return service;
      const added = new Map<string, number[]>();
      for (const c of service.task.containers) {
        const ev = evidence.get(`${service.name}\u0000${c.name}`);
        if (!ev || ev.ports.size === 0) continue;
        const ports = [...ev.ports].sort((a, b) => a - b);
        added.set(c.name, ports);
        const who = [...ev.callers].map((n) => `\`${n}\``);
        const list = andList(ports.map(String));
        ctx.reporter.report(
          'ports/inferred',
          `Service ${service.name} declares no port, but ${andList(who, MAX_NAMED)} ${who.length > 1 ? 'reach' : 'reaches'} it on port${ports.length > 1 ? 's' : ''} ${list} (${andList([...ev.variables].sort())}): ecsify maps ${ports.length > 1 ? 'them' : 'it'}, so it can be reached on ECS.`,
          { origin: service.origin, subject: service.name, hint: `Declare ${ports.length > 1 ? 'them' : 'it'} in the input (${declare(dockerrun, ports)}) rather than rely on this guess.` },
        );
      }
      if (added.size === 0) {
        const main = mainContainer(service);
        const image = main.image.kind === 'ref' ? main.image.ref : undefined;
        const kind = image ? statefulKind(image) : undefined;
        if (kind) {
          added.set(main.name, [kind.port]);
          const who = callersOf(service.name);
          ctx.reporter.report(
            'ports/inferred',
            `Service ${service.name} declares no port, and ${andList(who, MAX_NAMED)} ${who.length > 1 ? 'call' : 'calls'} it: ecsify maps ${kind.port}, the port ${kind.what} listens on by default, so it can be reached on ECS.`,
            { origin: service.origin, subject: service.name, hint: `Declare the port it listens on in the input (${declare(dockerrun, [kind.port])}) rather than rely on this guess.` },
          );
        } else {
          const named = service.task.containers.map((c) => evidence.get(`${service.name}\u0000${c.name}`)?.named).find((n) => n !== undefined);
          if (named) {
            ctx.reporter.report(
              'ports/unreachable',
              `Service ${service.name} declares no port, but \`${named.caller}\` reaches it by name (${named.variable}): on ECS no other service can reach it, since its security group opens only declared ports and Service Connect publishes only those.`,
              { origin: service.origin, subject: service.name, hint: `Declare the port it listens on (${declare(dockerrun, [8080])}), or write it in the URL the callers use.` },
            );
          }
          return service;
        }
      }
      const containers = service.task.containers.map((c) => {
        const ports = added.get(c.name);
        if (!ports) return c;
        const mappings: PortMapping[] = ports.map((p) => ({ containerPort: p, protocol: 'tcp', public: false, ...(service.origin ? { origin: service.origin } : {}) }));
        return { ...c, ports: [...c.ports, ...mappings] };
      });
      return { ...service, task: { ...service.task, containers } } satisfies Service;
    });
  },
};

/**
 * The container a service's name stands for: the one named after it (Compose, EB), else its
 * first essential one. Not simply the first: the secret-files pass puts an init container first.
 */
function mainContainer(s: Service): Container {
  return s.task.containers.find((c) => c.name === s.name) ?? s.task.containers.find((c) => c.essential !== false) ?? (s.task.containers[0] as Container);
}

/** How the input declares a container port that is not published. */
function declare(dockerrun: boolean, ports: readonly number[]): string {
  return dockerrun
    ? `Dockerrun.aws.json: "portMappings": [${ports.map((p) => `{"containerPort": ${p}}`).join(', ')}]`
    : `Compose: expose: [${ports.map((p) => `"${p}"`).join(', ')}]`;
}

/** `DB_HOST`, `REDIS_HOSTNAME`, `SMTP_SERVER`: the prefix a matching `…PORT` variable shares. */
const HOST_VARIABLE = /^(.*?)(HOST|HOSTNAME|SERVER|ADDR|ADDRESS)$/i;

/** The port of the `<prefix>PORT` variable beside a `<prefix>HOST` one (`DB_HOST` → `DB_PORT`), if it holds one. */
function portBeside(name: string, environment: readonly EnvVar[]): { port: number; variable: string } | undefined {
  const m = HOST_VARIABLE.exec(name);
  if (!m) return undefined;
  const wanted = `${m[1] as string}PORT`.toUpperCase();
  for (const e of environment) {
    if (e.name.toUpperCase() !== wanted || !('value' in e) || !/^\d{1,5}$/.test(e.value.trim())) continue;
    const port = Number(e.value.trim());
    return port > 0 && port < 65536 ? { port, variable: e.name } : undefined;
  }
  return undefined;
}
