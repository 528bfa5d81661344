/**
 * Where the container's image comes from: `image` (a registry reference), or `build` (the build
 * context is kept, relative to the project folder; the image URI becomes a deployment parameter,
 * which the `image/build-only` lint reports). With both, the image reference is used and the
 * build is reported (`compose/build-image-needed`): the IR keeps only where ECS pulls from.
 * Build arguments go through the secret classifier: a secret value is dropped and reported, never
 * kept. Also `pull_policy` and the version 1 `dockerfile` key.
 */
import path from 'node:path';
import { isRemoteBuildContext } from '../../ir/build-context.js';
import type { ImageSource } from '../../ir/types.js';
import { classifySecret } from '../../secrets/classify.js';
import { isMap, type YNode } from '../../yaml/node.js';
import { approximated, at, entries, invalid, originOf, readKeyValues, readString, report, svc, type At, type Entry, type ServiceContext } from './to-ir-context.js';

/** The image source, or undefined (after an error) when the service has neither image nor build. */
export function mapImage(ctx: ServiceContext): ImageSource | undefined {
  const imagePair = ctx.keys.get('image');
  const buildPair = ctx.keys.get('build');
  const legacyDockerfile = ctx.keys.get('dockerfile');
  let image: string | undefined;
  if (imagePair) {
    image = readString(ctx, imagePair.value, imagePair, `${svc(ctx)}'s image`);
    if (image === '') image = undefined;
  }
  const pull = ctx.keys.get('pull_policy');
  if (pull) {
    const policy = readString(ctx, pull.value, pull, `${svc(ctx)}'s pull_policy`);
    if (policy !== undefined) {
      approximated(ctx, pull, `${svc(ctx)}'s pull_policy \`${policy}\` has no ECS counterpart: ECS pulls the image from its registry whenever a task starts.`, policy === 'never' || policy === 'build' ? 'Push the image to a registry (e.g. Amazon ECR) that the task can pull from.' : undefined);
    }
  }
  let build: Extract<ImageSource, { kind: 'build' }> | undefined;
  if (buildPair) build = readBuild(ctx, buildPair.value, buildPair);
  if (legacyDockerfile) {
    report(ctx, 'compose/legacy-key', legacyDockerfile, `${svc(ctx)} uses \`dockerfile\` from the version 1 format; ecsify reads it as \`build.dockerfile\`.`, { hint: 'Write `build: {context: ., dockerfile: ...}` instead.' });
    const file = readString(ctx, legacyDockerfile.value, legacyDockerfile, `${svc(ctx)}'s dockerfile`);
    if (build && file && build.dockerfile === undefined) build.dockerfile = file;
  }
  if (image !== undefined) {
    if (build) {
      report(ctx, 'compose/build-image-needed', buildPair, `${svc(ctx)} is built locally and tagged \`${image}\`; ECS pulls \`${image}\` from its registry, so it must be pushed there first.`, {
        hint: 'Build and push the image in your pipeline (e.g. to Amazon ECR), and use the full registry URI in `image`.',
      });
    }
    return { kind: 'ref', ref: image, origin: originOf(imagePair as Entry) };
  }
  // A build-only service keeps its build in the IR; the image lint says its URI is a parameter.
  if (build) return build;
  invalid(ctx, at(ctx.node, ctx.path), `${svc(ctx)} has neither \`image\` nor \`build\`, which Compose refuses.`, 'Add `image: <registry/name:tag>`, or `build: <folder with a Dockerfile>`.');
  return undefined;
}

/** Build options that only affect how the image is built; they are not kept in the IR. */
const BUILD_ONLY = new Set([
  'ssh',
  'cache_from',
  'cache_to',
  'labels',
  'network',
  'shm_size',
  'extra_hosts',
  'secrets',
  'tags',
  'platforms',
  'privileged',
  'pull',
  'no_cache',
  'no_cache_filter',
  'additional_contexts',
  'isolation',
  'entitlements',
  'provenance',
  'sbom',
  'ulimits',
]);

function readBuild(ctx: ServiceContext, node: YNode, place: Entry): Extract<ImageSource, { kind: 'build' }> | undefined {
  const p = place.path;
  const map = isMap(node) ? node : undefined;
  const out: Extract<ImageSource, { kind: 'build' }> = { kind: 'build', context: '.', args: {}, origin: originOf(at(node, p)) };
  if (!map) {
    const context = readString(ctx, node, p, `${svc(ctx)}'s build`);
    if (context === undefined) return undefined;
    out.context = normaliseContext(ctx, context);
    return out;
  }
  const buildOnly: string[] = [];
  let firstBuildOnly: At | undefined;
  for (const e of entries(map, p)) {
    const where: At = e;
    switch (e.key) {
      case 'context': {
        const v = readString(ctx, e.value, e, `${svc(ctx)}'s build context`);
        if (v !== undefined && v !== '') out.context = normaliseContext(ctx, v);
        break;
      }
      case 'dockerfile': {
        const v = readString(ctx, e.value, e, `${svc(ctx)}'s build dockerfile`);
        if (v) out.dockerfile = v;
        break;
      }
      case 'target': {
        const v = readString(ctx, e.value, e, `${svc(ctx)}'s build target`);
        if (v) out.target = v;
        break;
      }
      case 'args':
        for (const kv of readKeyValues(ctx, e.value, e, 'build args')) {
          const value = kv.value ?? ctx.model.env[kv.key];
          if (value === undefined) continue; // Compose drops an unset bare build arg.
          const verdict = classifySecret(kv.key, value, ctx.collector.policy);
          if (verdict.secret) {
            ctx.reporter.redact(value);
            report(ctx, 'secrets/plaintext-value', kv.where, `Build argument ${kv.key} of ${svc(ctx)} holds a secret in plain text (${verdict.why}); it is left out of the output.`, {
              hint: 'Pass secrets to the build as build secrets (`build.secrets`, `RUN --mount=type=secret`), not as arguments: arguments stay in the image history.',
            });
            continue;
          }
          out.args[kv.key] = value;
        }
        break;
      case 'dockerfile_inline':
        report(ctx, 'compose/unsupported-key', where, `${svc(ctx)}'s inline Dockerfile is not kept.`, { hint: 'Write it to a Dockerfile in the build context so your pipeline can build it.' });
        break;
      default:
        if (BUILD_ONLY.has(e.key)) {
          buildOnly.push(e.key);
          firstBuildOnly ??= where;
        } else if (!e.key.startsWith('x-')) {
          invalid(ctx, where, `${svc(ctx)}'s build has an unknown key \`${e.key}\`.`, 'build takes context, dockerfile, args, target and the other Compose build options.');
        }
    }
  }
  if (firstBuildOnly) {
    approximated(ctx, firstBuildOnly, `${svc(ctx)}'s build options ${buildOnly.map((k) => `\`${k}\``).join(', ')} only matter when the image is built; ecsify keeps the context, dockerfile, target and args.`, 'Pass these options to the image build in your pipeline.');
  }
  return out;
}

/** Local contexts relative to the project folder (`/`-separated); remote ones as written. */
function normaliseContext(ctx: ServiceContext, context: string): string {
  if (isRemoteBuildContext(context)) return context;
  const rel = path.relative(ctx.model.projectDir, path.resolve(ctx.model.projectDir, context)).split(path.sep).join('/');
  return rel === '' ? '.' : rel;
}

