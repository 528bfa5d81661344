/**
 * CPU and memory: `cpus`, `mem_limit`, `mem_reservation` and their `deploy.resources` twins
 * (both set and different → Compose refuses the file), `cpu_shares`, `cpu_quota`/`cpu_period`,
 * `memswap_limit`, `mem_swappiness`, `shm_size`. CPUs become ECS CPU units (1024 per vCPU),
 * sizes whole MiB (rounded up, reported when not whole).
 */
import { bytesToMiB, cpusToUnits, MIB, parseByteSize } from '../../ir/units.js';
import type { Container } from '../../ir/types.js';
import { isMap, isScalar, type YNode } from '../../yaml/node.js';
import { linuxOf } from './service-volumes.js';
import { approximated, at, childEntry, entries, goString, invalid, originOf, readInt, svc, unsupported, type At, type Entry, type ServiceContext } from './to-ir-context.js';

interface Found<T> {
  value: T;
  where: At;
  text: string;
}

export function mapResources(ctx: ServiceContext, container: Container): void {
  const resources = childEntry(ctx.keys.get('deploy'), 'resources');
  const limits = childEntry(resources, 'limits');
  const reservations = childEntry(resources, 'reservations');
  if (resources && isMap(resources.value)) {
    const eList = entries(resources.value, resources);
    for (let eIndex = 0; eIndex < eList.length; eIndex++) {
      const e = eList[eIndex] as Entry;
      if (e.key !== 'limits' && e.key !== 'reservations' && !e.key.startsWith('x-')) invalid(ctx, e, `${svc(ctx)}'s deploy.resources has an unknown key \`${e.key}\`.`, 'deploy.resources takes limits and reservations.');
    }
  }

  // CPU ------------------------------------------------------------------------------------
  const cpus = cpuKey(ctx, ctx.keys.get('cpus'), 'cpus');
  const limitCpus = cpuKey(ctx, childEntry(limits, 'cpus'), 'deploy.resources.limits.cpus');
  const reservedCpus = cpuKey(ctx, childEntry(reservations, 'cpus'), 'deploy.resources.reservations.cpus');
  if (cpus && limitCpus && cpus.value !== limitCpus.value) {
    invalid(ctx, limitCpus.where, `${svc(ctx)} sets cpus ${cpus.text} and deploy.resources.limits.cpus ${limitCpus.text}, which Compose refuses.`, 'Keep one of them (or make them equal).');
  }
  let cpuUnits = (limitCpus ?? cpus)?.value;
  // Compose ignores reservations.cpus; with a limit ecsify does too (the limit sets the units).
  if (reservedCpus && cpuUnits === undefined) {
    cpuUnits = reservedCpus.value;
    approximated(ctx, reservedCpus.where, `${svc(ctx)}'s CPU reservation (${reservedCpus.text}) becomes the container's CPU units (${reservedCpus.value}); Compose itself ignores it.`);
  }
  const shares = ctx.keys.get('cpu_shares');
  if (shares) {
    const n = readInt(ctx, shares.value, shares, `${svc(ctx)}'s cpu_shares`, { min: 0 });
    if (n !== undefined) {
      if (cpuUnits === undefined) {
        cpuUnits = n;
        approximated(ctx, shares, `${svc(ctx)}'s cpu_shares ${n} becomes ${n} container CPU units (ECS CPU units are Docker CPU shares: 1024 = one vCPU).`);
      } else {
        approximated(ctx, shares, `${svc(ctx)}'s cpu_shares is not used: cpus already sets the container's CPU units.`);
      }
    }
  }
  const quota = ctx.keys.get('cpu_quota');
  const period = ctx.keys.get('cpu_period');
  if (quota || period) {
    const q = quota ? readInt(ctx, quota.value, quota, `${svc(ctx)}'s cpu_quota`) : undefined;
    const per = period ? readInt(ctx, period.value, period, `${svc(ctx)}'s cpu_period`, { min: 1 }) : 100_000;
    const where = (quota ?? period) as Entry;
    if (q !== undefined && q > 0 && per !== undefined && cpuUnits === undefined) {
      cpuUnits = Math.round((q / per) * 1024);
      approximated(ctx, where, `${svc(ctx)}'s CPU quota (${q} µs per ${per} µs) becomes ${cpuUnits} container CPU units.`);
    } else if (q !== undefined || per !== undefined) {
      approximated(ctx, where, `${svc(ctx)}'s cpu_quota/cpu_period ${cpuUnits !== undefined ? 'is not used: cpus already sets the CPU units' : 'has no effect without a positive cpu_quota'}.`);
    }
  }
  if (cpuUnits !== undefined && cpuUnits > 0) container.cpu = cpuUnits;

  // Memory ---------------------------------------------------------------------------------
  const memLimit = memoryKey(ctx, ctx.keys.get('mem_limit'), 'mem_limit');
  const deployLimit = memoryKey(ctx, childEntry(limits, 'memory'), 'deploy.resources.limits.memory');
  const memReservation = memoryKey(ctx, ctx.keys.get('mem_reservation'), 'mem_reservation');
  const deployReservation = memoryKey(ctx, childEntry(reservations, 'memory'), 'deploy.resources.reservations.memory');
  const limit = pickTwin(ctx, memLimit, deployLimit, 'mem_limit', 'deploy.resources.limits.memory');
  const reservation = pickTwin(ctx, memReservation, deployReservation, 'mem_reservation', 'deploy.resources.reservations.memory');
  if ((limit && limit.value > 0) || (reservation && reservation.value > 0)) {
    const memory: NonNullable<Container['memory']> = {};
    const where = (limit ?? reservation) as Found<number>;
    if (limit && limit.value > 0) memory.limit = toMiB(ctx, limit);
    if (reservation && reservation.value > 0) memory.reservation = toMiB(ctx, reservation);
    memory.origin = originOf(where.where);
    container.memory = memory;
  }

  // Other limits --------------------------------------------------------------------------
  otherLimits(ctx, limits, 'limits');
  otherLimits(ctx, reservations, 'reservations');

  const swap = ctx.keys.get('memswap_limit');
  if (swap) {
    const raw = isScalar(swap.value) ? swap.value.value : undefined;
    if (raw === -1 || raw === '-1') {
      approximated(ctx, swap, `${svc(ctx)} allows unlimited swap (memswap_limit -1); ECS then uses the host's default, and Fargate has no swap.`);
    } else {
      const total = memoryKey(ctx, swap, 'memswap_limit');
      if (total && total.value > 0) {
        if (!limit || limit.value <= 0) {
          approximated(ctx, total.where, `${svc(ctx)}'s memswap_limit has no effect without a memory limit, in Compose as on ECS.`);
        } else if (total.value >= limit.value) {
          const swapMiB = bytesToMiB(total.value - limit.value);
          linuxOf(container).maxSwapMiB = swapMiB;
          // On Fargate the launch-type pass drops swap settings and says so.
          if (ctx.launchType === 'ec2') approximated(ctx, total.where, `${svc(ctx)}'s memswap_limit (memory + swap) becomes ECS maxSwap ${swapMiB} MiB (swap only).`);
        } else {
          invalid(ctx, total.where, `${svc(ctx)}'s memswap_limit is smaller than its memory limit.`, 'memswap_limit is memory plus swap: make it at least the memory limit.');
        }
      }
    }
  }
  const swappiness = ctx.keys.get('mem_swappiness');
  if (swappiness) {
    const n = readInt(ctx, swappiness.value, swappiness, `${svc(ctx)}'s mem_swappiness`, { min: 0, max: 100 });
    if (n !== undefined) linuxOf(container).swappiness = n;
  }
  const shm = ctx.keys.get('shm_size');
  if (shm) {
    const size = memoryKey(ctx, shm, 'shm_size');
    if (size && size.value > 0) linuxOf(container).sharedMemorySizeMiB = toMiB(ctx, size);
  }
}

