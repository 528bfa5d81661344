/** Lint: a container built from source with no image repository to push to. */
import type { Container, Service } from '../../ir/types.js';
import type { Pass } from '../pass.js';

export const buildImage: Pass = {
  name: 'build-image',
  run(app, ctx) {
    // Indexed loops: in the interpreter, where the lint rules run, `for…of` allocates per item.
    for (let i = 0; i < app.services.length; i++) {
      const s = app.services[i] as Service;
      for (let j = 0; j < s.task.containers.length; j++) {
        const c = s.task.containers[j] as Container;
        if (c.image.kind !== 'build') continue;
        ctx.reporter.report('image/build-only', `Container ${c.name} is built from source (build context \`${c.image.context}\`) but names no image repository; its image URI becomes a deployment parameter.`, {
          origin: c.image.origin ?? c.origin,
          hint: 'Build and push the image to Amazon ECR and pass its URI (the GitHub Actions workflow that `ecsify convert` writes does both), or add `image: <registry>/<repository>:<tag>` next to `build`.',
        });
      }
    }
    return app;
  },
};
