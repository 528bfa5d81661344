import { describe, expect, it } from 'vitest';
import { createReporter } from '../../src/diagnostics/context.js';
import { addSecret, classifyEnvVar, collectedSecrets, newSecretCollector, placeKey } from '../../src/secrets/env-var.js';

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

  it('reports a name once per place: same file, line and column', () => {
    const reporter = createReporter();
    const c = newSecretCollector({ secretNames: [], notSecretNames: [] }, reporter);
    const at = (file: string, line: number, column: number) => ({ file, line, column, path: `p${line}` });
    const places = [at('a.yaml', 7, 9), at('a.yaml', 7, 9), at('a.yaml', 7, 10), at('a.yaml', 8, 9), at('b.yaml', 7, 9), at('a.yaml', 1, 2 ** 21 + 5), at('a.yaml', 2, 5), at('a.yaml', 1, 2 ** 21 + 5)];
    for (const o of places) classifyEnvVar(c, 'DB_PASSWORD', 'hunter2hunter2', o);
    classifyEnvVar(c, 'DB_PASSWORD', 'hunter2hunter2', undefined);
    classifyEnvVar(c, 'DB_PASSWORD', 'hunter2hunter2', undefined);
    classifyEnvVar(c, 'API_TOKEN', 'hunter2hunter2', at('a.yaml', 7, 9));
    const reported = reporter.diagnostics.filter((d) => d.rule === 'secrets/plaintext-value').map((d) => (d.origin ? `${d.origin.file}:${d.origin.line}:${d.origin.column}` : '-'));
    expect(reported).toEqual(['a.yaml:7:9', 'a.yaml:7:10', 'a.yaml:8:9', 'b.yaml:7:9', `a.yaml:1:${2 ** 21 + 5}`, 'a.yaml:2:5', '-', 'a.yaml:7:9']);
  });

  it('place keys tell every line and column apart', () => {
    const seen = new Map<number | string, string>();
    for (const line of [1, 2, 3, 1000, 2 ** 20, 2 ** 31 - 1, 2 ** 31, 2 ** 32]) {
      for (const column of [1, 2, 2 ** 21 - 1, 2 ** 21, 2 ** 21 + 1, 2 ** 30]) {
        const key = placeKey(line, column);
        expect(seen.get(key), `${line}:${column}`).toBeUndefined();
        seen.set(key, `${line}:${column}`);
      }
    }
  });
});