/** Keys of `deploy.resources.limits` / `reservations` other than cpus and memory. */
function otherLimits(ctx: ServiceContext, pair: Entry | undefined, name: 'limits' | 'reservations'): void {
  if (!pair || !isMap(pair.value)) return;
  const eList = entries(pair.value, pair);
  for (let eIndex = 0; eIndex < eList.length; eIndex++) {
    const e = eList[eIndex] as Entry;
    if (e.key === 'cpus' || e.key === 'memory' || e.key.startsWith('x-')) continue;
    const where = e;
    if (e.key === 'pids') unsupported(ctx, where, `${svc(ctx)} limits the number of processes (deploy.resources.limits.pids); ECS cannot.`, 'Remove it.');
    else if (e.key === 'devices' || e.key === 'generic_resources') {
      unsupported(ctx, where, `${svc(ctx)} reserves devices or GPUs (deploy.resources.reservations.${e.key}); ecsify does not convert them yet.`, 'Run on EC2 GPU instances and add `resourceRequirements` (type GPU) to the generated task definition.');
    } else invalid(ctx, where, `${svc(ctx)}'s deploy.resources.${name} has an unknown key \`${e.key}\`.`, 'Limits take cpus, memory and pids; reservations take cpus, memory, devices and generic_resources.');
  }
}

