import { describe, expect, it } from 'vitest';
import { createReporter } from '../../src/diagnostics/context.js';
import { addSecret, classifyEnvVar, collectedSecrets, newSecretCollector } from '../../src/secrets/env-var.js';

const origin = { file: 'compose.yaml', line: 7, column: 9, path: 'services.web.environment.DB_PASSWORD' };

describe('classifyEnvVar', () => {
  it('drops a secret value, reports the name at its line, and redacts the value', () => {
    const reporter = createReporter();
    reporter.addSource('compose.yaml', 'services:\n  web:\n    environment:\n\n\n\n      DB_PASSWORD: hunter2hunter2\n');
    const c = newSecretCollector({ secretNames: [], notSecretNames: [] }, reporter);
    const out = classifyEnvVar(c, 'DB_PASSWORD', 'hunter2hunter2', origin);
    expect(out).toEqual({ name: 'DB_PASSWORD', secret: { secret: 'DB_PASSWORD' }, origin });
    expect(collectedSecrets(c)).toEqual([{ name: 'DB_PASSWORD', reason: 'name', origin }]);
    const [d] = reporter.diagnostics;
    expect(d).toMatchObject({ rule: 'secrets/plaintext-value', severity: 'warning', origin });
    expect(d?.message).toContain('DB_PASSWORD');
    expect(JSON.stringify(reporter.diagnostics)).not.toContain('hunter2hunter2');
    expect(reporter.sources.line('compose.yaml', 7)).toBe('      DB_PASSWORD: ****');
  });

  it('keeps a plain value', () => {
    const reporter = createReporter();
    const c = newSecretCollector({ secretNames: [], notSecretNames: [] }, reporter);
    expect(classifyEnvVar(c, 'LOG_LEVEL', 'debug', undefined)).toEqual({ name: 'LOG_LEVEL', value: 'debug' });
    expect(reporter.diagnostics).toEqual([]);
    expect(collectedSecrets(c)).toEqual([]);
  });

  it('collects secrets sorted by name, first origin wins', () => {
    const c = newSecretCollector({ secretNames: ['B_VAR'], notSecretNames: [] }, createReporter());
    addSecret(c, { name: 'Z', reason: 'compose-secret' });
    classifyEnvVar(c, 'B_VAR', 'x', origin);
    classifyEnvVar(c, 'B_VAR', 'y', { ...origin, line: 99 });
    expect(collectedSecrets(c).map((s) => [s.name, s.origin?.line])).toEqual([
      ['B_VAR', 7],
      ['Z', undefined],
    ]);
  });
});

describe('classifyEnvVar reports each place once', () => {
  it('a value shared by two services through one anchor is reported once', () => {
    const reporter = createReporter();
    const c = newSecretCollector({ secretNames: [], notSecretNames: [] }, reporter);
    classifyEnvVar(c, 'DB_PASSWORD', 'hunter2hunter2', origin);
    classifyEnvVar(c, 'DB_PASSWORD', 'hunter2hunter2', origin);
    classifyEnvVar(c, 'DB_PASSWORD', 'other-value', { ...origin, line: 20 });
    expect(reporter.diagnostics.filter((d) => d.rule === 'secrets/plaintext-value').map((d) => d.origin?.line)).toEqual([7, 20]);
  });
});

describe('one secret per name', () => {
  it('reports a second, different value under the same name, never the values', () => {
    const reporter = createReporter();
    const c = newSecretCollector({ secretNames: [], notSecretNames: [] }, reporter);
    classifyEnvVar(c, 'SECRET_KEY', 'first-value-aaaa', origin);
    classifyEnvVar(c, 'SECRET_KEY', 'first-value-aaaa', { ...origin, line: 30 });
    classifyEnvVar(c, 'SECRET_KEY', 'second-value-bbbb', { ...origin, line: 40 });
    const shared = reporter.diagnostics.filter((d) => d.rule === 'secrets/shared-name');
    expect(shared.map((d) => d.origin?.line)).toEqual([40]);
    expect(shared[0]?.message).toBe('Variable SECRET_KEY holds a different secret value than SECRET_KEY at compose.yaml:7, but both become the one secret SECRET_KEY.');
    expect(JSON.stringify(reporter.diagnostics)).not.toMatch(/first-value|second-value/);
  });
});
