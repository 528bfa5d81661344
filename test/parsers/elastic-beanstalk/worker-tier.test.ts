/** EB worker tier: the queue sqsd read becomes part of the IR, the stack and the task definitions. */
import { rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compile, defaultLoadOptions, emit } from '../../../src/index.js';
import { parseTemplate } from '../../support/cfn-spec/parse.js';
import { formatProblems, validateTemplate } from '../../support/cfn-spec/validate.js';
import { tempDir } from '../../support/fs-tree.js';
import { writeTree } from './helpers.js';

const ENV_YAML = 'AWSConfigurationTemplateVersion: 1.1.0.0\nEnvironmentTier:\n  Name: Worker\n  Type: SQS/HTTP\nSolutionStack: 64bit Amazon Linux 2023 v4.1.0 running Python 3.11\n';

async function convert(sqsd: string) {
  const root = tempDir('ecsify-eb-worker-');
  writeTree(root, {
    Procfile: 'worker: celery -A tasks worker\n',
    'requirements.txt': 'celery\n',
    'env.yaml': ENV_YAML,
    '.ebextensions/worker.config': `option_settings:\n  aws:elasticbeanstalk:sqsd:\n${sqsd}`,
  });
  try {
    const r = await compile(defaultLoadOptions({ cwd: root, path: '.', projectName: 'jobs' }));
    expect(r.hasErrors).toBe(false);
    const files = await emit(r.app!, ['cloudformation', 'task-definitions'], { version: '0.0.0-test', inputLabel: '.', format: 'yaml' });
    const text = (p: string) => files.find((f) => f.path === p)?.contents ?? '';
    return { ...r, template: text('cloudformation/template.yaml'), taskdef: JSON.parse(text('task-definitions/jobs-worker.json')) as { containerDefinitions: { environment: { name: string; value: string }[] }[] } };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

describe('worker tier', () => {
  it("points the poller sidecar at the app's own port (no EB proxy in front of it on ECS)", async () => {
    const root = tempDir('ecsify-eb-worker-');
    writeTree(root, {
      'Dockerrun.aws.json': '{ "AWSEBDockerrunVersion": "1", "Image": { "Name": "acme/worker:2.1" }, "Ports": [{ "ContainerPort": 8080 }] }\n',
      'env.yaml': ENV_YAML.replace(/SolutionStack:.*\n/, ''),
      '.ebextensions/worker.config': 'option_settings:\n  aws:elasticbeanstalk:sqsd:\n    HttpPath: /work\n',
    });
    try {
      const r = await compile(defaultLoadOptions({ cwd: root, path: '.' }));
      const d = r.diagnostics.find((x) => x.rule === 'eb/worker-tier');
      expect(d?.message).toContain('POSTed each message to http://localhost:80/work.');
      expect(d?.hint).toContain('sidecar that POSTs each message to http://localhost:8080/work and deletes it');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it("creates a queue of its own when the queue named is the one EB created (a live environment's settings)", async () => {
    const ebQueue = 'https://sqs.eu-west-1.amazonaws.com/111122223333/awseb-e-7h2kq9x4pm-stack-AWSEBWorkerQueue-1ABCDEF2GHIJ';
    const r = await convert(`    WorkerQueueURL: ${ebQueue}\n    HttpPath: /jobs\n`);
    expect(r.app?.queue?.url).toBeUndefined();
    expect(r.app?.queue).toMatchObject({ retentionSeconds: 345_600, maxReceiveCount: 10 });
    expect(r.template).toMatch(/WorkerQueue:\n\s+Type: AWS::SQS::Queue/);
    const d = r.diagnostics.find((x) => x.rule === 'eb/worker-tier');
    expect(d?.notes?.[0]).toBe(`The queue ${ebQueue} is the one EB created for the environment: terminating the environment deletes it. Let it drain (or move its messages) before you do.`);
    // A queue of the user's own is kept.
    const own = await convert('    WorkerQueueURL: https://sqs.eu-west-1.amazonaws.com/111122223333/jobs-queue\n');
    expect(own.app?.queue?.url).toBe('https://sqs.eu-west-1.amazonaws.com/111122223333/jobs-queue');
  });

  it('creates the queue with its dead-letter queue, grants the worker and passes the URL', async () => {
    const r = await convert('    HttpPath: /jobs\n    VisibilityTimeout: 120\n    MaxRetries: 5\n');
    // EB's default retention (4 days) is written out.
    expect(r.app?.queue).toMatchObject({ httpPath: '/jobs', visibilityTimeoutSeconds: 120, retentionSeconds: 345_600, maxReceiveCount: 5, envVar: 'WORKER_QUEUE_URL', consumers: ['worker'] });
    expect(r.app?.queue?.url).toBeUndefined();
    const d = r.diagnostics.find((x) => x.rule === 'eb/worker-tier');
    expect(d?.hint).toMatch(/WORKER_QUEUE_URL.*poll.*sqsd-like poller sidecar that POSTs each message to http:\/\/localhost\/jobs/);
    expect(d?.notes?.[0]).toMatch(/visibility timeout 120 s\) with a dead-letter queue after 5 receives/);
    const t = parseTemplate(r.template, 'yaml') as { Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }>; Outputs: Record<string, unknown> };
    expect(formatProblems(validateTemplate(t as Record<string, unknown>, r.template))).toBe('');
    expect(t.Resources['WorkerQueue']?.Properties).toMatchObject({ VisibilityTimeout: 120, RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': ['WorkerDeadLetterQueue', 'Arn'] }, maxReceiveCount: 5 } });
    expect(t.Resources['WorkerDeadLetterQueue']?.Type).toBe('AWS::SQS::Queue');
    expect(JSON.stringify(t.Resources['WorkerTaskRole'])).toContain('{"Effect":"Allow","Action":["sqs:ReceiveMessage","sqs:DeleteMessage","sqs:ChangeMessageVisibility","sqs:GetQueueAttributes"],"Resource":{"Fn::GetAtt":["WorkerQueue","Arn"]}}');
    expect(JSON.stringify(t.Resources['WorkerTaskDefinition'])).toContain('{"Name":"WORKER_QUEUE_URL","Value":{"Ref":"WorkerQueue"}}');
    expect(t.Outputs['WorkerQueueUrl']).toMatchObject({ Value: { Ref: 'WorkerQueue' } });
    expect(r.taskdef.containerDefinitions[0]?.environment).toContainEqual({ name: 'WORKER_QUEUE_URL', value: '${WORKER_QUEUE_URL}' });
  });

  it("gives the created queue EB's dead-letter queue (MaxRetries 10 by default) and retention, and lets both go with the stack", async () => {
    const r = await convert('    RetentionPeriod: 1209600\n    ErrorVisibilityTimeout: 30\n    HttpConnections: 10\n');
    expect(r.app?.queue).toMatchObject({ retentionSeconds: 1_209_600, maxReceiveCount: 10 });
    expect(r.diagnostics.find((x) => x.rule === 'eb/worker-tier')?.notes?.[0]).toMatch(/creates one \(messages kept 1209600 s\) with a dead-letter queue after 10 receives \(MaxRetries, EB's default\)/);
    const t = parseTemplate(r.template, 'yaml') as { Resources: Record<string, { Type: string; DeletionPolicy?: string; UpdateReplacePolicy?: string; Properties?: Record<string, unknown> }> };
    expect(formatProblems(validateTemplate(t as Record<string, unknown>, r.template))).toBe('');
    expect(t.Resources['WorkerQueue']).toMatchObject({ DeletionPolicy: 'Delete', UpdateReplacePolicy: 'Delete', Properties: { MessageRetentionPeriod: 1_209_600, RedrivePolicy: { maxReceiveCount: 10 } } });
    expect(t.Resources['WorkerDeadLetterQueue']).toMatchObject({ DeletionPolicy: 'Delete', UpdateReplacePolicy: 'Delete' });
    // How sqsd called the app is the poller's business now: said, not dropped.
    expect(r.diagnostics.filter((x) => x.rule === 'eb/option-ignored').map((x) => x.message)).toEqual([
      'Option ErrorVisibilityTimeout (aws:elasticbeanstalk:sqsd) has no ECS counterpart.',
      'Option HttpConnections (aws:elasticbeanstalk:sqsd) has no ECS counterpart.',
    ]);
  });

  it('reads an existing queue: no new queue, permissions on its ARN, its URL in the container', async () => {
    const url = 'https://sqs.eu-west-1.amazonaws.com/111122223333/reports';
    const r = await convert(`    WorkerQueueURL: ${url}\n    MaxRetries: 3\n    RetentionPeriod: 86400\n`);
    expect(r.app?.queue).toMatchObject({ url, httpPath: '/', maxReceiveCount: 3, retentionSeconds: 86_400 });
    expect(r.diagnostics.find((x) => x.rule === 'eb/worker-tier')?.notes?.[0]).toBe(
      'RetentionPeriod 86400 s and MaxRetries 3 configured sqsd; ecsify does not change the existing queue, so set its message retention period and a redrive policy with maxReceiveCount 3 on the queue itself if it differs.',
    );
    const plain = await convert(`    WorkerQueueURL: ${url}\n`);
    expect(plain.app?.queue?.maxReceiveCount).toBeUndefined();
    expect(plain.app?.queue?.retentionSeconds).toBeUndefined();
    const t = parseTemplate(r.template, 'yaml') as { Resources: Record<string, { Type: string }> };
    expect(Object.values(t.Resources).filter((x) => x.Type === 'AWS::SQS::Queue')).toEqual([]);
    expect(JSON.stringify(t.Resources['WorkerTaskRole'])).toContain('"Resource":{"Fn::Sub":"arn:${AWS::Partition}:sqs:eu-west-1:111122223333:reports"}');
    expect(r.taskdef.containerDefinitions[0]?.environment).toContainEqual({ name: 'WORKER_QUEUE_URL', value: url });
  });
});
