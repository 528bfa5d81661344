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
