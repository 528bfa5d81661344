/**
 * `.github/workflows/ecs-<app>.yml`: the GitHub Actions workflow that releases the app to the
 * stack of the CloudFormation emitter, through its `cloudformation/release.sh`.
 *
 * - On a push to the default branch (only when some image is built from source): each built
 *   image is built for its tasks' CPU architecture, pushed to Amazon ECR (one repository per
 *   image, created on first use, tags immutable, scanned on push) tagged with the commit SHA,
 *   and released by release.sh, one-off tasks first.
 * - Run by hand: `release` (the same, plus images named as `PARAMETER=URI`: the app's own
 *   images that are not built here), `stop` or `start` (the stack's Running switch).
 *
 * Credentials come from GitHub's OpenID Connect provider (a role to assume, no stored keys);
 * the stack, Region and roles are repository variables, so the file holds no account data.
 *
 * Code, so it comes from a template (templates/ci/). Every value the template prints comes
 * from here, ready to print: data reaches the scripts only through `env:` (a YAML double-quoted
 * scalar, with `${{` kept literal), never inside a script's text, so no value of the input can
 * change what a script runs. The scripts name environment variables, step ids and parameter
 * names only (the last are `[A-Za-z0-9]+`, see logical-ids.ts).
 */
import path from 'node:path';
import { isRemoteBuildContext } from '../../ir/build-context.js';
import type { Application, ImageSource, Service } from '../../ir/types.js';
import { renderTemplate } from '../report/handlebars.js';
import { MAX_INLINE_TEMPLATE_BYTES, templateFacts, templateFile } from '../cloudformation/emit.js';
import { commentSafe } from '../cloudformation/serialize.js';
import { byteLength } from '../pieces.js';
import { andList } from '../../util/and-list.js';
import { imageGroups, imageKey } from '../images.js';
import type { EmitOptions, EmittedFile } from '../types.js';

/** Where the workflow stands in the user's repository (the CLI finds it; see `EmitOptions.repository`). */
export interface RepositoryLayout {
  /** The output folder, relative to the repository's root (`/`-separated, `.` for the root). */
  outputDir: string;
  /** The project folder (build contexts are relative to it); undefined when it is not in the repository (a .zip, a live environment). */
  projectDir?: string;
  /** The branch whose pushes release. */
  branch: string;
}

export const DEFAULT_LAYOUT: RepositoryLayout = { outputDir: 'ecs', projectDir: '.', branch: 'main' };

/** Pinned to major versions, as GitHub's own starter workflows are; pin commit SHAs if your organisation asks for them. */
export const ACTIONS = {
  checkout: 'actions/checkout@v5',
  credentials: 'aws-actions/configure-aws-credentials@v6',
  qemu: 'docker/setup-qemu-action@v3',
  buildx: 'docker/setup-buildx-action@v3',
} as const;

/** The workflow's path in the output folder. */
export function workflowPath(app: Application): string {
  const name = app.name.toLowerCase().replace(/[^a-z0-9_.-]+/g, '-').replace(/^[-.]+|[-.]+$/g, '') || 'app';
  return `.github/workflows/ecs-${name}.yml`;
}

/** Why an image parameter's image is not built by the workflow, or undefined when it is. */
export type NotBuilt = 'reference' | 'platform' | 'windows' | 'not-in-repository';

/** One image parameter of the stack, as the workflow treats it. */
export interface WorkflowImage {
  parameter: string;
  image: ImageSource;
  users: string[];
  /** The services that run it. */
  services: Service[];
  notBuilt?: NotBuilt;
}

/** The stack's image parameters (from the CloudFormation emitter's facts), and which the workflow builds. */
export function workflowImages(app: Application, options: EmitOptions): WorkflowImage[] {
  const facts = templateFacts(app, options);
  const layout = options.repository ?? DEFAULT_LAYOUT;
  const groups = imageGroups(app);
  return facts.imageParameters.images.map(({ parameter, image, users }) => {
    const key = imageKey(image);
    const services = [...new Set((key === undefined ? [] : (groups.get(key)?.users ?? [])).map((u) => u.service))];
    const notBuilt: NotBuilt | undefined =
      image.kind === 'ref'
        ? 'reference'
        : image.kind === 'platform'
          ? 'platform'
          : services.some((s) => (s.task.runtimePlatform?.operatingSystemFamily ?? '').toUpperCase().startsWith('WINDOWS'))
            ? 'windows'
            : layout.projectDir === undefined && !isRemoteBuildContext(image.context)
              ? 'not-in-repository'
              : undefined;
    return { parameter, image, users, services, ...(notBuilt ? { notBuilt } : {}) };
  });
}

