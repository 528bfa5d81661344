/**
 * Task and container sizes.
 *
 * Fargate: the task size is the smallest valid Fargate pair (lib/fargate-sizes.ts, the whole
 * table up to 16 vCPU / 120 GiB) that holds the sum of the containers' needs: their `cpu`, and
 * their memory limit (or, without one, their reservation). A container that sets no CPU (or no
 * memory) counts DEFAULT_CPU (DEFAULT_MEMORY), whether or not other containers of its task set
 * one; this is stated in the `sizing/default` diagnostic and its doc.
 *
 * EC2: no task size is invented; every container gets a memory value when the task has none
 * (ECS requires it), and container sums must fit a task size when one is given.
 *
 * Both: a reservation must be below the limit, and neither below 6 MiB.
 */
import type { Container, InputKind, Origin, Service } from '../ir/types.js';
import { FARGATE_ROWS, formatCpu, formatMemory, largestFargateSize, smallestFargateSize, type FargateOs } from './lib/fargate-sizes.js';
import { isWindowsImage } from './lib/images.js';
import { updateContainers, updateServices } from './lib/update.js';
import type { Pass, PassContext } from './pass.js';

/** CPU units counted for a container that sets none. */
export const DEFAULT_CPU = 256;
/** MiB counted for a container that sets no memory. */
export const DEFAULT_MEMORY = 512;
/** Soft limit given on EC2 to a container with no memory value in a task with no memory. */
export const EC2_DEFAULT_RESERVATION = 512;
/** ECS minimum per container (Docker 20.10 and later). */
const MIN_CONTAINER_MEMORY = 6;

export const sizing: Pass = {
  name: 'sizing',
  run(app, ctx) {
    const fargate = app.settings.launchType === 'fargate';
    // Services that shared one EB instance (every instance ran every service).
    const sharing = app.services.filter((s) => s.sizingHint).length;
    const noteCache: NoteCache = { linux: new Map(), windows: new Map() };
    // Dockerrun gives memory as a number of MiB; Compose as a size, where a bare number is bytes.
    const inMiB = app.source.kind === 'eb-dockerrun-v1' || app.source.kind === 'eb-dockerrun-v2';
    const check = (c: Container) => checkContainerMemory(c, ctx, inMiB);
    return updateServices(app, (service) => {
      const checked = updateContainers(service, check);
      return fargate ? sizeFargate(checked, ctx, sharing, noteCache, app.source.kind) : sizeEc2(checked, ctx, app.source.kind);
    });
  },
};

function checkContainerMemory(c: Container, ctx: PassContext, inMiB: boolean): Container {
  const m = c.memory;
  if (!m) return c;
  const origin = m.origin ?? c.origin;
  // Two calls, not a loop over a list of pairs: that list and its iterator cost 0.4 MB over the
  // benchmark file's containers.
  if (m.limit !== undefined && m.limit < MIN_CONTAINER_MEMORY) reportTooSmall(c, 'memory limit', m.limit, origin, ctx, inMiB);
  if (m.reservation !== undefined && m.reservation < MIN_CONTAINER_MEMORY) reportTooSmall(c, 'memory reservation', m.reservation, origin, ctx, inMiB);
  if (m.limit !== undefined && m.reservation !== undefined) {
    if (m.reservation > m.limit) {
      ctx.reporter.report('sizing/reservation-above-limit', `Container ${c.name} reserves ${formatMemory(m.reservation)} but is limited to ${formatMemory(m.limit)}.`, {
        origin,
        hint: 'Lower the reservation or raise the limit.',
      });
    } else if (m.reservation === m.limit) {
      ctx.reporter.report('sizing/reservation-equals-limit', `Container ${c.name} reserves as much memory as its limit (${formatMemory(m.limit)}); ECS needs the limit to be higher, so the reservation is dropped.`, {
        origin,
        hint: 'Remove the reservation, or set it below the limit.',
      });
      const { reservation: _drop, ...rest } = m;
      return { ...c, memory: rest };
    }
  }
  return c;
}

