/**
 * examples/rails-sidekiq-eb (the seed's own app) is converted by the golden fixture
 * eb-rails-sidekiq-example, whose input must stay a copy of the example; and it converts with
 * no error into the shape the issue asks for.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTree } from '../../support/fs-tree.js';
import { FIXTURES, REPO_ROOT } from '../../support/paths.js';
import { loadEb } from './helpers.js';

const EXAMPLE = path.join(REPO_ROOT, 'examples/rails-sidekiq-eb');

describe('examples/rails-sidekiq-eb', () => {
  it('is the input of the eb-rails-sidekiq-example golden fixture', () => {
    expect(Object.fromEntries(readTree(path.join(FIXTURES, 'eb-rails-sidekiq-example/input')))).toEqual(Object.fromEntries(readTree(EXAMPLE)));
  });

  it('reads as web + sidekiq + redis with its EB settings and no error', async () => {
    const l = await loadEb(Object.fromEntries(readTree(EXAMPLE)));
    expect(l.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const app = l.app;
    expect(app?.name).toBe('shop');
    expect(app?.source).toMatchObject({ kind: 'eb-dockerrun-v2', platform: 'ecs-al2023' });
    expect(app?.services.map((s) => [s.name, s.role, s.scaling ? `${s.scaling.min}-${s.scaling.max}` : '-'])).toEqual([
      ['web', 'web', '2-6'],
      ['sidekiq', 'worker', '2-6'],
      ['redis', 'backend', '-'],
    ]);
    expect(app?.services[0]?.routes[0]?.healthCheck).toMatchObject({ path: '/up', source: 'eb' });
    expect(app?.settings.loadBalancer?.listeners.find((x) => x.port === 443)?.certificateArn).toMatch(/^arn:aws:acm:/);
    expect(app?.secrets.map((s) => s.name)).toEqual(['DATABASE_URL', 'SECRET_KEY_BASE']);
    expect(app?.jobs).toEqual([expect.objectContaining({ service: 'web', container: 'web', command: ['bundle', 'exec', 'rails', 'db:migrate'], beforeDeploy: true })]);
  });
});
