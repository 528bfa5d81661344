/**
 * Where an environment value names a host (`postgres://app@db:5432/app`, `redis:6379`,
 * `DB_HOST=db`), and with which port: shared by the passes (calls between services, endpoints of
 * excluded services, ports of called services) and by secret classification, which keeps the
 * service names a secret's value uses as hosts (`EnvVar.hosts`) before the value is dropped.
 * Only host positions count: `POSTGRES_DB=db` (a database called `db`) is not a host.
 */
import type { SecretHost, Service } from '../ir/types.js';

/** Words in a variable name that say its value is a host or an address. */
const HOST_WORDS = /(^|_)(HOST|HOSTS|HOSTNAME|SERVER|SERVERS|ADDR|ADDRESS|ENDPOINT|ENDPOINTS|URL|URLS|URI|DSN|BROKER|BROKERS|NODES|SEEDS|SERVICE)(_|$)/;

/** A URL's host. The scheme starts where no scheme character precedes it (linear on long values). */
const URL_HOST = /(?<![A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]*:\/\/(?:[^@/\s?#]*@)?([A-Za-z0-9_.-]+)/g;
/** A bare `host`, `host:port` or `host:port/path` item of a comma/space separated list. */
const BARE_ITEM = /(^|[\s,;])([A-Za-z0-9_.-]+)(?=(:\d{1,5})?(?:\/|$|[\s,;]))/g;

/**
 * A host given by keyword in a connection string: `host=db` (libpq), `Server=db,1433` or
 * `Data Source=tcp:db,1433` (SQL Server). Its port follows it, or comes from a `port=` keyword.
 */
const KEYWORD_HOST = /(^|[\s;])(?:host|hostname|server|data source|addr|address)\s*=\s*(?:tcp:)?([A-Za-z0-9_.-]+)(?:[,:](\d{1,5}))?(?=$|[\s;])/gi;
const KEYWORD_PORT = /(?:^|[\s;])port\s*=\s*(\d{1,5})(?=$|[\s;])/i;

/** Where `KEYWORD_HOST` match `m` puts its host in the value (start and end offsets). */
function keywordHostSpan(m: RegExpMatchArray): [number, number] {
  const end = (m.index as number) + m[0].length - (m[3] === undefined ? 0 : m[3].length + 1);
  return [end - (m[2] as string).length, end];
}

/** The port a URL scheme implies when the URL names none (`redis://cache/0` → 6379). */
export const SCHEME_PORTS: ReadonlyMap<string, number> = new Map([
  ['amqp', 5672],
  ['amqps', 5671],
  ['http', 80],
  ['https', 443],
  ['memcached', 11211],
  ['mongodb', 27017],
  ['mysql', 3306],
  ['mysql2', 3306],
  ['nats', 4222],
  ['postgres', 5432],
  ['postgresql', 5432],
  ['redis', 6379],
  ['rediss', 6379],
  ['ws', 80],
  ['wss', 443],
]);

/** Where a value names one of `hosts`: the host's target, and the port written after it or implied by the URL's scheme. */
export interface HostUse {
  target: string;
  /** `:6379` after the host, else the scheme's port (`redis://cache/0`), else undefined. */
  port?: number;
}

/** Where `value` names one of `hosts`: the host's offsets in the value, its target, and its port (see `HostUse`). */
export interface HostSpan extends HostUse {
  start: number;
  end: number;
}

/**
 * Every place `value` names a host of `hosts` (lower-case names → targets), in the order the
 * patterns find them (not sorted): URL hosts; `host:port` items, and bare names when the variable
 * says it holds a host; `host=`/`Server=` keywords of connection strings. A place another pattern
 * already took is not taken twice. The one scan behind `hostUses` and the exclude pass's endpoint
 * templates, so both see the same hosts.
 */
export function hostSpans(varName: string, value: string, hosts: ReadonlyMap<string, string>): HostSpan[] {
  // Exec loops and module-level helpers rather than `matchAll` and closures: this runs for every
  // secret value and every variable the passes look at (thousands in a large project), mostly
  // before V8 optimises it, where each iterator, match result and closure is an allocation.
  const spans: HostSpan[] = [];
  let m: RegExpExecArray | null;
  URL_HOST.lastIndex = 0;
  while ((m = URL_HOST.exec(value)) !== null) {
    const host = m[1] as string;
    const target = hosts.get(host.toLowerCase());
    if (!target) continue;
    const end = m.index + m[0].length;
    const written = /^:(\d{1,5})(?![\d])/.exec(value.slice(end, end + 7));
    const scheme = m[0].slice(0, m[0].indexOf('://')).toLowerCase();
    addSpan(spans, end - host.length, end, target, written ? Number(written[1]) : SCHEME_PORTS.get(scheme));
  }
  // Whether the variable's name says it holds a host: asked only of a bare name that is a host.
  let hostish: boolean | undefined;
  BARE_ITEM.lastIndex = 0;
  while ((m = BARE_ITEM.exec(value)) !== null) {
    const host = m[2] as string;
    const target = hosts.get(host.toLowerCase());
    if (!target) continue;
    // A bare name alone is only a host when the variable says so; `name:port` always is.
    if (m[3] === undefined && !(hostish ??= HOST_WORDS.test(varName.toUpperCase().replace(/[^A-Z0-9]+/g, '_')))) continue;
    const start = m.index + (m[1] as string).length;
    if (!taken(spans, start, start + host.length)) addSpan(spans, start, start + host.length, target, m[3] === undefined ? undefined : Number(m[3].slice(1)));
  }
  if (value.includes('=')) {
    KEYWORD_HOST.lastIndex = 0;
    while ((m = KEYWORD_HOST.exec(value)) !== null) {
      const target = hosts.get((m[2] as string).toLowerCase());
      if (!target) continue;
      const [start, end] = keywordHostSpan(m);
      const given = m[3] ?? KEYWORD_PORT.exec(value)?.[1];
      if (!taken(spans, start, end)) addSpan(spans, start, end, target, given === undefined ? undefined : Number(given));
    }
  }
  return spans;
}

/** Whether another pattern took a place overlapping `start`–`end` already. */
function taken(spans: readonly HostSpan[], start: number, end: number): boolean {
  for (let i = 0; i < spans.length; i++) {
    const h = spans[i] as HostSpan;
    if (start < h.end && end > h.start) return true;
  }
  return false;
}

function addSpan(spans: HostSpan[], start: number, end: number, target: string, port: number | undefined): void {
  spans.push(port !== undefined && port > 0 && port < 65536 ? { start, end, target, port } : { start, end, target });
}

/** The hosts of `hosts` that `value` names (`hostSpans`), each with its port when the value gives one. */
export function hostUses(varName: string, value: string, hosts: ReadonlyMap<string, string>): HostUse[] {
  return hostSpans(varName, value, hosts).map((h) => (h.port === undefined ? { target: h.target } : { target: h.target, port: h.port }));
}

/**
 * The hosts of `hosts` (lower case → as written) a secret's value names, as `EnvVar.hosts` keeps
 * them: the name as the input writes it, and the port, never anything else of the value.
 */
export function secretHosts(varName: string, value: string, hosts: ReadonlyMap<string, string>): SecretHost[] {
  const out: SecretHost[] = [];
  for (const use of hostUses(varName, value, hosts)) {
    if (out.some((h) => h.host === use.target && h.port === use.port)) continue;
    out.push(use.port === undefined ? { host: use.target } : { host: use.target, port: use.port });
  }
  return out;
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

/** Lower-case host name → the name as written, over every name of every service (`hostNamesOf`), for `EnvVar.hosts`. */
export function serviceHosts(services: readonly Service[]): Map<string, string> {
  const hosts = new Map<string, string>();
  for (const s of services) for (const n of hostNamesOf(s)) if (!hosts.has(n.toLowerCase())) hosts.set(n.toLowerCase(), n);
  return hosts;
}
