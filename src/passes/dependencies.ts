/**
 * Start order. Inside one task, Compose `depends_on` conditions are ECS container `dependsOn`
 * (START / HEALTHY / COMPLETE / SUCCESS); ECS cannot order separate services, so a dependency on
 * another service is moved to `calls` (network access, discovery) and reported with what ECS
 * cannot guarantee.
 *
 * Parsers put dependencies inside a task into `Container.dependsOn` and those on other services
 * into `Service.waitsFor`; a `dependsOn` naming a container outside the task is moved here too.
 */
import type { Container, ContainerDependency, EnvVar, Origin, Service, ServiceDependency } from '../ir/types.js';
import { hostNamesOf } from '../util/host-uses.js';
import { templateEndpoints } from './lib/endpoints.js';
import { updateServices } from './lib/update.js';
import type { Pass, PassContext } from './pass.js';

const WHAT_IS_LOST: Record<ContainerDependency['condition'], (other: string) => string> = {
  START: (o) => `it may start before ${o}`,
  HEALTHY: (o) => `it may start before ${o} is healthy`,
  COMPLETE: (o) => `it may start before ${o} has finished`,
  SUCCESS: (o) => `it may start before ${o} has finished successfully`,
};

export const dependencies: Pass = {
  name: 'dependencies',
  run(app, ctx) {
    /** container name → services whose task holds it */
    const owners = new Map<string, string[]>();
    for (const s of app.services) {
      for (const c of s.task.containers) {
        const list = owners.get(c.name);
        if (list) list.push(s.name);
        else owners.set(c.name, [s.name]);
      }
    }
    const serviceNames = new Set(app.services.map((s) => s.name));
    const excluded = new Set(app.excluded.map((e) => e.name));
    const hosts = hostNames(app.services);
    const targets = new Map<string, Map<string, readonly string[]>>();
    return updateServices(app, (service) => callsFromEnvironment(fixService(service, ctx, { owners, serviceNames, excluded }), hosts, targets));
  },
};

/** Every name a service answers to (lower-case) → the service: its name, discovery names, containers. */
function hostNames(services: readonly Service[]): Map<string, string> {
  const hosts = new Map<string, string>();
  for (let i = 0; i < services.length; i++) {
    const s = services[i] as Service;
    // A one-off task is nothing to call: no ECS service answers to its name.
    if (s.role === 'job') continue;
    const names = hostNamesOf(s);
    for (let j = 0; j < names.length; j++) {
      const h = (names[j] as string).toLowerCase();
      if (!hosts.has(h)) hosts.set(h, s.name);
    }
  }
  return hosts;
}

/**
 * Compose services reach each other by name without any `depends_on`: a variable such as
 * `REDIS_URL=redis://redis:6379/0` or `DB_HOST=db` names the service it calls. Those become
 * calls too, so the service gets the discovery (Service Connect) and network access that keep
 * the address working on ECS. Names are matched as hosts only (a URL host, `name:port`, or the
 * whole value of a host-like variable), as for excluded services' endpoints.
 */
function callsFromEnvironment(service: Service, hosts: ReadonlyMap<string, string>, targets: Map<string, Map<string, readonly string[]>>): Service {
  let calls: string[] | undefined;
  // Indexed loops: in the interpreter `for…of` allocates an iterator result per variable
  // (≈1 MB over the benchmark file's 6,100 variables).
  const containers = service.task.containers;
  for (let i = 0; i < containers.length; i++) {
    const environment = (containers[i] as Container).environment;
    for (let j = 0; j < environment.length; j++) {
      const e = environment[j] as EnvVar;
      // A secret's value is gone; the service names it used as hosts were kept (EnvVar.hosts).
      if ('secret' in e && e.hosts) {
        for (const h of e.hosts) {
          const target = hosts.get(h.host.toLowerCase());
          if (target === undefined || target === service.name || service.calls.includes(target) || calls?.includes(target)) continue;
          (calls ??= [...service.calls]).push(target);
        }
        continue;
      }
      if (!('value' in e)) continue;
      const found = targetsOf(e.name, e.value, hosts, targets);
      for (let k = 0; k < found.length; k++) {
        const target = found[k] as string;
        if (target === service.name || service.calls.includes(target) || calls?.includes(target)) continue;
        (calls ??= [...service.calls]).push(target);
      }
    }
  }
  return calls ? { ...service, calls } : service;
}

