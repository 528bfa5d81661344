/** Lint: an image with no tag, or the tag `latest`, changes under a running service. */
import { parseImageRef } from '../lib/images.js';
import type { Pass } from '../pass.js';

export const imageTag: Pass = {
  name: 'image-tag',
  run(app, ctx) {
    for (const s of app.services) {
      for (const c of s.task.containers) {
        if (c.image.kind !== 'ref') continue;
        const ref = parseImageRef(c.image.ref);
        if (ref.digest !== undefined) continue;
        if (ref.tag !== undefined && ref.tag !== 'latest') continue;
        ctx.reporter.report(
          'image/untagged',
          ref.tag === 'latest'
            ? `Container ${c.name} uses the image ${c.image.ref}, whose \`latest\` tag changes with every release.`
            : `Container ${c.name} uses the image ${c.image.ref} without a tag, which means \`latest\`.`,
          {
            origin: c.image.origin ?? c.origin,
            hint: `Pin a version (${ref.repository}:<version>) or a digest (${ref.repository}@sha256:…).`,
          },
        );
      }
    }
    return app;
  },
};