function cpuKey(ctx: ServiceContext, pair: Entry | undefined, what: string): Found<number> | undefined {
  if (!pair) return undefined;
  const text = isScalar(pair.value) ? goString(pair.value) : undefined;
  if (text === undefined && isScalar(pair.value)) return undefined;
  const units = text === undefined ? undefined : cpusToUnits(text);
  if (units === undefined) {
    invalid(ctx, at(pair.value, pair.path), `${svc(ctx)} sets ${what} ${text !== undefined ? `\`${text}\`` : ''}, which is not a number of CPUs.`, 'Write a number of CPUs such as `0.5` or `"2"`.');
    return undefined;
  }
  return { value: units, where: pair, text: text as string };
}

function memoryKey(ctx: ServiceContext, pair: Entry | undefined, what: string): Found<number> | undefined {
  if (!pair) return undefined;
  const node: YNode = pair.value;
  if (isScalar(node) && node.value === null) return undefined;
  const raw = isScalar(node) ? node.value : undefined;
  const bytes = typeof raw === 'number' || typeof raw === 'string' ? parseByteSize(raw) : undefined;
  const text = isScalar(node) ? (goString(node) ?? '') : '';
  if (bytes === undefined) {
    invalid(ctx, at(node, pair.path), `${svc(ctx)} sets ${what} \`${text}\`, which is not a size.`, 'Write bytes or a size with a unit: `512m`, `1g`, `1.5g`.');
    return undefined;
  }
  return { value: bytes, where: pair, text };
}

/** The service-level key and its `deploy.resources` twin must agree when both are set. */
function pickTwin(ctx: ServiceContext, own: Found<number> | undefined, twin: Found<number> | undefined, ownName: string, twinName: string): Found<number> | undefined {
  if (own && twin && own.value !== twin.value) {
    invalid(ctx, twin.where, `${svc(ctx)} sets ${ownName} ${own.text} and ${twinName} ${twin.text}, which Compose refuses.`, 'Keep one of them (or make them equal).');
  }
  return twin ?? own;
}

function toMiB(ctx: ServiceContext, found: Found<number>): number {
  const mib = bytesToMiB(found.value);
  if (found.value % MIB !== 0) approximated(ctx, found.where, `${svc(ctx)}'s size ${found.text} is rounded up to ${mib} MiB (ECS counts whole MiB).`);
  return mib;
}
