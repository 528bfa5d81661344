/**
 * From Compose services to ECS services: sidecars join their owner's task, dependencies are
 * resolved, roles decided.
 *
 * Grouping. A service whose `network_mode` is `service:<x>` shares x's network namespace, which on
 * ECS only containers of one task can do: it becomes a container of x's task, and the ECS service
 * is named after x (the owner of the network). `x-ecsify.task: <x>` asks for the same explicitly,
 * and a linked service joins the task of the first service (in file order) that links to it, as
 * Elastic Beanstalk multi-container Docker and ecs-cli did (`x-ecsify.pack-links: false` keeps
 * linked services on their own, reached by name). Chains are followed to the root owner. The owner's
 * container comes first, then the sidecars in file order. Task- and service-level settings
 * (replicas, scaling, deployment, platform…) come from the owner; a sidecar's own are reported
 * (`compose/sidecar-setting-ignored`). Services keep the file order of their owners.
 *
 * Dependencies. `depends_on` between containers of one task → container `dependsOn`; on another
 * ECS service (or an excluded one) → `Service.waitsFor` (the dependencies pass turns those into
 * calls and reports what ECS cannot guarantee). `links` → `Service.calls`, link aliases →
 * the target's `discoveryAliases`; `volumes_from` → `volumesFrom` inside a task.
 *
 * Roles (a first guess the ports pass refines). `web` when a container publishes a port publicly,
 * else `backend` when it has ports or other services call it, else `worker` (`x-ecsify.role`
 * wins). Discovery names are left to the ports pass; network aliases, link aliases and the
 * names of sidecars become `discoveryAliases`.
 */
import { ecsName, familyName } from '../../ir/create.js';
import type { Container, Job, LaunchType, Service, Task, TaskRole, TaskVolume } from '../../ir/types.js';
import { nodeOrigin } from '../../yaml/node.js';
import type { DependencyDraft, ServiceDraft } from './service-draft.js';
import { addTaskVolume } from './service-volumes.js';
import { andList } from '../../util/and-list.js';
import { approximated, invalid, originOf, report, unsupported, type MapContext } from './to-ir-context.js';

export interface GroupOptions {
  appName: string;
  launchType: LaunchType;
  packLinks: boolean;
  /** Compose names of services left out of the deployment (provider services, and those to exclude). */
  excluded: ReadonlySet<string>;
  /** Compose names of every service in the file (excluded ones too). */
  known: ReadonlySet<string>;
  /** Services the loader removed because of profiles (it reports dependencies on them). */
  disabled: ReadonlySet<string>;
}

/**
 * The ECS services of the drafts, and the jobs of those that run once (role `job`), in the order
 * they must run: a job another job waits on comes first.
 */
