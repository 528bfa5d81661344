/**
 * Launch-type rules: what Fargate rejects (../shared/docs/ecs.md §7), what the awsvpc network
 * mode rejects, and EC2's own. Settings the app most likely works without are dropped or
 * approximated with a warning, so the output registers; settings the app cannot work without
 * are errors that name the way out (`--launch-type ec2`).
 */
import type { Container, ContainerOriginField, LinuxParameters, Mount, Origin, Service, Task, TaskVolume } from '../ir/types.js';
import { ecsName } from '../ir/create.js';
import { chosenWindowsFamily } from './lib/images.js';
import { updateContainers, updateServices } from './lib/update.js';
import type { Pass, PassContext } from './pass.js';

/** Namespaced kernel parameters a Fargate task may set (ecs.md §4.1 `systemControls`). */
const FARGATE_SYSCTLS = [
  /^net\./,
  /^kernel\.(msgmax|msgmnb|msgmni|sem|shmall|shmmax|shmmni|shm_rmid_forced)$/,
  /^fs\.mqueue\./,
];
/** Host ports the ECS agent or the instance holds on every container instance. */
const RESERVED_HOST_PORTS = new Set([22, 2375, 2376, 51678, 51679, 51680]);
const FARGATE_MAX_STOP_TIMEOUT = 120;
/** The most open files a Fargate container may ask for (`nofile` hard limit). */
const FARGATE_MAX_NOFILE = 1048576;
const EC2_TASK_CPU = { min: 128, max: 196608 };

export const launchType: Pass = {
  name: 'launch-type',
  run(app, ctx) {
    const fargate = app.settings.launchType === 'fargate';
    // Only EC2 looks links up (Fargate tasks run in awsvpc mode, where links are dropped).
    const taskOf = new Map<string, string>();
    if (!fargate) for (const s of app.services) for (const c of s.task.containers) if (!taskOf.has(c.name)) taskOf.set(c.name, s.name);
    return updateServices(app, (service) => {
      let s = windowsPlatform(service);
      s = fargate ? fargateService(s, ctx) : ec2Service(s, ctx, taskOf);
      if (s.task.networkMode === 'awsvpc') s = awsvpcService(s, ctx);
      return s;
    });
  },
};

/**
 * A task running a Windows image needs its Windows Server version in `runtimePlatform` (ECS
 * would otherwise run it as Linux); the `platform/windows` lint rule says what was chosen.
 */
function windowsPlatform(service: Service): Service {
  const platform = service.task.runtimePlatform;
  if (platform?.operatingSystemFamily) return service;
  const chosen = chosenWindowsFamily(service.task);
  return chosen ? withTask(service, { runtimePlatform: { ...platform, operatingSystemFamily: chosen.family } }) : service;
}

function withTask(service: Service, patch: Partial<Task>): Service {
  return { ...service, task: { ...service.task, ...patch } };
}

function withLinux(c: Container, patch: Partial<LinuxParameters>): Container {
  return { ...c, linux: { ...(c.linux as LinuxParameters), ...patch } };
}

function originOf(c: Container, ...more: (Origin | undefined)[]): Origin | undefined {
  for (const o of more) if (o) return o;
  return c.origin;
}

/** Where the input set `field` on the container, else `more`, else the container itself. */
function fieldOrigin(c: Container, field: ContainerOriginField, ...more: (Origin | undefined)[]): Origin | undefined {
  return c.fieldOrigins?.[field] ?? originOf(c, ...more);
}

/** Where a container of the task set a task-level `field` (`pid`, `ipc`), else the service. */
function taskFieldOrigin(s: Service, field: ContainerOriginField): Origin | undefined {
  for (const c of s.task.containers) if (c.fieldOrigins?.[field]) return c.fieldOrigins[field];
  return s.origin;
}

