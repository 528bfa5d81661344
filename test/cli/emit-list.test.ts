import { describe, expect, it } from 'vitest';
import { parseEmitList } from '../../src/cli/emit-list.js';
import { EMIT_KINDS } from '../../src/emitters/kinds.js';

describe('--emit', () => {
  const ok: [string, string[]][] = [
    ['ir', ['ir']],
    ['task-definitions, ir', ['task-definitions', 'ir']],
    ['ir,ir,report', ['ir', 'report']],
    ['all', [...EMIT_KINDS]],
    // `all` in a list means every kind (it used to be a usage error).
    ['all,ir', [...EMIT_KINDS]],
    // The workflow runs cloudformation/release.sh: ci brings cloudformation with it.
    ['ci', ['cloudformation', 'ci']],
    ['ir,ci', ['ir', 'cloudformation', 'ci']],
    ['ci,cloudformation', ['ci', 'cloudformation']],
  ];
  for (const [value, want] of ok) {
    it(`${JSON.stringify(value)} → ${want.join(',')}`, () => {
      expect(parseEmitList(value)).toEqual(want);
    });
  }

  const bad: [string, string][] = [
    ['', '--emit takes a comma-separated list of: task-definitions, cloudformation, cdk, report, ci, ir (or all)'],
    [' , ', '--emit takes a comma-separated list of: task-definitions, cloudformation, cdk, report, ci, ir (or all)'],
    ['ir,cfn', '--emit takes a comma-separated list of: task-definitions, cloudformation, cdk, report, ci, ir (or all); "cfn" is none of them'],
    ['taskdefinitions', '--emit takes a comma-separated list of: task-definitions, cloudformation, cdk, report, ci, ir (or all); "taskdefinitions" is none of them (did you mean task-definitions?)'],
    ['cloudformaton', '--emit takes a comma-separated list of: task-definitions, cloudformation, cdk, report, ci, ir (or all); "cloudformaton" is none of them (did you mean cloudformation?)'],
  ];
  for (const [value, message] of bad) {
    it(`${JSON.stringify(value)} is a usage error naming what is wrong`, () => {
      expect(() => parseEmitList(value)).toThrow(message);
      try {
        parseEmitList(value);
      } catch (e) {
        expect((e as Error).message).toBe(message);
      }
    });
  }
});
