/**
 * The fast YAML scanner (src/yaml/scan-events.ts) held to its specification, js-yaml's
 * `parseEvents`: on every YAML/JSON file of ../shared/corpus, on generated Compose files, on
 * seeded mutations of corpus files and on generated texts, `scanEvents` either gives up or
 * returns exactly js-yaml's events, and it gives up whenever js-yaml rejects the text. Then
 * `parseYaml`: it takes the fast path for the benchmark file, and both of its paths give the
 * same documents and diagnostics.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { parseEvents, type Event } from 'js-yaml';
import { afterEach, describe, expect, it } from 'vitest';
import { createReporter } from '../../src/diagnostics/context.js';
import { sourceFile } from '../../src/ir/source-file.js';
import { parseYaml, type ParseOptions } from '../../src/yaml/parse.js';
import { scanControl, scanEvents } from '../../src/yaml/scan-events.js';
import { listFiles } from '../support/fs-tree.js';
import { SHARED } from '../support/paths.js';
import { rng } from '../support/rng.js';

const CORPUS = path.join(SHARED, 'corpus');
/** `.config`: Elastic Beanstalk's .ebextensions files are YAML too (the rest simply give up). */
const YAML_FILE = /\.(ya?ml|json|config)$/;

function corpusTexts(): { name: string; text: string }[] {
  return listFiles(CORPUS)
    .filter((f) => YAML_FILE.test(f))
    .map((name) => {
      const text = readFileSync(path.join(CORPUS, name), 'utf8');
      // parseYaml strips a byte order mark before parsing.
      return { name, text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
    });
}

function genCompose(args: string[]): string {
  return execFileSync(process.execPath, [path.join(SHARED, 'bench/gen-compose.mjs'), ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
}

/** What the property fails on for `text`, or undefined: `scanEvents` gave up or gave js-yaml's events. */
function disagreement(text: string): string | undefined {
  let expected: Event[] | undefined;
  let error: string | undefined;
  try {
    expected = parseEvents(text, { maxDepth: 1000 });
  } catch (e) {
    error = (e as Error).message.split('\n')[0];
  }
  const got = scanEvents(text);
  if (got === undefined) return undefined;
  if (expected === undefined) return `accepted a text js-yaml rejects (${error})`;
  if (isDeepStrictEqual(got, expected)) return undefined;
  const at = got.findIndex((ev, i) => !isDeepStrictEqual(ev, expected[i]));
  const i = at === -1 ? got.length : at;
  return `event ${i}: ${JSON.stringify(got[i])}, js-yaml: ${JSON.stringify(expected[i])}`;
}

describe('scanEvents against js-yaml', () => {
  it('matches on every corpus file, and covers most of them', () => {
    const texts = corpusTexts();
    const failures: string[] = [];
    const reasons = new Map<string, number>();
    let fast = 0;
    for (const { name, text } of texts) {
      const problem = disagreement(text);
      if (problem) failures.push(`${name}: ${problem}`);
      if (scanEvents(text)) fast++;
      else reasons.set(scanControl.gaveUp, (reasons.get(scanControl.gaveUp) ?? 0) + 1);
    }
    const why = [...reasons].sort((a, b) => b[1] - a[1]).map(([r, n]) => `${r} ${n}`);
    console.log(`fast YAML path: ${fast} of ${texts.length} corpus files; the others gave up on: ${why.join(', ')}`);
    expect(failures).toEqual([]);
    expect(texts.length).toBeGreaterThan(300);
    expect(fast / texts.length).toBeGreaterThan(0.9);
  });

  it('reads generated Compose files entirely, the benchmark file included', () => {
    for (const args of [['1'], ['10', '2'], ['50', '3', '--compat'], ['200', '7', '--no-anchors'], ['300', 'x', '--no-version'], ['1000']]) {
      const text = genCompose(args);
      expect(disagreement(text), args.join(' ')).toBeUndefined();
      expect(scanEvents(text), args.join(' ')).toBeDefined();
    }
  });

  it('gives up or matches on mutated corpus files, and gives up whenever js-yaml throws', () => {
    const texts = corpusTexts().filter((t) => t.text.length < 20_000);
    const next = rng(20_240_601);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
    // Characters with a meaning in YAML, and a few that change lines and indentation.
    const inserts = [':', '-', '#', "'", '"', ' ', '\n', '\t', '&', '*', '[', ']', '{', '}', ',', '|', '>', '!', '?', '%', '.', '\\', ': ', '- ', '  ', '\n  ', '\n- ', '---', '...', 'x', '0'];
    const failures: string[] = [];
    let fast = 0;
    const cases = 8000;
    for (let i = 0; i < cases; i++) {
      let text = pick(texts).text;
      for (let n = 1 + Math.floor(next() * 3); n > 0; n--) {
        const at = Math.floor(next() * (text.length + 1));
        const op = next();
        if (op < 0.3) text = text.slice(0, at) + text.slice(at + 1 + Math.floor(next() * 3));
        else if (op < 0.45) text = text.slice(0, at) + text.slice(at, at + 1 + Math.floor(next() * 10)) + text.slice(at);
        else text = text.slice(0, at) + pick(inserts) + text.slice(at);
      }
      const problem = disagreement(text);
      if (problem && failures.length < 5) failures.push(`case ${i}: ${problem}\n${JSON.stringify(text)}`);
      if (scanControl.gaveUp === '') fast++;
    }
    expect(failures).toEqual([]);
    // The property means something only if many mutated files still take the fast path.
    expect(fast).toBeGreaterThan(cases / 3);
  });

  it('gives up or matches on generated texts', () => {
    const next = rng(7);
    const failures: string[] = [];
    let fast = 0;
    const cases = 8000;
    for (let i = 0; i < cases; i++) {
      const text = generatedText(next);
      const problem = disagreement(text);
      if (problem && failures.length < 5) failures.push(`case ${i}: ${problem}\n${JSON.stringify(text)}`);
      if (scanControl.gaveUp === '') fast++;
    }
    expect(failures).toEqual([]);
    expect(fast).toBeGreaterThan(cases / 4);
  });

  it('reads the forms it is meant to read', () => {
    const texts = [
      'a: 1\nb:\n  - x\n  - y: 2\n    z: "q"\nc:\n- d\n- e\n',
      '---\nx: &a {p: 1, q: [a, "b", \'c\']}\ny: *a\nz:\n  <<: *a\n  r: !reset []\n...\n---\n- 1\n',
      'k: |\n  line\n   more\n\n  last\nm: >-\n  folded\n  text\nn: |2\n    indented\n',
      '{\n  "a": [1, 2, {"b": null}],\n  "c": "d"\n}\n',
      'a: b # comment\n# comment\nc: "x" # c\nd: e\n  # a deeper comment makes js-yaml\'s `fast` false\n',
      'list:\n  - &anchor\n    a: 1\n  - !tag\n    - x\n  - !!str 123\n  - \'it\'\'s\'\n  - "esc\\t\\u00e9"\n',
      '  indented: root\n  mapping: 1\n',
      'plain: on\n  several\n\n  lines # c\nlist:\n- a\n  - b\n- c\n',
    ];
    for (const text of texts) {
      expect(disagreement(text), text).toBeUndefined();
      expect(scanEvents(text), `${text}\ngave up: ${scanControl.gaveUp} at ${scanControl.at}`).toBeDefined();
    }
  });
});

describe('parseYaml with the fast scanner', () => {
  afterEach(() => {
    scanControl.enabled = true;
  });

  function parseBoth(name: string, text: string, options: ParseOptions) {
    const file = sourceFile(name, text);
    const results = [true, false].map((enabled) => {
      scanControl.enabled = enabled;
      const reporter = createReporter();
      const parsed = parseYaml(file, reporter, options);
      return { parsed, diagnostics: reporter.diagnostics, fast: scanControl.gaveUp === '' };
    });
    scanControl.enabled = true;
    return { fast: results[0]!, slow: results[1]! };
  }

  it('takes the fast path for the benchmark file', () => {
    const text = genCompose(['1000']);
    const runs = scanControl.runs;
    const reporter = createReporter();
    const parsed = parseYaml(sourceFile('compose.yaml', text), reporter, { strictKeys: true, duplicateKeys: 'error' });
    expect(scanControl.runs).toBe(runs + 1);
    expect(scanControl.gaveUp).toBe('');
    expect(parsed.ok).toBe(true);
    expect(parsed.documents).toHaveLength(1);
  });

  it('gives the same documents and diagnostics on both paths', () => {
    const texts = [
      ...corpusTexts().filter((t) => /\.(ya?ml|json)$/.test(t.name)),
      { name: 'compose.yaml', text: genCompose(['300', '5']) },
      // Diagnostics of the composer: duplicate keys, merges, aliases, non-string keys.
      { name: 'dup.yaml', text: 'a: 1\nb: 2\na: 3\nm:\n  <<: *nope\n  <<: {x: 1}\n  x: 2\nn:\n  <<: [1, 2]\n1: x\n? [a]\n: y\n' },
      { name: 'docs.yaml', text: 'a: &x [1, 2]\nb: *x\n---\nc: *x\nd: {e: 1, e: 2}\n' },
    ];
    let fast = 0;
    for (const { name, text } of texts) {
      for (const options of [{ strictKeys: true, duplicateKeys: 'error' }, { strictKeys: false, duplicateKeys: 'warning' }] as const) {
        const both = parseBoth(name, text, options);
        if (both.fast.fast) fast++;
        expect(both.slow.fast).toBe(false);
        // Not toEqual on failure first: the trees of big files are slow to diff.
        if (!isDeepStrictEqual(both.fast.parsed, both.slow.parsed)) expect(both.fast.parsed, name).toEqual(both.slow.parsed);
        expect(both.fast.diagnostics, name).toEqual(both.slow.diagnostics);
      }
    }
    expect(fast).toBeGreaterThan(texts.length);
  });

  it('leaves an alias bomb to the js-yaml path, which knows the event count its limit needs', () => {
    const lines = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 7; i++) lines.push(`${'abcdefg'[i]}: &${'abcdefg'[i]} [${Array(10).fill(`*${'abcdefg'[i - 1]}`).join(', ')}]`);
    const both = parseBoth('bomb.yaml', lines.join('\n') + '\n', {});
    expect(both.fast.fast).toBe(false);
    expect(scanEvents(lines.join('\n') + '\n')).toBeDefined();
    expect(both.fast.diagnostics.map((d) => d.rule)).toEqual(['yaml/alias-bomb']);
    expect(both.fast.diagnostics).toEqual(both.slow.diagnostics);
  });

  it('reports syntax errors as before (the scanner leaves them to js-yaml)', () => {
    for (const text of ['a: b: c\n', 'a:\n  - x\n - y\n', 'a: "open\n', 'a:\n\tb: 1\n', 'a: [1, 2\n', 'key: value\nfoo\n']) {
      const both = parseBoth('bad.yaml', text, {});
      expect(both.fast.fast, text).toBe(false);
      expect(both.fast.parsed.ok, text).toBe(false);
      expect(both.fast.diagnostics, text).toEqual(both.slow.diagnostics);
      expect(both.fast.diagnostics[0]?.rule).toBe('yaml/syntax');
    }
  });
});

/**
 * A small YAML text built from block mappings and sequences with the scalars, properties, flow
 * collections and block scalars Compose files use, some of it slightly off (odd indentation,
 * stray characters), so that both the fast path and its give-ups are exercised.
 */
function generatedText(next: () => number): string {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
  const keys = ['a', 'key', '"q k"', "'s k'", '<<', 'x y', 'a:b', '-k', '?k', 'k#x', 'k ', '...x', 'k]', '"a\\tb"'];
  const scalars = ['v', 'plain text', '"dq"', '"d\\"q"', '"\\x41\\u00e9"', "'sq'", "'it''s'", '*a', '&a v', '!t v', '!!str 1', '&a !t v', '!t &a v', '[a, b]', '[]', '{}', '{a: 1}', '{a: 1, b: [x, {c: d}]}', '["x", "y",]', '[*a, *b]', '{"a":1}', 'v # c', '"x" # c', '1', '~', 'a, b]', 'http://x:80/y', 'a :b', '-1', "''", '!reset []', '!override', '&a', '!t', '', 'x  ', '[a # c\n]', '[\n  a,\n  b\n]', 'on\n    two lines', 'on\n  # c\n  x'];
  const headers = ['|', '|-', '>', '>+', '|2', '>-1', '|+ # c'];
  const lines: string[] = [];
  const pad = (n: number) => ' '.repeat(n);
  // The text after `key:` or `-`, and the lines under it.
  const value = (depth: number, indent: number, inMap: boolean): [string, string[]] => {
    const t = next();
    if (depth > 3 || t < 0.45) return [` ${pick(scalars)}`, []];
    const under: string[] = [];
    if (t < 0.55) {
      const content = indent + 1 + Math.floor(next() * 3);
      for (let n = Math.floor(next() * 4); n > 0; n--) {
        under.push(next() < 0.2 ? pad(Math.floor(next() * (content + 2))) : pad(content + (next() < 0.2 ? 2 : 0)) + pick(['text', 'more text', '# not a comment', 'a: b', '- x']));
      }
      return [` ${pick(headers)}`, under];
    }
    const head = (next() < 0.15 ? ` ${pick(['&a', '!t', '&b !t', '!!map'])}` : '') + (next() < 0.1 ? ' # c' : '');
    const child = indent + (inMap && next() < 0.3 ? 0 : pick([1, 2, 2, 4]));
    if (next() < 0.5 || child === indent) sequence(depth + 1, child, under);
    else mapping(depth + 1, child, under);
    return [head, under];
  };
  const mapping = (depth: number, indent: number, out: string[]) => {
    for (let n = 1 + Math.floor(next() * 4); n > 0; n--) {
      if (next() < 0.1) out.push(pick(['', `${pad(indent)}# c`, '  # c', pad(indent + 3)]));
      const [head, under] = value(depth, indent, true);
      out.push(`${pad(indent)}${pick(keys)}:${head}`, ...under);
    }
  };
  const sequence = (depth: number, indent: number, out: string[]) => {
    for (let n = 1 + Math.floor(next() * 4); n > 0; n--) {
      if (next() < 0.3) {
        const entry: string[] = [];
        mapping(depth + 1, indent + 2, entry);
        out.push(`${pad(indent)}- ${(entry[0] ?? '').slice(indent + 2)}`, ...entry.slice(1));
        continue;
      }
      const [head, under] = value(depth, indent, false);
      out.push(`${pad(indent)}-${head}`, ...under);
    }
  };
  if (next() < 0.2) lines.push('---');
  const root = next() < 0.1 ? 2 : 0;
  if (next() < 0.7) mapping(0, root, lines);
  else sequence(0, root, lines);
  if (next() < 0.2) {
    lines.push(pick(['---', '...', '... # c']));
    mapping(0, 0, lines);
  }
  let text = lines.join('\n') + pick(['\n', '', '\n\n', '\n  ']);
  for (let n = next() < 0.5 ? 0 : 1 + Math.floor(next() * 2); n > 0; n--) {
    const at = Math.floor(next() * (text.length + 1));
    text = next() < 0.4 ? text.slice(0, at) + text.slice(at + 1) : text.slice(0, at) + pick([':', '-', '#', "'", '"', ' ', '\n', '&', '*', '[', '{', '|', '>', '!', ']', '}', ',', '?', ': ', '- ', '\n  ', '---\n', '...\n']) + text.slice(at);
  }
  return text;
}
