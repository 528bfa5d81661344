import { describe, expect, it } from 'vitest';
import type { SourceLookup } from '../../src/diagnostics/context.js';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { ruleIds } from '../../src/diagnostics/catalog.js';
import { ANNOTATIONS_PER_KIND, renderGithub } from '../../src/render/github.js';
import { renderJson, writeJson } from '../../src/render/json.js';
import { renderSarif } from '../../src/render/sarif.js';
import { renderStylish, writeStylish } from '../../src/render/stylish.js';
import { renderStylish as reference } from './stylish-reference.js';
import { sortDiagnostics } from '../../src/diagnostics/diagnostic.js';
import { rng } from '../support/rng.js';

const source = ['services:', '  web:', '    image: nginx', '    develop: {}'];
const sources: SourceLookup = { line: (file, line) => (file === 'app/compose.yaml' ? source[line - 1] : undefined) };
const diagnostics: Diagnostic[] = [
  {
    rule: 'compose/unsupported-key',
    severity: 'warning',
    message: 'Service `web` uses `develop`, which has no ECS counterpart.',
    origin: { file: 'app/compose.yaml', line: 4, column: 5, path: 'services.web.develop' },
    hint: 'Remove it; it only matters for `docker compose watch`.',
  },
  {
    rule: 'input/unreadable',
    severity: 'error',
    message: 'nowhere does not exist, or: 50%, a,b',
  },
];
const input = { diagnostics, sources, color: false, version: '1.2.3' };

