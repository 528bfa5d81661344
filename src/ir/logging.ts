/**
 * What ECS does with log configurations, for the front ends (which report) and the task
 * definition emitter (which writes): which `awslogs` options a task definition keeps, which say
 * where the logs go (ecsify sets those itself: emitters/taskdef/task-definition.ts and the
 * CloudFormation stack), and which are not among those ECS documents for its awslogs driver
 * (ECS Developer Guide, "Using the awslogs log driver"; the ECS API's LogConfiguration; cfn-lint
 * accepts exactly these). Docker's own awslogs driver takes more (`awslogs-endpoint`, `tag`,
 * `awslogs-create-stream`…), but ECS does not promise to pass those on, and a misspelt option
 * stops the container from starting, so the others are left out and reported.
 */
import type { Reporter } from '../diagnostics/context.js';
import { andList } from '../util/and-list.js';
import { closest } from '../util/closest.js';
import type { Origin } from './types.js';

/** Options a task definition may set, besides where the logs go. */
export const AWSLOGS_OPTIONS: readonly string[] = ['awslogs-datetime-format', 'awslogs-multiline-pattern', 'max-buffer-size', 'mode'];
/** Where the logs go: set by ecsify for every container. */
export const AWSLOGS_DESTINATION: readonly string[] = ['awslogs-create-group', 'awslogs-group', 'awslogs-region', 'awslogs-stream-prefix'];

/** Log drivers ECS runs on Fargate as well as on EC2; ecsify replaces any other by awslogs. */
export const PORTABLE_LOG_DRIVERS: ReadonlySet<string> = new Set(['awslogs', 'awsfirelens', 'splunk']);

/** The hint for options of local log rotation, which mean nothing once logs go to CloudWatch. */
export const ROTATION_HINT = 'Nothing to do; set the retention of the log group instead of rotating files.';

/** What to do about a log driver ecsify replaces by awslogs (both front ends' hint). */
export function replacedDriverHint(driver: string): string {
  return driver === 'json-file' || driver === 'local' || driver === 'none'
    ? ROTATION_HINT
    : `To keep sending logs to ${driver}, add a FireLens (awsfirelens) log router to the generated task definition.`;
}

/**
 * The `awslogs` options of `owner` (e.g. "Service `web`") a task definition keeps, in the order
 * given. The others are reported at `originOf` each: one note naming every option that says
 * where the logs go (a quarter of the 1000-service benchmark's services set all three), and one
 * warning per option ECS's driver does not take, with the closest one when there is one.
 */
export function awslogsOptions<T extends { key: string; value: string }>(
  owner: string,
  options: readonly T[],
  reporter: Reporter,
  originOf: (option: T) => Origin | undefined,
): Record<string, string> {
  const kept: Record<string, string> = {};
  const destination: T[] = [];
  for (const o of options) {
    if (AWSLOGS_OPTIONS.includes(o.key)) kept[o.key] = o.value;
    else if (AWSLOGS_DESTINATION.includes(o.key)) destination.push(o);
    else {
      const near = closest(o.key, [...AWSLOGS_OPTIONS, ...AWSLOGS_DESTINATION]);
      reporter.report('logging/unsupported-option', `${owner}'s logging option \`${o.key}\` is not one the ECS awslogs driver takes; it is left out of the task definition.`, {
        origin: originOf(o),
        hint: near ? `Did you mean \`${near}\`?` : `ECS takes ${AWSLOGS_OPTIONS.map((k) => `\`${k}\``).join(', ')} (ecsify sets the group, Region and stream prefix).`,
      });
    }
  }
  const first = destination[0];
  if (first) {
    const keys = destination.map((o) => `\`${o.key}\``);
    const named = keys.length === 1 ? `option ${keys[0]} is` : `options ${andList(keys)} are`;
    reporter.report('logging/option-replaced', `${owner}'s logging ${named} set by ecsify: every container logs to the application's log group, in the stack's Region, with its service's name as the stream prefix.`, {
      origin: originOf(first),
    });
  }
  return kept;
}
