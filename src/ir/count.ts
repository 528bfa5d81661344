import type { Service } from './types.js';

/** `3 services`, or `2 services and 1 one-off task` when some are of role `job` (no ECS service runs them). */
export function servicesAndJobs(services: readonly Service[], noun = 'service'): string {
  let jobs = 0;
  for (const s of services) if (s.role === 'job') jobs++;
  const n = services.length - jobs;
  return `${n} ${noun}${n === 1 ? '' : 's'}${jobs > 0 ? ` and ${jobs} one-off task${jobs === 1 ? '' : 's'}` : ''}`;
}
