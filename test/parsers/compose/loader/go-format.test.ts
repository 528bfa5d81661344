import { describe, expect, it } from 'vitest';
import { createReporter } from '../../../../src/diagnostics/context.js';
import { sourceFile } from '../../../../src/ir/source-file.js';
import { goFloat, goScalarString } from '../../../../src/parsers/compose/go-format.js';
import { get, type YScalar } from '../../../../src/yaml/node.js';
import { parseYaml } from '../../../../src/yaml/parse.js';

describe('goFloat = fmt.Sprint(float64)', () => {
  const table: [number, string][] = [
    [1.1, '1.1'],
    [1, '1'],
    [1e6, '1e+06'],
    [123456789, '1.23456789e+08'],
    [100000, '100000'],
    [999999, '999999'],
    [0.3, '0.3'],
    [0.0001, '0.0001'],
    [0.00001, '1e-05'],
    [-2.5, '-2.5'],
    [-1e6, '-1e+06'],
    [1.5e300, '1.5e+300'],
    [0, '0'],
    [Infinity, '+Inf'],
    [NaN, 'NaN'],
  ];
  for (const [n, want] of table) it(`${n} → ${want}`, () => expect(goFloat(n)).toBe(want));
});

describe('goScalarString uses the YAML type (compose.md §4.1, §14 case 12)', () => {
  const text = 'a: 1.10\nb: 1.0\nc: 1000000.0\nd: 123456789.0\ne: True\nf: 0123\ng: 100000.0\nh: 1\ni: "1.10"\nj: ~\nk: 0x1F\nl: 1e3\n';
  const reporter = createReporter();
  const root = parseYaml(sourceFile('c.yml', text), reporter).documents[0]?.root;
  const want: Record<string, string> = {
    a: '1.1',
    b: '1',
    c: '1e+06',
    d: '1.23456789e+08',
    e: 'true',
    f: '83',
    g: '100000',
    h: '1',
    i: '1.10',
    j: '',
    k: '31',
    l: '1000',
  };
  for (const [key, s] of Object.entries(want)) {
    it(`${key} → ${s}`, () => expect(goScalarString(get(root, key) as YScalar)).toBe(s));
  }
});

describe('goScalarString keeps ints beyond 2^53 exact, as Go int64/uint64 do (audit 3)', () => {
  const cases: [string, string][] = [
    ['812345678901234567', '812345678901234567'],
    ['-812345678901234567', '-812345678901234567'],
    ['9007199254740993', '9007199254740993'],
    ['9223372036854775807', '9223372036854775807'],
    ['-9223372036854775808', '-9223372036854775808'],
    ['18446744073709551615', '18446744073709551615'],
    ['812_345_678_901_234_567', '812345678901234567'],
    ['0x7FFFFFFFFFFFFFFF', '9223372036854775807'],
    ['0xFFFFFFFFFFFFFFFF', '18446744073709551615'],
    ['0o777777777777777777777', '9223372036854775807'],
    ['0777777777777777777777', '9223372036854775807'],
    ['0b' + '1'.repeat(63), '9223372036854775807'],
    // Beyond uint64 (or a signed value beyond int64) go-yaml falls back to a float for decimal
    // digits and keeps other forms as the string written.
    ['18446744073709551616', '1.8446744073709552e+19'],
    ['+18446744073709551615', '1.8446744073709552e+19'],
    ['-9223372036854775809', '-9.223372036854776e+18'],
    ['99999999999999999999', '1e+20'],
    ['0x1_0000_0000_0000_0000', '0x1_0000_0000_0000_0000'],
    ['0o7777777777777777777777', '0o7777777777777777777777'],
  ];
  for (const [raw, want] of cases) {
    it(`${raw} → ${want}`, () => {
      const root = parseYaml(sourceFile('c.yml', `v: ${raw}\n`), createReporter()).documents[0]?.root;
      expect(goScalarString(get(root, 'v') as YScalar)).toBe(want);
    });
  }
  it('through an alias and in a flow mapping too', () => {
    const root = parseYaml(sourceFile('c.yml', 'a: &id 812345678901234567\nb: *id\nc: {d: 812345678901234567}\n'), createReporter()).documents[0]?.root;
    expect(goScalarString(get(root, 'b') as YScalar)).toBe('812345678901234567');
    expect(goScalarString(get(get(root, 'c'), 'd') as YScalar)).toBe('812345678901234567');
  });
});
