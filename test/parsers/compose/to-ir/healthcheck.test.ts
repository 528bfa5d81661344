import { describe, expect, it } from 'vitest';
import { container, convert, expectReported } from './support.js';

const hc = (yaml: string) => {
  const r = convert(`services:\n  a:\n    image: x\n    healthcheck: ${yaml}\n`);
  return { check: container(r.app, 'a').healthCheck, diagnostics: r.diagnostics };
};

describe('healthcheck', () => {
  const forms: [string, string[] | undefined][] = [
    ['{test: curl -f http://localhost || exit 1}', ['CMD-SHELL', 'curl -f http://localhost || exit 1']],
    ['{test: ["CMD", "curl", "-f", "http://localhost"]}', ['CMD', 'curl', '-f', 'http://localhost']],
    ['{test: ["CMD-SHELL", "pg_isready -U app"]}', ['CMD-SHELL', 'pg_isready -U app']],
    ['{test: ["NONE"]}', undefined],
    ['{test: NONE}', undefined],
    ['{test: ["CMD", "true"], disable: true}', undefined],
  ];
  for (const [yaml, command] of forms) {
    it(yaml, () => {
      const { check, diagnostics } = hc(yaml);
      expect(check?.command).toEqual(command);
      expect(diagnostics).toEqual([]);
    });
  }

  it('durations become whole seconds, retries a number', () => {
    const { check } = hc('{test: ["CMD", "true"], interval: 1m30s, timeout: 5s, start_period: 1h, retries: 5}');
    expect(check).toMatchObject({ intervalSeconds: 90, timeoutSeconds: 5, startPeriodSeconds: 3600, retries: 5 });
  });

  it('zero durations and retries mean the default, as in Docker', () => {
    const { check, diagnostics } = hc('{test: ["CMD", "true"], interval: 0s, timeout: 0s, start_period: 0s, retries: 0}');
    expect(check).toEqual({ command: ['CMD', 'true'], origin: expect.anything() });
    expect(diagnostics).toEqual([]);
  });

  it('a sub-second duration is rounded up and reported', () => {
    const { check, diagnostics } = hc('{test: ["CMD", "true"], timeout: 1500ms}');
    expect(check?.timeoutSeconds).toBe(2);
    expectReported(diagnostics, [['compose/approximated', 'services.a.healthcheck.timeout']]);
  });

  const problems: [string, string, string][] = [
    ['{test: ["CMD", "true"], interval: 30}', 'compose/invalid-value', 'services.a.healthcheck.interval'],
    ['{test: ["CMD", "true"], interval: 30S}', 'compose/invalid-value', 'services.a.healthcheck.interval'],
    ['{test: ["curl", "-f", "x"]}', 'compose/invalid-value', 'services.a.healthcheck.test'],
    ['{test: []}', 'compose/invalid-value', 'services.a.healthcheck.test'],
    ['{test: ["CMD"]}', 'compose/invalid-value', 'services.a.healthcheck.test'],
    ['{test: ["CMD", "true"], retries: many}', 'compose/invalid-value', 'services.a.healthcheck.retries'],
    ['{test: ["CMD", "true"], start_period: 10s, start_interval: 1s}', 'compose/approximated', 'services.a.healthcheck.start_interval'],
    ['{interval: 10s}', 'compose/approximated', 'services.a.healthcheck'],
    ['{test: ["CMD", "true"], nope: 1}', 'compose/invalid-value', 'services.a.healthcheck.nope'],
    ['[x]', 'compose/invalid-value', 'services.a.healthcheck'],
  ];
  for (const [yaml, rule, path] of problems) {
    it(`${yaml} → ${rule}`, () => expectReported(hc(yaml).diagnostics, [[rule, path]]));
  }
});
