/**
 * Health-check values within the ranges ECS and Elastic Load Balancing accept: container checks
 * (interval 5–300 s, timeout 2–60 s, retries 1–10, start period 0–300 s) and target-group checks
 * (interval 5–300 s, timeout 2–120 s and below the interval, thresholds 2–10, success codes
 * 200–499). Out-of-range values move to the nearest end, with a warning.
 * Runs after `ports`, which derives the target-group checks.
 */
import type { Container, Target } from '../ir/types.js';
import { TARGET_HEALTH_DEFAULTS } from './ports.js';
import { updateContainers, updateServices } from './lib/update.js';
import type { Pass, PassContext } from './pass.js';

type Range = { min: number; max: number };

export const CONTAINER_RANGES = {
  intervalSeconds: { min: 5, max: 300, label: 'interval', unit: ' s' },
  timeoutSeconds: { min: 2, max: 60, label: 'timeout', unit: ' s' },
  retries: { min: 1, max: 10, label: 'retries', unit: '' },
  startPeriodSeconds: { min: 0, max: 300, label: 'start period', unit: ' s' },
} as const;

export const TARGET_RANGES = {
  intervalSeconds: { min: 5, max: 300, label: 'interval', unit: ' s' },
  timeoutSeconds: { min: 2, max: 120, label: 'timeout', unit: ' s' },
  healthyThreshold: { min: 2, max: 10, label: 'healthy threshold', unit: '' },
  unhealthyThreshold: { min: 2, max: 10, label: 'unhealthy threshold', unit: '' },
} as const;

function clamp(v: number, r: Range): number {
  return Math.min(r.max, Math.max(r.min, Math.round(v)));
}

type LabelledRange = Range & { label: string; unit: string };

/**
 * `check` with every listed field moved into its range, each move described in `changes`;
 * undefined when nothing moved. Copied on the first change only: most checks are within range.
 */
function clampAll<T extends object, K extends keyof T>(check: T, ranges: readonly (readonly [K, LabelledRange])[], changes: string[]): T | undefined {
  let out: T | undefined;
  // Indexed, without destructuring: in the interpreter `for (const [k, v] of …)` allocates an
  // iterator per pair and a result per step (0.9 MB over the benchmark file's checks).
  for (let i = 0; i < ranges.length; i++) {
    const entry = ranges[i] as readonly [K, LabelledRange];
    const key = entry[0];
    const range = entry[1];
    const v = check[key];
    if (typeof v !== 'number') continue;
    // In range and whole, as most values are: what `clamp` returns unchanged, tested without
    // its three Math calls (`(v | 0) === v` is exact here: v is at most `range.max`, ≤ 300).
    if (v >= range.min && v <= range.max && (v | 0) === v) continue;
    const fixed = clamp(v, range);
    if (fixed !== v) {
      changes.push(`${range.label} ${v}${range.unit} → ${fixed}${range.unit}`);
      out ??= { ...check };
      (out as Record<K, unknown>)[key] = fixed;
    }
  }
  return out;
}

export const healthChecks: Pass = {
  name: 'health-checks',
  run(app, ctx) {
    const next = updateServices(app, (s) => updateContainers(s, (c) => containerCheck(c, ctx)));
    let changed = false;
    const targets = next.ingress.targets.map((t) => {
      const n = targetCheck(t, ctx);
      if (n !== t) changed = true;
      return n;
    });
    return changed ? { ...next, ingress: { ...next.ingress, targets } } : next;
  },
};

/** The ranges as lists, made once (the checks run for every container and target). */
const CONTAINER_RANGE_LIST = Object.entries(CONTAINER_RANGES) as [keyof typeof CONTAINER_RANGES, (typeof CONTAINER_RANGES)[keyof typeof CONTAINER_RANGES]][];
const TARGET_RANGE_LIST = Object.entries(TARGET_RANGES) as [keyof typeof TARGET_RANGES, (typeof TARGET_RANGES)[keyof typeof TARGET_RANGES]][];

function containerCheck(c: Container, ctx: PassContext): Container {
  const hc = c.healthCheck;
  if (!hc) return c;
  const changes: string[] = [];
  const out = clampAll(hc, CONTAINER_RANGE_LIST, changes);
  if (!out) return c;
  ctx.reporter.report('health/out-of-range', `The health check of container ${c.name} is outside the ECS ranges: ${changes.join(', ')}.`, {
    origin: hc.origin ?? c.origin,
    subject: c.name,
    hint: 'ECS accepts interval 5–300 s, timeout 2–60 s, retries 1–10 and start period 0–300 s.',
  });
  return { ...c, healthCheck: out };
}

/** `200`, `200-399`, `200,204`: ALB success codes must lie in 200–499. */
function validMatcher(m: string): boolean {
  if (m === TARGET_HEALTH_DEFAULTS.matcher) return true; // most targets: the default, valid
  if (!/^\d{3}(-\d{3})?(,\d{3}(-\d{3})?)*$/.test(m)) return false;
  return m.split(/[,-]/).every((code) => Number(code) >= 200 && Number(code) <= 499);
}

function targetCheck(t: Target, ctx: PassContext): Target {
  const hc = t.healthCheck;
  const changes: string[] = [];
  let out = clampAll(hc, TARGET_RANGE_LIST, changes);
  const now = out ?? hc;
  const interval = now.intervalSeconds ?? 30;
  if (now.timeoutSeconds !== undefined && now.timeoutSeconds >= interval) {
    const fixed = Math.max(TARGET_RANGES.timeoutSeconds.min, interval - 1);
    changes.push(`timeout ${now.timeoutSeconds} s → ${fixed} s (it must be shorter than the interval)`);
    out ??= { ...hc };
    out.timeoutSeconds = fixed;
  }
  if (now.matcher !== undefined && (t.protocol === 'HTTP' || t.protocol === 'HTTPS') && !validMatcher(now.matcher)) {
    changes.push(`success codes ${now.matcher} → 200-399`);
    out ??= { ...hc };
    out.matcher = '200-399';
  }
  if (!out) return t;
  ctx.reporter.report('health/target-out-of-range', `The load-balancer health check of service ${t.service} (port ${t.containerPort}) is outside the ELB ranges: ${changes.join(', ')}.`, {
    origin: hc.origin ?? t.origin,
    hint: 'ELB accepts interval 5–300 s, timeout 2–120 s (shorter than the interval), thresholds 2–10 and success codes 200–499.',
  });
  return { ...t, healthCheck: out };
}