function reportTooSmall(c: Container, what: string, v: number, origin: Origin | undefined, ctx: PassContext, inMiB: boolean): void {
  ctx.reporter.report('sizing/container-memory-too-small', `Container ${c.name} has a ${what} of ${v} MiB; ECS needs at least ${MIN_CONTAINER_MEMORY} MiB.`, {
    origin,
    hint: inMiB
      ? 'Dockerrun.aws.json gives memory in MiB: write 512 for 512 MiB, 1024 for 1 GiB.'
      : 'Give the size with a unit, e.g. `512m` or `1g` (a bare number is bytes in Compose).',
  });
}

/** Where the input sets a container's memory, for hints. */
const COMPOSE_MEMORY = 'Set `mem_reservation` (soft) and/or `mem_limit` (hard) to what the container uses.';
/** For inputs with no memory setting of their own. */
const OUTPUT_MEMORY = 'Change `memoryReservation` in the generated task definition (or template) to what the container uses.';
const MEMORY_SETTING: Record<InputKind, string> = {
  compose: COMPOSE_MEMORY,
  'eb-docker-compose': COMPOSE_MEMORY,
  'eb-dockerrun-v2': 'Set `memoryReservation` (soft) and/or `memory` (hard), in MiB, on the container in Dockerrun.aws.json.',
  'eb-dockerrun-v1': OUTPUT_MEMORY,
  'eb-procfile': OUTPUT_MEMORY,
  'eb-live': OUTPUT_MEMORY,
};

/** Where the input sets a task's CPU and memory, for `sizing/default`. */
const EB_INSTANCE_SIZE = 'Name the instance type EB ran on (aws:ec2:instances InstanceTypes in .ebextensions) to size from it, or change `cpu` and `memory` in the generated task definition (or template).';
const COMPOSE_SIZE = 'Set `deploy.resources.limits` (cpus, memory) if the app needs more.';
const SIZE_SETTING: Record<InputKind, string> = {
  compose: COMPOSE_SIZE,
  'eb-docker-compose': COMPOSE_SIZE,
  'eb-dockerrun-v2': 'Set `cpu` (units) and `memory` (MiB) on the containers in Dockerrun.aws.json if the app needs more.',
  'eb-dockerrun-v1': EB_INSTANCE_SIZE,
  'eb-procfile': EB_INSTANCE_SIZE,
  'eb-live': 'Change `cpu` and `memory` in the generated task definition (or template) if the app needs more.',
};

