/**
 * Copy-on-write helpers for passes: a pass never mutates its input, and returns the very same
 * object when nothing changed (so `--debug` and tests can tell which passes did something).
 */
import type { Application, Container, Secret, Service } from '../../ir/types.js';

/** Applies `fn` to every service; returns `app` itself when every service came back unchanged. */
export function updateServices(app: Application, fn: (service: Service, index: number) => Service): Application {
  const services = updateList(app.services, fn);
  return services === app.services ? app : { ...app, services };
}

/** Applies `fn` to every container of a service's task; returns `service` itself when unchanged. */
export function updateContainers(service: Service, fn: (container: Container, index: number) => Container): Service {
  const containers = updateList(service.task.containers, fn);
  return containers === service.task.containers ? service : { ...service, task: { ...service.task, containers } };
}

/**
 * `list.map(fn)`, or `list` itself when `fn` returns every item unchanged. The copy starts at
 * the first change: most passes change few services, and they all run on every service.
 */
function updateList<T>(list: T[], fn: (item: T, index: number) => T): T[] {
  let out: T[] | undefined;
  for (let i = 0; i < list.length; i++) {
    const item = list[i] as T;
    const next = fn(item, i);
    if (out) out.push(next);
    else if (next !== item) {
      out = list.slice(0, i);
      out.push(next);
    }
  }
  return out ?? list;
}

/** `a < b` ordering for strings, for stable sorts. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `app` with the secrets of `found` it does not define yet, the list kept sorted by name. */
export function withAddedSecrets(app: Application, found: readonly Secret[]): Application {
  const known = new Set(app.secrets.map((s) => s.name));
  const added = found.filter((s) => !known.has(s.name));
  if (added.length === 0) return app;
  return { ...app, secrets: [...app.secrets, ...added].sort((a, b) => compareStrings(a.name, b.name)) };
}
