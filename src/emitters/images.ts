/**
 * Images that exist only at deploy time (built from source, or built for an EB platform) are
 * parameters. Containers built from the same source share one parameter — a Procfile app's
 * processes all run the same image — named after the first service (in app order) that uses it.
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
  const groups = new Map<string, ImageGroup>();
  for (const service of app.services) {
    for (const container of service.task.containers) {
      const key = imageKey(container.image);
      if (key === undefined) continue;
      const g = groups.get(key) ?? { image: container.image, users: [] };
      g.users.push({ service, container });
      groups.set(key, g);
    }
  }
  return groups;
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