export function buildServices(ctx: MapContext, drafts: ServiceDraft[], opts: GroupOptions): { services: Service[]; jobs: Job[] } {
  const byKey = new Map(drafts.map((d) => [d.key, d]));
  const owner = ownersOf(ctx, drafts, byKey, opts);
  // Root of each draft (following owner chains; loops were broken in ownersOf).
  const rootOf = (d: ServiceDraft): ServiceDraft => {
    let cur = d;
    for (let guard = 0; guard <= drafts.length; guard++) {
      const next = owner.get(cur.key);
      if (!next) return cur;
      cur = next;
    }
    throw new Error(`owner chain of ${d.key} does not end`);
  };
  const members = new Map<ServiceDraft, ServiceDraft[]>();
  for (const d of drafts) {
    const root = rootOf(d);
    if (!members.has(root)) members.set(root, []);
    if (root !== d) members.get(root)?.push(d);
  }
  const taskOf = new Map<string, ServiceDraft>();
  for (const d of drafts) taskOf.set(d.key, rootOf(d));

  const services: Service[] = [];
  const serviceOf = new Map<ServiceDraft, Service>();
  const groups: { service: Service; root: ServiceDraft; group: ServiceDraft[] }[] = [];
  // Indexed loops and forEach over maps in this file: see `keyIndex` (one cold pass over
  // thousands of drafts, where `for…of` allocates a result object per step).
  members.forEach((sidecars, root) => {
    // Container names are unique across the application, so the owner's is the service's name.
    const name = root.container.name;
    const group = [root, ...sidecars];
    const task: Task = {
      family: familyName(opts.appName, name),
      networkMode: root.hostNetwork ? 'host' : opts.launchType === 'fargate' ? 'awsvpc' : 'bridge',
      containers: [],
      volumes: [],
    };
    if (root.runtimePlatform) task.runtimePlatform = root.runtimePlatform;
    for (let i = 0; i < group.length; i++) {
      const d = group[i] as ServiceDraft;
      // Merge task volumes; a different volume under a taken name is renamed in this container's mounts.
      for (let j = 0; j < d.taskVolumes.length; j++) {
        const v = d.taskVolumes[j] as TaskVolume;
        const final = addTaskVolume(task.volumes, v);
        if (final !== v.name) for (const m of d.container.mounts) if (m.volume === v.name) m.volume = final;
      }
      task.containers.push(d.container);
    }
    for (const d of sidecars) {
      const via = (owner.get(d.key) as ServiceDraft).key;
      report(ctx, 'compose/sidecar', d.owner?.where ?? { node: d.pair, path: d.path }, `Service \`${d.key}\` runs as a sidecar container in the task of \`${root.key}\`${via !== root.key ? ` (through \`${via}\`)` : ''}; together they form the ECS service \`${name}\`.`, {
        hint: `Containers of one task reach each other on localhost. Replicas, scaling and deployment settings come from \`${root.key}\`.`,
      });
      for (const s of d.serviceSettings) {
        report(ctx, 'compose/sidecar-setting-ignored', s.where, `Service \`${d.key}\` runs in the task of \`${root.key}\`, so its ${s.what} has no effect; the settings of \`${root.key}\` apply.`, {
          hint: `Move the setting to \`${root.key}\`, or let \`${d.key}\` run as its own service.`,
        });
      }
      if (d.hostNetwork) {
        report(ctx, 'compose/sidecar-setting-ignored', d.hostNetwork, `Service \`${d.key}\` asks for host networking but runs in the task of \`${root.key}\`, whose network mode applies.`, { hint: 'Remove one of the two settings.' });
      }
    }
    namespaces(ctx, root, group, task, taskOf);
    const service: Service = {
      name,
      origin: nodeOrigin(root.pair, root.path),
      role: 'worker',
      task,
      desiredCount: root.desiredCount,
      routes: group.flatMap((d) => d.routes),
      calls: [],
    };
    if (root.scaling) service.scaling = root.scaling;
    if (root.schedule) service.scaling = { ...(service.scaling ?? { min: root.desiredCount, max: root.desiredCount, targets: [] }), schedule: root.schedule };
    if (root.deployment) service.deployment = root.deployment;
    const role = mergedRole(group.map((d) => d.taskRole));
    if (role) service.taskRole = role;
    if (root.spot !== undefined) service.spot = root.spot;
    if (root.exec !== undefined) service.enableExecuteCommand = root.exec;
    if (root.assignPublicIp !== undefined) service.assignPublicIp = root.assignPublicIp;
    services.push(service);
    groups.push({ service, root, group });
    for (let i = 0; i < group.length; i++) serviceOf.set(group[i] as ServiceDraft, service);
  });

  // Dependencies, links, volumes_from.
  const aliasesOf = new Map<Service, string[]>();
  const addAlias = (s: Service, alias: string): void => {
    const list = aliasesOf.get(s) ?? [];
    if (!list.includes(alias)) list.push(alias);
    aliasesOf.set(s, list);
  };
  const called = new Set<Service>();
  /** Task roots other services wait on to complete successfully → the services that wait. */
  const awaited = new Map<ServiceDraft, string[]>();
  for (let i = 0; i < drafts.length; i++) {
    const d = drafts[i] as ServiceDraft;
    const own = serviceOf.get(d) as Service;
    const addCall = (target: string): void => {
      if (target !== own.name && !own.calls.includes(target)) own.calls.push(target);
    };
    for (let j = 0; j < d.dependencies.length; j++) {
      const dep = d.dependencies[j] as DependencyDraft;
      const target = byKey.get(dep.service);
      if (!target) {
        if (opts.excluded.has(dep.service)) addWait(own, dep.service, dep);
        else if (!opts.known.has(dep.service) && !opts.disabled.has(dep.service)) {
          report(ctx, 'compose/undefined-reference', dep.where, `Service \`${d.key}\` depends on \`${dep.service}\`, which is not defined (or is switched off by a profile).`, {
            severity: dep.required ? 'error' : 'warning',
            hint: dep.required ? 'Define the service, enable its profile, or mark the dependency `required: false`.' : 'Nothing to do: the dependency is optional and left out.',
          });
        }
        continue;
      }
      if (taskOf.get(target.key) === taskOf.get(d.key)) {
        d.container.dependsOn.push({ container: target.container.name, condition: dep.condition, origin: originOf(dep.where) });
      } else {
        addWait(own, target.container.name, dep);
        called.add(serviceOf.get(target) as Service);
        if (dep.condition === 'SUCCESS' && taskOf.get(target.key) === target) {
          const list = awaited.get(target) ?? [];
          list.push(own.name);
          awaited.set(target, list);
        }
      }
    }
    for (const link of d.links) {
      const target = byKey.get(link.service);
      if (!target) {
        if (opts.excluded.has(link.service)) addCall(link.service);
        else report(ctx, 'compose/undefined-reference', link.where, `Service \`${d.key}\` links to \`${link.service}\`, which is not defined.`, { hint: 'Define the service or remove the link.' });
        continue;
      }
      if (taskOf.get(target.key) === taskOf.get(d.key)) {
        // Kept as written; in awsvpc mode the launch-type pass drops links and says why.
        d.container.links.push(link.alias ? `${target.container.name}:${link.alias}` : target.container.name);
      } else {
        const t = serviceOf.get(target) as Service;
        addCall(t.name);
        called.add(t);
        if (link.alias) addAlias(t, link.alias);
      }
    }
    for (const vf of d.volumesFrom) {
      const target = byKey.get(vf.service);
      if (!target) {
        report(ctx, 'compose/undefined-reference', vf.where, `Service \`${d.key}\` mounts the volumes of \`${vf.service}\`, which is not defined.`, { hint: 'Define the service or remove volumes_from.' });
      } else if (taskOf.get(target.key) === taskOf.get(d.key)) {
        d.container.volumesFrom.push({ sourceContainer: target.container.name, readOnly: vf.readOnly });
      } else {
        unsupported(ctx, vf.where, `Service \`${d.key}\` mounts the volumes of \`${vf.service}\`, which runs as another ECS service; tasks cannot share volumes that way.`, 'Mount the same named volume (EFS) in both services, or pack them into one task with `x-ecsify: {task: ...}`.');
      }
    }
  }

  // Roles and discovery names. DNS names ignore case, so an alias is kept only when no other
  // service is called that (case-insensitively) and no earlier service already has it.
  const claimed = new Set(services.map((s) => s.name.toLowerCase()));
  for (let i = 0; i < groups.length; i++) {
    const { service: s, root, group } = groups[i] as (typeof groups)[number];
    s.role = root.roleOverride ?? roleOf(s.task.containers, called.has(s));
    const candidates: string[] = [];
    // The Compose name itself, when the ECS name had to change it (`my.db` → `my-db`).
    if (root.key !== s.name) candidates.push(root.key);
    for (let j = 0; j < group.length; j++) candidates.push(...(group[j] as ServiceDraft).aliases);
    candidates.push(...sidecarNames(group), ...(aliasesOf.get(s) ?? []));
    const aliases: string[] = [];
    for (let j = 0; j < candidates.length; j++) {
      const a = candidates[j] as string;
      const lower = a.toLowerCase();
      if (lower === s.name.toLowerCase() || aliases.some((x) => x.toLowerCase() === lower)) continue;
      if (claimed.has(lower)) {
        const other = services.find((o) => o.name.toLowerCase() === lower);
        approximated(ctx, { node: root.pair, path: root.path }, `Service \`${s.name}\` cannot also be reached as \`${a}\`: ${other ? `service \`${other.name}\` is named that` : 'another service is already reached by that name'} (DNS names ignore case).`, `Callers find it as \`${s.name}\`; rename one of the services if both names are needed.`);
        continue;
      }
      claimed.add(lower);
      aliases.push(a);
    }
    if (aliases.length > 0) s.discoveryAliases = aliases;
  }
  const jobs = oneOffTasks(ctx, groups, awaited, called, opts);
  reportRestart(ctx, drafts, serviceOf, opts);
  return { services, jobs };
}