/** A YAML double-quoted scalar GitHub prints as `text`: JSON's escapes, and `${{` kept literal. */
function literal(text: string): string {
  return JSON.stringify(text).replace(/\$\{\{/g, "${{ '${{' }}");
}

/** A repository name ECR accepts (`[a-z0-9]+([._-][a-z0-9]+)*`, `/` between parts), from the app's and the image parameter's names. */
export function repositoryName(app: Application, parameter: string): string {
  const part = (s: string) =>
    s
      .toLowerCase()
      .replace(/[^a-z0-9._-]+/g, '-')
      .replace(/[._-]{2,}/g, '-')
      .replace(/^[._-]+|[._-]+$/g, '');
  const image = parameter.replace(/Image$/, '').replace(/([a-z0-9])([A-Z])/g, '$1-$2');
  return `${part(app.name) || 'app'}/${part(image) || 'image'}`.slice(0, 256);
}

/** A path of the repository, from one relative to the project folder (Compose's context, dockerfile). */
function inRepository(projectDir: string, rel: string): string {
  const joined = path.posix.normalize(path.posix.join(projectDir, rel));
  return joined === '' ? '.' : joined;
}

export async function emitGithubWorkflow(app: Application, options: EmitOptions): Promise<EmittedFile[]> {
  const layout = options.repository ?? DEFAULT_LAYOUT;
  const { file, facts } = templateFile(app, options);
  const images = workflowImages(app, options);
  const out = layout.outputDir === '.' ? '' : `${layout.outputDir}/`;
  const script = `${out}cloudformation/release.sh`;
  const builds = images
    .filter((i) => i.notBuilt === undefined && i.image.kind === 'build')
    .map((i, n) => {
      const image = i.image as Extract<ImageSource, { kind: 'build' }>;
      const remote = isRemoteBuildContext(image.context);
      const context = remote ? image.context : inRepository(layout.projectDir ?? '.', image.context);
      // Compose reads `dockerfile` relative to the context; `docker build --file` from the
      // working folder (for a remote context, from the context's root).
      const dockerfile = image.dockerfile === undefined ? undefined : remote || path.posix.isAbsolute(image.dockerfile) ? image.dockerfile : inRepository(context, image.dockerfile);
      const arm = i.services.some((s) => s.task.runtimePlatform?.cpuArchitecture === 'ARM64');
      const x86 = i.services.some((s) => s.task.runtimePlatform?.cpuArchitecture !== 'ARM64');
      const platform = [...(x86 ? ['linux/amd64'] : []), ...(arm ? ['linux/arm64'] : [])].join(',');
      const args = Object.entries(image.args).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      const env = [
        { name: 'REPOSITORY', value: literal(repositoryName(app, i.parameter)) },
        { name: 'CONTEXT', value: literal(context) },
        ...(dockerfile !== undefined ? [{ name: 'DOCKERFILE', value: literal(dockerfile) }] : []),
        ...(image.target !== undefined ? [{ name: 'TARGET', value: literal(image.target) }] : []),
        { name: 'PLATFORM', value: literal(platform) },
        ...args.map(([k, v], a) => ({ name: `BUILD_ARG_${a + 1}`, value: literal(`${k}=${v}`) })),
      ];
      const buildOptions = [
        '--platform "$PLATFORM"',
        ...(dockerfile !== undefined ? ['--file "$DOCKERFILE"'] : []),
        ...(image.target !== undefined ? ['--target "$TARGET"'] : []),
        ...args.map((_, a) => `--build-arg "$BUILD_ARG_${a + 1}"`),
      ];
      return {
        id: `build_${n + 1}`,
        output: `BUILT_${n + 1}`,
        parameter: i.parameter,
        title: literal(`Build and push ${i.parameter} (${i.users.join(', ')})`),
        usersText: commentSafe(i.users.join(', ')),
        env,
        buildOptions: buildOptions.join(' '),
        arm,
      };
    });
  const named = images.filter((i) => i.notBuilt !== undefined).map((i) => i.parameter);
  const jobs = facts.jobOutputs.filter((j) => j.beforeDeploy);
  const view = {
    header: commentSafe(`Generated by ecsify ${options.version} from ${options.inputLabel}; edits are lost when it is generated again.`),
    app: commentSafe(app.name),
    name: literal(`Release ${app.name} to Amazon ECS`),
    jobName: literal(`Release ${app.name}`),
    outputDir: commentSafe(layout.outputDir),
    templatePath: commentSafe(`${out}${file.path}`),
    script: literal(script),
    scriptText: commentSafe(script),
    branch: literal(layout.branch),
    branchText: commentSafe(layout.branch),
    builds,
    buildList: commentSafe(andList(builds.map((b) => b.parameter))),
    arm: builds.some((b) => b.arm),
    jobs: jobs.length > 0,
    manyJobs: jobs.length > 1,
    jobsText: commentSafe(andList(jobs.map((j) => j.name))),
    // The image parameters a run by hand may set: every one (a built image too, to roll back).
    parameters: images.length > 0,
    defaultAction: images.length > 0 ? 'release' : 'start',
    parameterList: commentSafe(andList(images.map((i) => i.parameter))),
    namedList: commentSafe(andList(named)),
    named: named.length > 0,
    manyNamed: named.length > 1,
    imagesDescription: literal(
      `Images to release, as PARAMETER=URI separated by spaces (${images.map((i) => i.parameter).join(', ')}); each with a tag of its own.` +
        (builds.length > 0 ? ' One named here is released instead of the one built from this commit.' : ''),
    ),
    actions: ACTIONS,
    needsBucket: byteLength(file) > MAX_INLINE_TEMPLATE_BYTES,
    repositories: commentSafe(andList(builds.map((b) => repositoryName(app, b.parameter)))),
  };
  return [{ path: workflowPath(app), contents: await renderTemplate('ci/github-workflow.yml.hbs', view) }];
}
