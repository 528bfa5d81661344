/**
 * Bad input gives diagnostics, never an exception: seeded random edits of realistic EB files
 * (Dockerrun v1/v2, .ebextensions, Procfile, env.yaml) are read by the whole front end.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../../support/paths.js';
import { loadEb } from './helpers.js';

const EXAMPLE = path.join(REPO_ROOT, 'examples/rails-sidekiq-eb');
const seeds: Record<string, string> = {
  'Dockerrun.aws.json': readFileSync(path.join(EXAMPLE, 'Dockerrun.aws.json'), 'utf8'),
  '.ebextensions/01.config': readFileSync(path.join(EXAMPLE, '.ebextensions/02-load-balancer.config'), 'utf8'),
  '.ebextensions/02.config': readFileSync(path.join(EXAMPLE, '.ebextensions/03-capacity.config'), 'utf8'),
  'env.yaml': 'AWSConfigurationTemplateVersion: 1.1.0.0\nEnvironmentTier:\n  Name: Worker\nOptionSettings:\n  aws:elasticbeanstalk:sqsd:\n    HttpPath: /x\n',
};
const PROCFILE = 'web: bundle exec puma -p $PORT\nworker: bundle exec sidekiq\n';
const PIECES = ['{', '}', '[', ']', '"', ':', ',', '\n', '  ', '- ', 'null', '0', '-1', '99999', '!Ref x', '`{"Ref": "A"}`', 'aws:', '\t', '&a', '*a', '<<: *a'];

function mutate(text: string, rand: () => number): string {
  let t = text;
  const edits = 1 + Math.floor(rand() * 4);
  for (let i = 0; i < edits; i++) {
    const at = Math.floor(rand() * (t.length + 1));
    const op = rand();
    if (op < 0.4) t = t.slice(0, at) + t.slice(at + 1 + Math.floor(rand() * 8));
    else if (op < 0.8) t = t.slice(0, at) + (PIECES[Math.floor(rand() * PIECES.length)] as string) + t.slice(at);
    else {
      const from = Math.floor(rand() * t.length);
      t = t.slice(0, at) + t.slice(from, from + 20) + t.slice(at);
    }
  }
  return t;
}

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
