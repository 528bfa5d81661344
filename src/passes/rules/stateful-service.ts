/**
 * Lint: a data store (postgres, mysql, redis, elasticsearch, …) run as an ECS service. Suggests
 * the managed AWS alternative and how to exclude it. Excluded services are already gone (the
 * `exclude` pass runs first), so only the ones still deployed are reported.
 */
import type { Container, Service } from '../../ir/types.js';
import { statefulKind } from '../lib/images.js';
import type { Pass } from '../pass.js';

export const statefulService: Pass = {
  name: 'stateful-service',
  run(app, ctx) {
    // Indexed loops: in the interpreter, where the lint rules run, `for…of` allocates per item.
    for (let i = 0; i < app.services.length; i++) {
      const s = app.services[i] as Service;
      for (let j = 0; j < s.task.containers.length; j++) {
        const c = s.task.containers[j] as Container;
        if (c.image.kind !== 'ref') continue;
        const kind = statefulKind(c.image.ref);
        if (!kind) continue;
        const persisted = c.mounts.length > 0;
        // In a task with other containers (an EB v2 task joined by volumesFrom), excluding the
        // service would remove the whole app with it.
        const shared = s.task.containers.length > 1;
        ctx.reporter.report(
          'services/stateful',
          shared
            ? `Container ${c.name} of service ${s.name} runs ${kind.what} (${c.image.ref}) in the same task as the app; consider ${kind.alternative}.`
            : `Service ${s.name} runs ${kind.what} (${c.image.ref}) as an ECS service; consider ${kind.alternative}.`,
          {
            origin: c.image.origin ?? c.origin ?? s.origin,
            hint: shared
              ? `Excluding ${s.name} would leave out its other containers too. Move ${c.name} out of the task (its own service, reached by name instead of localhost, links or volumesFrom), or better use the managed service and give the app its endpoint.`
              : `Leave it out with --exclude ${s.name} or x-ecsify: {exclude: [${s.name}]}; the services that use it then get its endpoint as a parameter.`,
            notes: persisted
              ? ['Its data volume becomes EFS on Fargate, which many data stores run slowly on.']
              : ['It has no volume: its data is lost whenever ECS replaces the task.'],
          },
        );
        break;
      }
    }
    return app;
  },
};