/**
 * Services that run once, before the others: a service other services wait on to complete
 * successfully (\`service_completed_successfully\`, typically a migration), or one marked
 * \`x-ecsify: {role: job}\`. An ECS service would run it again each time it exits, so it becomes
 * a task definition run as a one-off task before each deploy (role \`job\`; to-ir.ts lists the
 * jobs). The waits on it are dropped: it has run before the services start.
 *
 * Only a task of its own container qualifies (a sidecar would keep the task running) and none
 * that publishes a port (it would be behind the load balancer); those stay services, and the
 * dependencies pass reports the wait.
 */
function oneOffTasks(
  ctx: MapContext,
  groups: { service: Service; root: ServiceDraft; group: ServiceDraft[] }[],
  awaited: ReadonlyMap<ServiceDraft, string[]>,
  called: ReadonlySet<Service>,
  opts: GroupOptions,
): Job[] {
  const jobs = new Set<string>();
  for (let i = 0; i < groups.length; i++) {
    const { service: s, root, group } = groups[i] as (typeof groups)[number];
    const waiting = awaited.get(root);
    if (opts.excluded.has(root.key) || (!waiting && root.roleOverride !== 'job')) continue;
    if (root.roleOverride !== undefined && root.roleOverride !== 'job') continue;
    const marked = root.roleOverride === 'job';
    const waiters = [...new Set(waiting)].map((n) => `\`${n}\``);
    const why = marked ? 'it is marked `x-ecsify: {role: job}`' : `${andList(waiters)} ${waiters.length > 1 ? 'wait' : 'waits'} for it to complete successfully`;
    // Routed or published: it would be behind the load balancer.
    const published = root.container.ports.some((p) => p.public) || root.routes.length > 0;
    if (group.length > 1 || published) {
      if (marked) {
        // Refused: the role ecsify would have guessed.
        s.role = roleOf(s.task.containers, called.has(s));
        invalid(ctx, { node: root.pair, path: root.path }, `Service \`${root.key}\` cannot run as a one-off task: ${group.length > 1 ? 'other containers share its task' : 'it publishes a port'}.`, group.length > 1 ? 'Give the job a task of its own.' : 'Remove the published ports, or the role.');
      }
      continue;
    }
    s.role = 'job';
    delete s.scaling;
    jobs.add(root.container.name);
    report(ctx, 'compose/one-off-service', { node: root.pair, path: root.path }, `Service \`${root.key}\` becomes a one-off task, run before each deploy (jobs/${s.name}.json): ${why}, and an ECS service would run it again each time it exits.`, {
      hint: 'Run it before the services start or are updated: the stack starts with them stopped and has an output with the command (see MIGRATION.md).',
    });
  }
  if (jobs.size === 0) return [];
  // Run order: file order, except that a job waits for the jobs it depends on (`seed` after
  // `migrate`); the waits themselves are dropped, as the jobs run one after the other.
  const byName = new Map(groups.map((g) => [g.service.name, g.service]));
  const order: string[] = [];
  const placing = new Set<string>();
  const place = (name: string): void => {
    if (order.includes(name) || placing.has(name)) return; // placed, or a cycle: file order decides
    placing.add(name);
    for (const w of byName.get(name)?.waitsFor ?? []) if (jobs.has(w.service)) place(w.service);
    order.push(name);
  };
  for (const g of groups) if (jobs.has(g.service.name)) place(g.service.name);
  for (let i = 0; i < groups.length; i++) {
    const s = (groups[i] as (typeof groups)[number]).service;
    if (s.waitsFor) s.waitsFor = s.waitsFor.filter((w) => !jobs.has(w.service));
    if (s.waitsFor?.length === 0) delete s.waitsFor;
  }
  return order.map((name) => {
    const s = byName.get(name) as Service;
    // Its own task definition and its container's own command.
    const job: Job = { name, service: name, container: (s.task.containers[0] as Container).name, beforeDeploy: true };
    if (s.origin) job.origin = s.origin;
    return job;
  });
}

