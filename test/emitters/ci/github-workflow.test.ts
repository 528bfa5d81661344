/**
 * The GitHub Actions workflow (`--emit ci`), converted by the CLI inside a Git repository, then
 * checked by GitHub's workflow parser and played event by event (test/support/workflow-runner.ts):
 * what each run builds, where it finds the build contexts, what it pushes, and what release.sh
 * deploys.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../support/cli.js';
import { tempDir } from '../../support/fs-tree.js';
import { runWorkflow, workflowErrors, type RunOptions } from '../../support/workflow-runner.js';

const COMPOSE = `name: shop
x-build: &build
  context: .
  args:
    RUBY_VERSION: "3.3"
    NOTE: "a$\${{ secrets.TOKEN }}b"
services:
  web:
    build: *build
    command: bundle exec puma
    ports: ["80:3000"]
    depends_on:
      migrate:
        condition: service_completed_successfully
  worker:
    build: *build
    command: bundle exec sidekiq
    depends_on:
      migrate:
        condition: service_completed_successfully
  migrate:
    build: *build
    command: bundle exec rails db:migrate
    restart: "no"
  admin:
    build:
      context: ./admin
      dockerfile: Dockerfile.prod
      target: runtime
    platform: linux/arm64
    ports: ["8080:8080"]
  tools:
    image: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop-tools:1
  redis:
    image: redis:7
`;

const VARS = { AWS_REGION: 'eu-west-1', AWS_ROLE_ARN: 'arn:aws:iam::123456789012:role/gh', ECS_STACK: 'shop-prod' };
const SHA = 'c0ffee0000000000000000000000000000000001';
const REGISTRY = '123456789012.dkr.ecr.eu-west-1.amazonaws.com';

/** A repository (`.git` as `git clone` leaves it: origin's default branch `trunk`) with the app in app/. */
function repository(): string {
  const root = path.join(tempDir('ecsify-ci-'), 'repo');
  mkdirSync(path.join(root, '.git/refs/remotes/origin'), { recursive: true });
  writeFileSync(path.join(root, '.git/HEAD'), 'ref: refs/heads/feature/x\n');
  writeFileSync(path.join(root, '.git/refs/remotes/origin/HEAD'), 'ref: refs/remotes/origin/trunk\n');
  mkdirSync(path.join(root, 'app/admin'), { recursive: true });
  writeFileSync(path.join(root, 'app/compose.yaml'), COMPOSE);
  writeFileSync(path.join(root, 'app/Dockerfile'), 'FROM ruby:3.3\n');
  writeFileSync(path.join(root, 'app/admin/Dockerfile.prod'), 'FROM node:22 AS runtime\n');
  return root;
}

const deploys = (calls: string[]) => calls.filter((c) => c.startsWith('aws cloudformation deploy'));

