/**
 * Finds where an environment value names a host (`postgres://app@db:5432/app`, `redis:6379`,
 * `DB_HOST=db`) so the exclude pass can replace excluded services' names with an endpoint
 * parameter (and the dependencies pass can tell which services a service calls). Only host
 * positions count: `POSTGRES_DB=db` (a database called `db`) stays.
 */
import type { Service } from '../../ir/types.js';

export interface EndpointTemplate {
  /** CloudFormation `Fn::Sub` text: `${Param}` placeholders, literal `${` written as `${!`. */
  template: string;
  /** Parameters used, in order of first use. */
  parameters: string[];
}

/** Words in a variable name that say its value is a host or an address. */
const HOST_WORDS = /(^|_)(HOST|HOSTS|HOSTNAME|SERVER|SERVERS|ADDR|ADDRESS|ENDPOINT|ENDPOINTS|URL|URLS|URI|DSN|BROKER|BROKERS|NODES|SEEDS|SERVICE)(_|$)/;

/** A URL's host. The scheme starts where no scheme character precedes it (linear on long values). */
const URL_HOST = /(?<![A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]*:\/\/(?:[^@/\s?#]*@)?([A-Za-z0-9_.-]+)/g;
/** A bare `host`, `host:port` or `host:port/path` item of a comma/space separated list. */
const BARE_ITEM = /(^|[\s,;])([A-Za-z0-9_.-]+)(?=(:\d{1,5})?(?:\/|$|[\s,;]))/g;

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

/** Where a value names one of `hosts`: the host's target, and the port written after it or implied by the URL's scheme. */
export interface HostUse {
  target: string;
  /** `:6379` after the host, else the scheme's port (`redis://cache/0`), else undefined. */
  port?: number;
}

/**
 * The hosts of `hosts` (lower-case names → targets) that `value` names, found as
 * `templateEndpoints` finds them (URL hosts; `host:port` items; bare names in host-like
 * variables), each with its port when the value gives one.
 */
export function hostUses(varName: string, value: string, hosts: ReadonlyMap<string, string>, schemePorts: ReadonlyMap<string, number>): HostUse[] {
  const uses: HostUse[] = [];
  const spans: [number, number][] = [];
  for (const m of value.matchAll(URL_HOST)) {
    const host = m[1] as string;
    const target = hosts.get(host.toLowerCase());
    if (!target) continue;
    const end = (m.index as number) + m[0].length;
    spans.push([end - host.length, end]);
    const written = /^:(\d{1,5})(?![\d])/.exec(value.slice(end, end + 7));
    const scheme = m[0].slice(0, m[0].indexOf('://')).toLowerCase();
    const port = written ? Number(written[1]) : schemePorts.get(scheme);
    uses.push(port !== undefined && port > 0 && port < 65536 ? { target, port } : { target });
  }
  const hostish = HOST_WORDS.test(varName.toUpperCase().replace(/[^A-Z0-9]+/g, '_'));
  for (const m of value.matchAll(BARE_ITEM)) {
    const host = m[2] as string;
    const target = hosts.get(host.toLowerCase());
    if (!target) continue;
    if (m[3] === undefined && !hostish) continue;
    const start = (m.index as number) + (m[1] as string).length;
    if (spans.some(([a, b]) => start < b && start + host.length > a)) continue;
    const port = m[3] === undefined ? undefined : Number(m[3].slice(1));
    uses.push(port !== undefined && port > 0 && port < 65536 ? { target, port } : { target });
  }
  return uses;
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
