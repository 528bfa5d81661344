import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseVolumeSpec } from '../../../../src/parsers/compose/service-volumes.js';

/**
 * The field split and target cleaning as first written (a character at a time; always through
 * `path.posix.normalize`), against which the faster parser is checked on many generated specs.
 */
function referenceFields(spec: string): string[] | { error: string } {
  const fields: string[] = [];
  let buf = '';
  for (const c of spec) {
    if (c === ':' && buf.length === 1 && /\p{L}/u.test(buf)) {
      buf += c;
    } else if (c === ':') {
      if (buf === '') return { error: 'there is an empty section between colons' };
      if (fields.length === 2) return { error: 'it has too many colons' };
      fields.push(buf);
      buf = '';
    } else {
      buf += c;
    }
  }
  if (buf === '') return { error: 'there is an empty section between colons' };
  fields.push(buf);
  return fields;
}

function referenceTarget(target: string): string {
  if (!target.startsWith('/')) return target;
  const cleaned = path.posix.normalize(target);
  return cleaned.length > 1 && cleaned.endsWith('/') ? cleaned.slice(0, -1) : cleaned;
}

/** A small deterministic generator (the same specs on every run). */
function* specs(count: number): Generator<string> {
  const pieces = [':', ':', '/', '/', '.', '..', 'a', 'C', 'é', '𝒜', '\ud800', 'data', '1', ',', 'ro', 'rw', 'nocopy', '~', '\\', ' '];
  let seed = 12345;
  const next = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  for (let i = 0; i < count; i++) {
    let s = '';
    const len = 3 + next(10);
    for (let j = 0; j < len; j++) s += pieces[next(pieces.length)];
    yield s;
  }
}

describe('parseVolumeSpec splits and cleans like the reference', () => {
  it('on generated specs', () => {
    let checked = 0;
    for (const spec of specs(20000)) {
      if (spec.length <= 2) continue;
      const got = parseVolumeSpec(spec);
      const fields = referenceFields(spec);
      if ('error' in fields) {
        expect(got, spec).toEqual(fields);
        continue;
      }
      expect('error' in got, spec).toBe(false);
      if ('error' in got) continue;
      const [source, target] = fields.length === 1 ? [undefined, fields[0] as string] : [fields[0], fields[1] as string];
      expect(got.source, spec).toBe(source);
      expect(got.target, spec).toBe(referenceTarget(target));
      checked++;
    }
    expect(checked).toBeGreaterThan(5000);
  });
  for (const target of ['/', '//', '/a//b', '/a/./b', '/a/../b', '/a/b/', '/a/.b', '/.', '/..', '/a/b/.', '/x/', '/a\\b/']) {
    it(`cleans ${target} like path.posix.normalize`, () => {
      const got = parseVolumeSpec(`v1:${target}`);
      expect('error' in got ? got : got.target).toBe(referenceTarget(target));
    });
  }
});
