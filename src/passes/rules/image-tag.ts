/**
 * Lint: an image reference Docker cannot read fails every pull; an image with no tag, or the tag
 * `latest`, changes under a running service.
 */
import type { Container, Service } from '../../ir/types.js';
import { memoByText } from '../../util/memo.js';
import { looksLikePlaceholder } from '../../util/placeholder.js';
import { parseImageRef, referenceProblem } from '../lib/images.js';
import type { Pass } from '../pass.js';

/** Parsed once per reference: a project repeats a handful of images over hundreds of services. */
const parsedRef = memoByText((ref: string) => Object.freeze(parseImageRef(ref)));
/**
 * Why a reference is malformed, `''` when it is not. An empty reference (reported by the reader
 * as a missing image) and a template placeholder (reported by the EB reader) are left alone.
 */
const problemOf = memoByText((ref: string) => (ref === '' || looksLikePlaceholder(ref) ? '' : (referenceProblem(ref) ?? '')));

export const imageTag: Pass = {
  name: 'image-tag',
  run(app, ctx) {
    for (let i = 0; i < app.services.length; i++) {
      const containers = (app.services[i] as Service).task.containers;
      for (let j = 0; j < containers.length; j++) {
        const c = containers[j] as Container;
        if (c.image.kind !== 'ref') continue;
        const problem = problemOf(c.image.ref);
        if (problem !== '') {
          ctx.reporter.report('image/invalid-reference', `Container ${c.name}'s image \`${c.image.ref}\` is not an image reference Docker can read: ${problem}. Every pull of it fails.`, {
            origin: c.image.origin ?? c.origin,
            subject: c.name,
            hint: 'Write [registry/]repository[:tag][@digest] in lower case, e.g. `nginx:1.27` or `123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:1.0`.',
          });
          continue;
        }
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
            subject: c.name,
            hint: `Pin a version (${ref.repository}:<version>) or a digest (${ref.repository}@sha256:…).`,
          },
        );
      }
    }
    return app;
  },
};