/** What a container needs in memory: its hard limit, else its reservation. */
function memoryNeed(c: Container): number | undefined {
  return c.memory?.limit ?? c.memory?.reservation;
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

/** Windows when the platform says so, or when a container runs a Windows image (`platform/windows`). */
function osOf(service: Service): FargateOs {
  if (service.task.runtimePlatform?.operatingSystemFamily?.toUpperCase().startsWith('WINDOWS')) return 'windows';
  return service.task.containers.some((c) => c.image.kind === 'ref' && isWindowsImage(c.image.ref)) ? 'windows' : 'linux';
}

/**
 * A service's share of an EB instance as a Fargate need: the memory share, and the CPU share
 * lowered so that it does not force more memory than the share (a 1 vCPU / 512 MiB t2.nano
 * gives 0.25 vCPU / 512 MiB, not 1 vCPU / 2 GiB), both capped at the largest Fargate size.
 */
function instanceShare(cpu: number, memory: number, os: FargateOs): { cpu: number; memory: number } {
  const max = largestFargateSize(os);
  const mem = Math.min(max.memory, Math.floor(memory));
  const rows = FARGATE_ROWS[os];
  const fitting = rows.filter((r) => (r.memory[0] as number) <= mem);
  const cap = fitting.length > 0 ? (fitting[fitting.length - 1] as (typeof rows)[number]).cpu : (rows[0] as (typeof rows)[number]).cpu;
  return { cpu: Math.min(Math.floor(cpu), cap), memory: mem };
}

/**
 * How the instance share became the task's need, for what the service left unset only: when its
 * containers set their memory, the memory share only caps the CPU, and the task's memory is
 * theirs rounded up to the Fargate size that holds that CPU.
 */
function shareNote(hint: { cpu: number; memory: number }, sharing: number, share: { cpu: number; memory: number }, cpu: boolean, memory: boolean): string {
  const cpuShare = formatCpu(hint.cpu / sharing);
  const memShare = formatMemory(Math.floor(hint.memory / sharing));
  if (cpu && memory) {
    return `Its share of the instance is ${cpuShare} and ${memShare}; ecsify counts ${formatCpu(share.cpu)} and ${formatMemory(share.memory)} (CPU no larger than that memory allows, both at most the largest Fargate size).`;
  }
  if (cpu) {
    return `Its share of the instance is ${cpuShare} and ${memShare}; ecsify counts ${formatCpu(share.cpu)} (no more than Fargate pairs with that share of memory, at most the largest Fargate size) and the memory its containers set, rounded up to a Fargate size.`;
  }
  return `Its share of the instance is ${memShare} of memory; ecsify counts ${formatMemory(share.memory)} (at most the largest Fargate size) and the CPU its containers set, rounded up to a Fargate size.`;
}

function sizeFargate(service: Service, ctx: PassContext, sharing: number, noteCache: NoteCache, input: InputKind): Service {
  const containers = service.task.containers;
  if (containers.length === 0) return service;
  const r = ctx.reporter;
  const os = osOf(service);
  // The explicit values' sums and counts in one loop (in container order, as a sum of the list
  // of them adds): lists of them, made by `map` and `filter`, were most of what sizing
  // allocated (≈1 MB on the benchmark file).
  let cpuSum = 0;
  let cpuCount = 0;
  let memSum = 0;
  let memCount = 0;
  for (let i = 0; i < containers.length; i++) {
    const c = containers[i] as Container;
    if (c.cpu !== undefined) {
      cpuSum += c.cpu;
      cpuCount++;
    }
    const mem = memoryNeed(c);
    if (mem !== undefined) {
      memSum += mem;
      memCount++;
    }
  }
  const cpuDefault = cpuCount === 0;
  const memDefault = memCount === 0;
  // Containers that set nothing while others of their task do: each counts the default, so a
  // sidecar's limit cannot take the whole task from the container that asked for nothing.
  const noCpu = cpuDefault ? 0 : containers.length - cpuCount;
  const noMem = memDefault ? 0 : containers.length - memCount;
  // Without sizes, an EB instance type gives the service its share of that instance.
  const hint = service.sizingHint;
  const share = hint && sharing > 0 ? instanceShare(hint.cpu / sharing, hint.memory / sharing, os) : undefined;
  const containerCpu = cpuDefault ? (share?.cpu ?? DEFAULT_CPU * containers.length) : cpuSum + DEFAULT_CPU * noCpu;
  const containerMem = memDefault ? (share?.memory ?? DEFAULT_MEMORY * containers.length) : memSum + DEFAULT_MEMORY * noMem;

  // A task size given in the input must hold the containers' explicit values.
  const task = service.task;
  if (task.cpu !== undefined && !cpuDefault && cpuSum > task.cpu) {
    r.report('sizing/containers-exceed-task', `The containers of service ${service.name} ask for ${formatCpu(cpuSum)} in all, more than the task's ${formatCpu(task.cpu)}.`, {
      origin: service.origin,
      hint: "Raise the task CPU or lower the containers' CPU.",
    });
  }
  if (task.memory !== undefined && !memDefault && memSum > task.memory) {
    r.report('sizing/containers-exceed-task', `The containers of service ${service.name} ask for ${formatMemory(memSum)} in all, more than the task's ${formatMemory(task.memory)}.`, {
      origin: service.origin,
      hint: "Raise the task memory or lower the containers' memory.",
    });
  }
  const needCpu = task.cpu ?? containerCpu;
  const needMem = task.memory ?? containerMem;
  const what = task.cpu !== undefined || task.memory !== undefined ? 'the task asks for' : 'its containers need';

  const size = smallestFargateSize(needCpu, needMem, os);
  if (!size) {
    const max = largestFargateSize(os);
    // Name what does not fit: `32 vCPU and 32 GiB, more than …` read as if both were too large.
    const cpuOver = needCpu > max.cpu;
    const memOver = needMem > max.memory;
    const verdict = cpuOver && memOver ? 'neither its CPU nor its memory fits' : cpuOver ? 'its CPU does not fit' : memOver ? 'its memory does not fit' : 'its size does not fit';
    r.report('sizing/too-large', `Service ${service.name} needs ${formatCpu(needCpu)} and ${formatMemory(needMem)}; the largest Fargate size${os === 'windows' ? ' for Windows' : ''} has ${formatCpu(max.cpu)} and ${formatMemory(max.memory)}, so ${verdict}.`, {
      origin: service.origin,
      hint: 'Lower the limits, split the containers into several services, or use --launch-type ec2.',
    });
    return service;
  }
  // Pushed, not a list of candidates filtered: most services report neither.
  const defaulted: [string, string][] = [];
  if (cpuDefault && task.cpu === undefined) defaulted.push(['CPU', `${DEFAULT_CPU} CPU units`]);
  if (memDefault && task.memory === undefined) defaulted.push(['memory', `${DEFAULT_MEMORY} MiB`]);
  if (defaulted.length > 0 && share && hint) {
    const others = sharing - 1;
    r.report('sizing/instance-hint', `Service ${service.name} sets no ${defaulted.map((d) => d[0]).join(' or ')}; on Elastic Beanstalk it ran on ${hint.instanceType} (${formatCpu(hint.cpu)}, ${formatMemory(hint.memory)})${others > 0 ? ` with ${others} other service${others > 1 ? 's' : ''}` : ''}, so its task gets ${formatCpu(size.cpu)} / ${formatMemory(size.memory)}.`, {
      origin: hint.origin ?? service.origin,
      hint: "Check the service's real CPU and memory use on ECS and set sizes in the input.",
      notes: [shareNote(hint, sharing, share, cpuDefault && task.cpu === undefined, memDefault && task.memory === undefined)],
    });
  } else if (defaulted.length > 0) {
    const per = containers.length > 1 ? ` for each of its ${containers.length} containers` : '';
    r.report('sizing/default', `Service ${service.name} sets no ${defaulted.map((d) => d[0]).join(' or ')}; its task gets ${formatCpu(size.cpu)} / ${formatMemory(size.memory)} (ecsify's default: ${defaulted.map((d) => d[1]).join(' and ')}${per}).`, {
      origin: service.origin,
      hint: SIZE_SETTING[input],
    });
  }
  const partial: { what: string; value: string; names: string[] }[] = [];
  if (noCpu > 0 && task.cpu === undefined) {
    partial.push({ what: 'CPU', value: `${DEFAULT_CPU} CPU units`, names: containers.filter((c) => c.cpu === undefined).map((c) => c.name) });
  }
  if (noMem > 0 && task.memory === undefined) {
    partial.push({ what: 'memory', value: `${DEFAULT_MEMORY} MiB`, names: containers.filter((c) => memoryNeed(c) === undefined).map((c) => c.name) });
  }
  for (const p of partial) {
    const many = p.names.length > 1;
    r.report('sizing/default', `Container${many ? 's' : ''} ${p.names.join(', ')} of service ${service.name} set${many ? '' : 's'} no ${p.what} while other containers of the task do; ${many ? 'each counts' : 'it counts'} ecsify's default of ${p.value} in the task size (${formatCpu(size.cpu)} / ${formatMemory(size.memory)}).`, {
      origin: (containers.find((c) => c.name === p.names[0]) as Container).origin ?? service.origin,
      hint: `Set the ${p.what} of ${many ? 'these containers' : 'the container'} if it needs more or less.`,
    });
  }
  if (size.cpu !== needCpu || size.memory !== needMem) {
    const notes = [roundedUpNote(noteCache, os, needCpu, needMem)];
    if (size.cpu >= 8192) notes.push('8 and 16 vCPU tasks need Fargate platform version 1.4.0 or later (LATEST is).');
    r.report('sizing/rounded-up', `Service ${service.name}: ${what} ${formatCpu(needCpu)} and ${formatMemory(needMem)}; the task gets ${formatCpu(size.cpu)} / ${formatMemory(size.memory)}.`, {
      origin: service.origin,
      notes,
    });
  }
  if (task.cpu === size.cpu && task.memory === size.memory) return service;
  return { ...service, task: { ...task, cpu: size.cpu, memory: size.memory } };
}

/** `sizing/rounded-up` notes of one run by OS, CPU and memory (see `roundedUpNote`). */
type NoteCache = Record<FargateOs, Map<number, Map<number, string>>>;

/**
 * The note of `sizing/rounded-up`, one string per OS and need: 678 services of the benchmark file
 * are rounded up from 41 needs, and the reporter masks and hashes a shared note once (with the
 * one closure for every container's check: 3.7 M instructions fewer, of the passes' 750 M).
 */
function roundedUpNote(cache: NoteCache, os: FargateOs, cpu: number, memory: number): string {
  let byMemory = cache[os].get(cpu);
  if (!byMemory) cache[os].set(cpu, (byMemory = new Map()));
  let note = byMemory.get(memory);
  if (note === undefined) {
    note = `Fargate accepts only the CPU/memory pairs of its size table${os === 'windows' ? ' (Windows: 1 to 4 vCPU)' : ''}; this is the smallest one that holds ${formatCpu(cpu)} and ${formatMemory(memory)}.`;
    byMemory.set(memory, note);
  }
  return note;
}

function sizeEc2(service: Service, ctx: PassContext, input: InputKind): Service {
  const r = ctx.reporter;
  const task = service.task;
  if (task.memory !== undefined) {
    const total = sum(service.task.containers.map(memoryNeed).filter((v): v is number => v !== undefined));
    if (total > task.memory) {
      r.report('sizing/containers-exceed-task', `The containers of service ${service.name} ask for ${formatMemory(total)} in all, more than the task's ${formatMemory(task.memory)}.`, {
        origin: service.origin,
        hint: "Raise the task memory or lower the containers' memory.",
      });
    }
  }
  if (task.cpu !== undefined) {
    const total = sum(service.task.containers.map((c) => c.cpu ?? 0));
    if (total > task.cpu) {
      r.report('sizing/containers-exceed-task', `The containers of service ${service.name} ask for ${total} CPU units in all, more than the task's ${task.cpu}.`, {
        origin: service.origin,
        hint: "Raise the task CPU or lower the containers' CPU.",
      });
    }
  }
  if (task.memory !== undefined) return service;
  return updateContainers(service, (c) => {
    if (memoryNeed(c) !== undefined) return c;
    r.report('ec2/memory-default', `Container ${c.name} sets no memory; on EC2 it gets a soft limit (memoryReservation) of ${EC2_DEFAULT_RESERVATION} MiB.`, {
      origin: c.origin,
      hint: MEMORY_SETTING[input],
    });
    return { ...c, memory: { ...(c.memory ?? {}), reservation: EC2_DEFAULT_RESERVATION } };
  });
}