/**
 * \`restart\` other than always/unless-stopped: an ECS service replaces a task that stops, whatever
 * the policy; a one-off task runs once, as \`restart: "no"\` says, and is never retried.
 */
function reportRestart(ctx: MapContext, drafts: readonly ServiceDraft[], serviceOf: ReadonlyMap<ServiceDraft, Service>, opts: GroupOptions): void {
  for (let i = 0; i < drafts.length; i++) {
    const d = drafts[i] as ServiceDraft;
    if (!d.restart || opts.excluded.has(d.key)) continue;
    const { value, where } = d.restart;
    // As the service's own report: a line several services share (an anchor) is reported once.
    const sctx = { ...ctx, service: d.key } as MapContext;
    if (serviceOf.get(d)?.role === 'job') {
      if (value === 'no') continue;
      report(sctx, 'compose/restart-policy', where, `Service \`${d.key}\` sets restart \`${value}\`, but ECS runs a one-off task once and does not retry it.`, {
        hint: 'Run the job again if it fails, and stop the deploy there.',
      });
      continue;
    }
    // A container sharing a task (a sidecar, or its owner) cannot be a job of its own.
    const shared = (serviceOf.get(d)?.task.containers.length ?? 1) > 1;
    report(sctx, 'compose/restart-policy', where, `Service \`${d.key}\` sets restart \`${value}\`, but an ECS service always replaces a task that stops, like \`restart: always\`.`, {
      hint: shared
        ? 'Nothing to do for a long-running container. One that runs once and exits should be marked `x-ecsify: {essential: false}`, so that its exit does not stop the task.'
        : 'Nothing to do for a long-running service. If it runs a one-off command (a migration, a seed), mark it `x-ecsify: {role: job}` to make it a one-off task.',
    });
  }
}

