import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createReporter } from '../../../../src/diagnostics/context.js';
import { sourceFile } from '../../../../src/ir/source-file.js';
import { expandEscapes, parseDotenv } from '../../../../src/parsers/compose/dotenv.js';

const SHARED = path.resolve(__dirname, '../../../../../shared');

function read(text: string, env: Record<string, string> = {}, format?: 'raw') {
  const reporter = createReporter();
  const r = parseDotenv(sourceFile('.env', text), (n) => env[n], reporter, format ? { format } : {});
  const values: Record<string, string> = {};
  for (const e of r.entries) values[e.name] = e.value;
  return { values, entries: r.entries, ok: r.ok, diagnostics: reporter.diagnostics };
}

describe('dotenv: compose.md §5.2 vectors (OS env has A=SHELL_A)', () => {
  const table: [string, string][] = [
    ['B = 2 ', '2'],
    ['C="quoted # not comment" # comment', 'quoted # not comment'],
    ["D='single $A'", 'single $A'],
    ['E="double $A \\t tab"', 'double SHELL_A \t tab'],
    ['F=unquoted $A # inline', 'unquoted SHELL_A'],
    ['G=val#notcomment', 'val#notcomment'],
    ['I:colon', 'colon'],
    ['L=${A}_${UNSET:-dflt}', 'SHELL_A_dflt'],
    ["M='Let\\'s go'", "Let's go"],
    ['O=a$$b', 'a$b'],
    ['P="esc \\$A"', 'esc $A'],
    ['Q="x\\ny"', 'x\ny'],
    ['R=x\\ny', 'x\\ny'],
    ['S="oct \\0101"', 'oct A'],
    ['T="keep \\x07 \\u12e4 \\q"', 'keep \\x07 \\u12e4 \\q'],
    ['U="a\\\\b"', 'a\\b'],
    ["V='a\\\\b'", 'a\\\\b'],
    ['W="say \\"hi\\""', 'say "hi"'],
    ['export X=1', '1'],
    ['export\tY=2', '2'],
  ];
  for (const [line, want] of table) {
    it(line, () => {
      const { values, diagnostics } = read(`${line}\n`, { A: 'SHELL_A' });
      const name = Object.keys(values)[0] as string;
      expect(values[name]).toBe(want);
      expect(diagnostics).toEqual([]);
    });
  }

  it('exportFOO is a name of its own', () => {
    expect(read('exportFOO=1\n').values).toEqual({ exportFOO: '1' });
  });

  it('strips a BOM and keeps positions right', () => {
    const r = read('\ufeffA=1\nB=2\n');
    expect(r.values).toEqual({ A: '1', B: '2' });
    expect(r.entries[1]?.origin).toMatchObject({ file: '.env', line: 2, column: 1 });
  });

  it('reads multi-line quoted values', () => {
    expect(read("J = 'first\nsecond'\nK=\"a\nb\"\nZ=1\n").values).toEqual({ J: 'first\nsecond', K: 'a\nb', Z: '1' });
  });

  it('skips comments and blank lines, handles CRLF', () => {
    expect(read('# c\r\n\r\n  # indented\r\nA=1\r\nB="q"\r\n').values).toEqual({ A: '1', B: 'q' });
  });

  it('bare NAME: inherited from lookup, else from earlier lines, else unset', () => {
    const r = read('A=1\nA2\nB\nC\nD=x\n', { B: 'from-os' });
    expect(r.values).toEqual({ A: '1', B: 'from-os', D: 'x' });
    expect(r.entries.find((e) => e.name === 'B')?.inherited).toBe(true);
    expect(read('A=1\nA\n').values).toEqual({ A: '1' });
  });

  it('OS environment shadows earlier lines inside values', () => {
    expect(read('A=file\nB=$A\n', { A: 'os' }).values).toEqual({ A: 'file', B: 'os' });
    expect(read('A=file\nB=$A\n').values).toEqual({ A: 'file', B: 'file' });
  });

  it('§14 case 45: a bare name on an unterminated last line is ignored (not inherited)', () => {
    const r = read('A=1\nB', { B: 'os' });
    expect(r.values).toEqual({ A: '1' });
    expect(r.diagnostics.map((d) => d.rule)).toEqual(['compose/dotenv-quirk']);
    expect(r.diagnostics[0]?.origin?.line).toBe(2);
  });

  it('a value with no name is ignored with a warning', () => {
    const r = read('=v\n');
    expect(r.values).toEqual({});
    expect(r.diagnostics.map((d) => d.rule)).toEqual(['compose/dotenv-quirk']);
  });

  it('text after a closing quote becomes a bare name (warned)', () => {
    const r = read('A="x" junk\n', { junk: 'J' });
    expect(r.values).toEqual({ A: 'x', junk: 'J' });
    expect(r.diagnostics.map((d) => d.rule)).toEqual(['compose/dotenv-quirk']);
    expect(r.diagnostics[0]?.message).not.toContain('junk');
  });

  it('the last definition wins, in first-definition order', () => {
    const r = read('A=1\nB=2\nA=3\n');
    expect(r.entries.map((e) => [e.name, e.value, e.origin.line])).toEqual([
      ['A', '3', 3],
      ['B', '2', 2],
    ]);
  });

  it('rejects bad names, spaces in names, unterminated quotes (error, value not shown)', () => {
    for (const text of ['FOO!=1\n', 'FOO BAR=1\n', 'A="never closed\nB=2\n']) {
      const r = read(text);
      expect(r.ok).toBe(false);
      expect(r.diagnostics.map((d) => d.rule)).toEqual(['compose/dotenv-syntax']);
    }
    expect(read('A="s3cr3t-value\n').diagnostics[0]?.message).not.toContain('s3cr3t');
  });

  it('interpolation problems: unset warns, :? and bad syntax are errors', () => {
    expect(read('A=${NOPE}\n').diagnostics.map((d) => d.rule)).toEqual(['compose/unset-variable']);
    expect(read('A=${NOPE:?set it}\n').diagnostics.map((d) => d.rule)).toEqual(['compose/required-variable']);
    expect(read('A=${NOPE/x/y}\n').diagnostics.map((d) => d.rule)).toEqual(['compose/invalid-interpolation']);
    expect(read("A='${NOPE/x/y}'\n").diagnostics).toEqual([]);
    const deep = read(`A=${'${NOPE:-'.repeat(3_000)}x${'}'.repeat(3_000)}\n`).diagnostics;
    expect(deep.map((d) => [d.rule, d.message])).toEqual([['compose/invalid-interpolation', 'A value in .env has defaults nested more than 64 levels deep; ecsify reads no deeper.']]);
  });

  it('accepts letters beyond ASCII and . - [ ] in names', () => {
    expect(read('É.x-[1]=v\n').values).toEqual({ 'É.x-[1]': 'v' });
  });
});

