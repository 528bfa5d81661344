import { defineRules } from './define.js';

/** Rules of the dependencies pass (src/passes/dependencies.ts): start order. */
export const dependencyRules = defineRules({
  'dependencies/cross-service': {
    severity: 'warning',
    title: 'Start order across services cannot be guaranteed',
    doc: `What: a container waits for another service (Compose \`depends_on\`, links). On ECS each
service starts on its own: ECS orders containers inside one task (\`dependsOn\`), never separate
services. The dependency is kept as "calls" (network access and service discovery) only.
Why: on the first deploy, and whenever tasks are replaced, the app may start before the service it
needs is ready (\`service_healthy\`) or has finished (\`service_completed_successfully\`).
Fix: make the app retry its connections at start-up (most frameworks can). For one-off setup such
as migrations, run a one-off task before deploying. To keep a strict order, put both containers in
one task (Compose \`network_mode: service:x\`).`,
  },
  'dependencies/excluded-service': {
    severity: 'info',
    title: 'Dependency on an excluded service',
    doc: `What: a container waits for a service that is excluded from the deployment (a managed
database, say). The wait is dropped.
Why: the excluded service is not part of the ECS deployment; ECS cannot wait for it.
Fix: make the app retry its connection at start-up.`,
  },
  'dependencies/unknown': {
    severity: 'error',
    title: 'Dependency on something that does not exist',
    doc: `What: a container waits for a container or service that is neither in its task nor in the
application.
Why: ECS rejects a \`dependsOn\` naming an unknown container.
Fix: correct the name, or remove the dependency.`,
  },
  'dependencies/healthy-without-check': {
    severity: 'warning',
    title: 'Waiting for health of a container without a health check',
    doc: `What: a container waits for another to be healthy (\`service_healthy\`), but that container
has no health check. ecsify waits for it to start instead.
Why: ECS can only report health for containers with a health check; the task would never start.
Fix: add a health check to the dependency.`,
  },
  'dependencies/made-non-essential': {
    severity: 'info',
    title: 'Run-to-completion container made non-essential',
    doc: `What: a container waits for another of the same task to finish (\`service_completed_successfully\`),
so ecsify marks that one as not essential.
Why: when an essential container exits, ECS stops the whole task, and ECS rejects a COMPLETE or
SUCCESS dependency on an essential container.
Fix: nothing to do.`,
  },
  'dependencies/cycle': {
    severity: 'error',
    title: 'Containers wait for each other',
    doc: `What: containers of one task wait for each other in a circle.
Why: none of them could ever start; ECS rejects the task definition.
Fix: remove one of the dependencies.`,
  },
});
