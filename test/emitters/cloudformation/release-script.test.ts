/**
 * cloudformation/release.sh run by sh against a fake `aws` on PATH, which records each call and
 * answers as the AWS CLI would (no network): the order of the steps, the overrides of each
 * update, the wait for the one-off task and what a failed one stops.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { emitCloudFormation } from '../../../src/emitters/cloudformation/emit.js';
import type { Application } from '../../../src/ir/types.js';
import { app, container, service, VERSION, webApp } from './support.js';
import { workerOnlyApp } from './scenarios.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'ecsify-release-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

// The fake CLI: one line per call in $LOG; run-task answers a task ARN; describe-tasks says
// RUNNING once, then STOPPED, with the exit code in $EXIT_CODE.
const FAKE_AWS = `#!/bin/sh
echo "$*" >> "$LOG"
case "$1 $2" in
  "cloudformation deploy") exit "\${DEPLOY_STATUS:-0}" ;;
  "cloudformation describe-stacks")
    case "$*" in
      *ClusterName*) echo shop-cluster ;;
      *Job*Command*) key=\${*#*OutputKey==\\'}; key=\${key%%\\'*}; printf '%s\\n' "aws ecs run-task --cluster shop-cluster --task-definition td-$key --overrides '{\\"containerOverrides\\":[{\\"name\\":\\"web\\",\\"command\\":[\\"it'\\\\''s\\"]}]}' --started-by job" ;;
      *) echo None ;;
    esac ;;
  "ecs run-task") echo "arn:aws:ecs:eu-west-1:123456789012:task/shop-cluster/\${RUN_ID:-abc}" ;;
  "ecs describe-tasks")
    case "$*" in
      *lastStatus*) if [ -f "$LOG.polled" ]; then echo STOPPED; else touch "$LOG.polled"; echo RUNNING; fi ;;
      *exitCode*) echo "\${EXIT_CODE:-0}" ;;
      *stoppedReason*) echo "Essential container in task exited" ;;
    esac ;;
  *) echo "fake aws: unexpected $*" >&2; exit 255 ;;
esac
`;

let n = 0;
/** Writes the converted files of `a` into a folder and runs release.sh there with `args`. */
async function release(a: Application, args: string[], env: Record<string, string> = {}) {
  const dir = path.join(tmp, `run${n++}`);
  mkdirSync(path.join(dir, 'bin'), { recursive: true });
  mkdirSync(path.join(dir, 'cloudformation'));
  for (const f of await emitCloudFormation(a, { version: VERSION, inputLabel: 'compose.yaml', format: 'yaml' })) writeFileSync(path.join(dir, f.path), f.contents);
  writeFileSync(path.join(dir, 'bin/aws'), FAKE_AWS);
  chmodSync(path.join(dir, 'bin/aws'), 0o755);
  const log = path.join(dir, 'calls.log');
  writeFileSync(log, '');
  const r = spawnSync('sh', [path.join(dir, 'cloudformation/release.sh'), ...args], {
    encoding: 'utf8',
    env: { PATH: `${path.join(dir, 'bin')}:${process.env['PATH']}`, LOG: log, RELEASE_POLL_SECONDS: '0', ...env },
  });
  const calls = readFileSync(log, 'utf8').trim().split('\n').filter(Boolean);
  return { status: r.status, stderr: r.stderr, calls, template: path.join(dir, 'cloudformation/template.yaml') };
}

const migrate = { name: 'migrate', service: 'web', container: 'web', command: ['rails', 'db:migrate'], beforeDeploy: true };
const IMAGE = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop:v2';

