/**
 * The direct YAML writer (`yamlBody`) against js-yaml's `dump` (`yamlByJsYaml`), which defines
 * the output: byte for byte on every scenario template, and on seeded random documents built
 * from the characters, words and shapes where YAML styling has rules (indicators, `: `, ` #`,
 * quotes, line breaks, tabs, non-ASCII, words that read as booleans, numbers or dates, empty
 * and long keys, every kind of function call, including ones js-yaml refuses).
 */
import { describe, expect, it } from 'vitest';
import { build } from '../../../src/emitters/cloudformation/emit.js';
import { base64, getAtt, iff, Intrinsic, join, ref, sub, type IntrinsicName } from '../../../src/emitters/cloudformation/intrinsics.js';
import { commentSafe, toYaml, toYamlPieces, yamlBody, yamlByJsYaml, yamlPieces } from '../../../src/emitters/cloudformation/serialize.js';
import { SCENARIOS } from './scenarios.js';
import { VERSION } from './support.js';
import { rng } from '../../support/rng.js';

/** Both writers' output, or the error each throws. */
function both(doc: Record<string, unknown>): { direct: string; reference: string } {
  const run = (f: () => string) => {
    try {
      return f();
    } catch (e) {
      return `throws ${e instanceof Error ? `${e.constructor.name}: ${e.message}` : String(e)}`;
    }
  };
  return { direct: run(() => yamlBody(doc)), reference: run(() => yamlByJsYaml(doc)) };
}

function expectSame(doc: Record<string, unknown>): void {
  const { direct, reference } = both(doc);
  expect(direct).toBe(reference);
}

/** Words and characters where YAML styling has a rule. */
const WORDS = [
  '', ' ', '  ', 'a', 'web', 'AWS::ECS::Service', 'arn:aws:iam::aws:policy/x', '${AppSecrets}:KEY::', 'a: b', 'a:b', 'a:', ':a', ':', '::',
  'a #b', 'a#b', '#a', '#', '- a', '-a', '-', '--port', '? a', '?a', '?', '---', '...', '--- a', '... a', 'a ', ' a', 'a  b',
  'true', 'True', 'TRUE', 'false', 'yes', 'Yes', 'no', 'NO', 'on', 'On', 'off', 'y', 'Y', 'n', 'N', 'null', 'Null', '~',
  '0', '1', '-1', '+1', '007', '0755', '0x1F', '0b101', '0o17', '1_000', '1:30', '1.5', '.5', '1e3', '1.e+21', '.inf', '-.inf', '.nan', '.NaN',
  '2012-10-17', '2001-12-14t21:59:43.10-05:00', '256', '512', '10.0.0.0/16', '<<', '=', '==', 'a=b', '@a', '`a', '%a', '&a', '*a', '!a', '|a',
  '>a', "'a", '"a', 'a\'b', 'a"b', '{a}', '[a]', 'a,b', ',a', 'a{b}', 'x[0]', 'café', 'naïve', '日本', '…', 'a\u00a0b', '\u00a0', 'a\u0085b',
  'a\u2028b', 'a\u2029b', '\ufeffa', 'a\ufffe', '😀', 'a\tb', '\t', 'a\rb', 'a\u0000b', 'a\u007fb', 'a\u001bb', '\\', 'a\\b',
  'a\nb', 'a\n', 'a\n\n', '\n', '\n\n', '\na', ' a\nb', '\n a', 'a\n b', 'a \nb', 'a\n\nb', 'set -e\numask 077\n', '#!/bin/bash\necho ${X}\n',
  'line\twith tab\nnext', '--- a\nb', 'a\n---\nb', 'a\n...', ' \n', 'a: b\nc: d', '😀\n😀',
];

function pick<T>(r: () => number, list: readonly T[]): T {
  return list[Math.floor(r() * list.length)]!;
}

function randomString(r: () => number): string {
  const n = 1 + Math.floor(r() * 3);
  let s = '';
  for (let i = 0; i < n; i++) s += pick(r, WORDS);
  return s;
}

