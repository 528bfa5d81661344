import type { Job, Service } from './types.js';

/** `3 services`, or `2 services and 1 one-off task` when some are of role `job` (no ECS service runs them). */
export function servicesAndJobs(services: readonly Service[], noun = 'service'): string {
  let jobs = 0;
  for (const s of services) if (s.role === 'job') jobs++;
  const n = services.length - jobs;
  return `${n} ${noun}${n === 1 ? '' : 's'}${jobs > 0 ? ` and ${jobs} one-off task${jobs === 1 ? '' : 's'}` : ''}`;
}

/** What a job runs: its own command, or (a service of role `job`) its container's, or undefined for the image's. */
export function jobCommand(job: Job, services: readonly Service[]): string[] | undefined {
  return job.command ?? services.find((s) => s.name === job.service)?.task.containers.find((c) => c.name === job.container)?.command;
}
