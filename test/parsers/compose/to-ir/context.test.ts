import { describe, expect, it } from 'vitest';
import { keyIndex, pathToPointer, type Entry } from '../../../../src/parsers/compose/to-ir-context.js';
import type { YMap, YPair } from '../../../../src/yaml/node.js';
import { convert, expectNotReported, expectReported } from './support.js';

describe('document paths to JSON pointers (to match the loader’s schema errors)', () => {
  const table: [string, string][] = [
    ['services', '/services'],
    ['services.web.ports[0]', '/services/web/ports/0'],
    ['services["a.b"].environment["X/Y"]', '/services/a.b/environment/X~1Y'],
    ['x-ecsify.route[2].paths', '/x-ecsify/route/2/paths'],
  ];
  for (const [p, pointer] of table) it(p, () => expect(pathToPointer(p)).toBe(pointer));
});

describe('keyIndex', () => {
  it('lists the entries in the order of its map, a key written twice keeping its first place and its last value', () => {
    const file = { path: 'compose.yaml', text: '' };
    const pair = (key: string, value: string): YPair => {
      const node = { kind: 'scalar' as const, type: 'str' as const, value, quoted: false, file, start: 0, size: 1 };
      return { key, keyNode: { ...node, value: key }, value: node };
    };
    const map: YMap = { kind: 'map', file, start: 0, size: 5, entries: [pair('a', '1'), pair('b', '2'), pair('a', '3'), pair('c', '4'), pair('b', '5')] };
    const list: Entry[] = [];
    const index = keyIndex(map, 'services.web', list);
    expect(list).toEqual([...index.values()]);
    expect(list.map((e) => [e.key, (e.value as { value: string }).value])).toEqual([
      ['a', '3'],
      ['b', '5'],
      ['c', '4'],
    ]);
  });
});

describe('unknown service keys', () => {
  it('are reported, unless the schema check already did', () => {
    const yaml = 'services:\n  a: {image: a, colour: blue, x-mine: 1}\n';
    expectReported(convert(yaml).diagnostics, [['compose/unsupported-key', 'services.a.colour']]);
    expectNotReported(convert(yaml).diagnostics, 'compose/unsupported-key', 'services.a.x-mine');
    expectNotReported(convert(yaml, { model: { schemaErrors: ['/services/a/colour'] } }).diagnostics, 'compose/unsupported-key');
  });
  it('legacy keys with no effect say so', () => {
    expectReported(convert('services:\n  a: {image: a, volume_driver: flocker, cgroupns_mode: host}\n').diagnostics, [
      ['compose/legacy-key', 'services.a.volume_driver'],
      ['compose/legacy-key', 'services.a.cgroupns_mode'],
    ]);
  });
  it('top-level models are reported', () => {
    expectReported(convert('services:\n  a: {image: a}\nmodels:\n  llm: {model: ai/smollm2}\n').diagnostics, [['compose/unsupported-key', 'models']]);
  });
});