function fargateService(service: Service, ctx: PassContext): Service {
  const r = ctx.reporter;
  let s = service;
  const task = s.task;
  if (task.networkMode !== 'awsvpc') {
    r.report('fargate/network-mode', `Service ${s.name} uses the ${task.networkMode} network mode, which Fargate does not have; it runs in awsvpc mode.`, {
      origin: s.origin,
      hint: 'Containers of one task reach each other on localhost, other services by name. Use --launch-type ec2 if it needs the host network.',
    });
    s = withTask(s, { networkMode: 'awsvpc' });
  }
  if (task.pidMode === 'host') {
    r.report('fargate/pid-host', `Service ${s.name} shares the host's process namespace, which Fargate does not allow.`, {
      origin: taskFieldOrigin(s, 'pidMode'),
      hint: 'Use --launch-type ec2, or remove the host PID mode (`pid: host` in Compose, `"pidMode": "host"` in Dockerrun).',
    });
  }
  if (task.ipcMode !== undefined) {
    r.report('fargate/ipc-mode', `Service ${s.name} sets the IPC mode ${task.ipcMode}, which Fargate does not support; it is dropped.`, {
      origin: taskFieldOrigin(s, 'ipcMode'),
      hint: 'Use --launch-type ec2 if its containers share memory over IPC.',
    });
    const { ipcMode: _drop, ...rest } = s.task;
    s = { ...s, task: rest };
  }
  const eph = task.ephemeralStorageGiB;
  if (eph !== undefined && eph > 200) {
    r.report('fargate/ephemeral-storage', `Service ${s.name} asks for ${eph} GiB of ephemeral storage; Fargate gives at most 200 GiB.`, {
      origin: s.origin,
      hint: 'Ask for at most 200 GiB, or keep large data on a named volume (EFS).',
    });
  } else if (eph !== undefined && eph < 21) {
    r.report('fargate/ephemeral-storage', `Service ${s.name} asks for ${eph} GiB of ephemeral storage; Fargate's default of 20 GiB is used.`, {
      origin: s.origin,
      severity: 'warning',
      hint: 'Fargate accepts 21–200 GiB; below that, leave the setting out.',
    });
    const { ephemeralStorageGiB: _drop, ...rest } = s.task;
    s = { ...s, task: rest };
  }
  const platform = task.runtimePlatform;
  if (platform?.cpuArchitecture === 'ARM64' && platform.operatingSystemFamily?.startsWith('WINDOWS')) {
    r.report('fargate/windows-arm64', `Service ${s.name} is a Windows task on ARM64, which Fargate does not run.`, {
      origin: platform.origin ?? s.origin,
      hint: 'Windows containers on Fargate run on X86_64 only.',
    });
  }
  s = dropHostVolumes(s, ctx, () => true, 'fargate/bind-mount');
  s = updateContainers(s, (c) => fargateContainer(c, ctx));
  s = tmpfsToEphemeral(s, ctx);
  return s;
}