describe('stylish', () => {
  it('prints file:line:col, severity, rule, message, a code frame with a caret, and the hint', () => {
    expect(renderStylish(input)).toBe(
      [
        'app/compose.yaml:4:5: warning compose/unsupported-key: Service `web` uses `develop`, which has no ECS counterpart.',
        '   3 |     image: nginx',
        ' > 4 |     develop: {}',
        '     |     ^',
        '  hint: Remove it; it only matters for `docker compose watch`.',
        '',
        'error input/unreadable: nowhere does not exist, or: 50%, a,b',
        '',
        '2 problems (1 error, 1 warning, 0 infos)',
        '',
      ].join('\n'),
    );
  });

  it('frames a problem far along a long line (minified JSON) with the caret under it', () => {
    // One line of 400 characters, `"image": 5` at column 300; the line above is as long.
    const pad = (n: number, c: string) => c.repeat(n);
    const long = [`${pad(398, 'p')}`, `{${pad(298, ' ')}"image": 5, ${pad(88, 'x')}}`];
    const at = (column: number): Diagnostic => ({ rule: 'compose/unsupported-key', severity: 'error', message: 'm', origin: { file: 'f.json', line: 2, column, path: '' } });
    const frame = (column: number) =>
      renderStylish({ diagnostics: [at(column)], sources: { line: (_f, l) => long[l - 1] }, color: false, version: '1' }).split('\n').slice(1, 4);
    const [prev, here, caret] = frame(300);
    expect(here).toBe(` > 2 | ...${long[1]!.slice(222, 376)}...`);
    expect(prev).toBe(`   1 | ...${long[0]!.slice(222, 376)}...`);
    expect(caret!.indexOf('^') - ' > 2 | '.length).toBe(80);
    expect(here!.charAt(caret!.indexOf('^'))).toBe('"');
    expect(here!.length).toBe(' > 2 | '.length + 160);
    // At the end of the line: no closing `...`. Within the first 157 characters: no window.
    expect(frame(399)[1]).toBe(` > 2 | ...${long[1]!.slice(321)}`);
    expect(frame(157)[1]).toBe(` > 2 | ${long[1]!.slice(0, 157)}...`);
    expect(frame(157)[2]!.indexOf('^') - ' > 2 | '.length).toBe(156);
  });

  it('uses colour only when asked', () => {
    expect(renderStylish(input)).not.toContain('\u001b[');
    expect(renderStylish({ ...input, color: true })).toContain('\u001b[33mwarning\u001b[0m');
  });

  it('prints nothing for no diagnostics', () => {
    expect(renderStylish({ ...input, diagnostics: [] })).toBe('');
  });

  it('gives neighbours at one place their own code frame: the caret takes each severity colour', () => {
    const at = (line: number, column: number) => ({ file: 'app/compose.yaml', line, column, path: 'services.web' });
    const d = (severity: Diagnostic['severity'], line: number, column: number): Diagnostic => ({ rule: 'compose/unsupported-key', severity, message: 'm', origin: at(line, column) });
    const caret = (color: number) => `\u001b[${color}m^\u001b[0m`;
    const out = renderStylish({ ...input, color: true, diagnostics: [d('error', 4, 5), d('error', 4, 5), d('warning', 4, 5), d('warning', 4, 7), d('warning', 3, 7)] });
    const carets = out.split('\n').filter((l) => l.includes('^'));
    expect(carets).toEqual([
      `       | ${' '.repeat(4)}${caret(31)}`,
      `       | ${' '.repeat(4)}${caret(31)}`,
      `       | ${' '.repeat(4)}${caret(33)}`,
      `       | ${' '.repeat(6)}${caret(33)}`,
      `       | ${' '.repeat(6)}${caret(33)}`,
    ].map((l) => l.replace(/^ {7}\| /, '     | ')));
    // Line 4 is the framed line of four diagnostics; line 2 shows only above line 3.
    expect(out.match(/4 \| {5}develop: \{\}/g)).toHaveLength(4);
    expect(out.match(/2 \| {3}web:/g)).toHaveLength(1);
  });

  it('writes long reports in pieces that join to the same text, and shows files by their display path', () => {
    const many: Diagnostic[] = Array.from({ length: 3000 }, (_, i) => ({ ...(diagnostics[0] as Diagnostic), message: `message ${i}` }));
    const chunks: string[] = [];
    writeStylish({ ...input, diagnostics: many }, (c) => chunks.push(Buffer.from(c).toString('utf8')));
    expect(chunks.length).toBeGreaterThan(3);
    expect(chunks.join('')).toBe(renderStylish({ ...input, diagnostics: many }));
    for (const c of chunks.slice(0, -1)) expect(c.endsWith('\n\n')).toBe(true); // whole diagnostics per piece

    // Sources stay keyed by origin.file; only the printed location changes.
    const shown = renderStylish({ ...input, displayFile: (f) => `../${f}` });
    expect(shown.split('\n')[0]).toBe('../app/compose.yaml:4:5: warning compose/unsupported-key: Service `web` uses `develop`, which has no ECS counterpart.');
    expect(shown).toContain(' > 4 |     develop: {}');
  });
  it('writes UTF-8 as a stream would encode the text, through a diagnostic longer than a chunk', () => {
    const text = ['ünïcödé ✓ → 😀', 'tab\there', 'x'.repeat(200), 'lone \uD800 surrogate', '', '⚠'.repeat(40_000)];
    const lines = ['a:', '\tkey: ✓', 'é'.repeat(170), ''];
    const odd: Diagnostic[] = text.map((message, i) => ({
      rule: 'compose/unsupported-key',
      severity: (['error', 'warning', 'info'] as const)[i % 3] as Diagnostic['severity'],
      message,
      origin: { file: i % 2 ? 'dir/ü.yaml' : 'app/compose.yaml', line: (i % 4) + 1, column: [1, 0, 300, 5, 12, 2][i] as number, path: '' },
      ...(i % 2 ? { hint: message, notes: [message, 'n'] } : {}),
    }));
    const src: SourceLookup = { line: (_f, line) => lines[line - 1] };
    for (const color of [false, true]) {
      const chunks: Buffer[] = [];
      writeStylish({ ...input, sources: src, diagnostics: odd, color }, (c) => chunks.push(Buffer.from(c)));
      const all = Buffer.concat(chunks);
      const expected = renderStylish({ ...input, sources: src, diagnostics: odd, color });
      expect(all.equals(Buffer.from(expected, 'utf8'))).toBe(true);
      expect(all.equals(Buffer.from(reference({ ...input, sources: src, diagnostics: odd, color }), 'utf8'))).toBe(true);
      expect(expected).toContain('2 |  key: ✓'); // tab shown as a space
      expect(expected).toContain(`${'é'.repeat(157)}...`);
      expect(expected).toContain('lone \uFFFD surrogate');
      expect(expected).toContain('⚠'.repeat(40_000));
      expect(chunks.length).toBeGreaterThan(1);
    }
  });
});

