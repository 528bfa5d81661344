/**
 * Each bundled example has a golden fixture whose input is a copy of it, so the example's
 * output is reviewed like any golden. This keeps the copy in step with the example.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTree } from './support/fs-tree.js';
import { FIXTURES, REPO_ROOT } from './support/paths.js';

const GOLDEN_OF: Record<string, string> = {
  'compose-webapp': 'cfn-compose-webapp',
  'rails-sidekiq-eb': 'eb-rails-sidekiq-example',
};

describe('examples', () => {
  for (const [example, fixture] of Object.entries(GOLDEN_OF)) {
    it(`${fixture}/input is a copy of examples/${example}`, () => {
      const want = readTree(path.join(REPO_ROOT, 'examples', example));
      const got = readTree(path.join(FIXTURES, fixture, 'input'));
      expect([...got.entries()]).toEqual([...want.entries()]);
    });
  }
});