const SCALAR_FNS: IntrinsicName[] = ['Ref', 'Fn::Sub', 'Fn::Base64', 'Fn::GetAtt'];
const ALL_FNS: IntrinsicName[] = ['Ref', 'Fn::GetAtt', 'Fn::Sub', 'Fn::If', 'Fn::Equals', 'Fn::Not', 'Fn::And', 'Fn::Or', 'Fn::Join', 'Fn::Select', 'Fn::Split', 'Fn::Base64'];

function randomScalar(r: () => number): unknown {
  const k = r();
  if (k < 0.55) return randomString(r);
  if (k < 0.7) return pick(r, [0, 1, -1, 42, 8080, 2 ** 53, 2 ** 60, 1e21, -0, 0.5, -2.25, 1 / 3, NaN, Infinity, -Infinity, 1e-7]);
  if (k < 0.8) return pick(r, [true, false, null, undefined]);
  if (k < 0.9) return pick(r, [[], {}]);
  return new Intrinsic(pick(r, SCALAR_FNS), pick(r, SCALAR_FNS) === 'Fn::GetAtt' ? [randomString(r), randomString(r)] : randomString(r));
}

function randomValue(r: () => number, depth: number): unknown {
  const k = r();
  if (depth <= 0 || k < 0.45) return randomScalar(r);
  if (k < 0.65) return randomMapping(r, depth - 1);
  if (k < 0.8) return Array.from({ length: Math.floor(r() * 4) }, () => randomValue(r, depth - 1));
  // Function calls: the usual shapes, calls of calls, and a few no tag fits.
  const fn = pick(r, ALL_FNS);
  const shape = r();
  if (shape < 0.4) return new Intrinsic(fn, Array.from({ length: Math.floor(r() * 4) }, () => randomValue(r, depth - 1)));
  if (shape < 0.6) return new Intrinsic(fn, randomValue(r, depth - 1));
  if (shape < 0.8) return new Intrinsic(fn, randomString(r));
  return new Intrinsic(fn, new Intrinsic(pick(r, ALL_FNS), randomValue(r, depth - 1)));
}

function randomMapping(r: () => number, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const n = Math.floor(r() * 5);
  for (let i = 0; i < n; i++) out[r() < 0.7 ? randomString(r) : pick(r, ['Type', 'Properties', 'Fn::Sub', 'Ref', '0', '10', 'a b'])] = randomValue(r, depth);
  return out;
}

