/**
 * Diagnostics about the task definitions themselves: ECS refuses a RegisterTaskDefinition request
 * larger than 65,536 bytes. Only the built definition knows its size (environment, secrets,
 * commands, labels and every generated field), so the CLI calls this after the passes, building
 * what the emitter writes. The CloudFormation stack registers the same definitions, so the limit
 * holds there too.
 */
import type { Reporter } from '../../diagnostics/context.js';
import type { Application } from '../../ir/types.js';
import { jsonRefs } from './emit-task-definitions.js';
import { buildTaskDefinition } from './task-definition.js';

/** ECS's limit on a task definition, in bytes of its JSON. */
export const MAX_TASK_DEFINITION_BYTES = 65_536;

export function checkTaskDefinitions(app: Application, reporter: Reporter): void {
  const refs = jsonRefs(app);
  for (const service of app.services) {
    // Compact JSON, as the AWS SDKs send it (the files are indented for people).
    const bytes = Buffer.byteLength(JSON.stringify(buildTaskDefinition(app, service, refs)), 'utf8');
    if (bytes <= MAX_TASK_DEFINITION_BYTES) continue;
    const variables = service.task.containers.reduce((n, c) => n + c.environment.length, 0);
    reporter.report(
      'services/task-definition-too-large',
      `Service ${service.name}'s task definition is ${bytes.toLocaleString('en-US')} bytes (${variables.toLocaleString('en-US')} environment variable${variables === 1 ? '' : 's'} among its containers); ECS takes at most ${MAX_TASK_DEFINITION_BYTES.toLocaleString('en-US')}.`,
      {
        origin: service.origin,
        hint: 'Move configuration out of environment variables: into a file in the image, an env file on S3 (environmentFiles), or one secret holding JSON; or split the containers into several services.',
      },
    );
  }
}