function fargateContainer(container: Container, ctx: PassContext): Container {
  const r = ctx.reporter;
  let c = container;
  const name = c.name;
  if (c.privileged) {
    r.report('fargate/privileged', `Container ${name} runs privileged, which Fargate does not allow.`, {
      origin: fieldOrigin(c, 'privileged'),
      hint: 'Remove `privileged` if the app works without it, or use --launch-type ec2.',
    });
  }
  const linux = c.linux;
  if (linux) {
    if (linux.devices.length > 0) {
      r.report('fargate/devices', `Container ${name} maps host devices (${linux.devices.map((d) => d.hostPath).join(', ')}), which Fargate does not allow.`, {
        origin: fieldOrigin(c, 'devices', linux.origin),
        hint: 'Use --launch-type ec2 with instances that have the device, or remove the mapping.',
      });
    }
    const added = linux.capabilities?.add ?? [];
    const extra = added.length === 0 ? added : added.filter((cap) => cap.toUpperCase().replace(/^CAP_/, '') !== 'SYS_PTRACE');
    if (extra.length > 0) {
      r.report('fargate/capability', `Container ${name} adds the capabilit${extra.length > 1 ? 'ies' : 'y'} ${extra.join(', ')}; Fargate only allows SYS_PTRACE.`, {
        origin: fieldOrigin(c, 'capabilities', linux.origin),
        hint: 'Remove it if the app works without it, or use --launch-type ec2.',
      });
    }
    if (linux.sharedMemorySizeMiB !== undefined) {
      r.report('fargate/shm-size', `Container ${name} sets /dev/shm to ${linux.sharedMemorySizeMiB} MiB, which Fargate does not allow; the setting is dropped.`, {
        origin: fieldOrigin(c, 'sharedMemorySizeMiB', linux.origin),
        hint: 'Fargate keeps 64 MiB of /dev/shm; use --launch-type ec2 if the app needs more.',
      });
      const { sharedMemorySizeMiB: _drop, ...rest } = c.linux as LinuxParameters;
      c = { ...c, linux: rest };
    }
    if (linux.maxSwapMiB !== undefined || linux.swappiness !== undefined) {
      r.report('fargate/swap', `Container ${name} sets swap, which Fargate does not have; the setting is dropped.`, {
        origin: originOf(c, linux.origin),
        hint: 'Give the container enough memory instead.',
      });
      const { maxSwapMiB: _a, swappiness: _b, ...rest } = c.linux as LinuxParameters;
      c = { ...c, linux: rest };
    }
  }
  // Lists are filtered only when they hold something: most are empty, and each filter allocated.
  const badSysctls = c.systemControls.length === 0 ? c.systemControls : c.systemControls.filter((sc) => !FARGATE_SYSCTLS.some((re) => re.test(sc.namespace)));
  if (badSysctls.length > 0) {
    r.report('fargate/sysctl', `Container ${name} sets ${badSysctls.map((x) => x.namespace).join(', ')}, which Fargate does not allow.`, {
      origin: fieldOrigin(c, 'systemControls'),
      hint: 'Fargate accepts net.*, the IPC kernel.msg*/sem/shm* parameters and fs.mqueue.*; remove the others or use --launch-type ec2.',
    });
  }
  if (c.stopTimeoutSeconds !== undefined && c.stopTimeoutSeconds > FARGATE_MAX_STOP_TIMEOUT) {
    r.report('fargate/stop-timeout', `Container ${name} waits ${c.stopTimeoutSeconds} s to stop; Fargate waits at most ${FARGATE_MAX_STOP_TIMEOUT} s, so it is lowered to ${FARGATE_MAX_STOP_TIMEOUT}.`, {
      origin: fieldOrigin(c, 'stopTimeoutSeconds'),
      hint: 'Make the app shut down within two minutes, or use --launch-type ec2.',
    });
    c = { ...c, stopTimeoutSeconds: FARGATE_MAX_STOP_TIMEOUT };
  }
  const otherUlimits = c.ulimits.length === 0 ? c.ulimits : c.ulimits.filter((u) => u.name !== 'nofile');
  if (otherUlimits.length > 0) {
    r.report('fargate/ulimit', `Container ${name} sets the ulimit${otherUlimits.length > 1 ? 's' : ''} ${otherUlimits.map((u) => u.name).join(', ')}; Fargate only changes nofile, so ${otherUlimits.length > 1 ? 'they are' : 'it is'} dropped.`, {
      origin: fieldOrigin(c, 'ulimits'),
      hint: 'Use --launch-type ec2 if the app needs the limit.',
    });
    c = { ...c, ulimits: c.ulimits.filter((u) => u.name === 'nofile') };
  }
  const nofile = c.ulimits.length === 0 ? undefined : c.ulimits.find((u) => u.name === 'nofile');
  if (nofile && (nofile.softLimit > FARGATE_MAX_NOFILE || nofile.hardLimit > FARGATE_MAX_NOFILE)) {
    r.report('fargate/ulimit', `Container ${name} sets the nofile ulimit to ${nofile.softLimit}/${nofile.hardLimit}; Fargate allows at most ${FARGATE_MAX_NOFILE}, so it is lowered to that.`, {
      origin: fieldOrigin(c, 'ulimits'),
      hint: `Ask for at most ${FARGATE_MAX_NOFILE} open files.`,
    });
    const lowered = { name: 'nofile', softLimit: Math.min(nofile.softLimit, FARGATE_MAX_NOFILE), hardLimit: Math.min(nofile.hardLimit, FARGATE_MAX_NOFILE) };
    c = { ...c, ulimits: c.ulimits.map((u) => (u === nofile ? lowered : u)) };
  }
  if (c.dockerSecurityOptions.length > 0) {
    r.report('fargate/security-options', `Container ${name} sets Docker security options (${c.dockerSecurityOptions.join(', ')}), which Fargate does not accept; they are dropped.`, {
      origin: fieldOrigin(c, 'dockerSecurityOptions'),
      hint: 'Fargate applies its own isolation; on EC2 the options are kept.',
    });
    c = { ...c, dockerSecurityOptions: [] };
  }
  if (c.dnsServers.length > 0 || c.dnsSearchDomains.length > 0) {
    r.report('fargate/dns', `Container ${name} sets DNS servers or search domains, which Fargate does not accept; they are dropped.`, {
      origin: c.fieldOrigins?.dnsServers ?? fieldOrigin(c, 'dnsSearchDomains'),
      hint: 'Configure DNS in the VPC (DHCP options, Route 53 Resolver), or use --launch-type ec2.',
    });
    c = { ...c, dnsServers: [], dnsSearchDomains: [] };
  }
  return c;
}