describe('release.sh', () => {
  it('runs the one-off task on the new image first, waits for it, then gives the image to the services and empties the jobs’ parameter', async () => {
    const a = webApp();
    a.jobs = [migrate];
    const r = await release(a, ['shop', IMAGE, '--', '--s3-bucket', 'my-bucket']);
    expect(r.stderr).toContain('release: done');
    expect(r.status).toBe(0);
    const deploy = `cloudformation deploy --stack-name shop --template-file ${r.template} --capabilities CAPABILITY_IAM --no-fail-on-empty-changeset --parameter-overrides`;
    expect(r.calls).toEqual([
      `${deploy} WebJobImage=${IMAGE} --s3-bucket my-bucket`,
      "cloudformation describe-stacks --stack-name shop --query Stacks[0].Outputs[?OutputKey=='ClusterName'].OutputValue | [0] --output text",
      "cloudformation describe-stacks --stack-name shop --query Stacks[0].Outputs[?OutputKey=='JobMigrateCommand'].OutputValue | [0] --output text",
      // The output's command, as the shell reads it (its quotes), plus the query of the task's ARN.
      'ecs run-task --cluster shop-cluster --task-definition td-JobMigrateCommand --overrides {"containerOverrides":[{"name":"web","command":["it\'s"]}]} --started-by job --query tasks[0].taskArn --output text',
      'ecs describe-tasks --cluster shop-cluster --tasks arn:aws:ecs:eu-west-1:123456789012:task/shop-cluster/abc --query tasks[0].lastStatus --output text',
      'ecs describe-tasks --cluster shop-cluster --tasks arn:aws:ecs:eu-west-1:123456789012:task/shop-cluster/abc --query tasks[0].lastStatus --output text',
      "ecs describe-tasks --cluster shop-cluster --tasks arn:aws:ecs:eu-west-1:123456789012:task/shop-cluster/abc --query tasks[0].containers[?name=='web'].exitCode | [0] --output text",
      `${deploy} WebImage=${IMAGE} WebJobImage= --s3-bucket my-bucket`,
    ]);
  });

  it('stops before the services change when the one-off task fails, and says why', async () => {
    const a = webApp();
    a.jobs = [migrate];
    const r = await release(a, ['shop', `WebImage=${IMAGE}`], { EXIT_CODE: '1' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('release: the one-off task migrate failed (exit code 1; Essential container in task exited); the services were not changed.');
    expect(r.calls.filter((c) => c.startsWith('cloudformation deploy'))).toHaveLength(1);
    expect(r.calls.some((c) => c.includes(`WebImage=${IMAGE}`))).toBe(false);
  });

  it('stops when an update fails', async () => {
    const a = webApp();
    a.jobs = [migrate];
    const r = await release(a, ['shop', IMAGE], { DEPLOY_STATUS: '255' });
    expect(r.status).not.toBe(0);
    expect(r.calls).toHaveLength(1);
  });

  it('without one-off tasks, is one update of the named image parameters', async () => {
    const a = app('shop');
    const ecr = (name: string) => `123456789012.dkr.ecr.eu-west-1.amazonaws.com/${name}:1`;
    a.services = [service(a, 'web', [container('web', ecr('web'))], { role: 'web' }), service(a, 'api', [container('api', ecr('api'))])];
    const r = await release(a, ['shop', `ApiImage=${IMAGE}`]);
    expect(r.status).toBe(0);
    expect(r.calls).toHaveLength(1);
    expect(r.calls[0]).toMatch(new RegExp(`--parameter-overrides ApiImage=${IMAGE.replace(/\./g, '\\.')}$`));
    // With two image parameters a bare image says nothing of which one.
    expect((await release(a, ['shop', IMAGE])).status).toBe(2);
  });

  it('--start runs the one-off tasks on the images the stack has, then sets Running=true', async () => {
    const a = webApp();
    a.jobs = [migrate];
    const r = await release(a, ['shop', '--start']);
    expect(r.status).toBe(0);
    expect(r.calls[0]).toMatch(/^cloudformation describe-stacks .*'ClusterName'/);
    expect(r.calls.filter((c) => c.startsWith('ecs run-task'))).toHaveLength(1);
    expect(r.calls.filter((c) => c.startsWith('cloudformation deploy'))).toEqual([
      `cloudformation deploy --stack-name shop --template-file ${r.template} --capabilities CAPABILITY_IAM --no-fail-on-empty-changeset --parameter-overrides Running=true`,
    ]);
    // A failed task leaves the stack stopped.
    const failed = await release(a, ['shop', '--start'], { EXIT_CODE: '3' });
    expect(failed.status).toBe(1);
    expect(failed.calls.some((c) => c.includes('Running=true'))).toBe(false);
  });

  it('leaves out of a release the one-off tasks whose image is no parameter (past 200 parameters), not of --start', async () => {
    const a = app('big');
    a.services = [service(a, 'web', [container('web', 'ruby:3.3')], { role: 'web' })];
    // 190 images built from source take the parameters first: ruby:3.3 stays fixed.
    for (let i = 0; i < 190; i++) a.services.push(service(a, `s${i}`, [container('main', { kind: 'build', context: `./s${i}`, args: {} })]));
    a.jobs = [migrate];
    const start = await release(a, ['big', '--start']);
    expect(start.status).toBe(0);
    expect(start.calls.filter((c) => c.startsWith('ecs run-task'))).toHaveLength(1);
    const r = await release(a, ['big', `S0MainImage=${IMAGE}`]);
    expect(r.status).toBe(0);
    expect(r.calls).toHaveLength(1);
    expect(r.calls[0]).toMatch(/--parameter-overrides S0MainImage=\S+$/);
  });

  it('with one-off tasks and no image parameter (200 reached), offers --start only', async () => {
    const a = app('big');
    const ecr = (i: number) => `123456789012.dkr.ecr.eu-west-1.amazonaws.com/s${i}:1`;
    a.services = Array.from({ length: 190 }, (_, i) => service(a, i === 0 ? 'web' : `s${i}`, [container(i === 0 ? 'web' : 'main', ecr(i))]));
    a.jobs = [migrate];
    const files = await emitCloudFormation(a, { version: VERSION, inputLabel: 'compose.yaml', format: 'yaml' });
    const script = files.find((f) => f.path === 'cloudformation/release.sh')!.contents;
    expect(script).toContain('#   sh release.sh STACK --start');
    expect(script).not.toContain('Releases a new image');
    expect((await release(a, ['big', '--start'])).status).toBe(0);
    const refused = await release(a, ['big', IMAGE]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('usage: sh ');
    expect(refused.calls).toEqual([]);
  });

  it('--stop and --start switch the whole stack off and on (Running), for any stack', async () => {
    const a = workerOnlyApp();
    const stop = await release(a, ['cron', '--stop']);
    expect(stop.status).toBe(0);
    expect(stop.calls).toEqual([
      `cloudformation deploy --stack-name cron --template-file ${stop.template} --capabilities CAPABILITY_IAM --no-fail-on-empty-changeset --parameter-overrides Running=false`,
    ]);
    // Without one-off tasks, --start is the update alone.
    const start = await release(a, ['cron', '--start', '--', '--region', 'eu-west-3']);
    expect(start.status).toBe(0);
    expect(start.calls).toEqual([
      `cloudformation deploy --stack-name cron --template-file ${start.template} --capabilities CAPABILITY_IAM --no-fail-on-empty-changeset --parameter-overrides Running=true --region eu-west-3`,
    ]);
    // No image parameter: nothing to release.
    expect((await release(a, ['cron', 'alpine:3.21'])).status).toBe(2);
    expect((await release(a, ['cron', '--stop', 'extra'])).status).toBe(2);
  });

  it('refuses an image without a tag of its own, which would deploy nothing', async () => {
    const a = webApp();
    a.jobs = [migrate];
    for (const image of ['123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop:latest', '123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop', 'registry:5000/shop', 'shop:']) {
      for (const arg of [image, `WebImage=${image}`]) {
        const r = await release(a, ['shop', arg]);
        expect(r.status, arg).toBe(2);
        expect(r.stderr, arg).toMatch(/has (the tag latest|no tag, which means latest); push the image with a tag of its own/);
        expect(r.calls, arg).toEqual([]);
      }
    }
    for (const image of ['registry:5000/shop:9f3c2a1', 'shop@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef']) {
      expect((await release(a, ['shop', image])).status, image).toBe(0);
    }
  });

  it('refuses what is not an image parameter, and a missing image', async () => {
    const a = webApp();
    a.jobs = [migrate];
    const wrong = await release(a, ['shop', `Running=true`]);
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toContain('release: Running is not an image parameter of the template (WebImage)');
    expect((await release(a, ['shop'])).status).toBe(2);
    expect((await release(a, ['shop', 'WebImage='])).status).toBe(2);
    expect(wrong.calls).toEqual([]);
  });
});