/** `web` when a container publishes a port publicly, else `backend` when it has ports or is called, else `worker`. */
function roleOf(containers: Container[], called: boolean): Service['role'] {
  let ports = false;
  for (let i = 0; i < containers.length; i++) {
    const list = (containers[i] as Container).ports;
    for (let j = 0; j < list.length; j++) if ((list[j] as Container['ports'][number]).public) return 'web';
    if (list.length > 0) ports = true;
  }
  return ports || called ? 'backend' : 'worker';
}

function addWait(service: Service, target: string, dep: DependencyDraft): void {
  service.waitsFor ??= [];
  if (!service.waitsFor.some((w) => w.service === target)) service.waitsFor.push({ service: target, condition: dep.condition, origin: originOf(dep.where) });
}

/** Names of the sidecars of a task: callers may still use them as host names. */
function sidecarNames(group: ServiceDraft[]): string[] {
  return group.slice(1).map((d) => d.key);
}

/** Each draft's direct owner, after validation (unknown, excluded, loops). */
function ownersOf(ctx: MapContext, drafts: ServiceDraft[], byKey: Map<string, ServiceDraft>, opts: GroupOptions): Map<string, ServiceDraft> {
  const owner = new Map<string, ServiceDraft>();
  for (let i = 0; i < drafts.length; i++) {
    const d = drafts[i] as ServiceDraft;
    // A service being excluded stays on its own, so the exclude pass can remove it whole.
    if (!d.owner || opts.excluded.has(d.key)) continue;
    const target = byKey.get(d.owner.service);
    if (target === d) {
      invalid(ctx, d.owner.where, `Service \`${d.key}\` cannot join its own task.`, 'Name another service, or remove the setting.');
    } else if (target && !opts.excluded.has(target.key)) {
      owner.set(d.key, target);
    } else if (opts.excluded.has(d.owner.service)) {
      report(ctx, 'compose/sidecar-setting-ignored', d.owner.where, `Service \`${d.key}\` shares the network of \`${d.owner.service}\`, which is excluded from the deployment; \`${d.key}\` runs as its own service.`, {
        hint: `Reach the replacement of \`${d.owner.service}\` through its endpoint parameter instead of localhost.`,
      });
    } else if (d.owner.via === 'net-container') {
      unsupported(ctx, d.owner.where, `Service \`${d.key}\` joins the network of container \`${d.owner.service}\`, which is not a service of the project and does not exist on ECS.`, 'Remove it, or name a service of the project (network_mode: service:<name>).');
    } else {
      report(ctx, 'compose/undefined-reference', d.owner.where, `Service \`${d.key}\` refers to the service \`${d.owner.service}\`, which is not defined.`, { hint: 'Correct the name, or remove the setting.' });
    }
  }
  if (opts.packLinks) {
    // Who uses each service (links or depends_on): a linked service is packed as a sidecar only
    // when the linking service is its one user; a service shared by several stays on its own.
    const users = new Map<string, Set<string>>();
    const addUser = (name: string, user: string): void => {
      if (name === user) return;
      const set = users.get(name) ?? new Set<string>();
      set.add(user);
      users.set(name, set);
    };
    for (let i = 0; i < drafts.length; i++) {
      const d = drafts[i] as ServiceDraft;
      for (let j = 0; j < d.links.length; j++) addUser((d.links[j] as ServiceDraft['links'][number]).service, d.key);
      for (let j = 0; j < d.dependencies.length; j++) addUser((d.dependencies[j] as DependencyDraft).service, d.key);
    }
    for (let i = 0; i < drafts.length; i++) {
      const d = drafts[i] as ServiceDraft;
      for (const link of d.links) {
        const target = byKey.get(link.service);
        if (!target || target === d || owner.has(target.key) || target.owner || opts.excluded.has(target.key) || opts.excluded.has(d.key)) continue;
        // Already in the target's task (`network_mode: service:db` plus `links: [db]`): nothing to pack.
        if (reaches(owner, d, target)) continue;
        const others = [...(users.get(target.key) ?? [])].filter((u) => u !== d.key);
        if (others.length > 0) {
          report(ctx, 'compose/links', link.where, `Service \`${target.key}\` is linked from \`${d.key}\` but also used by ${others.map((o) => `\`${o}\``).join(', ')}, so it stays its own ECS service, reached by name.`, {
            hint: 'Nothing to do; callers find it by name through service discovery.',
          });
          continue;
        }
        owner.set(target.key, d);
        target.owner = { service: d.key, via: 'links', where: link.where };
      }
    }
  }
  // Break loops: the first service (in file order) found on a loop runs on its own.
  for (let i = 0; i < drafts.length; i++) {
    const d = drafts[i] as ServiceDraft;
    let cur = owner.get(d.key);
    if (!cur) continue; // owns itself: no chain to follow
    const seen = new Set<string>([d.key]);
    while (cur) {
      if (seen.has(cur.key)) {
        const where = d.owner?.where;
        if (where) invalid(ctx, where, `Service \`${d.key}\` is part of a loop of services that share each other's network.`, 'Make one service the owner and point the others at it.');
        owner.delete(d.key);
        break;
      }
      seen.add(cur.key);
      cur = owner.get(cur.key);
    }
  }
  return owner;
}