describe('the GitHub Actions workflow', () => {
  let root = '';
  let text = '';
  let state = '';
  const play = (event: Parameters<typeof runWorkflow>[2], options: Partial<RunOptions> = {}) => runWorkflow(root, text, event, { vars: VARS, sha: SHA, ...options });

  beforeAll(async () => {
    root = repository();
    // From a folder inside the repository: paths in the workflow are the repository's.
    const r = await runCli(['convert', '..', '-o', '../../infra/ecs'], { cwd: path.join(root, 'app/admin') });
    expect(r.stderr).not.toContain('ci/');
    expect(r.code, r.stderr).toBe(0);
    text = readFileSync(path.join(root, 'infra/ecs/.github/workflows/ecs-shop.yml'), 'utf8');
    state = path.join(root, '..', 'ecr-state');
  });

  it('is a workflow GitHub accepts', async () => {
    expect(await workflowErrors('ecs-shop.yml', text)).toEqual([]);
    expect(text).toContain('branches:\n      - "trunk"');
    expect(text).toContain('SCRIPT: "infra/ecs/cloudformation/release.sh"');
  });

  it('on a push, builds each image from its context in the checkout, pushes it tagged with the commit, and releases it with the one-off task first', () => {
    const run = play({ name: 'push' }, { state });
    expect(run.output).not.toContain('fake');
    expect(run.status).toBe('success');
    expect(run.loginStdin).toBe('fake-ecr-password\n');
    const docker = run.calls.filter((c) => c.startsWith('docker buildx'));
    expect(docker).toEqual([
      // The build argument holding `${{` reaches Docker as written, not evaluated by GitHub.
      `docker buildx build --platform linux/amd64 --build-arg NOTE=a\${{ secrets.TOKEN }}b --build-arg RUBY_VERSION=3.3 --tag ${REGISTRY}/shop/web:${SHA} --push app`,
      `docker buildx build --platform linux/arm64 --file app/admin/Dockerfile.prod --target runtime --tag ${REGISTRY}/shop/admin:${SHA} --push app/admin`,
    ]);
    expect(run.calls).toContain('aws ecr create-repository --repository-name shop/web --image-tag-mutability IMMUTABLE --image-scanning-configuration scanOnPush=true');
    expect(run.ran).toContain('Set up QEMU (to build for ARM64)');
    const d = deploys(run.calls);
    expect(d).toHaveLength(2);
    // The one-off task's image first, then the services'; the app's other image keeps its value.
    expect(d[0]).toMatch(new RegExp(`--parameter-overrides WebJobImage=${REGISTRY}/shop/web:${SHA}$`));
    expect(d[1]).toContain(`WebImage=${REGISTRY}/shop/web:${SHA}`);
    expect(d[1]).toContain(`AdminImage=${REGISTRY}/shop/admin:${SHA}`);
    expect(d[1]).not.toContain('ToolsImage');
    expect(run.calls.some((c) => c.startsWith('aws ecs run-task'))).toBe(true);
  });

  it('run again for the same commit, builds nothing and releases the same images', () => {
    const run = play({ name: 'push' }, { state });
    expect(run.status).toBe('success');
    expect(run.calls.filter((c) => c.startsWith('docker buildx'))).toEqual([]);
    expect(run.output).toContain('is in ECR already');
    expect(deploys(run.calls)[1]).toContain(`WebImage=${REGISTRY}/shop/web:${SHA}`);
  });

  it('run by hand, releases the images named too, a named one instead of the one built', () => {
    const run = play({ name: 'workflow_dispatch', inputs: { images: `ToolsImage=${REGISTRY}/shop-tools:2 WebImage=${REGISTRY}/shop/web:rollback` } });
    expect(run.status).toBe('success');
    const last = deploys(run.calls).at(-1) ?? '';
    expect(last).toContain(`ToolsImage=${REGISTRY}/shop-tools:2`);
    expect(last).toContain(`WebImage=${REGISTRY}/shop/web:rollback`);
    expect(last).not.toContain(`WebImage=${REGISTRY}/shop/web:${SHA}`);
    expect(last).toContain(`AdminImage=${REGISTRY}/shop/admin:${SHA}`);
  });

  it('stop and start flip the Running switch and build nothing; start runs the one-off task first', () => {
    const stop = play({ name: 'workflow_dispatch', inputs: { action: 'stop' } });
    expect(stop.status).toBe('success');
    expect(stop.calls.filter((c) => c.startsWith('docker'))).toEqual([]);
    expect(deploys(stop.calls)).toHaveLength(1);
    expect(deploys(stop.calls)[0]).toMatch(/--parameter-overrides Running=false$/);
    const start = play({ name: 'workflow_dispatch', inputs: { action: 'start' } });
    expect(start.status).toBe('success');
    expect(start.calls.some((c) => c.startsWith('aws ecs run-task'))).toBe(true);
    expect(deploys(start.calls)[0]).toMatch(/--parameter-overrides Running=true$/);
  });

  it('passes the CloudFormation service role and bucket to every update', () => {
    const vars = { ...VARS, CLOUDFORMATION_ROLE_ARN: 'arn:aws:iam::123456789012:role/cfn', CLOUDFORMATION_BUCKET: 'cfn-templates' };
    for (const event of [{ name: 'push' as const }, { name: 'workflow_dispatch' as const, inputs: { action: 'stop' } }]) {
      const run = play(event, { vars });
      expect(run.status).toBe('success');
      for (const d of deploys(run.calls)) expect(d).toMatch(/ --role-arn arn:aws:iam::123456789012:role\/cfn --s3-bucket cfn-templates$/);
    }
  });

  it('stops at once, saying what is missing, without the repository variables or the stack', () => {
    const bare = play({ name: 'push' }, { vars: { AWS_REGION: 'eu-west-1' } });
    expect(bare.status).toBe('failure');
    expect(bare.failedStep).toBe('Check the repository variables');
    expect(bare.output).toContain('::error::Set the repository variables AWS_ROLE_ARN ECS_STACK');
    const missing = play({ name: 'push' }, { env: { STACK_MISSING: '1' } });
    expect(missing.failedStep).toBe('Check that the stack exists');
    expect(missing.output).toContain('There is no stack shop-prod in eu-west-1');
    expect(missing.calls.some((c) => c.startsWith('docker') || c.includes('deploy'))).toBe(false);
  });

  it('stops the release when the one-off task fails, the services untouched', () => {
    const run = play({ name: 'push' }, { env: { EXIT_CODE: '3' } });
    expect(run.status).toBe('failure');
    expect(run.failedStep).toBe('Release');
    expect(deploys(run.calls)).toHaveLength(1);
  });
});

