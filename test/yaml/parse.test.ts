import { describe, expect, it } from 'vitest';
import { createReporter } from '../../src/diagnostics/context.js';
import { sourceFile } from '../../src/ir/source-file.js';
import { childPath, get, nodeOrigin, plainKey, toJS, type YMap, type YScalar } from '../../src/yaml/node.js';
import { parseYaml, resolvePlain } from '../../src/yaml/parse.js';
import { scanControl } from '../../src/yaml/scan-events.js';
import { rng } from '../support/rng.js';

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
  it('ints beyond 2^53: exact digits kept within int64/uint64, float or string beyond (as go-yaml)', () => {
    expect(resolvePlain('812345678901234567')).toEqual(['int', 812345678901234567, '812345678901234567']);
    expect(resolvePlain('-0x8000000000000000')).toEqual(['int', -9223372036854775808, '-9223372036854775808']);
    expect(resolvePlain('99999999999999999999')).toEqual(['float', 1e20]);
    expect(resolvePlain('-0x8000000000000001')).toEqual(['str', '-0x8000000000000001']);
    expect(resolvePlain('9007199254740991')).toEqual(['int', 9007199254740991]);
    const root = parse('a: 812345678901234567\nb: 123\n').result.documents[0]?.root as YMap;
    expect((get(root, 'a') as YScalar).exact).toBe('812345678901234567');
    expect((get(root, 'b') as YScalar).exact).toBeUndefined();
  });
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

  it('reads 1,000 levels of nesting and reports deeper ones as too deep, not as bad syntax', () => {
    const flow = (n: number) => `x: ${'['.repeat(n)}${']'.repeat(n)}\n`;
    expect(parse(flow(999)).result.ok).toBe(true);
    for (const text of [flow(5_000), `x:\n${Array.from({ length: 1_500 }, (_, i) => `${' '.repeat(2 * i + 2)}k:`).join('\n')} 1\n`]) {
      const { diagnostics, result } = parse(text);
      expect(result.ok).toBe(false);
      expect(diagnostics).toHaveLength(1);
      expect(diagnostics[0]).toMatchObject({ rule: 'yaml/syntax', message: 'f.yml nests collections more than 1000 levels deep, more than ecsify reads.' });
      expect(diagnostics[0]?.hint).toContain('flatten the structure');
    }
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

  it('empty values take the position of their key, empty list items that of their list', () => {
    const { result } = parse('top:\n  k:\n  list:\n    -\n    - x\n    -\n  ? \n  last:\n');
    const top = get(result.documents[0]!.root, 'top') as YMap;
    const at = (n: YScalar | YMap) => [nodeOrigin(n, '').line, nodeOrigin(n, '').column];
    expect(at(get(top, 'k') as YScalar)).toEqual([2, 3]);
    const list = get(top, 'list') as unknown as { items: YScalar[]; start: number };
    expect(list.items.map((i) => [i.value, ...at(i)])).toEqual([
      [null, 4, 5],
      ['x', 5, 7],
      [null, 4, 5],
    ]);
    expect(at(get(top, 'last') as YScalar)).toEqual([8, 3]);
    // An empty key has no position of its own, nor has its empty value.
    expect((top.entries.find((e) => e.key === 'null')?.value as YScalar).start).toBe(-1);
  });

  it('merged entries go where the first `<<` was written, in source order', () => {
    const { result, diagnostics } = parse('a: &a {x: 1, y: 2}\nb: &b {y: 3, z: 4}\nm:\n  k: 0\n  <<: [*a, *b]\n  x: 9\n  w: 5\nn:\n  <<: *b\n');
    expect(diagnostics).toEqual([]);
    const m = get(result.documents[0]!.root, 'm') as YMap;
    expect(m.entries.map((e) => [e.key, (e.value as YScalar).value, e.merged ?? false])).toEqual([
      ['k', 0, false],
      ['y', 2, true],
      ['z', 4, true],
      ['x', 9, false],
      ['w', 5, false],
    ]);
    expect(m.size).toBe(11);
    const n = get(result.documents[0]!.root, 'n') as YMap;
    expect(n.entries.map((e) => e.key)).toEqual(['y', 'z']);
    // The anchored mappings themselves are not changed by the merges.
    expect((get(result.documents[0]!.root, 'b') as YMap).entries.map((e) => e.key)).toEqual(['y', 'z']);
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

describe('hasDollar: whether a collection holds a string with `$` (lets interpolation skip it)', () => {
  const root = (text: string) => parse(text).result.documents[0]!.root as YMap;

  it('is set on every collection above such a string, and only there', () => {
    const r = root('a:\n  b: [x, "${V}"]\n  c: {d: 1}\nk$: plain\nn: 5\nq: "$"\n');
    expect(r.hasDollar).toBe(true);
    expect((get(r, 'a') as YMap).hasDollar).toBe(true);
    expect((get(get(r, 'a'), 'b') as YMap).hasDollar).toBe(true);
    expect((get(get(r, 'a'), 'c') as YMap).hasDollar).toBe(false);
    // Keys are not interpolated; a `$` in a key alone does not count.
    expect(root('k$: plain\n').hasDollar).toBe(false);
  });

  it('follows aliases, merged entries and escapes', () => {
    const r = root('x: &x {v: "$A"}\ny: &s "${B}"\nm:\n  <<: *x\nl: [*s]\nz: {p: *x}\ne: ["\\x24A"]\nt: {n: 1}\n');
    for (const key of ['m', 'l', 'z', 'e']) expect((get(r, key) as YMap).hasDollar, key).toBe(true);
    expect((get(r, 't') as YMap).hasDollar).toBe(false);
  });
});

describe('composer edge cases keep their positions and reports', () => {
  it('a key written three times reports the first line each time, in a small and a large mapping', () => {
    const small = parse('a: 1\na: 2\na: 3\n');
    expect(small.diagnostics.map((d) => [d.message, d.origin?.line])).toEqual([
      ['Key "a" is already defined at line 1.', 2],
      ['Key "a" is already defined at line 1.', 3],
    ]);
    const many = Array.from({ length: 20 }, (_, i) => `k${i}: ${i}\n`).join('');
    const large = parse(`${many}k3: x\nk3: y\n`);
    expect(large.diagnostics.map((d) => [d.message, d.origin?.line])).toEqual([
      ['Key "k3" is already defined at line 4.', 21],
      ['Key "k3" is already defined at line 4.', 22],
    ]);
    expect(large.js[0]).toMatchObject({ k3: 'y', k19: 19 });
  });

  it('merged entries go where the first `<<` was written, local keys win', () => {
    const { js } = parse('d: &d {a: 1, b: 1}\nm:\n  x: 0\n  <<: *d\n  b: 2\n');
    expect(Object.keys((js[0] as Record<string, Record<string, unknown>>)['m']!)).toEqual(['x', 'a', 'b']);
    expect((js[0] as Record<string, unknown>)['m']).toEqual({ x: 0, a: 1, b: 2 });
  });

  it('types plain scalars from their first character the way resolvePlain does', () => {
    const words = ['nginx', 'null', 'Null', 'nULL', 'true', 'tRUE', 'FALSE', 'f', '~', '~x', '12', '012', '0', '-3', '+4', '.5', '.nan', '1_000', '0x1F', 'yes', '12a'];
    const { js } = parse(`[${words.join(', ')}]\n`);
    expect(js[0]).toEqual(words.map((w) => resolvePlain(w)[1]));
  });
});

/*
 * Duplicate keys held to a simple model: random nested mappings over a few key names (so keys
 * repeat in a mapping, in its ancestors and in its descendants), with anchors and `<<` merges
 * of earlier mappings. A guard for any faster way of finding duplicates than a Map per mapping.
 */
describe('duplicate keys in nested mappings (randomised against a model)', () => {
  interface Model {
    js: Record<string, unknown>;
  }
  function generate(next: () => number): { text: string; js: Record<string, unknown>; dups: string[] } {
    const lines: string[] = [];
    const dups: string[] = [];
    const anchors: { name: string; model: Model }[] = [];
    let counter = 0;
    const mapping = (indent: number, depth: number): Model => {
      const pad = ' '.repeat(indent);
      const own = new Map<string, { line: number; value: unknown }>();
      let merged: Record<string, unknown> = {};
      const count = 1 + Math.floor(next() * 5);
      for (let i = 0; i < count; i++) {
        if (i > 0 && anchors.length > 0 && next() < 0.15 && Object.keys(merged).length === 0) {
          const src = anchors[Math.floor(next() * anchors.length)] as { name: string; model: Model };
          lines.push(`${pad}<<: *${src.name}`);
          merged = src.model.js;
          continue;
        }
        const key = 'abcd'[Math.floor(next() * 4)] as string;
        const line = lines.length + 1;
        let value: unknown;
        if (depth < 4 && next() < 0.4) {
          const anchor = next() < 0.3 ? `m${counter++}` : undefined;
          lines.push(`${pad}${key}:${anchor ? ` &${anchor}` : ''}`);
          const child = mapping(indent + 2, depth + 1);
          if (anchor) anchors.push({ name: anchor, model: child });
          value = child.js;
        } else {
          value = counter++;
          lines.push(`${pad}${key}: ${String(value)}`);
        }
        const first = own.get(key);
        if (first) {
          dups.push(`${line}: Key "${key}" is already defined at line ${first.line}.`);
          own.set(key, { line: first.line, value });
        } else {
          own.set(key, { line, value });
        }
      }
      const js: Record<string, unknown> = { ...merged };
      for (const [k, v] of own) js[k] = v.value;
      return { js };
    };
    const root = mapping(0, 0);
    return { text: lines.join('\n') + '\n', js: root.js, dups: dups.sort() };
  }

  for (const fast of [true, false]) {
    it(fast ? 'through the scanner' : 'through js-yaml', () => {
      const next = rng(fast ? 7 : 8);
      try {
        scanControl.enabled = fast;
        for (let n = 0; n < 300; n++) {
          const { text, js, dups } = generate(next);
          const reporter = createReporter();
          const result = parseYaml(sourceFile('f.yml', text), reporter, {});
          const got = reporter.diagnostics.map((d) => `${d.origin?.line}: ${d.message}`).sort();
          expect({ text, got, js: result.documents[0]?.root ? toJS(result.documents[0].root) : undefined }).toEqual({ text, got: dups, js });
          if (fast) expect(scanControl.gaveUp).toBe('');
        }
      } finally {
        scanControl.enabled = true;
      }
    });
  }
});

describe('plainKey: the character loop behind childPath', () => {
  it('agrees with /^[A-Za-z0-9_-]+$/ on every code unit and on random keys', () => {
    const reference = (k: string): boolean => /^[A-Za-z0-9_-]+$/.test(k);
    for (let c = 0; c < 0x10000; c++) {
      const k = String.fromCharCode(c);
      expect(plainKey(k), `U+${c.toString(16)}`).toBe(reference(k));
      expect(plainKey(`a${k}b`), `a U+${c.toString(16)} b`).toBe(reference(`a${k}b`));
    }
    const next = rng(7);
    const alphabet = 'aZ09_-.:/ \n$@[]"\u00e9\ud83d\ude00';
    for (let i = 0; i < 5000; i++) {
      let k = '';
      const n = Math.floor(next() * 8);
      for (let j = 0; j < n; j++) k += alphabet[Math.floor(next() * alphabet.length)] as string;
      expect(plainKey(k), JSON.stringify(k)).toBe(reference(k));
    }
  });

  it('writes plain keys after a dot and others quoted in brackets', () => {
    expect(childPath('', 'services')).toBe('services');
    expect(childPath('services', 'web-1')).toBe('services.web-1');
    expect(childPath('services', 'a.b')).toBe('services["a.b"]');
    expect(childPath('', '')).toBe('""');
    expect(childPath('x', 3)).toBe('x[3]');
  });
});
