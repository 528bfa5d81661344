/**
 * Services left out of the deployment (`--exclude`, `x-ecsify.exclude`), typically data stores
 * that move to a managed AWS service.
 *
 * - A service named in `settings.exclude` that a front end did not already leave out is removed
 *   here and becomes an `app.excluded` entry with an endpoint parameter (the Compose front end
 *   excludes at parse time; others may not).
 * - For every excluded service (whoever excluded it), environment values of the remaining
 *   services that name it as a host become templates using its parameter, `calls` to it are
 *   dropped, and secrets only it used are dropped.
 */
import type { Container, EnvVar, ExcludedService, Service } from '../ir/types.js';
import type { Reporter } from '../diagnostics/context.js';
import { hostNamesOf } from '../util/host-uses.js';
import { endpointParameterName, templateEndpoints } from './lib/endpoints.js';
import { statefulKind } from './lib/images.js';
import { updateContainers, updateServices } from './lib/update.js';
import type { Pass } from './pass.js';

export const exclude: Pass = {
  name: 'exclude',
  run(app, ctx) {
    const wanted = new Set(app.settings.exclude);
    const known = new Set([...app.services.map((s) => s.name), ...app.excluded.map((e) => e.name)]);
    for (const name of [...wanted].sort()) {
      if (known.has(name)) continue;
      const names = app.services.map((s) => s.name).join(', ');
      ctx.reporter.report('services/unknown-exclude', `Excluded service ${name} does not exist.`, {
        hint: names ? `The services are: ${names}.` : 'The input has no services.',
      });
    }
    const leaving = app.services.filter((s) => wanted.has(s.name));
    if (leaving.length === 0 && app.excluded.length === 0) return app;

    const taken = new Set(app.excluded.map((e) => e.parameter));
    const added: ExcludedService[] = leaving.map((s) => {
      const parameter = endpointParameterName(s.name, taken);
      taken.add(parameter);
      const entry: ExcludedService = { name: s.name, parameter };
      const image = s.task.containers.find((c) => c.image.kind === 'ref')?.image;
      if (image?.kind === 'ref') {
        entry.image = image.ref;
        const kind = statefulKind(image.ref);
        if (kind) entry.alternative = kind.alternative;
      }
      if (s.origin) entry.origin = s.origin;
      return entry;
    });
    const excluded = [...app.excluded, ...added];

    /** Host names (lower-case) that reached an excluded service → its parameter. */
    const hosts = new Map<string, string>();
    for (const e of app.excluded) if (!hosts.has(e.name.toLowerCase())) hosts.set(e.name.toLowerCase(), e.parameter);
    for (const s of leaving) {
      const parameter = added.find((e) => e.name === s.name)?.parameter as string;
      for (const h of hostNamesOf(s)) {
        if (!hosts.has(h.toLowerCase())) hosts.set(h.toLowerCase(), parameter);
      }
    }
    const byParameter = new Map(excluded.map((e) => [e.parameter, e.name]));
    const gone = new Set(excluded.map((e) => e.name));

    const remaining = leaving.length > 0 ? { ...app, services: app.services.filter((s) => !wanted.has(s.name)) } : app;
    const next = updateServices(remaining, (service) => {
      let s = updateContainers(service, (c) => rewriteContainer(service, c, hosts, byParameter, ctx.reporter));
      const dropped = [...new Set([...s.calls, ...(s.waitsFor ?? []).map((w) => w.service)].filter((n) => gone.has(n)))];
      if (dropped.length > 0) {
        const secretVars = s.task.containers.flatMap((c) => c.environment.filter((e) => 'secret' in e).map((e) => e.name));
        if (secretVars.length > 0) {
          ctx.reporter.report(
            'services/endpoint-parameter',
            `Service ${s.name} calls the excluded ${dropped.join(', ')} and holds secrets (${[...new Set(secretVars)].sort().join(', ')}) whose values ecsify cannot see.`,
            { origin: s.origin, hint: `Update any stored secret value that names ${dropped.join(' or ')} to the new endpoint.` },
          );
        }
        if (s.calls.some((n) => gone.has(n))) s = { ...s, calls: s.calls.filter((n) => !gone.has(n)) };
      }
      return s;
    });
    // Said once the rewrite is done: the parameter exists only if some variable names the service.
    const usedParameters = new Set(next.services.flatMap((s) => s.task.containers.flatMap((c) => c.environment.flatMap((e) => ('parameters' in e ? e.parameters : [])))));
    for (const entry of added) {
      const used = usedParameters.has(entry.parameter);
      const parameter = entry.parameter;
      ctx.reporter.report(
        'services/excluded',
        used
          ? `Service ${entry.name} is excluded; its endpoint becomes the parameter ${parameter}.`
          : `Service ${entry.name} is excluded; no variable of the other services names it, so no endpoint parameter is needed.`,
        {
          origin: entry.origin,
          hint: entry.alternative
            ? `Create it in ${entry.alternative}${used ? ` and give its host name as ${parameter} when you deploy` : ' and give the services that use it its address'}.`
            : used
              ? `Give its host name as ${parameter} when you deploy.`
              : 'Give the services that use it its address (for example as a secret or a setting).',
        },
      );
    }
    if (leaving.length === 0) return next;

    // Secrets only the excluded services used are no longer needed.
    const used = secretsUsed(next.services);
    const leftBehind = new Set([...secretsUsed(leaving)].filter((n) => !used.has(n)));
    const secrets = leftBehind.size > 0 ? next.secrets.filter((s) => !leftBehind.has(s.name)) : next.secrets;
    return { ...next, secrets, excluded };
  },
};

function secretsUsed(services: readonly Service[]): Set<string> {
  const used = new Set<string>();
  for (const s of services) {
    for (const c of s.task.containers) {
      for (const e of c.environment) if ('secret' in e) used.add(e.secret.secret);
      for (const f of c.secretFiles ?? []) used.add(f.secret);
      if (c.repositoryCredentials) used.add(c.repositoryCredentials.secret);
    }
  }
  return used;
}

function rewriteContainer(
  service: Service,
  c: Container,
  hosts: ReadonlyMap<string, string>,
  byParameter: ReadonlyMap<string, string>,
  reporter: Reporter,
): Container {
  if (hosts.size === 0) return c;
  let changed = false;
  const environment = c.environment.map((e): EnvVar => {
    if (!('value' in e)) return e;
    const t = templateEndpoints(e.name, e.value, hosts);
    if (!t) return e;
    changed = true;
    const names = t.parameters.map((p) => byParameter.get(p) as string);
    reporter.report(
      'services/endpoint-parameter',
      `Variable ${e.name} of service ${service.name} names the excluded ${names.join(' and ')}; it now uses the parameter${t.parameters.length > 1 ? 's' : ''} ${t.parameters.join(', ')}.`,
      // The service as subject: a variable several services share (an anchor) is reported once.
      { origin: e.origin ?? c.origin, subject: service.name, hint: `Give ${t.parameters.join(', ')} the new host name when you deploy.` },
    );
    const out: EnvVar = { name: e.name, template: t.template, parameters: t.parameters };
    if (e.origin) out.origin = e.origin;
    return out;
  });
  return changed ? { ...c, environment } : c;
}
