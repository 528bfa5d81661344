/**
 * The SQS queue of an EB worker environment (`app.queue`): EB's sqsd read it on every instance
 * and POSTed each message to the app. On ECS the app (or a poller sidecar) reads it itself, so
 * the stack
 * - creates the queue when the input names none (with a dead-letter queue after `MaxRetries`
 *   receives, and sqsd's `VisibilityTimeout`), and outputs its URL;
 * - gives the task role of every consumer the rights to receive, delete and extend the
 *   visibility of its messages, on that queue only (`queueStatements`, which the task role
 *   takes; an existing queue's ARN is derived from its URL);
 * - sets `queue.envVar` to the URL in the consumers' containers (through `queueUrl`, which the
 *   task definition builder calls).
 */
import type { Service, WorkerQueue } from '../../ir/types.js';
import type { Ctx } from './context.js';
import { getAtt, ref, sub } from './intrinsics.js';

const CONSUMER_ACTIONS = ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility', 'sqs:GetQueueAttributes'];

function queueId(ctx: Ctx): string {
  return ctx.names.id('queue:worker', 'WorkerQueue');
}

/** The queue URL as a template value: the created queue's `Ref`, or the existing URL. */
export function queueUrl(ctx: Ctx, queue: WorkerQueue): unknown {
  return queue.url ?? ref(queueId(ctx));
}

/**
 * `https://sqs.<region>.amazonaws.com/<account>/<name>` (or the legacy
 * `https://<region>.queue.amazonaws.com/...`) → the queue's ARN; the stack's Region and account
 * when the URL does not say.
 */
export function queueArnFromUrl(url: string): unknown {
  const m = /^https?:\/\/(?:sqs\.([a-z0-9-]+)|([a-z0-9-]+)\.queue)\.amazonaws\.com(?:\.cn)?\/(\d{12})\/([A-Za-z0-9_.-]+)\/?$/.exec(url.trim());
  if (m) return sub(`arn:\${AWS::Partition}:sqs:${m[1] ?? m[2]}:${m[3]}:${m[4]}`);
  const name = url.trim().replace(/\/+$/, '').split('/').pop() ?? '';
  return sub(`arn:\${AWS::Partition}:sqs:\${AWS::Region}:\${AWS::AccountId}:${name}`);
}

/** The statements a service's task role needs to consume the worker queue (none for other services). */
export function queueStatements(ctx: Ctx, service: Service): { Effect: 'Allow'; Action: string[]; Resource: unknown }[] {
  const queue = ctx.app.queue;
  if (!queue || !queue.consumers.includes(service.name)) return [];
  const arn = queue.url ? queueArnFromUrl(queue.url) : getAtt(queueId(ctx), 'Arn');
  return [{ Effect: 'Allow', Action: CONSUMER_ACTIONS, Resource: arn }];
}

/**
 * The queues go with the stack, said explicitly (as for the log group): EB deleted the queues it
 * created when the environment was terminated, and their messages are work in flight.
 */
const QUEUE_POLICIES = { DeletionPolicy: 'Delete', UpdateReplacePolicy: 'Delete' } as const;

/** Creates the queue (if needed) and outputs the URL. */
export function emitQueue(ctx: Ctx): void {
  const { app, stack, names } = ctx;
  const queue = app.queue;
  if (!queue) return;
  if (!queue.url) {
    const id = queueId(ctx);
    const tags = stack.tagList();
    const props: Record<string, unknown> = {};
    if (queue.visibilityTimeoutSeconds !== undefined) props['VisibilityTimeout'] = queue.visibilityTimeoutSeconds;
    if (queue.retentionSeconds !== undefined) props['MessageRetentionPeriod'] = queue.retentionSeconds;
    if (queue.maxReceiveCount !== undefined) {
      const dlq = names.id('queue:worker-dlq', 'WorkerDeadLetterQueue');
      // Messages stay in the dead-letter queue for the SQS maximum, 14 days, as on EB.
      stack.addResource(dlq, { Type: 'AWS::SQS::Queue', ...QUEUE_POLICIES, Properties: { MessageRetentionPeriod: 1_209_600, ...(tags ? { Tags: tags } : {}) } });
      props['RedrivePolicy'] = { deadLetterTargetArn: getAtt(dlq, 'Arn'), maxReceiveCount: queue.maxReceiveCount };
    }
    if (tags) props['Tags'] = tags;
    stack.addResource(id, { Type: 'AWS::SQS::Queue', ...QUEUE_POLICIES, ...(Object.keys(props).length > 0 ? { Properties: props } : {}) });
  }
  ctx.facts.workerQueueOutput = names.id('output:worker-queue', 'WorkerQueueUrl');
  stack.addOutput(ctx.facts.workerQueueOutput, {
    Description: `URL of the SQS queue the worker services read (${queue.envVar} in their containers).`,
    Value: queueUrl(ctx, queue),
  });
}