/** Whether following `from`'s owners (network_mode, x-ecsify.task, packed links) leads to `to`. */
function reaches(owner: Map<string, ServiceDraft>, from: ServiceDraft, to: ServiceDraft): boolean {
  const seen = new Set<string>();
  for (let cur = owner.get(from.key); cur && !seen.has(cur.key); cur = owner.get(cur.key)) {
    if (cur === to) return true;
    seen.add(cur.key);
  }
  return false;
}

const NAMESPACE_FIELDS = ['pidMode', 'ipcMode'] as const;

/** `pid`/`ipc`: host from the owner; `service:x` inside the task → task mode. */
function namespaces(ctx: MapContext, root: ServiceDraft, group: ServiceDraft[], task: Task, taskOf: Map<string, ServiceDraft>): void {
  for (let k = 0; k < NAMESPACE_FIELDS.length; k++) {
    const key = NAMESPACE_FIELDS[k] as (typeof NAMESPACE_FIELDS)[number];
    for (let i = 0; i < group.length; i++) {
      const d = group[i] as ServiceDraft;
      const ns = d[key];
      if (!ns) continue;
      if (ns.service !== undefined) {
        if (taskOf.get(ns.service) !== root) {
          unsupported(ctx, ns.where, `Service \`${d.key}\` shares the ${key === 'pidMode' ? 'process' : 'IPC'} namespace of \`${ns.service}\`, which runs in another ECS task.`, `Only containers of one task share namespaces: pack them with \`x-ecsify: {task: ${ns.service}}\`.`);
          continue;
        }
      } else if (d !== root && ns.mode === 'host') {
        report(ctx, 'compose/sidecar-setting-ignored', ns.where, `Service \`${d.key}\` asks for the host's ${key === 'pidMode' ? 'process' : 'IPC'} namespace but runs in the task of \`${root.key}\`; set it on \`${root.key}\`.`, { hint: `Move the setting to \`${root.key}\`.` });
        continue;
      }
      const current = task[key];
      if (current === undefined || current === ns.mode) {
        if (key === 'pidMode') task.pidMode = ns.mode as 'host' | 'task';
        else task.ipcMode = ns.mode;
      } else {
        approximated(ctx, ns.where, `The containers of \`${root.key}\`'s task ask for different ${key === 'pidMode' ? 'pid' : 'ipc'} modes; ECS sets one per task, so \`${current}\` is kept.`);
      }
    }
  }
}

function mergedRole(roles: (TaskRole | undefined)[]): TaskRole | undefined {
  const present = roles.filter((r): r is TaskRole => r !== undefined);
  if (present.length === 0) return undefined;
  if (present.length === 1) return present[0];
  const out: TaskRole = { managedPolicyArns: [], statements: [] };
  for (const r of present) {
    if (r.arn !== undefined && out.arn === undefined) out.arn = r.arn;
    for (const a of r.managedPolicyArns) if (!out.managedPolicyArns.includes(a)) out.managedPolicyArns.push(a);
    out.statements.push(...r.statements);
    if (!out.origin && r.origin) out.origin = r.origin;
  }
  return out;
}

/**
 * ECS names for Compose names (sanitised; collisions get `-2`, `-3`… in file order). Compose
 * allows `Api` and `api` side by side, but their Service Connect names (lower case) and DNS
 * names would be one, so names are unique ignoring case.
 */
export function uniqueNames(keys: string[]): Map<string, string> {
  const out = new Map<string, string>();
  const taken = new Set<string>();
  for (const key of keys) {
    const base = ecsName(key);
    let name = base;
    for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${base}-${n}`;
    taken.add(name.toLowerCase());
    out.set(key, name);
  }
  return out;
}
