/**
 * The first deploy of the stack, shared by the CloudFormation emitter (the Running parameter's
 * default, the outputs) and the report (its next steps).
 */
import type { Application, Job } from '../ir/types.js';

/**
 * What must happen between the first deploy and the start of the services, which is why the
 * stack then starts with Running=false:
 * - `secrets`: secrets the stack creates empty, and SSM parameters it expects; tasks fail to
 *   start until the values exist;
 * - `jobs`: one-off tasks that ran before the app started on EB (leader-only commands, a
 *   Procfile `release`), such as database migrations; they run on the stack's task definitions,
 *   which exist only once it is deployed.
 */
export function startsStopped(app: Application): { secrets: string[]; jobs: Job[] } {
  return {
    secrets: app.secrets.filter((s) => !s.existing).map((s) => s.name),
    jobs: app.jobs.filter((j) => j.beforeDeploy && app.services.some((s) => s.name === j.service)),
  };
}