describe('stylish against the string renderer', () => {
  it('gives the same bytes on random sorted reports crowded at few places, across chunks', () => {
    // Neighbours at one place copy their code frame from where it was written, also from a
    // chunk already handed on or a buffer outgrown (long messages): compared with the reference.
    const random = rng(3);
    const pick = <T,>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
    const lines = ['a:', '\tkey: ✓', 'é'.repeat(170), '', '  b: 1'];
    const src: SourceLookup = { line: (file, line) => (file === 'none.yaml' ? undefined : lines[line - 1]) };
    for (let round = 0; round < 20; round++) {
      const list: Diagnostic[] = [];
      for (let i = 0; i < 400; i++) {
        list.push({
          rule: pick(['compose/unsupported-key', 'compose/approximated']),
          severity: pick(['error', 'warning', 'info'] as const),
          message: random() < 0.02 ? 'x'.repeat(70_000) : `m${i}`,
          ...(random() < 0.95 ? { origin: { file: pick(['app/compose.yaml', 'none.yaml']), line: pick([0, 1, 2, 3, 5, 9]), column: pick([1, 3, 200]), path: '' } } : {}),
          ...(random() < 0.5 ? { hint: 'h' } : {}),
        });
      }
      const sorted = sortDiagnostics(list);
      for (const color of [false, true]) {
        const chunks: Buffer[] = [];
        writeStylish({ ...input, sources: src, diagnostics: sorted, color }, (c) => chunks.push(Buffer.from(c)));
        expect(chunks.length).toBeGreaterThan(1);
        expect(Buffer.concat(chunks).equals(Buffer.from(reference({ ...input, sources: src, diagnostics: sorted, color }), 'utf8'))).toBe(true);
      }
    }
  });
});

describe('json', () => {
  it('is an array with rule, severity, message, file, line, column, hint', () => {
    const out = JSON.parse(renderJson(input)) as Record<string, unknown>[];
    expect(out[0]).toMatchObject({
      rule: 'compose/unsupported-key',
      severity: 'warning',
      file: 'app/compose.yaml',
      line: 4,
      column: 5,
      hint: 'Remove it; it only matters for `docker compose watch`.',
    });
    expect(out[1]).toMatchObject({ rule: 'input/unreadable', file: null, line: null, column: null, hint: null });
  });

  it('writes, in pieces, the bytes JSON.stringify(list, null, 2) gives', () => {
    const odd = ['', 'quote " and \\ backslash', 'tab\tline\nbreak', 'ünïcödé ✓ \u2028', '\u0000 nul'];
    const many: Diagnostic[] = [];
    for (let i = 0; i < 2500; i++) {
      const d: Diagnostic = { rule: i % 7 < 4 ? 'compose/unsupported-key' : 'compose/approximated', severity: (['error', 'warning', 'info'] as const)[(i >> 2) % 3] as Diagnostic['severity'], message: `m ${i} ${odd[i % 5]}` };
      // Lines and columns that are not whole numbers are written as JSON writes them (NaN as null).
      const number = (n: number) => (i % 13 === 0 ? ([NaN, -0, 1e21, Infinity, 1.5, -3] as const)[(i / 13) % 6] as number : n);
      if (i % 4 !== 0) d.origin = { file: `dir/f${(i >> 3) % 3}.yaml`, line: number(i), column: number((i % 7) + 1), path: i % 5 === 0 ? '' : `services.s${i}` };
      if (i % 3 === 0) d.hint = odd[(i + 1) % 5];
      if (i % 5 === 1) d.notes = [];
      if (i % 5 === 2) d.notes = [odd[i % 5] as string, 'second'];
      many.push(d);
    }
    const expected = (list: Diagnostic[]) =>
      JSON.stringify(
        list.map((d) => ({
          rule: d.rule,
          severity: d.severity,
          message: d.message,
          file: d.origin?.file ?? null,
          line: d.origin?.line ?? null,
          column: d.origin?.column ?? null,
          path: d.origin?.path ?? null,
          hint: d.hint ?? null,
          notes: d.notes ?? [],
        })),
        null,
        2,
      ) + '\n';
    const chunks: string[] = [];
    writeJson({ ...input, diagnostics: many }, (c) => chunks.push(c));
    expect(chunks.length).toBeGreaterThan(3);
    expect(chunks.join('')).toBe(expected(many));
    expect(renderJson({ ...input, diagnostics: [] })).toBe(expected([]));
    expect(renderJson(input)).toBe(expected(diagnostics));
  });
});

