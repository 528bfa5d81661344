/** Lint: a container built from source with no image repository to push to. */
import type { Pass } from '../pass.js';

export const buildImage: Pass = {
  name: 'build-image',
  run(app, ctx) {
    for (const s of app.services) {
      for (const c of s.task.containers) {
        if (c.image.kind !== 'build') continue;
        ctx.reporter.report('image/build-only', `Container ${c.name} is built from source (build context \`${c.image.context}\`) but names no image repository; its image URI becomes a deployment parameter.`, {
          origin: c.image.origin ?? c.origin,
          hint: 'Build and push the image to Amazon ECR and pass its URI, or add `image: <registry>/<repository>:<tag>` next to `build`.',
        });
      }
    }
    return app;
  },
};
