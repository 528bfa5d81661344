import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ecsName, familyName, newContainer } from '../../src/ir/create.js';
import { compile, defaultLoadOptions } from '../../src/index.js';
import { tempDir } from '../support/fs-tree.js';
import { REPO_ROOT } from '../support/paths.js';
import { rng } from '../support/rng.js';

// The functions before their fast path for names that are already valid (kept as the reference).
const simpleEcsName = (name: string): string => (name.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '') || 'x').slice(0, 255);
const simpleFamilyName = (app: string, service: string): string => (`${app}-${service}`.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '') || 'app').slice(0, 255);

describe('ecsName and familyName agree with the plain replace on random names', () => {
  const ALPHABET = ['a', 'Z', '0', '9', '_', '-', '-', '.', ' ', '/', 'é', ':'];
  const next = rng(42);
  const word = (): string => {
    const length = next() < 0.05 ? 250 + Math.floor(next() * 10) : Math.floor(next() * 8);
    let out = '';
    for (let i = 0; i < length; i++) out += ALPHABET[Math.floor(next() * ALPHABET.length)] as string;
    return out;
  };
  it('ecsName', () => {
    for (let i = 0; i < 5000; i++) {
      const name = word();
      expect(ecsName(name), JSON.stringify(name)).toBe(simpleEcsName(name));
    }
  });
  it('familyName', () => {
    for (let i = 0; i < 5000; i++) {
      const app = word();
      const service = word();
      expect(familyName(app, service), JSON.stringify([app, service])).toBe(simpleFamilyName(app, service));
    }
  });
});

describe('containers', () => {
  it('all have the same fields in the same order, from the Compose and EB readers and after the passes', async () => {
    // One hidden class for every container (see newContainer): an optional field set only when
    // the input has it gave the 1000-service benchmark file's containers 240 shapes.
    const keys = new Set<string>();
    for (const example of ['examples/compose-webapp', 'examples/rails-sidekiq-eb']) {
      const result = await compile(defaultLoadOptions({ cwd: REPO_ROOT, path: example }));
      const containers = result.app?.services.flatMap((s) => s.task.containers) ?? [];
      expect(containers.length).toBeGreaterThan(2);
      for (const c of containers) keys.add(Object.keys(c).join(','));
    }
    // A Dockerrun v1 file without Entrypoint and Command (those fields stay, undefined).
    const v1 = tempDir();
    writeFileSync(path.join(v1, 'Dockerrun.aws.json'), JSON.stringify({ AWSEBDockerrunVersion: '1', Image: { Name: 'nginx:1.27' }, Ports: [{ ContainerPort: '80' }] }));
    const single = await compile(defaultLoadOptions({ cwd: v1, path: '.' }));
    const containers = single.app?.services.flatMap((s) => s.task.containers) ?? [];
    expect(containers).toHaveLength(1);
    expect(containers[0]?.command).toBeUndefined();
    keys.add(Object.keys(containers[0] as object).join(','));
    expect([...keys]).toEqual([Object.keys(newContainer('x', { kind: 'ref', ref: 'x' })).join(',')]);
  });
});
