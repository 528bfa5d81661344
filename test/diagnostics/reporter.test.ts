import { describe, expect, it } from 'vitest';
import { createReporter } from '../../src/diagnostics/context.js';
import { RULES, type RuleId } from '../../src/diagnostics/catalog.js';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { rng } from '../support/rng.js';
import { sourceFile } from '../../src/ir/source-file.js';

describe('reporter', () => {
  it('shows identical diagnostics once (a value under an anchor used by several services)', () => {
    const r = createReporter();
    const origin = { file: 'c.yml', line: 3, column: 5, path: 'x' };
    r.report('compose/unsupported-key', 'same', { origin });
    r.report('compose/unsupported-key', 'same', { origin });
    r.report('compose/unsupported-key', 'other', { origin });
    expect(r.diagnostics.map((d) => d.message)).toEqual(['same', 'other']);
  });

  it('merges findings at one place that differ only in the service they name, and says which others share the line', () => {
    const r = createReporter();
    const at = { file: 'compose.yaml', line: 3, column: 3, path: 'x-logging.driver' };
    const names = ['web', 'api', 'jobs', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'];
    for (const n of names) {
      r.report('compose/logging-driver', `Service \`${n}\`'s logging driver \`json-file\` is replaced.`, { origin: at, subject: n, hint: `Nothing to do for ${n}.` });
    }
    // The service name as part of another name is not the subject: these merge too.
    r.report('dependencies/cross-service', 'Service web waits for service web-db.', { origin: { ...at, line: 9 }, subject: 'web' });
    r.report('dependencies/cross-service', 'Service api waits for service web-db.', { origin: { ...at, line: 9 }, subject: 'api' });
    // Texts that differ in more than the subject stay apart, and so do findings with no subject.
    r.report('compose/approximated', 'Service web: cpus 1 → 1024 units.', { origin: { ...at, line: 12 }, subject: 'web' });
    r.report('compose/approximated', 'Service api: cpus 2 → 2048 units.', { origin: { ...at, line: 12 }, subject: 'api' });
    r.report('compose/approximated', 'The same text.', { origin: { ...at, line: 15 } });
    r.report('compose/approximated', 'The same text, twice.', { origin: { ...at, line: 15 } });
    const shown = r.diagnostics;
    expect(shown.map((d) => [d.origin?.line, d.message])).toEqual([
      [3, "Service `web`'s logging driver `json-file` is replaced."],
      [9, 'Service web waits for service web-db.'],
      [12, 'Service web: cpus 1 → 1024 units.'],
      [12, 'Service api: cpus 2 → 2048 units.'],
      [15, 'The same text.'],
      [15, 'The same text, twice.'],
    ]);
    expect(shown[0]?.notes).toEqual(['The same holds for the 12 others that share this line: `api`, `jobs`, `a`, `b`, `c`, `d`, `e`, `f`, `g`, `h` and 2 more.']);
    expect(shown[0]?.hint).toBe('Nothing to do for web.');
    expect(shown[1]?.notes).toEqual(['The same holds for `api`, which shares this line.']);
    // Reported later, a finding still joins its group.
    r.report('compose/logging-driver', "Service `zz`'s logging driver `json-file` is replaced.", { origin: at, subject: 'zz', hint: 'Nothing to do for zz.' });
    expect(r.diagnostics[0]?.notes?.[0]).toMatch(/the 13 others .* and 3 more\.$/);
    expect(r.diagnostics).toHaveLength(6);
  });

  it('makes every diagnostic with the same fields in the same order, the ones it lacks undefined', () => {
    // One hidden class for all of them: the code that dedupes, sorts and renders ten thousand
    // diagnostics then reads each field from one known place (eight shapes on the benchmark
    // file made those reads megamorphic: ≈70 M more instructions).
    const r = createReporter();
    const origin = { file: 'c.yml', line: 3, column: 5, path: 'x' };
    r.report('compose/unsupported-key', 'bare');
    r.report('compose/unsupported-key', 'placed', { origin });
    r.report('compose/unsupported-key', 'hinted', { origin, hint: 'h' });
    r.report('compose/unsupported-key', 'noted', { origin, notes: ['n'] });
    r.report('compose/unsupported-key', 'about web', { origin: { ...origin, line: 4 }, subject: 'web', hint: '', notes: [] });
    r.report('compose/unsupported-key', 'everything', { origin: { ...origin, line: 5 }, hint: 'h', notes: ['n'], subject: 'web', severity: 'info' });
    const shown = r.diagnostics;
    expect(shown).toHaveLength(6);
    for (const d of shown) expect(Object.keys(d)).toEqual(['rule', 'severity', 'message', 'origin', 'hint', 'notes', 'subject']);
    expect(shown.find((d) => d.message === 'bare')).toMatchObject({ origin: undefined, hint: undefined, notes: undefined, subject: undefined });
    // An empty hint, note list or subject counts as none.
    expect(shown.find((d) => d.message === 'about web')).toMatchObject({ hint: undefined, notes: undefined, subject: 'web' });
    expect(shown.find((d) => d.message === 'everything')).toEqual({ rule: 'compose/unsupported-key', severity: 'info', message: 'everything', origin: { ...origin, line: 5 }, hint: 'h', notes: ['n'], subject: 'web' });
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

  it('keeps the first of each identity key, in report order, on random reports crowded at few places', () => {
    // Groups of one place are compared field by field, or by key past eight members; fields
    // that hold the key's separators (NUL, \u0001, colons) must give what the keys give.
    const key = (d: Diagnostic) => {
      const o = d.origin;
      return `${d.rule}\u0000${d.severity}\u0000${d.message}\u0000${o ? `${o.file}:${o.line}:${o.column}:${o.path}` : ''}\u0000${d.hint ?? ''}\u0000${(d.notes ?? []).join('\u0001')}`;
    };
    const random = rng(11);
    const pick = <T,>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
    for (let round = 0; round < 300; round++) {
      const r = createReporter();
      const expected: Diagnostic[] = [];
      const keys = new Set<string>();
      const count = 1 + Math.floor(random() * 60);
      for (let i = 0; i < count; i++) {
        const rule = pick(['compose/unsupported-key', 'compose/approximated'] as RuleId[]);
        const message = pick(['m', 'm2', round % 10 === 0 ? 'n\u0000ul' : 'm']);
        const origin = random() < 0.1 ? undefined : { file: pick(['a.yml', 'b.yml', round % 7 === 0 ? 'c:d.yml' : 'a.yml']), line: pick([1, 2, 1 + 2 ** 18, NaN]), column: pick([1, 4097, 0, -0, NaN]), path: pick(['x', 'x\u0000y', 'x:1', '']) };
        const hint = pick([undefined, '', 'h', 'y', 'h\u0000y', 'x']);
        const notes = pick([undefined, [], ['y'], ['h\u0000y'], ['a', 'b'], ['a\u0001b']]);
        const severity = pick(['error', 'warning', undefined] as const);
        r.report(rule, message, { origin, ...(hint !== undefined ? { hint } : {}), ...(notes ? { notes } : {}), ...(severity ? { severity } : {}) });
        // The diagnostic as `report` makes it (an empty hint or list of notes is left out).
        const d: Diagnostic = { rule, severity: severity ?? RULES[rule].severity, message };
        if (origin) d.origin = origin;
        if (hint) d.hint = hint;
        if (notes && notes.length > 0) d.notes = notes;
        if (!keys.has(key(d))) expected.push(d);
        keys.add(key(d));
        if (random() < 0.1) expect(r.diagnostics).toEqual(expected); // read in between, as passes do
      }
      expect(r.diagnostics).toEqual(expected);
    }
  });

  it('tells onSource of each text given to addSource', () => {
    const seen: [string, string][] = [];
    const r = createReporter({ onSource: (path, text) => seen.push([path, text]) });
    r.addSource('compose.yaml', 'services: {}\n');
    r.addSource('.env', 'A=1\n', sourceFile('.env', 'A=1\n'));
    expect(seen).toEqual([
      ['compose.yaml', 'services: {}\n'],
      ['.env', 'A=1\n'],
    ]);
    expect(r.sources.line('.env', 1)).toBe('A=1');
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

  it('masks a secret held by any one message, hint or note among many clean ones, read in batches', () => {
    // The getter first searches the new texts (a hint only when it differs from the one before)
    // and masks one by one only when that finds a secret: each place a secret can hide, at each
    // position of a batch, must still be masked. Clean hints repeat, as a rule's hints do, and
    // may be as long as a dirty one.
    const next = rng(11);
    for (let round = 0; round < 80; round++) {
      const r = createReporter();
      r.redact('Zq9-batch-Secret');
      const reference: Diagnostic[] = [];
      let n = 0;
      for (let batch = 0; batch < 3; batch++) {
        const size = 1 + Math.floor(next() * 6);
        const dirty = next() < 0.6 ? Math.floor(next() * size) : -1;
        const where = Math.floor(next() * 4);
        for (let i = 0; i < size; i++) {
          const clean = (k: number) => (k === 1 ? `has Zq9-batch-Clean! ${n >> 2}` : `clean ${k} ${n}`);
          const text = (k: number) => (i === dirty && where === k ? `has Zq9-batch-Secret ${n}` : clean(k));
          const masked = (k: number) => text(k).replace('Zq9-batch-Secret', '****');
          r.report('compose/unsupported-key', text(0), { hint: text(1), notes: [text(2), text(3)] });
          reference.push({
            rule: 'compose/unsupported-key',
            severity: RULES['compose/unsupported-key'].severity,
            message: masked(0),
            hint: masked(1),
            notes: [masked(2), masked(3)],
          });
          n++;
        }
        expect(r.diagnostics).toEqual(reference);
      }
    }
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

  it('masks a word-like password as an entry only under a key that holds a secret', () => {
    const r = createReporter();
    const lines = [
      '    image: postgres',
      '      DB_HOST: postgres',
      '      - DB_NAME=postgres',
      '      POSTGRES_PASSWORD: postgres',
      '      MasterUserPassword: postgres',
      '        { "name": "DB_PASS", "value": "postgres" },',
      '    value: postgres',
      '      BILLING_ID: postgres',
    ];
    r.addSource('compose.yml', lines.join('\n') + '\n');
    // Registered under a name that does not say secret (`--secret BILLING_ID`): that key counts too.
    r.redact('postgres', 'BILLING_ID');
    expect(lines.map((_, i) => r.sources.line('compose.yml', i + 1))).toEqual([
      '    image: postgres',
      '      DB_HOST: postgres',
      '      - DB_NAME=postgres',
      '      POSTGRES_PASSWORD: ****',
      '      MasterUserPassword: ****',
      '        { "name": "DB_PASS", "value": "****" },',
      '    value: ****',
      '      BILLING_ID: ****',
    ]);
  });

  it('masks a word-like password as an interpolation default, a password option or a URL password', () => {
    const r = createReporter();
    const lines = [
      '    image: redis:7-alpine',
      '    command: redis-server --appendonly yes --requirepass ${REDIS_PASSWORD:-redispass}',
      '      test: ["CMD", "redis-cli", "-a", "${REDIS_PASSWORD:-redispass}", "ping"]',
      '      test: ["CMD", "redis-cli", "-a", "redispass", "ping"]',
      '    command: redis-server --requirepass redispass # dev only',
      '    command: ["redis-server", "--requirepass=redispass"]',
      '      - "REDIS_URL=redis://:redispass@redis:6379/0"',
      '      - "CACHE_URL=redis://default:${REDIS_PASSWORD-redispass}@redis:6379/1"',
      '      test: mysqladmin ping -uroot -predispass',
      '      test: curl -fu admin:redispass http://localhost/',
      '      - redispass-data:/data',
      '    hostname: redispassive',
    ];
    r.addSource('compose.yml', lines.join('\n') + '\n');
    r.redact('redispass');
    expect(lines.map((_, i) => r.sources.line('compose.yml', i + 1))).toEqual([
      '    image: redis:7-alpine',
      '    command: redis-server --appendonly yes --requirepass ${REDIS_PASSWORD:-****}',
      '      test: ["CMD", "redis-cli", "-a", "${REDIS_PASSWORD:-****}", "ping"]',
      '      test: ["CMD", "redis-cli", "-a", "****", "ping"]',
      '    command: redis-server --requirepass **** # dev only',
      '    command: ["redis-server", "--requirepass=****"]',
      '      - "REDIS_URL=redis://:****@redis:6379/0"',
      '      - "CACHE_URL=redis://default:${REDIS_PASSWORD-****}@redis:6379/1"',
      '      test: mysqladmin ping -uroot -p****',
      '      test: curl -fu admin:**** http://localhost/',
      // Elsewhere the word is left alone: it may be a name too.
      '      - redispass-data:/data',
      '    hostname: redispassive',
    ]);
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

describe('source lines', () => {
  it("shares the parser's line index of a text instead of building another", () => {
    const text = 'a: 1\nb: 2\r\nc: 3\n';
    const file = sourceFile('compose.yaml', text);
    const r = createReporter();
    r.addSource('compose.yaml', text, file);
    expect(file.lineStarts).toBeUndefined();
    expect([1, 2, 3, 4].map((n) => r.sources.line('compose.yaml', n))).toEqual(['a: 1', 'b: 2', 'c: 3', '']);
    expect(file.lineStarts).toEqual([0, 5, 11, 16]);
  });

  it('ignores a file given with another text, and one replaced by a later text', () => {
    const file = sourceFile('compose.yaml', 'x: 1\n');
    const r = createReporter();
    r.addSource('compose.yaml', 'a: 1\nb: 2\n', file);
    expect(r.sources.line('compose.yaml', 2)).toBe('b: 2');
    expect(file.lineStarts).toBeUndefined();
    const first = sourceFile('other.yaml', 'p: 1\n');
    r.addSource('other.yaml', 'p: 1\n', first);
    r.addSource('other.yaml', 'q: 1\nr: 2\n');
    expect(r.sources.line('other.yaml', 2)).toBe('r: 2');
    expect(first.lineStarts).toBeUndefined();
  });
});

describe('masked source lines', () => {
  it('masks repeated lines as a reporter that never read a line before does, secrets registered in between', () => {
    // Masked lines are kept by text and by line number; a secret registered later must reach
    // both. Lines repeat, hold strong and weak values, and are read before and after.
    const random = rng(5);
    const pick = <T,>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
    const values = ['Zq9-strong-1', 'Zq9-strong-12', 'postgres', 'changeme', 'x$(y)*z-secret'];
    const texts = ['key: Zq9-strong-1', 'key: Zq9-strong-12', 'password: postgres', '- DB="changeme" # c', 'image: postgres', 'a: x$(y)*z-secret b', 'plain: 1', ''];
    for (let round = 0; round < 40; round++) {
      const text = Array.from({ length: 30 }, () => pick(texts)).join(random() < 0.5 ? '\n' : '\r\n');
      const r = createReporter();
      r.addSource('c.yml', text);
      const redacted: string[] = [];
      for (let step = 0; step < 60; step++) {
        if (random() < 0.1) {
          const v = pick(values);
          redacted.push(v);
          r.redact(v);
        }
        const line = 1 + Math.floor(random() * 31);
        const fresh = createReporter();
        for (const v of redacted) fresh.redact(v);
        fresh.addSource('c.yml', text);
        expect(r.sources.line('c.yml', line)).toBe(fresh.sources.line('c.yml', line));
      }
    }
  });
});