describe('dotenv: compose-go fixtures from the corpus', () => {
  const dir = path.join(SHARED, 'corpus/compose/compose-go__dotenv__fixtures');
  const load = (name: string, env: Record<string, string> = {}) => read(readFileSync(path.join(dir, name), 'utf8'), env);

  it('plain.env', () => {
    expect(load('plain.env').values).toEqual({
      OPTION_A: '1',
      OPTION_B: '2',
      OPTION_C: '3',
      OPTION_D: '4',
      OPTION_E: '5',
      '456': 'ABC',
      OPTION_F: '',
      OPTION_G: '',
      OPTION_H: 'my string',
    });
  });
  it('utf8-bom.env equals plain.env', () => {
    expect(load('utf8-bom.env').values).toEqual(load('plain.env').values);
  });
  it('quoted.env', () => {
    expect(load('quoted.env').values).toEqual({
      OPTION_A: '1',
      OPTION_B: '2',
      OPTION_C: '',
      OPTION_D: '\\n',
      OPTION_E: '1',
      OPTION_F: '2',
      OPTION_G: '',
      OPTION_H: '\n',
      OPTION_I: "echo 'asd'",
      OPTION_J: 'first line\nsecond line\nthird line\nand so on',
      OPTION_K: "Let's go!",
      OPTION_Z: 'last value',
    });
  });
  it('substitutions.env', () => {
    const r = load('substitutions.env');
    expect(r.values).toEqual({ OPTION_A: '1', OPTION_B: '1', OPTION_C: '1', OPTION_D: '1_1', OPTION_E: '' });
    expect(r.diagnostics.map((d) => d.rule)).toEqual(['compose/unset-variable']);
  });
  it('inherited-multi-var.env', () => {
    expect(load('inherited-multi-var.env', { VAR_TO_BE_LOADED_FROM_OS_ENV: 'os' }).values).toEqual({
      foo: 'bar',
      VAR_TO_BE_LOADED_FROM_OS_ENV: 'os',
      bar: 'baz',
    });
  });
  it('custom.format (colon separator, no final newline)', () => {
    expect(load('custom.format').values).toEqual({ FOO: 'BAR', ZOT: 'QIX' });
  });
  it('special.env, exported.env, equals.env', () => {
    expect(load('special.env').values).toEqual({ 'VAR.WITH.DOTS': 'dots', VAR_WITH_UNDERSCORES: 'underscores', 'VAR-WITH-DASHES': 'dashes' });
    expect(load('exported.env').values).toEqual({ OPTION_A: '2', OPTION_B: '\\n' });
    expect(load('equals.env').values).toEqual({ OPTION_A: 'postgres://localhost:5432/database?sslmode=disable' });
  });
  it('invalid1.env is rejected', () => {
    const r = load('invalid1.env');
    expect(r.ok).toBe(false);
    expect(r.diagnostics.map((d) => d.rule)).toEqual(['compose/dotenv-syntax']);
  });
});

describe('dotenv format: raw (§14 case 47)', () => {
  it('keeps values verbatim', () => {
    const r = read('A="x"\nB= spaced # not a comment\n# c\n  C=$HOME\nD\nE\n', { D: 'os' }, 'raw');
    expect(r.values).toEqual({ A: '"x"', B: ' spaced # not a comment', C: '$HOME', D: 'os' });
  });
  it('rejects whitespace in names and empty names', () => {
    expect(read('A B=1\n', {}, 'raw').diagnostics.map((d) => d.rule)).toEqual(['compose/dotenv-syntax']);
    expect(read('=1\n', {}, 'raw').diagnostics.map((d) => d.rule)).toEqual(['compose/dotenv-syntax']);
  });
});

describe('expandEscapes', () => {
  it('decodes single-character and octal escapes, keeps the rest', () => {
    expect(expandEscapes('\\a\\b\\f\\n\\r\\t\\v\\\\\\"')).toBe('\x07\b\f\n\r\t\v\\"');
    expect(expandEscapes('\\$X')).toBe('$$X');
    expect(expandEscapes('\\0101\\0777\\01')).toBe('A\\0777\\01');
  });
});
