/**
 * Host directories that Dockerrun files mount. On EB they were directories of the EC2 instance;
 * those under /var/app/current are the unpacked source bundle itself. The IR keeps them as host
 * volumes (the launch-type checks decide what that means on Fargate); this module says what they
 * were on EB and what to do instead.
 */
import { ecsName } from '../../ir/create.js';
import type { Origin, Service } from '../../ir/types.js';
import type { EbContext } from './common.js';

const BUNDLE_ROOT = '/var/app/current';

/** Reports what a host path was on EB (bundle files, EFS mount, instance data). */
export function reportHostVolume(ctx: EbContext, hostPath: string, origin: Origin | undefined, label: string): void {
  const clean = hostPath.replace(/\/+$/, '') || '/';
  if (clean === BUNDLE_ROOT || clean.startsWith(`${BUNDLE_ROOT}/`)) {
    const inBundle = clean === BUNDLE_ROOT ? '' : clean.slice(BUNDLE_ROOT.length + 1);
    const present = inBundle === '' || ctx.bundle.kindOf(inBundle) !== undefined;
    ctx.reporter.report('eb/host-volume', `${label} mounts ${clean}, which is ${inBundle ? `the bundle's \`${inBundle}\`` : 'the whole source bundle'} on the EB instance.`, {
      origin,
      hint: `COPY ${inBundle || '.'} into the image in the Dockerfile and remove the volume; nothing outside the image is there on ECS.`,
      ...(present || !inBundle ? {} : { notes: [`\`${inBundle}\` is not in this bundle, so it was probably created on the instance during deployment.`] }),
    });
    return;
  }
  const efs = /^\/(mnt|efs)\b/.test(clean);
  ctx.reporter.report('eb/host-volume', `${label} mounts the instance directory ${clean}.`, {
    origin,
    hint: efs
      ? 'It looks like a file system mounted on the instance (EFS): declare it as an EFS volume of the task instead.'
      : 'Use an EFS volume for data that must persist or be shared, or task storage for scratch files.',
  });
}

/** Adds (or reuses) a host volume for `hostPath` on the service's task and returns its name. */
export function hostVolume(ctx: EbContext, service: Service, hostPath: string, origin: Origin | undefined, label: string): string {
  const existing = service.task.volumes.find((v) => v.source.kind === 'host' && v.source.path === hostPath);
  if (existing) return existing.name;
  let name = ecsName(hostPath.replace(/^\/+/, '')) || 'host';
  let n = 2;
  while (service.task.volumes.some((v) => v.name === name)) name = `${ecsName(hostPath)}-${n++}`;
  service.task.volumes.push({ name, source: { kind: 'host', path: hostPath }, ...(origin ? { origin } : {}) });
  reportHostVolume(ctx, hostPath, origin, label);
  return name;
}
