/**
 * Bad input gives diagnostics, never an exception: seeded random edits of realistic EB files
 * (Dockerrun v1/v2, .ebextensions, Procfile, env.yaml) are read by the whole front end.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../../support/paths.js';
import { mutateText as mutate } from '../../support/mutate-text.js';
import { loadEb } from './helpers.js';

const EXAMPLE = path.join(REPO_ROOT, 'examples/rails-sidekiq-eb');
const seeds: Record<string, string> = {
  'Dockerrun.aws.json': readFileSync(path.join(EXAMPLE, 'Dockerrun.aws.json'), 'utf8'),
  '.ebextensions/01.config': readFileSync(path.join(EXAMPLE, '.ebextensions/02-load-balancer.config'), 'utf8'),
  '.ebextensions/02.config': readFileSync(path.join(EXAMPLE, '.ebextensions/03-capacity.config'), 'utf8'),
  'env.yaml': 'AWSConfigurationTemplateVersion: 1.1.0.0\nEnvironmentTier:\n  Name: Worker\nOptionSettings:\n  aws:elasticbeanstalk:sqsd:\n    HttpPath: /x\n',
};
const PROCFILE = 'web: bundle exec puma -p $PORT\nworker: bundle exec sidekiq\n';

describe('fuzzed EB bundles', () => {
  it('never throw', { timeout: 120_000 }, async () => {
    let seed = 20240501;
    const rand = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 120; i++) {
      const files: Record<string, string> = {};
      for (const [name, text] of Object.entries(seeds)) files[name] = rand() < 0.5 ? mutate(text, rand) : text;
      if (i % 3 === 0) {
        delete files['Dockerrun.aws.json'];
        files['Procfile'] = mutate(PROCFILE, rand);
      }
      const l = await loadEb(files);
      expect(Array.isArray(l.diagnostics)).toBe(true);
    }
  });
});