/**
 * The services `name=value` names as hosts, remembered by name and value in `memo`: services
 * share their variables (an anchor, an env_file; 6,100 variables but 107 pairs in a generated
 * 1000-service file), and the answer depends only on them and `hosts`.
 */
function targetsOf(name: string, value: string, hosts: ReadonlyMap<string, string>, memo: Map<string, Map<string, readonly string[]>>): readonly string[] {
  let byValue = memo.get(name);
  if (!byValue) memo.set(name, (byValue = new Map()));
  let found = byValue.get(value);
  if (!found) {
    found = templateEndpoints(name, value, hosts)?.parameters ?? [];
    byValue.set(value, found);
  }
  return found;
}

interface Lookup {
  owners: ReadonlyMap<string, string[]>;
  serviceNames: ReadonlySet<string>;
  excluded: ReadonlySet<string>;
}

function fixService(service: Service, ctx: PassContext, look: Lookup): Service {
  // Most services wait for nothing: nothing to check or copy then.
  const waitsFor = service.waitsFor ?? [];
  let ordered = false;
  for (let i = 0; i < service.task.containers.length; i++) if ((service.task.containers[i] as Container).dependsOn.length > 0) ordered = true;
  if (!ordered) {
    if (waitsFor.length === 0) return service;
    // Only waits on other services (most Compose `depends_on`): no container to change, no
    // cycle to look for; what the full path below does for them, without its maps and copies.
    const calls = [...service.calls];
    for (let i = 0; i < waitsFor.length; i++) {
      const w = waitsFor[i] as ServiceDependency;
      const owner = resolveOther(service, w.service, look);
      if (owner === service.name) continue;
      if (owner !== undefined && !calls.includes(owner)) calls.push(owner);
      reportOther(service, w.service, owner, w.condition, w.origin ?? service.origin, ctx, look);
    }
    return calls.length === service.calls.length ? service : { ...service, calls };
  }
  const inTask = new Map(service.task.containers.map((c) => [c.name, c]));
  const makeNonEssential = new Map<string, ContainerDependency>();
  const calls = [...service.calls];
  let changed = false;

  const newDeps = service.task.containers.map((c) => {
    const kept: ContainerDependency[] = [];
    for (const d of c.dependsOn) {
      const target = inTask.get(d.container);
      if (target && target !== c) {
        if (d.condition === 'HEALTHY' && !target.healthCheck) {
          ctx.reporter.report(
            'dependencies/healthy-without-check',
            `Container ${c.name} waits for ${target.name} to be healthy, but ${target.name} has no health check.`,
            { origin: d.origin ?? c.origin, hint: `Add a health check to ${target.name}; until then ${c.name} waits for it to start.` },
          );
          kept.push({ ...d, condition: 'START' });
          changed = true;
          continue;
        }
        if ((d.condition === 'COMPLETE' || d.condition === 'SUCCESS') && target.essential && !makeNonEssential.has(target.name)) {
          makeNonEssential.set(target.name, d);
        }
        kept.push(d);
        continue;
      }
      if (target === c) {
        ctx.reporter.report('dependencies/cycle', `Container ${c.name} waits for itself.`, {
          origin: d.origin ?? c.origin,
          hint: 'Remove the dependency.',
        });
        kept.push(d);
        continue;
      }
      changed = true;
      const name = d.container;
      const owner = resolveOther(service, name, look);
      if (owner === service.name) {
        // The container waits for its own service by the service's name: that is the task's
        // main container (the first other one).
        const main = service.task.containers.find((x) => x !== c);
        if (main) kept.push({ ...d, container: main.name });
        else {
          ctx.reporter.report('dependencies/cycle', `Container ${c.name} waits for its own service ${name}.`, {
            origin: d.origin ?? c.origin,
            hint: 'Remove the dependency.',
          });
        }
        continue;
      }
      if (owner !== undefined && !calls.includes(owner)) calls.push(owner);
      reportOther(service, name, owner, d.condition, d.origin ?? c.origin, ctx, look);
    }
    return kept;
  });
  for (const w of service.waitsFor ?? []) {
    const owner = resolveOther(service, w.service, look);
    if (owner === service.name) continue;
    if (owner !== undefined && !calls.includes(owner)) calls.push(owner);
    reportOther(service, w.service, owner, w.condition, w.origin ?? service.origin, ctx, look);
  }

  const containers = service.task.containers.map((c, i): Container => {
    const deps = newDeps[i] as ContainerDependency[];
    let out = c;
    if (deps.length !== c.dependsOn.length || deps.some((d, j) => d !== c.dependsOn[j])) out = { ...out, dependsOn: deps };
    const why = makeNonEssential.get(c.name);
    if (why) {
      ctx.reporter.report('dependencies/made-non-essential', `Container ${c.name} runs to completion before others start, so it is not essential.`, {
        origin: why.origin ?? c.origin,
        notes: ['When an essential container exits, ECS stops the whole task.'],
      });
      out = { ...out, essential: false };
    }
    return out;
  });
  if (makeNonEssential.size > 0) changed = true;

  reportCycles(containers, ctx);
  if (!changed && calls.length === service.calls.length) return service;
  return { ...service, calls, task: { ...service.task, containers } };
}

