/**
 * Lint: a one-off job (RunTask) of a service that reaches other services by their Service
 * Connect names. Only tasks that ECS services start get Service Connect, so those names do not
 * resolve in the job.
 */
import { andList } from '../../util/and-list.js';
import type { Pass } from '../pass.js';

export const jobServiceConnect: Pass = {
  name: 'job-service-connect',
  run(app, ctx) {
    if (app.jobs.length === 0) return app;
    const names = new Set(app.services.map((s) => s.name));
    for (const job of app.jobs) {
      const service = app.services.find((s) => s.name === job.service);
      if (!service) continue;
      // The services the emitters put behind Service Connect for it (service-connect.ts).
      const called = [...new Set(service.calls)].filter((c) => c !== service.name && names.has(c)).sort();
      if (called.length === 0) continue;
      const them = andList(called.map((c) => `\`${c}\``));
      const it = called.length === 1 ? 'it' : 'them';
      // A service of role `job` is the job's own task definition: no service container to fall back on.
      const own = service.role === 'job';
      ctx.reporter.report(
        'jobs/service-connect',
        own
          ? `One-off task \`${job.name}\` reaches ${them} by Service Connect name, but a one-off task gets no Service Connect: if it connects to ${it}, the name does not resolve.`
          : `Job \`${job.name}\` runs as a one-off task of \`${service.name}\`, which reaches ${them} by Service Connect name; a one-off task gets no Service Connect, so if the job connects to ${it}, the name does not resolve.`,
        {
          ...(job.origin ? { origin: job.origin } : {}),
          hint: own
            ? `Give ${them} an address that resolves in any task: a managed service's endpoint (with --exclude), or a Cloud Map DNS name.`
            : `If the job needs ${them}, give ${it} an address that resolves in any task (a managed service's endpoint, with --exclude; or a Cloud Map DNS name), or run the step when the container of \`${service.name}\` starts.`,
        },
      );
    }
    return app;
  },
};
