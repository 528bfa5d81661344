/**
 * Diagnostics about the CI workflow: images it cannot build, and folders it cannot reach. The
 * emitter is pure and cannot report, so the CLI calls this before emitting `ci`.
 */
import type { Reporter } from '../../diagnostics/context.js';
import type { Application } from '../../ir/types.js';
import { andList } from '../../util/and-list.js';
import type { EmitOptions } from '../types.js';
import { workflowImages, workflowPath, type NotBuilt } from './github-workflow.js';

/** Why, in words, for each reason an image is not built (see `workflowImages`). */
const WHY: Record<Exclude<NotBuilt, 'reference'>, (platform: string) => string> = {
  platform: (platform) => `it is the app built for the Elastic Beanstalk platform ${platform}, which has no Dockerfile`,
  windows: () => 'it runs on Windows, and the workflow builds on Linux runners',
  'not-in-repository': () => 'its build context is in the bundle (a .zip or a running environment), not in the repository',
};

/** `outputOutside`: the output folder is outside the Git repository around the project. */
export function checkWorkflow(app: Application, reporter: Reporter, options: EmitOptions, outputOutside: boolean): void {
  const file = workflowPath(app);
  for (const image of workflowImages(app, options)) {
    if (image.notBuilt === undefined || image.notBuilt === 'reference') continue;
    const platform = image.image.kind === 'platform' ? image.image.platform : '';
    const who = image.users.length === 1 ? `container ${image.users[0]}` : `containers ${andList(image.users)}`;
    reporter.report('ci/image-not-built', `The workflow ${file} does not build the image of ${who} (${image.parameter}): ${WHY[image.notBuilt](platform)}.`, {
      ...(image.image.origin ? { origin: image.image.origin } : {}),
      hint: `Build and push it elsewhere, and name it when you run the workflow by hand (images: ${image.parameter}=URI).`,
    });
  }
  if (outputOutside) {
    // No paths in the message: it reaches MIGRATION.md, which names no folder of this machine.
    reporter.report(
      'ci/outside-repository',
      `The workflow ${file} runs in a checkout of the Git repository that holds the project, but the output folder, which holds the cloudformation/release.sh it runs, is outside it.`,
      { hint: 'Write the output into that repository (-o DIR inside it), and commit it with the project.' },
    );
  }
}