/** The service a name outside the task belongs to: a service, or the service holding that container. */
function resolveOther(service: Service, name: string, look: Lookup): string | undefined {
  if (look.excluded.has(name)) return undefined;
  if (look.serviceNames.has(name)) return name;
  const owners = look.owners.get(name) ?? [];
  return owners.includes(service.name) ? service.name : owners[0];
}

/** Reports a wait on something outside the task: another service, an excluded one, or nothing. */
function reportOther(
  service: Service,
  name: string,
  owner: string | undefined,
  condition: ContainerDependency['condition'],
  origin: Origin | undefined,
  ctx: PassContext,
  look: Lookup,
): void {
  if (look.excluded.has(name)) {
    ctx.reporter.report('dependencies/excluded-service', `Service ${service.name} waits for ${name}, which is excluded; ECS will not wait for it.`, {
      origin,
      hint: `Make ${service.name} retry its connection to ${name} at start-up.`,
    });
    return;
  }
  if (owner === undefined) {
    ctx.reporter.report('dependencies/unknown', `Service ${service.name} waits for ${name}, which is neither in its task nor a service.`, {
      origin,
      hint: 'Correct the name or remove the dependency.',
    });
    return;
  }
  const cond = condition === 'START' ? '' : ` (${condition.toLowerCase()})`;
  ctx.reporter.report(
    'dependencies/cross-service',
    service.role === 'job'
      ? `One-off task ${service.name} waits for service ${owner}${cond}, but ECS does not order a task you run after a service: ${WHAT_IS_LOST[condition](owner)}.`
      : `Service ${service.name} waits for service ${owner}${cond}, but ECS starts services independently: ${WHAT_IS_LOST[condition](owner)}.`,
    {
      origin,
      severity: condition === 'START' ? 'info' : 'warning',
      subject: service.name,
      hint:
        condition === 'START' || condition === 'HEALTHY'
          ? `Make ${service.name} retry its connection to ${owner} at start-up.`
          : `Run ${owner} as a one-off task before deploying (like a migration), or put both containers in one task.`,
    },
  );
}

/** Reports each dependency cycle among a task's containers once (self-loops are reported above). */
function reportCycles(containers: readonly Container[], ctx: PassContext): void {
  const byName = new Map(containers.map((c) => [c.name, c]));
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (c: Container): void => {
    state.set(c.name, 'open');
    stack.push(c.name);
    for (const d of c.dependsOn) {
      const t = byName.get(d.container);
      if (!t || t === c) continue;
      const s = state.get(t.name);
      if (s === 'open') {
        const cycle = [...stack.slice(stack.indexOf(t.name)), t.name];
        ctx.reporter.report('dependencies/cycle', `Containers ${cycle.join(' → ')} wait for each other.`, {
          origin: d.origin ?? c.origin,
          hint: 'Remove one of the dependencies.',
        });
      } else if (s === undefined) visit(t);
    }
    stack.pop();
    state.set(c.name, 'done');
  };
  for (const c of containers) if (!state.has(c.name)) visit(c);
}
