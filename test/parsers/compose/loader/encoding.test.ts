import { describe, expect, it } from 'vitest';
import { createReporter } from '../../../../src/diagnostics/context.js';
import { renderStylish } from '../../../../src/render/stylish.js';
import { convert, container } from '../to-ir/support.js';
import { loadFiles, service } from './helpers.js';

const utf16le = (s: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(s, 'utf16le')]);
const utf16be = (s: string) => Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(s, 'utf16le').swap16()]);
const latin1 = (s: string) => Buffer.from(s, 'latin1');

const COMPOSE = 'services:\n  web:\n    image: "nginx:${TAG:-1.27}"\n    labels:\n      team: "caf\u00e9"\n';

describe('file encodings, as Docker Compose reads them (input/encoding)', () => {
  it('reads a UTF-16 Compose file with a byte order mark (what PowerShell 5 writes with >), positions intact', async () => {
    for (const bytes of [utf16le(COMPOSE), utf16be(COMPOSE)]) {
      const l = await loadFiles({ 'compose.yaml': bytes, '.env': 'TAG=1.25\n' });
      expect(l.rules).toEqual([]);
      expect(service(l, 'web')).toMatchObject({ image: 'nginx:1.25', labels: { team: 'caf\u00e9' } });
    }
    const l = await loadFiles({ 'compose.yaml': utf16le(`${COMPOSE}    foo: 1\n`) });
    expect(l.diagnostics[0]).toMatchObject({ rule: 'compose/schema', origin: { line: 6, column: 5 } });
  });

  it('does not count a byte order mark as a column of line 1, nor show it in the code frame', async () => {
    const text = 'foo: 1\nservices:\n  web: {image: nginx}\n';
    for (const bytes of [Buffer.from(`\ufeff${text}`), utf16le(text)]) {
      const l = await loadFiles({ 'compose.yaml': bytes });
      expect(l.diagnostics[0]).toMatchObject({ rule: 'compose/schema', origin: { line: 1, column: 1 } });
    }
    // Both decode to the same text, mark first: the frame shows line 1 without it, caret at column 1.
    const reporter = createReporter();
    reporter.addSource('compose.yaml', `\ufeff${text}`);
    expect(reporter.sources.line('compose.yaml', 1)).toBe('foo: 1');
    const d = { rule: 'compose/schema', severity: 'error', message: 'm', origin: { file: 'compose.yaml', line: 1, column: 1, path: 'foo' } } as const;
    expect(renderStylish({ diagnostics: [d], sources: reporter.sources, color: false, version: '1' })).toContain(' > 1 | foo: 1\n     | ^\n');
  });

  it('reports a Compose file that is not UTF-8 (Compose refuses it) at the first bad byte', async () => {
    const l = await loadFiles({ 'compose.yaml': latin1(COMPOSE) });
    expect(l.rules).toEqual(['input/encoding']);
    expect(l.diagnostics[0]).toMatchObject({
      severity: 'error',
      message: 'compose.yaml is not UTF-8: byte 0xE9 here is not a UTF-8 character, and Docker Compose refuses the file.',
      origin: { file: 'compose.yaml', line: 5, column: 17 },
    });
  });

  it('refuses a UTF-16 .env (Compose cannot read it) instead of parsing NUL-laced text', async () => {
    const l = await loadFiles({ 'compose.yaml': COMPOSE, '.env': utf16le('TAG=1.25\n') });
    expect(l.rules).toEqual(['input/encoding']);
    expect(l.diagnostics[0]).toMatchObject({ severity: 'error', origin: { file: '.env', line: 1, column: 1 } });
    expect(l.diagnostics[0]?.message).toBe(".env is UTF-16LE text (as Windows PowerShell writes with `>`); Compose reads env files only as UTF-8, so it cannot read this one.");
    // The .env was not read: the default applies.
    expect(service(l, 'web')?.['image']).toBe('nginx:1.27');
  });

  it('refuses a UTF-16 env_file, and warns about one that is not UTF-8 (the value ecsify writes would differ)', () => {
    const { app, diagnostics } = convert('services:\n  web:\n    image: nginx:1.27\n    env_file: [a.env, b.env]\n', {
      files: { 'a.env': utf16be('A=1\n'), 'b.env': latin1('B=1\nC=caf\u00e9\n') },
    });
    const enc = diagnostics.filter((d) => d.rule === 'input/encoding');
    expect(enc.map((d) => [d.severity, d.origin?.file, d.origin?.line, d.origin?.column])).toEqual([
      ['error', 'a.env', 1, 1],
      ['warning', 'b.env', 2, 6],
    ]);
    expect(enc[0]?.message).toContain('a.env is UTF-16BE text');
    expect(enc[1]?.message).toContain('ecsify can only write them as U+FFFD');
    expect(container(app, 'web').environment.map((e) => e.name)).toEqual(['B', 'C']);
  });
});
