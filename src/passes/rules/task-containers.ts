/**
 * Lint: ECS takes at most 10 containers in one task definition (a quota that cannot be raised).
 * A task gathers its containers from Compose sidecars (`network_mode: service:…`, links), an EB
 * Dockerrun v2 file, and the init container ecsify adds for secret files; more than ten and
 * RegisterTaskDefinition refuses it.
 */
import type { Service } from '../../ir/types.js';
import { andList } from '../../util/and-list.js';
import type { Pass } from '../pass.js';

export const MAX_CONTAINERS = 10;

export const taskContainers: Pass = {
  name: 'task-containers',
  run(app, ctx) {
    for (let i = 0; i < app.services.length; i++) {
      const s = app.services[i] as Service;
      const containers = s.task.containers;
      if (containers.length <= MAX_CONTAINERS) continue;
      ctx.reporter.report(
        'services/too-many-containers',
        `Service ${s.name}'s task has ${containers.length} containers (${andList(containers.map((c) => c.name), 12)}); ECS takes at most ${MAX_CONTAINERS} in one task definition.`,
        {
          origin: s.origin,
          hint: 'Give the containers that need not share a task their own services (drop `network_mode: service:…` or the link that puts them together), or merge some into one image.',
        },
      );
    }
    return app;
  },
};