describe('sarif', () => {
  it('is SARIF 2.1.0 with every rule in tool.driver.rules and regions', () => {
    const log = JSON.parse(renderSarif(input)) as {
      version: string;
      runs: { tool: { driver: { name: string; version: string; rules: { id: string }[] } }; results: Record<string, unknown>[] }[];
    };
    expect(log.version).toBe('2.1.0');
    const run = log.runs[0]!;
    expect(run.tool.driver).toMatchObject({ name: 'ecsify', version: '1.2.3' });
    expect(run.tool.driver.rules.map((r) => r.id)).toEqual(ruleIds());
    expect(run.results[0]).toMatchObject({
      ruleId: 'compose/unsupported-key',
      level: 'warning',
      locations: [{ physicalLocation: { artifactLocation: { uri: 'app/compose.yaml' }, region: { startLine: 4, startColumn: 5 } } }],
    });
    const idx = run.results[0]!['ruleIndex'] as number;
    expect(run.tool.driver.rules[idx]!.id).toBe('compose/unsupported-key');
  });

  it('writes a relative display path as a relative reference (percent-encoded) and an absolute one as a file: URI', () => {
    const at = (file: string) => ({ rule: 'compose/unsupported-key' as const, severity: 'warning' as const, message: 'm', origin: { file, line: 1, column: 1, path: '' } });
    const log = JSON.parse(renderSarif({ ...input, diagnostics: [at('my app/compose.yaml'), at('/srv/my app/compose.yaml'), at('../x#1/compose.yaml')] })) as {
      runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[];
    };
    expect(log.runs[0]!.results.map((r) => r.locations[0]!.physicalLocation.artifactLocation.uri)).toEqual(['my%20app/compose.yaml', 'file:///srv/my%20app/compose.yaml', '../x%231/compose.yaml']);
  });

  it('always has a results array', () => {
    const log = JSON.parse(renderSarif({ ...input, diagnostics: [] })) as { runs: { results: unknown[] }[] };
    expect(log.runs[0]!.results).toEqual([]);
  });
});

describe('github', () => {
  it('writes workflow commands with escaped properties and data', () => {
    expect(renderGithub(input).split('\n')).toEqual([
      '::warning file=app/compose.yaml,line=4,col=5,title=compose/unsupported-key::Service `web` uses `develop`, which has no ECS counterpart.%0AHint: Remove it; it only matters for `docker compose watch`.',
      '::error title=input/unreadable::nowhere does not exist, or: 50%25, a,b',
      '',
    ]);
  });

  it('says first, as a notice, when a kind has more findings than GitHub shows as annotations', () => {
    const many = (severity: Diagnostic['severity'], n: number): Diagnostic[] =>
      Array.from({ length: n }, (_, i) => ({ rule: 'compose/unsupported-key' as const, severity, message: `m${i}`, origin: { file: 'app/compose.yaml', line: i + 1, column: 1, path: '' } }));
    const at = (list: Diagnostic[]) => renderGithub({ ...input, diagnostics: sortDiagnostics(list) }).split('\n');
    // Ten of a kind all show: nothing to say.
    expect(at([...many('warning', ANNOTATIONS_PER_KIND), ...many('error', 3)]).filter((l) => l.includes('title=ecsify'))).toEqual([]);
    const lines = at([...many('warning', 11), ...many('info', 12), ...many('error', 2)]);
    expect(lines[0]).toBe(
      "::notice title=ecsify::ecsify found 11 warnings and 12 notes; GitHub shows at most 10 annotations of each kind per step, so the others are only in this step's log. Run ecsify lint locally for all of them with code frames.",
    );
    expect(lines).toHaveLength(1 + 25 + 1);
  });
});
