/** Lint: an image with no tag, or the tag `latest`, changes under a running service. */
import type { Container, Service } from '../../ir/types.js';
import { memoByText } from '../../util/memo.js';
import { parseImageRef } from '../lib/images.js';
import type { Pass } from '../pass.js';

/** Parsed once per reference: a project repeats a handful of images over hundreds of services. */
const parsedRef = memoByText((ref: string) => Object.freeze(parseImageRef(ref)));

export const imageTag: Pass = {
  name: 'image-tag',
  run(app, ctx) {
    for (let i = 0; i < app.services.length; i++) {
      const containers = (app.services[i] as Service).task.containers;
      for (let j = 0; j < containers.length; j++) {
        const c = containers[j] as Container;
        if (c.image.kind !== 'ref') continue;
        const ref = parsedRef(c.image.ref);
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