describe('YAML writer', () => {
  it.each(Object.keys(SCENARIOS))('writes the %s template as js-yaml does', (name) => {
    const app = SCENARIOS[name]!();
    for (const launchType of ['fargate', 'ec2'] as const) {
      app.settings.launchType = launchType;
      let template: Record<string, unknown>;
      try {
        template = build(app, { version: VERSION, inputLabel: name, format: 'yaml' }).template;
      } catch {
        continue; // Not every scenario builds for both launch types.
      }
      const { direct, reference } = both(template);
      expect(direct).toBe(reference);
    }
  });

  it('matches js-yaml on seeded random documents', () => {
    const r = rng(20240611);
    let mismatches = 0;
    for (let i = 0; i < 3000; i++) {
      const doc = randomMapping(r, 4);
      const { direct, reference } = both(doc);
      if (direct !== reference) {
        mismatches++;
        expect({ doc, direct }).toEqual({ doc, direct: reference });
      }
    }
    expect(mismatches).toBe(0);
  });

  it('matches js-yaml on every listed word as a key, a value, a sequence item and a tagged scalar, at several depths', () => {
    for (const w of WORDS) {
      const deep = (v: unknown, n: number): unknown => (n === 0 ? v : { k: deep(v, n - 1) });
      for (let depth = 0; depth < 4; depth++) {
        expectSame(deep({ [w]: w }, depth) as Record<string, unknown>);
        expectSame({ k: deep([w, [w], { [w]: [w] }], depth) });
        for (const fn of SCALAR_FNS) expectSame({ k: deep(fn === 'Fn::GetAtt' ? getAtt(w, w) : new Intrinsic(fn, w), depth) });
      }
    }
  });

  it('matches js-yaml on edge shapes: empty and long keys, __proto__, holes, undefined, objects that are not plain', () => {
    const holes: unknown[] = [1];
    holes[3] = 2;
    const docs: Record<string, unknown>[] = [
      {},
      { a: undefined },
      { a: { b: undefined } },
      { a: [undefined, null] },
      { a: holes },
      { ['k'.repeat(1020)]: 1 },
      { ['k'.repeat(1025)]: 1 },
      { ["'".repeat(600)]: 1 },
      { ['é'.repeat(1030)]: 1 },
      JSON.parse('{"__proto__": {"a": 1}}') as Record<string, unknown>,
      { a: new Date(0), b: new Map([[1, 2]]), c: Object.assign(Object.create(null), { x: 1 }) },
      { a: () => 1 },
      { a: Symbol('s') },
      { a: 10n },
      { a: ref('X'), b: getAtt('A', 'B'), c: sub('x ${Y}'), d: sub('${V}', { V: ref('Y') }), e: base64(sub('#!/bin/sh\necho\n')) },
      { a: iff('C', join(',', [ref('A'), '']), ref('AWS::NoValue')), b: new Intrinsic('Fn::If', []) },
      { a: new Intrinsic('Fn::GetAtt', ['A', ref('B')]), b: new Intrinsic('Fn::GetAtt', []) },
      { a: new Intrinsic('Fn::GetAtt', 'A.B') },
      { a: new Intrinsic('Ref', ['A']) },
      { a: new Intrinsic('Fn::Select', '0') },
      { a: [new Intrinsic('Fn::Base64', new Intrinsic('Fn::Base64', new Intrinsic('Ref', 'X')))] },
      { a: new Intrinsic('Ref', '') },
      { a: sub('a\n\n'), b: 'x\n\n' },
      { a: 'x\n' },
      { a: 'y\n\n', b: {} },
    ];
    for (const doc of docs) expectSame(doc);
  });

  it('keeps the header and the document together', () => {
    expect(toYaml({ A: 'x' }, ['one', 'two\nlines'])).toBe('# one\n# two lines\nA: x\n');
    expect(toYamlPieces({ A: 'x' }, ['one'])).toEqual(['# one\n', 'A: x\n']);
    expect(toYamlPieces({ A: 'x' }, [])).toEqual(['A: x\n']);
  });

  it('writes a large document in pieces that join into what js-yaml writes', () => {
    // Shapes the direct writer handles (so it does not hand the document to js-yaml), with the
    // listed words as keys and values, big enough for many pieces.
    const r = rng(7);
    // Keys js-yaml writes as `key: ` (not in the explicit `? key` form the writer leaves to it).
    const key = (): string => {
      for (;;) {
        const k = randomString(r);
        if (/^[^\n]*: null\n$/.test(yamlByJsYaml({ [k]: null })) && !yamlByJsYaml({ [k]: null }).startsWith('?')) return k;
      }
    };
    const value = (depth: number): unknown => {
      const k = r();
      if (depth === 0 || k < 0.4) return pick(r, [randomString(r), 42, -0.5, true, null, [], {}, ref(randomString(r)), getAtt('A', randomString(r)), sub(randomString(r))]);
      if (k < 0.7) return Object.fromEntries(Array.from({ length: 1 + Math.floor(r() * 4) }, () => [key(), value(depth - 1)]));
      if (k < 0.9) return Array.from({ length: 1 + Math.floor(r() * 4) }, () => value(depth - 1));
      return iff('C', value(depth - 1), value(depth - 1));
    };
    const doc: Record<string, unknown> = {};
    for (let i = 0; i < 2000; i++) doc[`Resource${i}`] = { Type: 'AWS::X::Y', Properties: value(4) };
    const pieces = yamlPieces(doc);
    expect(pieces.length).toBeGreaterThan(5);
    expect(pieces.join('')).toBe(yamlByJsYaml(doc));
  });
});

describe('comment text', () => {
  // Headers of the template (YAML 1.1 for CloudFormation), the scripts and the CDK code
  // (TypeScript, where U+2028 and U+2029 end a `//` comment) carry the input's name.
  it('has no character that ends a line in YAML 1.1, YAML 1.2, shell or TypeScript', () => {
    expect(commentSafe('a\nb\r\nc\u0085d\u2028e\u2029f\u0000g\u007fh')).toBe('a b c d e f g h');
    expect(commentSafe('compose.yaml ✓')).toBe('compose.yaml ✓');
  });
});
