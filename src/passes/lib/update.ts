/**
 * Copy-on-write helpers for passes: a pass never mutates its input, and returns the very same
 * object when nothing changed (so `--debug` and tests can tell which passes did something).
 */
import type { Application, Container, Service } from '../../ir/types.js';

/** Applies `fn` to every service; returns `app` itself when every service came back unchanged. */
export function updateServices(app: Application, fn: (service: Service, index: number) => Service): Application {
  let changed = false;
  const services = app.services.map((s, i) => {
    const next = fn(s, i);
    if (next !== s) changed = true;
    return next;
  });
  return changed ? { ...app, services } : app;
}

/** Applies `fn` to every container of a service's task; returns `service` itself when unchanged. */
export function updateContainers(service: Service, fn: (container: Container, index: number) => Container): Service {
  let changed = false;
  const containers = service.task.containers.map((c, i) => {
    const next = fn(c, i);
    if (next !== c) changed = true;
    return next;
  });
  return changed ? { ...service, task: { ...service.task, containers } } : service;
}

/** `a < b` ordering for strings, for stable sorts. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
