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
import { closest } from '../util/closest.js';

/** Options a task definition may set, besides where the logs go. */
export const AWSLOGS_OPTIONS: readonly string[] = ['awslogs-datetime-format', 'awslogs-multiline-pattern', 'max-buffer-size', 'mode'];
/** Where the logs go: set by ecsify for every container. */
export const AWSLOGS_DESTINATION: readonly string[] = ['awslogs-create-group', 'awslogs-group', 'awslogs-region', 'awslogs-stream-prefix'];

/** Log drivers ECS runs on Fargate as well as on EC2; ecsify replaces any other by awslogs. */
export const PORTABLE_LOG_DRIVERS: ReadonlySet<string> = new Set(['awslogs', 'awsfirelens', 'splunk']);

/** What becomes of an `awslogs` option: kept, set by ecsify (where the logs go), or left out. */
export function awslogsOption(key: string): 'keep' | 'destination' | 'unsupported' {
  if (AWSLOGS_OPTIONS.includes(key)) return 'keep';
  return AWSLOGS_DESTINATION.includes(key) ? 'destination' : 'unsupported';
}

/** The `logging/option-replaced` message for the destination options `keys` of `owner` (e.g. "Service `web`"). */
export function destinationMessage(owner: string, keys: readonly string[]): string {
  const list = keys.map((k) => `\`${k}\``);
  const named = list.length === 1 ? `option ${list[0]} is` : `options ${list.slice(0, -1).join(', ')} and ${list[list.length - 1]} are`;
  return `${owner}'s logging ${named} set by ecsify: every container logs to the application's log group, in the stack's Region, with its service's name as the stream prefix.`;
}

/** The `logging/unsupported-option` message and hint for the option `key` of `owner`. */
export function unsupportedOption(owner: string, key: string): { message: string; hint: string } {
  const near = closest(key, [...AWSLOGS_OPTIONS, ...AWSLOGS_DESTINATION]);
  return {
    message: `${owner}'s logging option \`${key}\` is not one the ECS awslogs driver takes; it is left out of the task definition.`,
    hint: near ? `Did you mean \`${near}\`?` : `ECS takes ${AWSLOGS_OPTIONS.map((o) => `\`${o}\``).join(', ')} (ecsify sets the group, Region and stream prefix).`,
  };
}
