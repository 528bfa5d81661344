import { describe, expect, it } from 'vitest';
import { createReporter } from '../../src/diagnostics/context.js';
import type { HealthCheck, Target, TargetHealthCheck } from '../../src/ir/types.js';
import { healthChecks } from '../../src/passes/health-checks.js';
import { app, at, check, container, deepFreeze, service, type Case } from './support.js';

const hc = (patch: Partial<HealthCheck>): HealthCheck => ({ command: ['CMD', 'true'], origin: at('services.web.healthcheck'), ...patch });
const withCheck = (patch: Partial<HealthCheck>) => app([service(container('web', 'x:1', { healthCheck: hc(patch) }))]);
const target = (check: Partial<TargetHealthCheck>, protocol: Target['protocol'] = 'HTTP'): Target => ({
  id: 'web-3000',
  service: 'web',
  container: 'web',
  containerPort: 3000,
  protocol,
  healthCheck: { protocol: 'HTTP', path: '/', origin: at('option_settings.process.default'), ...check },
});
const withTarget = (t: Target) => app([service(container('web'))], {}, { ingress: { loadBalancers: [], targets: [t] } });

describe('health-checks pass', () => {
  const cases: Case[] = [
    { name: 'values in range pass', given: withCheck({ intervalSeconds: 5, timeoutSeconds: 60, retries: 10, startPeriodSeconds: 300 }), not: ['health/out-of-range'] },
    {
      name: 'out-of-range container values are clamped',
      given: withCheck({ intervalSeconds: 1, timeoutSeconds: 90, retries: 0, startPeriodSeconds: 600 }),
      want: [{ rule: 'health/out-of-range', path: 'services.web.healthcheck' }],
      check: (out, ran) => {
        expect(out.services[0]?.task.containers[0]?.healthCheck).toMatchObject({ intervalSeconds: 5, timeoutSeconds: 60, retries: 1, startPeriodSeconds: 300 });
        expect(ran.diagnostics[0]?.message).toBe(
          'The health check of container web is outside the ECS ranges: interval 1 s → 5 s, timeout 90 s → 60 s, retries 0 → 1, start period 600 s → 300 s.',
        );
      },
    },
    {
      name: 'fractional seconds are rounded',
      given: withCheck({ intervalSeconds: 7.5 }),
      want: ['health/out-of-range'],
      check: (out) => expect(out.services[0]?.task.containers[0]?.healthCheck?.intervalSeconds).toBe(8),
    },
    {
      name: 'target values are clamped to the ELB ranges',
      given: withTarget(target({ intervalSeconds: 400, timeoutSeconds: 1, healthyThreshold: 1, unhealthyThreshold: 20 })),
      want: [{ rule: 'health/target-out-of-range', path: 'option_settings.process.default' }],
      check: (out) => expect(out.ingress.targets[0]?.healthCheck).toMatchObject({ intervalSeconds: 300, timeoutSeconds: 2, healthyThreshold: 2, unhealthyThreshold: 10 }),
    },
    {
      name: 'target timeout must be shorter than the interval',
      given: withTarget(target({ intervalSeconds: 10, timeoutSeconds: 10 })),
      want: ['health/target-out-of-range'],
      check: (out) => expect(out.ingress.targets[0]?.healthCheck.timeoutSeconds).toBe(9),
    },
    {
      name: 'success codes must be 200–499',
      given: withTarget(target({ matcher: '200-599' })),
      want: ['health/target-out-of-range'],
      check: (out) => expect(out.ingress.targets[0]?.healthCheck.matcher).toBe('200-399'),
    },
    { name: 'valid success codes pass', given: withTarget(target({ matcher: '200,204,301-302' })), not: ['health/target-out-of-range'] },
  ];
  it.each(cases)('$name', (c) => void check(healthChecks, c));

  it('returns the same object when everything is in range', () => {
    const given = deepFreeze(withTarget(target({ intervalSeconds: 30, timeoutSeconds: 5 })));
    expect(healthChecks.run(given, { reporter: createReporter() })).toBe(given);
  });
});
