import { describe, expect, it } from 'vitest';
import { pathToPointer } from '../../../../src/parsers/compose/to-ir-context.js';
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
