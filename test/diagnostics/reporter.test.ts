import { describe, expect, it } from 'vitest';
import { createReporter } from '../../src/diagnostics/context.js';

describe('reporter', () => {
  it('shows identical diagnostics once (a value under an anchor used by several services)', () => {
    const r = createReporter();
    const origin = { file: 'c.yml', line: 3, column: 5, path: 'x' };
    r.report('compose/unsupported-key', 'same', { origin });
    r.report('compose/unsupported-key', 'same', { origin });
    r.report('compose/unsupported-key', 'other', { origin });
    expect(r.diagnostics.map((d) => d.message)).toEqual(['same', 'other']);
  });

  it('keeps identical diagnostics at places whose packed line and column coincide', () => {
    // Places are grouped by line and column packed into a small integer (18 and 12 bits); lines
    // 2^18 apart, or columns 4096 apart, share a group and must still be told apart.
    const r = createReporter();
    const at = (line: number, column: number) => ({ origin: { file: 'c.yml', line, column, path: 'x' } });
    for (const [line, column] of [[1, 1], [1 + 2 ** 18, 1], [1, 1 + 4096], [1 + 2 ** 18, 1 + 4096], [1, 1], [1 + 2 ** 18, 1]] as const) {
      r.report('compose/unsupported-key', 'same', at(line, column));
    }
    expect(r.diagnostics.map((d) => `${d.origin?.line}:${d.origin?.column}`)).toEqual(['1:1', `${1 + 2 ** 18}:1`, '1:4097', `${1 + 2 ** 18}:4097`]);
  });

  it('masks registered secret values in messages and source lines, even when registered later', () => {
    const r = createReporter();
    r.addSource('c.yml', 'a: 1\npassword: hunter2-secret\n');
    r.report('compose/unsupported-key', 'value hunter2-secret leaked', { hint: 'hunter2-secret', notes: ['hunter2-secret'] });
    r.redact('hunter2-secret');
    expect(r.diagnostics[0]).toMatchObject({ message: 'value **** leaked', hint: '****', notes: ['****'] });
    expect(r.sources.line('c.yml', 2)).toBe('password: ****');
    expect(r.scrub('x hunter2-secret')).toBe('x ****');
  });

  it('masks a source line already shown once a secret in it is registered, strong or weak', () => {
    const r = createReporter();
    r.addSource('c.yml', 'token: Zq9-first-Secret\npassword: postgres\nother: Zq9-second-Secret\n');
    r.redact('Zq9-first-Secret');
    expect(r.sources.line('c.yml', 1)).toBe('token: ****');
    expect(r.sources.line('c.yml', 2)).toBe('password: postgres');
    expect(r.sources.line('c.yml', 3)).toBe('other: Zq9-second-Secret');
    r.redact('Zq9-first-Secret'); // known already: nothing changes
    r.redact('postgres'); // weak: masked only as the value of a key
    expect(r.sources.line('c.yml', 2)).toBe('password: ****');
    r.redact('Zq9-second-Secret');
    expect(r.sources.line('c.yml', 3)).toBe('other: ****');
  });
});

describe('reporter scrubbing', () => {
  it('masks values with regex characters, longest first', () => {
    const r = createReporter();
    r.redact('a+b(c)*$1');
    r.redact('a+b(c)*$1-longer');
    r.report('compose/unsupported-key', 'x a+b(c)*$1-longer y a+b(c)*$1 z');
    expect(r.diagnostics[0]!.message).toBe('x **** y **** z');
  });

});

describe('weak secret values', () => {
  it('masks a word-like password where it is assigned, without garbling names elsewhere', () => {
    const r = createReporter();
    r.addSource('compose.yml', 'services:\n  postgres:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: postgres\n      - DB_PASSWORD="postgres" # local\n');
    r.redact('postgres');
    r.report('compose/unsupported-key', 'Service postgres uses `develop`.');
    expect(r.diagnostics[0]!.message).toBe('Service postgres uses `develop`.');
    expect(r.sources.line('compose.yml', 2)).toBe('  postgres:');
    expect(r.sources.line('compose.yml', 3)).toBe('    image: postgres:16');
    expect(r.sources.line('compose.yml', 5)).toBe('      POSTGRES_PASSWORD: ****');
    expect(r.sources.line('compose.yml', 6)).toBe('      - DB_PASSWORD="****" # local');
  });

  it('masks distinctive values everywhere', () => {
    const r = createReporter();
    r.addSource('.env', 'A=S3cr3t-Value!\nB=x S3cr3t-Value! y\n');
    r.redact('S3cr3t-Value!');
    expect(r.sources.line('.env', 1)).toBe('A=****');
    expect(r.sources.line('.env', 2)).toBe('B=x **** y');
  });

  it('gives source lines as split on CRLF or LF, without their line breaks, and nothing past the end', () => {
    const r = createReporter();
    const text = 'a: 1\r\nb: 2\n\r\nc: x\r\rd: 4\n\nlast';
    r.addSource('f.yml', text);
    const expected = text.split(/\r?\n/);
    for (let i = 0; i < expected.length; i++) expect(r.sources.line('f.yml', i + 1)).toBe(expected[i]);
    expect(r.sources.line('f.yml', expected.length + 1)).toBeUndefined();
    r.addSource('g.yml', 'x: 1\n');
    expect(r.sources.line('g.yml', 1)).toBe('x: 1');
    expect(r.sources.line('g.yml', 2)).toBe('');
    expect(r.sources.line('g.yml', 3)).toBeUndefined();
  });
});
