import { describe, expect, it } from 'vitest';
import { createReporter } from '../../src/diagnostics/context.js';
import { sourceFile } from '../../src/ir/source-file.js';
import { get, nodeOrigin, toJS, type YMap, type YScalar } from '../../src/yaml/node.js';
import { parseYaml, resolvePlain } from '../../src/yaml/parse.js';

function parse(text: string, strictKeys = true) {
  const reporter = createReporter();
  const result = parseYaml(sourceFile('f.yml', text), reporter, { strictKeys });
  return { result, diagnostics: reporter.diagnostics, js: result.documents.map((d) => (d.root ? toJS(d.root) : null)) };
}

describe('resolvePlain types scalars like go-yaml', () => {
  const table: [string, unknown][] = [
    ['0440', 288],
    ['0o440', 288],
    ['0x1F', 31],
    ['0b101', 5],
    ['1_000', 1000],
    ['08', 8],
    ['1.10', 1.1],
    ['22:22', '22:22'],
    ['yes', 'yes'],
    ['no', 'no'],
    ['True', true],
    ['FALSE', false],
    ['~', null],
    ['', null],
    ['0', 0],
    ['-12', -12],
    ['1e3', 1000],
    ['.inf', Infinity],
    ['2024-01-02', '2024-01-02'],
    ['3.8', 3.8],
    ['abc', 'abc'],
  ];
  for (const [raw, want] of table) {
    it(`${JSON.stringify(raw)} → ${String(want)}`, () => {
      expect(resolvePlain(raw)[1]).toEqual(want);
    });
  }
  it('keeps int and float apart', () => {
    expect(resolvePlain('1')[0]).toBe('int');
    expect(resolvePlain('1.0')[0]).toBe('float');
  });
});

describe('parseYaml', () => {
  it('keeps quoted numbers as strings', () => {
    expect(parse('a: "0440"\nb: 0440\n').js).toEqual([{ a: '0440', b: 288 }]);
  });

  it('resolves anchors, aliases and merge keys (local wins, earlier alias wins)', () => {
    const { js, diagnostics } = parse('x: &a {p: 1, q: 1}\ny: &b {q: 2, r: 2}\nz:\n  <<: [*a, *b]\n  p: 9\n');
    expect(diagnostics).toEqual([]);
    expect((js[0] as Record<string, unknown>)['z']).toEqual({ p: 9, q: 1, r: 2 });
  });

  it('positions point at the anchor definition for merged keys', () => {
    const { result } = parse('x: &a\n  image: nginx\ns:\n  <<: *a\n');
    const s = get(result.documents[0]?.root, 's') as YMap;
    const pair = s.entries.find((e) => e.key === 'image');
    expect(pair?.merged).toBe(true);
    expect(nodeOrigin(pair!, 's.image')).toMatchObject({ line: 2, column: 3 });
  });

  it('reports duplicate keys and two merge keys', () => {
    const { diagnostics } = parse('a: 1\na: 2\nb: &x {c: 1}\nd:\n  <<: *x\n  <<: *x\n');
    expect(diagnostics.map((d) => [d.rule, d.origin?.line])).toEqual([
      ['yaml/duplicate-key', 2],
      ['yaml/duplicate-key', 6],
    ]);
  });

  it('reports non-string keys when strict', () => {
    expect(parse('123: a\n').diagnostics.map((d) => d.rule)).toEqual(['yaml/non-string-key']);
    expect(parse('123: a\n', false).diagnostics).toEqual([]);
  });

  it('reports syntax errors with line and column', () => {
    const { diagnostics, result } = parse('a: 1\n  b: 2\n');
    expect(result.ok).toBe(false);
    expect(diagnostics[0]).toMatchObject({ rule: 'yaml/syntax', origin: { line: 2, column: 4 } });
  });

  it('reads several documents', () => {
    expect(parse('a: 1\n---\nb: 2\n').js).toEqual([{ a: 1 }, { b: 2 }]);
  });

  it('keeps local tags', () => {
    const { result } = parse('a: !reset null\nb: !Ref Foo\n');
    const root = result.documents[0]?.root;
    expect((get(root, 'a') as YScalar).tag).toBe('!reset');
    expect((get(root, 'b') as YScalar)).toMatchObject({ tag: '!Ref', value: 'Foo' });
  });

  it('reads JSON through the same parser', () => {
    expect(parse('{\n\t"a": [1, "2", true, null]\n}\n').js).toEqual([{ a: [1, '2', true, null] }]);
  });

  it('rejects alias bombs but accepts many aliases of one anchor', () => {
    let bomb = 'a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n';
    for (let i = 1; i < 9; i++) bomb += `a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]\n`;
    expect(parse(bomb).diagnostics.map((d) => d.rule)).toEqual(['yaml/alias-bomb']);
    let honest = 'x: &d {restart: always, logging: {driver: json-file}}\nservices:\n';
    for (let i = 0; i < 2000; i++) honest += `  s${i}:\n    <<: *d\n    image: img${i}\n`;
    expect(parse(honest).diagnostics).toEqual([]);
  });

  it('handles a byte order mark', () => {
    const { js, result } = parse('\ufeffa: 1\nb: [\n');
    expect(js).toEqual([]);
    expect(result.ok).toBe(false);
  });
});

describe('parseYaml structural errors', () => {
  const table: [string, string, number][] = [
    ['a: [1]\nb:\n  <<: [x, y]\n', 'yaml/bad-merge', 3],
    ['a: &l [1, 2]\nb:\n  <<: *l\n', 'yaml/bad-merge', 3],
    ['a: *missing\n', 'yaml/unknown-alias', 1],
    ['a: &x\n  b: *x\n', 'yaml/unknown-alias', 2],
  ];
  for (const [text, rule, line] of table) {
    it(`${rule} at line ${line}: ${JSON.stringify(text)}`, () => {
      expect(parse(text).diagnostics.map((d) => [d.rule, d.origin?.line])).toEqual([[rule, line]]);
    });
  }
});

describe('positions', () => {
  it('quoted scalars and keys start at the opening quote', () => {
    const { result } = parse('"key": \'v\'\nlist:\n  - "x"\n');
    const root = result.documents[0]!.root as YMap;
    expect(nodeOrigin(root.entries[0]!, 'key')).toMatchObject({ line: 1, column: 1 });
    expect(nodeOrigin(root.entries[0]!.value, 'key')).toMatchObject({ line: 1, column: 8 });
    const list = get(root, 'list') as unknown as { items: YScalar[] };
    expect(nodeOrigin(list.items[0]!, 'list[0]')).toMatchObject({ line: 3, column: 5 });
  });
});

describe('libyaml leniency', () => {
  it('accepts a closing bracket at the indentation of its key, as Docker Compose does', () => {
    const text = 'a:\n  test: [\n      "CMD",\n      "x"\n  ]\n  b: "y"\n';
    const { js, diagnostics, result } = parse(text);
    expect(diagnostics).toEqual([]);
    expect(js).toEqual([{ a: { test: ['CMD', 'x'], b: 'y' } }]);
    const b = get(get(result.documents[0]!.root, 'a'), 'b') as YScalar;
    expect(nodeOrigin(b, 'a.b')).toMatchObject({ line: 6, column: 6 });
  });

  it('still reports other deficient indentation at its position', () => {
    expect(parse('a: [1,\n2]\nb: 1\n').diagnostics.map((d) => [d.rule, d.origin?.line])).toEqual([['yaml/syntax', 2]]);
  });
});
