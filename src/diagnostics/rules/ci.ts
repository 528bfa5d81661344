import { defineRules } from './define.js';

/** Rules of the CI workflow's checks (src/emitters/ci/check.ts). */
export const ciRules = defineRules({
  'ci/image-not-built': {
    severity: 'info',
    title: 'The CI workflow cannot build this image',
    doc: `What: an image the stack takes as a parameter that the generated GitHub Actions workflow does
not build: an image for an Elastic Beanstalk platform (a Procfile app has no Dockerfile), a
Windows image (the workflow builds on Linux runners), or a build context inside a .zip bundle or
a running environment rather than in the repository.
Why: a push then releases only the images the workflow builds; this one keeps its version.
Fix: build and push it elsewhere, and name it when you run the workflow by hand
(\`images: WebImage=URI\`); or give the service a Dockerfile in the repository and convert again.`,
  },
  'ci/outside-repository': {
    severity: 'warning',
    title: 'The CI workflow cannot reach the output folder',
    doc: `What: the output folder, which holds the cloudformation/release.sh the generated GitHub Actions
workflow runs, is outside the Git repository that holds the project.
Why: GitHub Actions runs the workflow in a checkout of one repository; a path that leaves it
names nothing there, and the release fails.
Fix: write the output into the repository (-o DIR inside it) and commit it with the project.`,
  },
});
