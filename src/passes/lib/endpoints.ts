/**
 * Finds where an environment value names a host (`postgres://app@db:5432/app`, `redis:6379`,
 * `DB_HOST=db`, `Server=db,1433;…`) so the exclude pass can replace excluded services' names with
 * an endpoint parameter (and the dependencies pass can tell which services a service calls). Only host
 * positions count: `POSTGRES_DB=db` (a database called `db`) stays.
 */
import type { Service } from '../../ir/types.js';
import { BARE_ITEM, HOST_WORDS, KEYWORD_HOST, keywordHostSpan, URL_HOST } from '../../util/host-uses.js';

export interface EndpointTemplate {
  /** CloudFormation `Fn::Sub` text: `${Param}` placeholders, literal `${` written as `${!`. */
  template: string;
  /** Parameters used, in order of first use. */
  parameters: string[];
}

interface Hit {
  start: number;
  end: number;
  parameter: string;
}

function escapeSub(literal: string): string {
  return literal.split('${').join('${!');
}

/**
 * Rewrites `value` so every host that is a key of `hosts` (lower-case) becomes `${parameter}`.
 * Returns undefined when the value names none of them.
 */
export function templateEndpoints(varName: string, value: string, hosts: ReadonlyMap<string, string>): EndpointTemplate | undefined {
  const hits: Hit[] = [];
  const taken = (start: number, end: number) => hits.some((h) => start < h.end && end > h.start);
  for (const m of value.matchAll(URL_HOST)) {
    const host = m[1] as string;
    const parameter = hosts.get(host.toLowerCase());
    if (!parameter) continue;
    const end = (m.index as number) + m[0].length;
    hits.push({ start: end - host.length, end, parameter });
  }
  const hostish = HOST_WORDS.test(varName.toUpperCase().replace(/[^A-Z0-9]+/g, '_'));
  for (const m of value.matchAll(BARE_ITEM)) {
    const host = m[2] as string;
    const parameter = hosts.get(host.toLowerCase());
    if (!parameter) continue;
    // A bare name alone is only a host when the variable says so; `name:port` always is.
    if (m[3] === undefined && !hostish) continue;
    const start = (m.index as number) + (m[1] as string).length;
    const end = start + host.length;
    if (!taken(start, end)) hits.push({ start, end, parameter });
  }
  if (value.includes('=')) {
    for (const m of value.matchAll(KEYWORD_HOST)) {
      const parameter = hosts.get((m[2] as string).toLowerCase());
      if (!parameter) continue;
      const [start, end] = keywordHostSpan(m);
      if (!taken(start, end)) hits.push({ start, end, parameter });
    }
  }
  if (hits.length === 0) return undefined;
  hits.sort((a, b) => a.start - b.start);
  let template = '';
  let at = 0;
  const parameters: string[] = [];
  for (const h of hits) {
    template += escapeSub(value.slice(at, h.start)) + '${' + h.parameter + '}';
    if (!parameters.includes(h.parameter)) parameters.push(h.parameter);
    at = h.end;
  }
  template += escapeSub(value.slice(at));
  return { template, parameters };
}

/** The names other services may reach a service by: its name, discovery names, container names. */
export function hostNamesOf(s: Service): string[] {
  // Pushed rather than spread: spreads iterate (an allocation per item) in the interpreter.
  const names = [s.name];
  if (s.discoveryName) names.push(s.discoveryName);
  const aliases = s.discoveryAliases;
  if (aliases) for (let i = 0; i < aliases.length; i++) names.push(aliases[i] as string);
  const containers = s.task.containers;
  for (let i = 0; i < containers.length; i++) names.push((containers[i] as Service['task']['containers'][number]).name);
  return names;
}

/** `my-db` → `MyDbHost`: a CloudFormation parameter name (alphanumeric), as the Compose front end names them. */
export function endpointParameterName(serviceName: string, taken: ReadonlySet<string>): string {
  const pascal = serviceName
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
  let base = `${pascal || 'Service'}Host`;
  if (/^[0-9]/.test(base)) base = `Service${base}`;
  let name = base;
  for (let i = 2; taken.has(name); i++) name = `${base}${i}`;
  return name;
}

/** Lower-case host name → the name as written, over every name of every service (`hostNamesOf`), for `EnvVar.hosts`. */
export function serviceHosts(services: readonly Service[]): Map<string, string> {
  const hosts = new Map<string, string>();
  for (const s of services) for (const n of hostNamesOf(s)) if (!hosts.has(n.toLowerCase())) hosts.set(n.toLowerCase(), n);
  return hosts;
}