describe('the workflow of other apps', () => {
  it('without image parameters, is run by hand only, to start and stop', async () => {
    const root = path.join(tempDir('ecsify-ci-'), 'repo');
    mkdirSync(path.join(root, '.git'), { recursive: true });
    writeFileSync(path.join(root, '.git/HEAD'), 'ref: refs/heads/master\n');
    writeFileSync(path.join(root, 'compose.yaml'), 'services:\n  web:\n    image: nginx:1.27\n    ports: ["80:80"]\n');
    const r = await runCli(['convert', '.', '--emit', 'ci'], { cwd: root });
    expect(r.code).toBe(0);
    // ci brings the stack and its script with it.
    expect(r.stdout).toContain('cloudformation/release.sh');
    const text = readFileSync(path.join(root, 'ecs/.github/workflows/ecs-repo.yml'), 'utf8');
    expect(await workflowErrors('ecs-repo.yml', text)).toEqual([]);
    expect(text).not.toContain('push:');
    expect(text).not.toContain('images:');
    const run = runWorkflow(root, text, { name: 'workflow_dispatch' }, { vars: VARS });
    expect(run.status).toBe('success');
    expect(deploys(run.calls)).toEqual([expect.stringMatching(/Running=true$/)]);
  });

  it('with a template too large to send inline, requires the bucket it goes through', async () => {
    const root = path.join(tempDir('ecsify-ci-'), 'repo');
    mkdirSync(path.join(root, '.git'), { recursive: true });
    const services = Array.from({ length: 40 }, (_, i) => `  s${i}:\n    image: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/s${i}:1\n    ports: ["${8000 + i}:80"]\n`).join('');
    writeFileSync(path.join(root, 'compose.yaml'), `services:\n${services}`);
    const r = await runCli(['convert', '.', '--emit', 'ci'], { cwd: root });
    expect(r.stderr).toContain('cloudformation/needs-s3-upload');
    const text = readFileSync(path.join(root, 'ecs/.github/workflows/ecs-repo.yml'), 'utf8');
    expect(await workflowErrors('ecs-repo.yml', text)).toEqual([]);
    const missing = runWorkflow(root, text, { name: 'workflow_dispatch', inputs: { action: 'stop' } }, { vars: VARS });
    expect(missing.failedStep).toBe('Check the repository variables');
    expect(missing.output).toContain('::error::Set the repository variables CLOUDFORMATION_BUCKET');
    const run = runWorkflow(root, text, { name: 'workflow_dispatch', inputs: { action: 'stop' } }, { vars: { ...VARS, CLOUDFORMATION_BUCKET: 'cfn-templates' } });
    expect(run.status).toBe('success');
    expect(deploys(run.calls)[0]).toMatch(/ --s3-bucket cfn-templates$/);
  });

  it('says which images it cannot build, and when its folders are outside the repository', async () => {
    const root = path.join(tempDir('ecsify-ci-'), 'repo');
    mkdirSync(path.join(root, '.git'), { recursive: true });
    writeFileSync(path.join(root, 'Procfile'), 'web: bundle exec puma\n');
    writeFileSync(path.join(root, 'Gemfile'), "source 'https://rubygems.org'\n");
    const r = await runCli(['convert', '.', '-o', '../outside', '--emit', 'ci'], { cwd: root });
    expect(r.stderr).toContain('ci/image-not-built');
    expect(r.stderr).toContain('Elastic Beanstalk platform');
    expect(r.stderr).toContain('ci/outside-repository');
    expect(r.stderr).toContain('the output folder, which holds the cloudformation/release.sh it runs, is outside it');
    const text = readFileSync(path.join(root, '../outside/.github/workflows/ecs-repo.yml'), 'utf8');
    expect(await workflowErrors('ecs-repo.yml', text)).toEqual([]);
    // Not built here, so not released on a push: only by hand, named.
    expect(text).not.toContain('push:');
    expect(text).toContain('images:');
  });
});
