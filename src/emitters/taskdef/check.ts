/**
 * Diagnostics about the task definitions themselves: ECS refuses a RegisterTaskDefinition request
 * larger than 65,536 bytes. Only the built definition knows its size (environment, secrets,
 * commands, labels and every generated field), so the CLI calls this after the passes, building
 * what the emitter writes. The CloudFormation stack registers the same definitions, so the limit
 * holds there too.
 */
import type { Reporter } from '../../diagnostics/context.js';
import type { Application, Service } from '../../ir/types.js';
import type { EmittedFile } from '../types.js';
import { jsonRefs, serviceTaskDefinitionFiles } from './emit-task-definitions.js';
import { buildTaskDefinition, type TaskDefRefs } from './task-definition.js';

/** ECS's limit on a task definition, in bytes of its JSON. */
export const MAX_TASK_DEFINITION_BYTES = 65_536;

/**
 * `emitting`: the run writes the task definitions next. Their files are then made here, once, for
 * the check and the emitter: a definition whose indented file is within the limit is within it
 * as compact JSON too, and only a larger one is measured compact. Otherwise (lint, or a run that
 * writes only the stack) each is measured compact, with no file made.
 */
export function checkTaskDefinitions(app: Application, reporter: Reporter, emitting = false): void {
  const files = emitting ? serviceTaskDefinitionFiles(app) : undefined;
  let refs: TaskDefRefs | undefined;
  for (let i = 0; i < app.services.length; i++) {
    const service = app.services[i] as Service;
    if (files && Buffer.byteLength((files[i] as EmittedFile).contents, 'utf8') - 1 <= MAX_TASK_DEFINITION_BYTES) continue;
    // Compact JSON, as the AWS SDKs send it (the files are indented for people).
    const bytes = Buffer.byteLength(JSON.stringify(buildTaskDefinition(app, service, (refs ??= jsonRefs(app)))), 'utf8');
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
