/**
 * CPU and memory: `cpus`, `mem_limit`, `mem_reservation` and their `deploy.resources` twins
 * (both set and different → Compose refuses the file), `cpu_shares`, `cpu_quota`/`cpu_period`,
 * `memswap_limit`, `mem_swappiness`, `shm_size`. CPUs become ECS CPU units (1024 per vCPU),
 * sizes whole MiB (rounded up, reported when not whole).
 */
import { bytesToMiB, cpusToUnits, MIB, parseByteSize } from '../../ir/units.js';
import type { Container } from '../../ir/types.js';
import { childPath, get, getPair, isMap, isScalar, type YMap, type YNode, type YPair } from '../../yaml/node.js';
import { linuxOf } from './service-volumes.js';
import { approximated, at, entries, goString, invalid, originOf, readInt, svc, unsupported, type At, type ServiceContext } from './to-ir-context.js';

interface Found<T> {
  value: T;
  where: At;
  text: string;
}

export function mapResources(ctx: ServiceContext, container: Container): void {
  const deployPath = childPath(ctx.path, 'deploy');
  const resources = get(get(ctx.node, 'deploy'), 'resources');
  const resPath = childPath(deployPath, 'resources');
  const limits = isMap(resources) ? getPair(resources, 'limits') : undefined;
  const reservations = isMap(resources) ? getPair(resources, 'reservations') : undefined;
  const limitsPath = childPath(resPath, 'limits');
  const reservationsPath = childPath(resPath, 'reservations');
  if (isMap(resources)) {
    for (const e of entries(resources, resPath)) {
      if (e.key !== 'limits' && e.key !== 'reservations' && !e.key.startsWith('x-')) invalid(ctx, at(e.pair, e.path), `${svc(ctx)}'s deploy.resources has an unknown key \`${e.key}\`.`, 'deploy.resources takes limits and reservations.');
    }
  }

  // CPU ------------------------------------------------------------------------------------
  const cpus = cpuKey(ctx, getPair(ctx.node, 'cpus'), childPath(ctx.path, 'cpus'), 'cpus');
  const limitCpus = cpuKey(ctx, pairIn(limits, 'cpus'), childPath(limitsPath, 'cpus'), 'deploy.resources.limits.cpus');
  const reservedCpus = cpuKey(ctx, pairIn(reservations, 'cpus'), childPath(reservationsPath, 'cpus'), 'deploy.resources.reservations.cpus');
  if (cpus && limitCpus && cpus.value !== limitCpus.value) {
    invalid(ctx, limitCpus.where, `${svc(ctx)} sets cpus ${cpus.text} and deploy.resources.limits.cpus ${limitCpus.text}, which Compose refuses.`, 'Keep one of them (or make them equal).');
  }
  let cpuUnits = (limitCpus ?? cpus)?.value;
  // Compose ignores reservations.cpus; with a limit ecsify does too (the limit sets the units).
  if (reservedCpus && cpuUnits === undefined) {
    cpuUnits = reservedCpus.value;
    approximated(ctx, reservedCpus.where, `${svc(ctx)}'s CPU reservation (${reservedCpus.text}) becomes the container's CPU units (${reservedCpus.value}); Compose itself ignores it.`);
  }
  const shares = getPair(ctx.node, 'cpu_shares');
  if (shares) {
    const p = childPath(ctx.path, 'cpu_shares');
    const n = readInt(ctx, shares.value, p, `${svc(ctx)}'s cpu_shares`, { min: 0 });
    if (n !== undefined) {
      if (cpuUnits === undefined) {
        cpuUnits = n;
        approximated(ctx, at(shares, p), `${svc(ctx)}'s cpu_shares ${n} becomes ${n} container CPU units (ECS CPU units are Docker CPU shares: 1024 = one vCPU).`);
      } else {
        approximated(ctx, at(shares, p), `${svc(ctx)}'s cpu_shares is not used: cpus already sets the container's CPU units.`);
      }
    }
  }
  const quota = getPair(ctx.node, 'cpu_quota');
  const period = getPair(ctx.node, 'cpu_period');
  if (quota || period) {
    const q = quota ? readInt(ctx, quota.value, childPath(ctx.path, 'cpu_quota'), `${svc(ctx)}'s cpu_quota`) : undefined;
    const per = period ? readInt(ctx, period.value, childPath(ctx.path, 'cpu_period'), `${svc(ctx)}'s cpu_period`, { min: 1 }) : 100_000;
    const where = quota ? at(quota, childPath(ctx.path, 'cpu_quota')) : at(period as YPair, childPath(ctx.path, 'cpu_period'));
    if (q !== undefined && q > 0 && per !== undefined && cpuUnits === undefined) {
      cpuUnits = Math.round((q / per) * 1024);
      approximated(ctx, where, `${svc(ctx)}'s CPU quota (${q} µs per ${per} µs) becomes ${cpuUnits} container CPU units.`);
    } else if (q !== undefined || per !== undefined) {
      approximated(ctx, where, `${svc(ctx)}'s cpu_quota/cpu_period ${cpuUnits !== undefined ? 'is not used: cpus already sets the CPU units' : 'has no effect without a positive cpu_quota'}.`);
    }
  }
  if (cpuUnits !== undefined && cpuUnits > 0) container.cpu = cpuUnits;

  // Memory ---------------------------------------------------------------------------------
  const memLimit = memoryKey(ctx, getPair(ctx.node, 'mem_limit'), childPath(ctx.path, 'mem_limit'), 'mem_limit');
  const deployLimit = memoryKey(ctx, pairIn(limits, 'memory'), childPath(limitsPath, 'memory'), 'deploy.resources.limits.memory');
  const memReservation = memoryKey(ctx, getPair(ctx.node, 'mem_reservation'), childPath(ctx.path, 'mem_reservation'), 'mem_reservation');
  const deployReservation = memoryKey(ctx, pairIn(reservations, 'memory'), childPath(reservationsPath, 'memory'), 'deploy.resources.reservations.memory');
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
  for (const [pair, base, name] of [
    [limits, limitsPath, 'limits'],
    [reservations, reservationsPath, 'reservations'],
  ] as const) {
    if (!pair || !isMap(pair.value)) continue;
    for (const e of entries(pair.value, base)) {
      if (e.key === 'cpus' || e.key === 'memory' || e.key.startsWith('x-')) continue;
      const where = at(e.pair, e.path);
      if (e.key === 'pids') unsupported(ctx, where, `${svc(ctx)} limits the number of processes (deploy.resources.limits.pids); ECS cannot.`, 'Remove it.');
      else if (e.key === 'devices' || e.key === 'generic_resources') {
        unsupported(ctx, where, `${svc(ctx)} reserves devices or GPUs (deploy.resources.reservations.${e.key}); ecsify does not convert them yet.`, 'Run on EC2 GPU instances and add `resourceRequirements` (type GPU) to the generated task definition.');
      } else invalid(ctx, where, `${svc(ctx)}'s deploy.resources.${name} has an unknown key \`${e.key}\`.`, 'Limits take cpus, memory and pids; reservations take cpus, memory, devices and generic_resources.');
    }
  }
  const swap = getPair(ctx.node, 'memswap_limit');
  if (swap) {
    const p = childPath(ctx.path, 'memswap_limit');
    const raw = isScalar(swap.value) ? swap.value.value : undefined;
    if (raw === -1 || raw === '-1') {
      approximated(ctx, at(swap, p), `${svc(ctx)} allows unlimited swap (memswap_limit -1); ECS then uses the host's default, and Fargate has no swap.`);
    } else {
      const total = memoryKey(ctx, swap, p, 'memswap_limit');
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
  const swappiness = getPair(ctx.node, 'mem_swappiness');
  if (swappiness) {
    const n = readInt(ctx, swappiness.value, childPath(ctx.path, 'mem_swappiness'), `${svc(ctx)}'s mem_swappiness`, { min: 0, max: 100 });
    if (n !== undefined) linuxOf(container).swappiness = n;
  }
  const shm = getPair(ctx.node, 'shm_size');
  if (shm) {
    const size = memoryKey(ctx, shm, childPath(ctx.path, 'shm_size'), 'shm_size');
    if (size && size.value > 0) linuxOf(container).sharedMemorySizeMiB = toMiB(ctx, size);
  }
}

function pairIn(pair: YPair | undefined, key: string): YPair | undefined {
  return pair && isMap(pair.value) ? getPair(pair.value as YMap, key) : undefined;
}

function cpuKey(ctx: ServiceContext, pair: YPair | undefined, path: string, what: string): Found<number> | undefined {
  if (!pair) return undefined;
  const text = isScalar(pair.value) ? goString(pair.value) : undefined;
  if (text === undefined && isScalar(pair.value)) return undefined;
  const units = text === undefined ? undefined : cpusToUnits(text);
  if (units === undefined) {
    invalid(ctx, at(pair.value, path), `${svc(ctx)} sets ${what} ${text !== undefined ? `\`${text}\`` : ''}, which is not a number of CPUs.`, 'Write a number of CPUs such as `0.5` or `"2"`.');
    return undefined;
  }
  return { value: units, where: at(pair, path), text: text as string };
}

function memoryKey(ctx: ServiceContext, pair: YPair | undefined, path: string, what: string): Found<number> | undefined {
  if (!pair) return undefined;
  const node: YNode = pair.value;
  if (isScalar(node) && node.value === null) return undefined;
  const raw = isScalar(node) ? node.value : undefined;
  const bytes = typeof raw === 'number' || typeof raw === 'string' ? parseByteSize(raw) : undefined;
  const text = isScalar(node) ? (goString(node) ?? '') : '';
  if (bytes === undefined) {
    invalid(ctx, at(node, path), `${svc(ctx)} sets ${what} \`${text}\`, which is not a size.`, 'Write bytes or a size with a unit: `512m`, `1g`, `1.5g`.');
    return undefined;
  }
  return { value: bytes, where: at(pair, path), text };
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
