import { describe, expect, it } from 'vitest';
import { MAX_NESTING, substitute, substituteScan } from '../../../../src/parsers/compose/substitute.js';

// compose.md §6.2: FOO=first, BAR= (set, empty), UNSET unset.
const ENV: Record<string, string> = { FOO: 'first', BAR: '', PORT: '8080', DEFAULT_REGISTRY: 'reg.io' };
const lookup = (n: string): string | undefined => ENV[n];

describe('substitute: compose.md §6.2 semantics table', () => {
  const table: [string, string, string[]?][] = [
    ['$FOO', 'first'],
    ['${FOO}', 'first'],
    ['${UNSET}', '', ['UNSET']],
    ['$UNSET', '', ['UNSET']],
    ['${UNSET:-def}', 'def'],
    ['${BAR:-def}', 'def'],
    ['${UNSET-def}', 'def'],
    ['${BAR-def}', ''],
    ['${FOO:+alt}', 'alt'],
    ['${BAR:+alt}', ''],
    ['${BAR+alt}', 'alt'],
    ['${UNSET+alt}', ''],
    ['${BAR?need it}', ''],
    ['$$FOO', '$FOO'],
    ['$${FOO}', '${FOO}'],
    ['$$$FOO', '$first'],
    ['${UNSET:-${UNSET2:-deep}}', 'deep'],
    ['${UNSET:-a}b}', 'ab}'],
    ['${UNSET:-{}}', '{}'],
    ['${FOO:-}', 'first'],
    ['${UNSET:-/non:-alphanumeric}', '/non:-alphanumeric'],
    ['${FOO?need ${PORT}}', 'first'],
    ['${A-x:-y}', 'x:-y'],
    ['pre-${U:-${PORT}}-post', 'pre-8080-post'],
    ['${A:-${DEFAULT_REGISTRY}/img}', 'reg.io/img'],
    ['$FOO_bar', '', ['FOO_bar']],
    ['$FOO-bar', 'first-bar'],
    ['5$', '5$'],
    ['$1', '$1'],
    ['^regex$', '^regex$'],
    ['a $ b', 'a $ b'],
    ['${FOO}${FOO}', 'firstfirst'],
    ['${UNSET:-x} and ${FOO}', 'x and first'],
    ['no dollar', 'no dollar'],
    ['${foo}', '', ['foo']],
  ];
  for (const [template, want, unset = []] of table) {
    it(`${template} → ${JSON.stringify(want)}`, () => {
      const r = substitute(template, lookup);
      expect(r.error).toBeUndefined();
      expect(r.value).toBe(want);
      expect(r.unset).toEqual(unset);
    });
  }

  it('warns only for references evaluated without an operator', () => {
    expect(substitute('${UNSET:-${UNSET2}}', lookup).unset).toEqual(['UNSET2']);
    expect(substitute('${FOO:-${UNSET2}}', lookup).unset).toEqual([]);
    expect(substitute('${UNSET?need ${UNSET2}}', lookup).unset).toEqual([]);
  });
});

describe('substitute: errors', () => {
  it('required variables (:? and ?)', () => {
    expect(substitute('${UNSET:?need it}', lookup).error).toEqual({
      kind: 'required',
      variable: 'UNSET',
      message: 'required variable UNSET is missing a value: need it',
    });
    expect(substitute('${BAR:?need it}', lookup).error?.kind).toBe('required');
    expect(substitute('${UNSET?}', lookup).error?.message).toBe('required variable UNSET is missing a value');
    expect(substitute('${UNSET:?need ${PORT}}', lookup).error?.message).toBe('required variable UNSET is missing a value: need 8080');
  });

  for (const bad of ['${}', '${ FOO}', '${FOO }', '${1}', '${FOO.BAR}', '${FOO/a/b}', '${FOO!}', 'x ${FOO', '${#FOO}', '${FOO:0:2}', '${UNSET:-${A}']) {
    it(`${bad} is invalid`, () => {
      expect(substitute(bad, lookup).error?.kind).toBe('invalid');
    });
  }

  const nest = (levels: number, op = ':-'): string => `${'${UNSET' + op}`.repeat(levels) + 'end' + '}'.repeat(levels);
  it(`defaults nest up to ${MAX_NESTING} levels; deeper is an error, not a stack overflow`, () => {
    expect(substitute(nest(MAX_NESTING), lookup)).toEqual({ value: 'end', unset: [] });
    expect(substitute(nest(MAX_NESTING + 1), lookup).error).toEqual({ kind: 'too-deep', message: `defaults nested more than ${MAX_NESTING} levels deep` });
    // Thousands of levels (which once overflowed the stack) give the same error, for every operator.
    for (const op of [':-', '-', ':+', '+', ':?', '?']) {
      const r = substitute(nest(20_000, op), op.includes('+') ? (n) => (n === 'UNSET' ? 'x' : undefined) : lookup);
      expect(r.error?.kind, op).toBe('too-deep');
    }
    // A set variable never reads its default: any depth is fine there.
    expect(substitute('${FOO:-' + nest(5_000) + '}', lookup).value).toBe('first');
  });

  it('a default spanning lines is invalid (the pattern does not cross a newline)', () => {
    expect(substitute('${UNSET:-a\n}', lookup).error?.kind).toBe('invalid');
    expect(substitute('${UNSET:-a}\n${FOO}', lookup).value).toBe('a\nfirst');
  });
});

describe('the fast path gives the general scanner\'s result', () => {
  it('on generated templates', () => {
    const parts = ['', 'x', '}', 'a-b', ':', '-', '+', '?', '$$', '${FOO}', '$FOO', '{', 'é', ' ', '\n'];
    const names = ['FOO', 'BAR', 'UNSET'];
    const ops = [':-', '-', ':+', '+'];
    let n = 0;
    for (const before of parts)
      for (const name of names)
        for (const op of ops)
          for (const word of parts)
            for (const after of parts) {
              const t = `${before}\${${name}${op}${word}}${after}`;
              expect(substitute(t, lookup), t).toEqual(substituteScan(t, lookup));
              n++;
            }
    expect(n).toBe(parts.length ** 3 * names.length * ops.length);
  });
});
