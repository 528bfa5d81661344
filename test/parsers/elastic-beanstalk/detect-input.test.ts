/** Input detection routes EB folders, zip bundles and EB files to the EB front end; Compose stays Compose. */
import { rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createReporter } from '../../../src/diagnostics/context.js';
import { loadInput } from '../../../src/parsers/detect.js';
import { defaultLoadOptions } from '../../../src/parsers/options.js';
import { runCli } from '../../support/cli.js';
import { tempDir } from '../../support/fs-tree.js';
import { zipFiles } from '../../support/zip-writer.js';
import { dockerrun, writeTree } from './helpers.js';

const V1 = dockerrun({ AWSEBDockerrunVersion: '1', Image: { Name: 'nginx:1.25' }, Ports: [{ ContainerPort: '80' }] });
const COMPOSE = 'services:\n  web:\n    image: nginx:1.25\n    ports: ["80:80"]\n';

async function kindOf(files: Record<string, string | Buffer>, input = '.'): Promise<string | undefined> {
  const root = tempDir('ecsify-eb-test-');
  try {
    writeTree(root, files);
    const r = await loadInput(defaultLoadOptions({ cwd: root, path: input }), createReporter());
    return r.app?.source.kind;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

describe('input detection', () => {
  it('keeps a plain compose folder for the Compose front end', async () => {
    expect(await kindOf({ 'compose.yaml': COMPOSE })).toBe('compose');
  });
  it('reads compose + EB files as the EB Docker platform', async () => {
    expect(await kindOf({ 'docker-compose.yml': COMPOSE, '.ebextensions/a.config': 'option_settings: {}\n' })).toBe('eb-docker-compose');
    expect(await kindOf({ 'docker-compose.yml': COMPOSE, '.elasticbeanstalk/config.yml': 'global: {}\n' })).toBe('eb-docker-compose');
  });
  it('routes EB folders, zips and files to the EB front end', async () => {
    expect(await kindOf({ 'Dockerrun.aws.json': V1 })).toBe('eb-dockerrun-v1');
    expect(await kindOf({ Procfile: 'web: node a.js\n', 'package.json': '{}' })).toBe('eb-procfile');
    expect(await kindOf({ 'app.zip': zipFiles({ 'Dockerrun.aws.json': V1 }) }, 'app.zip')).toBe('eb-dockerrun-v1');
    // A Dockerrun template the build renames is enough to recognise the folder (or zip).
    expect(await kindOf({ 'Dockerrun.aws.json.t': V1 })).toBe('eb-dockerrun-v1');
    expect(await kindOf({ 'Dockerrun.aws.json.template': V1 })).toBe('eb-dockerrun-v1');
    expect(await kindOf({ 'app.zip': zipFiles({ 'app/Dockerrun.aws.json.template': V1 }) }, 'app.zip')).toBe('eb-dockerrun-v1');
    expect(await kindOf({ 'deploy/Dockerrun.aws.json': V1 }, 'deploy/Dockerrun.aws.json')).toBe('eb-dockerrun-v1');
    expect(await kindOf({ 'sub/Procfile': 'web: node a.js\n', 'sub/package.json': '{}' }, 'sub/Procfile')).toBe('eb-procfile');
    expect(await kindOf({ 'docker-compose.yml': COMPOSE }, 'docker-compose.yml')).toBe('compose');
  });
  it('lints a zip bundle from the command line and says what it read with --verbose', async () => {
    const root = tempDir('ecsify-eb-test-');
    try {
      writeTree(root, { 'app.zip': zipFiles({ 'Dockerrun.aws.json': V1, '.ebextensions/a.config': 'option_settings:\n  aws:autoscaling:launchconfiguration:\n    EC2KeyName: k\n' }) });
      const lint = await runCli(['lint', 'app.zip', '--format', 'json'], { cwd: root });
      expect(lint.code).toBe(0);
      const ds = JSON.parse(lint.stdout) as { rule: string; file?: string }[];
      expect(ds.find((d) => d.rule === 'eb/option-ignored')?.file).toBe('app.zip/.ebextensions/a.config');
      const out = await runCli(['convert', 'app.zip', '-o', 'out', '--emit', 'ir', '--verbose'], { cwd: root });
      expect(out.code).toBe(0);
      expect(out.stderr).toMatch(/app.zip: Dockerrun.aws.json version 1: single-container Docker platform/);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