/** Fargate has no tmpfs: each becomes a task-scoped ephemeral volume mounted at the same path. */
function tmpfsToEphemeral(service: Service, ctx: PassContext): Service {
  // Most tasks have none: nothing to copy then.
  if (!service.task.containers.some((c) => (c.linux?.tmpfs ?? []).length > 0)) return service;
  const volumes: TaskVolume[] = [...service.task.volumes];
  const names = new Set(volumes.map((v) => v.name));
  let changed = false;
  const containers = service.task.containers.map((c) => {
    const tmpfs = c.linux?.tmpfs ?? [];
    if (tmpfs.length === 0) return c;
    changed = true;
    const origin = fieldOrigin(c, 'tmpfs', c.linux?.origin);
    ctx.reporter.report('fargate/tmpfs', `Container ${c.name} mounts tmpfs at ${tmpfs.map((t) => t.containerPath).join(', ')}; on Fargate that becomes task ephemeral storage.`, {
      origin,
      hint: 'The space is on disk and discarded with the task; use --launch-type ec2 if it must be in memory.',
    });
    const mounts: Mount[] = [...c.mounts];
    for (const t of tmpfs) {
      let name = ecsName(`${c.name}-tmpfs${t.containerPath}`);
      for (let i = 2; names.has(name); i++) name = ecsName(`${c.name}-tmpfs${t.containerPath}-${i}`);
      names.add(name);
      const v: TaskVolume = { name, source: { kind: 'ephemeral' } };
      if (origin) v.origin = origin;
      volumes.push(v);
      const m: Mount = { volume: name, containerPath: t.containerPath, readOnly: false };
      if (origin) m.origin = origin;
      mounts.push(m);
    }
    return { ...withLinux(c, { tmpfs: [] }), mounts };
  });
  return changed ? withTask(service, { containers, volumes }) : service;
}

/** Drops host-path volumes matching `drop` and the mounts that use them, reporting each mount. */
function dropHostVolumes(
  service: Service,
  ctx: PassContext,
  drop: (path: string) => boolean,
  rule: 'fargate/bind-mount' | 'ec2/project-bind-mount',
): Service {
  // The map is made only for a task that loses a volume (each service asks).
  let gone: Map<string, string> | undefined;
  const volumes = service.task.volumes;
  for (let i = 0; i < volumes.length; i++) {
    const v = volumes[i] as TaskVolume;
    if (v.source.kind === 'host' && drop(v.source.path)) (gone ??= new Map()).set(v.name, v.source.path);
  }
  if (!gone) return service;
  const containers = service.task.containers.map((c) => {
    // One loop for the mounts kept and those reported (two filters before, both lists allocated
    // for each container of the 591 tasks that lose a volume on the benchmark file).
    const mounts = c.mounts;
    let kept: Mount[] | undefined;
    for (let i = 0; i < mounts.length; i++) {
      const m = mounts[i] as Mount;
      const path = gone.get(m.volume);
      if (path === undefined) {
        kept?.push(m);
        continue;
      }
      kept ??= mounts.slice(0, i);
      const message =
        rule === 'fargate/bind-mount'
          ? `Container ${c.name} mounts the host path ${path} at ${m.containerPath}; Fargate has no host paths, so the mount is dropped.`
          : `Container ${c.name} mounts the project path ${path} at ${m.containerPath}, which does not exist on ECS instances; the mount is dropped.`;
      ctx.reporter.report(rule, message, {
        origin: m.origin ?? c.origin,
        subject: c.name,
        hint:
          rule === 'fargate/bind-mount'
            ? 'Copy code and configuration into the image; use a named volume (EFS) for data; use --launch-type ec2 for host paths like the Docker socket.'
            : 'Copy the files into the image, or use a named volume for data.',
      });
    }
    return kept ? { ...c, mounts: kept } : c;
  });
  return withTask(service, { containers, volumes: service.task.volumes.filter((v) => !gone.has(v.name)) });
}

