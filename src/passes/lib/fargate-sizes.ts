/**
 * The Fargate task sizes: every valid (CPU units, memory MiB) pair, from ../shared/docs/ecs.md
 * §3.1. Any other pair is rejected when the task definition is registered.
 */

export interface FargateRow {
  cpu: number;
  memory: readonly number[];
  /** Windows Server containers run only on these rows (at least 1 vCPU). */
  windows: boolean;
  /** 8 and 16 vCPU need platform version 1.4.0 or later (Linux). */
  needsPlatform14: boolean;
}

function steps(from: number, to: number, step: number): number[] {
  const out: number[] = [];
  for (let v = from; v <= to; v += step) out.push(v);
  return out;
}

export const FARGATE_SIZES: readonly FargateRow[] = [
  { cpu: 256, memory: [512, 1024, 2048], windows: false, needsPlatform14: false },
  { cpu: 512, memory: steps(1024, 4096, 1024), windows: false, needsPlatform14: false },
  { cpu: 1024, memory: steps(2048, 8192, 1024), windows: true, needsPlatform14: false },
  { cpu: 2048, memory: steps(4096, 16384, 1024), windows: true, needsPlatform14: false },
  { cpu: 4096, memory: steps(8192, 30720, 1024), windows: true, needsPlatform14: false },
  { cpu: 8192, memory: steps(16384, 61440, 4096), windows: false, needsPlatform14: true },
  { cpu: 16384, memory: steps(32768, 122880, 8192), windows: false, needsPlatform14: true },
];

export type FargateOs = 'linux' | 'windows';

/** The rows an OS may use, filtered once (sizing asks for every service). */
export const FARGATE_ROWS: Readonly<Record<FargateOs, readonly FargateRow[]>> = {
  linux: FARGATE_SIZES,
  windows: FARGATE_SIZES.filter((r) => r.windows),
};

/** Whether `cpu`/`memory` is a pair Fargate accepts. */
export function isFargateSize(cpu: number, memory: number, os: FargateOs = 'linux'): boolean {
  return FARGATE_ROWS[os].some((r) => r.cpu === cpu && r.memory.includes(memory));
}

/**
 * The smallest valid pair holding `cpu` units and `memory` MiB, or undefined when even the
 * largest size is too small. Rows are tried in CPU order and the first row that can hold the
 * memory wins with its smallest sufficient value: lower rows have finer memory steps, so this is
 * also the cheapest pair.
 */
export function smallestFargateSize(cpu: number, memory: number, os: FargateOs = 'linux'): { cpu: number; memory: number } | undefined {
  // Indexed loops: sizing asks for every service, mostly before V8 optimises this, and
  // `for…of` and `find` allocate there.
  const rows = FARGATE_ROWS[os];
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as FargateRow;
    if (row.cpu < cpu) continue;
    for (let j = 0; j < row.memory.length; j++) {
      const m = row.memory[j] as number;
      if (m >= memory) return { cpu: row.cpu, memory: m };
    }
  }
  return undefined;
}

/** The largest size for an OS (for messages). */
export function largestFargateSize(os: FargateOs = 'linux'): { cpu: number; memory: number } {
  const r = FARGATE_ROWS[os];
  const last = r[r.length - 1] as FargateRow;
  return { cpu: last.cpu, memory: last.memory[last.memory.length - 1] as number };
}

/** `0.25 vCPU`, `2 vCPU`. */
export function formatCpu(units: number): string {
  const v = units / 1024;
  return `${Number.isInteger(v) ? v : Number(v.toFixed(3))} vCPU`;
}

/** `512 MiB`, `2 GiB`, `1.5 GiB`, `1.75 GiB` (GiB when it is a whole quarter). */
export function formatMemory(mib: number): string {
  if (mib >= 1024 && mib % 256 === 0) return `${mib / 1024} GiB`;
  return `${mib} MiB`;
}
