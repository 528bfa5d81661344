/**
 * vCPUs and memory of EC2 instance types, for the sizing hint an EB instance type gives.
 * Burstable types are listed; the general, compute and memory families follow the regular
 * size ladder (large = 2 vCPUs, doubling) with a fixed memory per vCPU per family.
 */

export interface InstanceShape {
  vcpu: number;
  memoryGiB: number;
  arm: boolean;
}

const T2: Record<string, [number, number]> = {
  nano: [1, 0.5],
  micro: [1, 1],
  small: [1, 2],
  medium: [2, 4],
  large: [2, 8],
  xlarge: [4, 16],
  '2xlarge': [8, 32],
};
const T3: Record<string, [number, number]> = {
  nano: [2, 0.5],
  micro: [2, 1],
  small: [2, 2],
  medium: [2, 4],
  large: [2, 8],
  xlarge: [4, 16],
  '2xlarge': [8, 32],
};
/** Previous-generation types still seen in old EB configurations. */
const OLD: Record<string, [number, number]> = {
  't1.micro': [1, 0.613],
  'm1.small': [1, 1.7],
  'm1.medium': [1, 3.75],
  'm1.large': [2, 7.5],
  'm3.medium': [1, 3.75],
  'm3.large': [2, 7.5],
  'm3.xlarge': [4, 15],
  'm3.2xlarge': [8, 30],
  'c3.large': [2, 3.75],
  'c3.xlarge': [4, 7.5],
  'c3.2xlarge': [8, 15],
  'm4.large': [2, 8],
};
/** GiB per vCPU where a family differs from its letter's usual ratio. */
const RATIO: Record<string, number> = { c4: 1.875, c5n: 2.625, r4: 7.625, g2: 1.875 };
const LETTER_RATIO: Record<string, number> = { c: 2, m: 4, r: 8, x: 16, z: 8 };
const SIZE_VCPU: Record<string, number> = { medium: 1, large: 2, xlarge: 4 };

function sizeVcpus(size: string): number | undefined {
  if (size in SIZE_VCPU) return SIZE_VCPU[size];
  const m = /^(\d+)xlarge$/.exec(size);
  return m ? Number(m[1]) * 4 : undefined;
}

/** The shape of an instance type, or undefined when ecsify does not know it. */
export function instanceShape(type: string): InstanceShape | undefined {
  const t = type.trim().toLowerCase();
  const m = /^([a-z]+)(\d+)([a-z-]*)\.([a-z0-9]+)$/.exec(t);
  if (!m) return undefined;
  const [, letters, gen, suffix, size] = m as unknown as [string, string, string, string, string];
  const family = `${letters}${gen}${suffix}`;
  const arm = /g/.test(suffix) && letters !== 'g' && !/^(p|inf|trn|dl|vt|f)$/.test(letters);
  const old = OLD[t];
  if (old) return { vcpu: old[0], memoryGiB: old[1], arm: false };
  if (letters === 't') {
    const table = gen === '2' ? T2 : T3;
    const s = table[size];
    return s ? { vcpu: s[0], memoryGiB: s[1], arm } : undefined;
  }
  const vcpu = sizeVcpus(size);
  const ratio = RATIO[family] ?? RATIO[`${letters}${gen}`] ?? LETTER_RATIO[letters];
  if (vcpu === undefined || ratio === undefined) return undefined;
  if (size === 'medium' && !arm) return undefined; // only Graviton families have .medium in these ladders
  return { vcpu, memoryGiB: vcpu * ratio, arm };
}