function awsvpcService(service: Service, ctx: PassContext): Service {
  const r = ctx.reporter;
  return updateContainers(service, (container) => {
    let c = container;
    if (c.links.length > 0) {
      r.report('awsvpc/links', `Container ${c.name} links to ${c.links.join(', ')}; links do not exist in awsvpc mode and are dropped.`, {
        origin: fieldOrigin(c, 'links'),
        hint: 'Containers of the same task are on localhost; other services keep their names (Service Connect).',
      });
      c = { ...c, links: [] };
    }
    if (c.hostname !== undefined) {
      r.report('awsvpc/hostname', `Container ${c.name} sets the hostname ${c.hostname}, which awsvpc mode does not allow; it is dropped.`, {
        origin: fieldOrigin(c, 'hostname'),
        hint: `Other services reach it as ${service.name}; pass the value in an environment variable if the app reads it.`,
      });
      const { hostname: _drop, ...rest } = c;
      c = rest;
    }
    if (c.extraHosts.length > 0) {
      r.report('awsvpc/extra-hosts', `Container ${c.name} adds /etc/hosts entries (${c.extraHosts.map((h) => h.hostname).join(', ')}), which awsvpc mode does not allow; they are dropped.`, {
        origin: fieldOrigin(c, 'extraHosts'),
        hint: 'Use DNS names (Route 53, Service Connect) instead.',
      });
      c = { ...c, extraHosts: [] };
    }
    return c;
  });
}

function ec2Service(service: Service, ctx: PassContext, taskOf: ReadonlyMap<string, string>): Service {
  const r = ctx.reporter;
  let s = service;
  const cpu = s.task.cpu;
  if (cpu !== undefined && (cpu < EC2_TASK_CPU.min || cpu > EC2_TASK_CPU.max)) {
    r.report('ec2/task-cpu-range', `Service ${s.name} sets task CPU ${cpu}, outside the EC2 range ${EC2_TASK_CPU.min}–${EC2_TASK_CPU.max} units.`, {
      origin: s.origin,
      hint: 'Use a value in range, or leave the task CPU unset.',
    });
  }
  const mode = s.task.networkMode;
  for (const c of s.task.containers) {
    for (const p of c.ports) {
      const hostPort = mode === 'host' ? p.containerPort : mode === 'bridge' ? p.published : undefined;
      if (hostPort !== undefined && RESERVED_HOST_PORTS.has(hostPort)) {
        r.report('ec2/reserved-port', `Container ${c.name} would bind host port ${hostPort}, which ECS container instances reserve.`, {
          origin: p.origin ?? c.origin,
          hint: 'Publish another port, or let ECS pick the host port.',
        });
      }
    }
  }
  s = dropHostVolumes(s, ctx, (path) => !path.startsWith('/'), 'ec2/project-bind-mount');
  if (mode === 'bridge') {
    const own = new Set(s.task.containers.map((c) => c.name));
    s = updateContainers(s, (c) => {
      const foreign = c.links.filter((l) => !own.has(l.split(':')[0] as string));
      if (foreign.length === 0) return c;
      const names = foreign.map((l) => l.split(':')[0] as string);
      const owners = [...new Set(names.map((n) => taskOf.get(n) ?? n))];
      r.report('ec2/cross-task-link', `Container ${c.name} links to ${names.join(', ')} in another service; ECS links stay inside one task, so ${foreign.length > 1 ? 'they are' : 'it is'} dropped.`, {
        origin: fieldOrigin(c, 'links'),
        hint: `Reach ${owners.join(', ')} by service name (Service Connect).`,
      });
      return { ...c, links: c.links.filter((l) => own.has(l.split(':')[0] as string)) };
    });
  }
  return s;
}
