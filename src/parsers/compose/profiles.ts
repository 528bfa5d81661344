/**
 * Profiles (compose.md §9.10): a service that lists `profiles` is off unless one of them is
 * active (`--profile`, else `COMPOSE_PROFILES`; `*` turns every profile on). Services that are
 * off are removed from the model; an enabled service that needs one of them is an error, as in
 * Docker Compose.
 */
import type { Reporter } from '../../diagnostics/context.js';
import { get, nodeOrigin, type YMap, type YNode, type YPair } from '../../yaml/node.js';
import { mapAt, withEntry } from './nodes.js';

export interface ProfilesResult {
  root: YMap;
  /** Names of the services switched off, sorted. */
  disabled: string[];
  /** The services switched off, as written (in file order). */
  off: YPair[];
}

function profilesOf(service: YNode): string[] {
  const p = get(service, 'profiles');
  if (!p || p.kind !== 'seq') return [];
  return p.items.flatMap((i) => (i.kind === 'scalar' && i.type === 'str' ? [i.value as string] : []));
}

/** Removes the services whose profiles are all inactive. */
export function applyProfiles(root: YMap, active: readonly string[], reporter: Reporter): ProfilesResult {
  const services = get(root, 'services');
  if (!services || services.kind !== 'map') return { root, disabled: [], off: [] };
  const all = active.includes('*');
  const on = (s: YPair): boolean => {
    const p = profilesOf(s.value);
    return p.length === 0 || all || p.some((x) => active.includes(x));
  };
  const kept: YPair[] = [];
  const off: YPair[] = [];
  for (const s of services.entries) (on(s) ? kept : off).push(s);
  if (off.length === 0) return { root, disabled: [], off };
  const disabled = new Set(off.map((s) => s.key));
  for (const s of off) {
    reporter.report(
      'compose/profile-disabled',
      `Service ${s.key} is left out: it belongs to ${plural(profilesOf(s.value))} and ${active.length === 0 ? 'no profile is active' : `the active profiles are ${active.join(', ')}`}.`,
      {
        origin: nodeOrigin(s, `services.${s.key}`),
        hint: `Pass --profile ${profilesOf(s.value)[0] ?? 'NAME'} (or set COMPOSE_PROFILES) to include it.`,
      },
    );
  }
  for (const s of kept) {
    for (const [dep, pair, required] of dependencies(s.value)) {
      if (!disabled.has(dep) || !required) continue;
      reporter.report('compose/profile-disabled-dependency', `Service ${s.key} depends on ${dep}, which is left out by the active profiles.`, {
        origin: nodeOrigin(pair, `services.${s.key}.depends_on.${dep}`),
        hint: `Activate a profile of ${dep} (--profile), give ${s.key} and ${dep} a common profile, or mark the dependency \`required: false\`.`,
      });
    }
  }
  return { root: withEntry(root, 'services', mapAt(services, kept)), disabled: [...disabled].sort(), off };
}

function plural(profiles: string[]): string {
  return profiles.length === 1 ? `profile ${profiles[0]}` : `profiles ${profiles.join(', ')}`;
}

/** `depends_on` entries: service name, where written, and whether it is required. */
function dependencies(service: YNode): [string, YPair | YNode, boolean][] {
  const d = get(service, 'depends_on');
  if (!d) return [];
  if (d.kind === 'seq') return d.items.flatMap((i) => (i.kind === 'scalar' && i.type === 'str' ? [[i.value as string, i, true] as [string, YNode, boolean]] : []));
  if (d.kind !== 'map') return [];
  return d.entries.map((e) => {
    const r = get(e.value, 'required');
    return [e.key, e, !(r && r.kind === 'scalar' && r.value === false)];
  });
}
