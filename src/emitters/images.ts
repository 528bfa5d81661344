/**
 * Images that exist only at deploy time (built from source, or built for an EB platform) are
 * parameters. Containers built from the same source share one parameter — a Procfile app's
 * processes all run the same image — named after the first service (in app order) that uses it.
 * In the stack, the app's own released images are parameters too (`releaseImageGroups`).
 */
import type { Application, Container, ImageSource, Service } from '../ir/types.js';

export interface ImageGroup {
  image: ImageSource;
  users: { service: Service; container: Container }[];
}

/** Identity of a deploy-time image; undefined for a fixed image reference. */
export function imageKey(image: ImageSource): string | undefined {
  switch (image.kind) {
    case 'ref':
      return undefined;
    case 'build':
      return JSON.stringify([
        'build',
        image.context,
        image.dockerfile ?? '',
        image.target ?? '',
        Object.entries(image.args).sort(([a], [b]) => (a < b ? -1 : 1)),
      ]);
    case 'platform':
      return JSON.stringify(['platform', image.platform]);
  }
}

/** Deploy-time images by key, in the order services and containers appear. */
export function imageGroups(app: Application): Map<string, ImageGroup> {
  return groupContainers(app, (container) => imageKey(container.image));
}

/** The containers of `app` by `keyOf` (none for undefined), in the order services and containers appear. */
function groupContainers(app: Application, keyOf: (container: Container) => string | undefined): Map<string, ImageGroup> {
  const groups = new Map<string, ImageGroup>();
  for (const service of app.services) {
    for (const container of service.task.containers) {
      const key = keyOf(container);
      if (key === undefined) continue;
      const g = groups.get(key) ?? { image: container.image, users: [] };
      g.users.push({ service, container });
      groups.set(key, g);
    }
  }
  return groups;
}

/**
 * A private ECR repository (`123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:tag`, also FIPS,
 * China and dual-stack endpoints): an image of the app's own account, not a public one.
 */
const PRIVATE_ECR = /^\d{12}\.dkr[.-]ecr(?:-fips)?\.[a-z0-9-]+\.(?:amazonaws\.com(?:\.cn)?|on\.aws)\//;

/**
 * The containers of one-off tasks' task definitions: every container of a service of role
 * `job`, and of each service whose task definition a job runs (EB leader-only commands, a
 * Procfile `release`).
 */
export function jobContainers(app: Application): Set<Container> {
  const used = new Set(app.jobs.map((j) => j.service));
  const out = new Set<Container>();
  for (const s of app.services) if (s.role === 'job' || used.has(s.name)) for (const c of s.task.containers) out.add(c);
  return out;
}

/**
 * The app's own released images, by reference, with every container that runs each (in the
 * order services and containers appear): a new version of them is deployed from CI. An image is
 * the app's own when a container runs it from a private ECR repository, pulls it with registry
 * credentials, or runs a one-off task's command in it (a migration runs the app's code). Such
 * an image becomes a stack parameter, so a later version is a parameter override rather than an
 * edit of the template; other images (`redis:7`) stay fixed references.
 */
export function releaseImageGroups(app: Application): Map<string, ImageGroup> {
  // The container each job runs its command in (not the sidecars of its task).
  const runners = new Set(app.jobs.map((j) => `${j.service}\u0000${j.container}`));
  const own = new Set<string>();
  for (const service of app.services) {
    for (const c of service.task.containers) {
      if (c.image.kind !== 'ref') continue;
      if (c.repositoryCredentials !== undefined || PRIVATE_ECR.test(c.image.ref) || runners.has(`${service.name}\u0000${c.name}`)) own.add(c.image.ref);
    }
  }
  if (own.size === 0) return new Map();
  return groupContainers(app, (c) => (c.image.kind === 'ref' && own.has(c.image.ref) ? c.image.ref : undefined));
}

/**
 * The first user of a container's image group: the one the parameter is named after. `groups`
 * is `imageGroups(app)`, computed once by the caller: it is asked for every container, and
 * recomputing the groups each time made an app whose 1000 services build their images take
 * seconds (a million image keys).
 */
export function imageOwner(groups: ReadonlyMap<string, ImageGroup>, container: Container): { service: Service; container: Container } | undefined {
  const key = imageKey(container.image);
  return key === undefined ? undefined : groups.get(key)?.users[0];
}
