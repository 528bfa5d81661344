/**
 * Where an environment value names a host (`postgres://app@db:5432/app`, `redis:6379`,
 * `DB_HOST=db`), and with which port: shared by the passes (calls between services, endpoints of
 * excluded services, ports of called services) and by secret classification, which keeps the
 * service names a secret's value uses as hosts (`EnvVar.hosts`) before the value is dropped.
 * Only host positions count: `POSTGRES_DB=db` (a database called `db`) is not a host.
 */
import type { SecretHost } from '../ir/types.js';

/** Words in a variable name that say its value is a host or an address. */
export const HOST_WORDS = /(^|_)(HOST|HOSTS|HOSTNAME|SERVER|SERVERS|ADDR|ADDRESS|ENDPOINT|ENDPOINTS|URL|URLS|URI|DSN|BROKER|BROKERS|NODES|SEEDS|SERVICE)(_|$)/;

/** A URL's host. The scheme starts where no scheme character precedes it (linear on long values). */
export const URL_HOST = /(?<![A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]*:\/\/(?:[^@/\s?#]*@)?([A-Za-z0-9_.-]+)/g;
/** A bare `host`, `host:port` or `host:port/path` item of a comma/space separated list. */
export const BARE_ITEM = /(^|[\s,;])([A-Za-z0-9_.-]+)(?=(:\d{1,5})?(?:\/|$|[\s,;]))/g;

/**
 * A host given by keyword in a connection string: `host=db` (libpq), `Server=db,1433` or
 * `Data Source=tcp:db,1433` (SQL Server). Its port follows it, or comes from a `port=` keyword.
 */
export const KEYWORD_HOST = /(^|[\s;])(?:host|hostname|server|data source|addr|address)\s*=\s*(?:tcp:)?([A-Za-z0-9_.-]+)(?:[,:](\d{1,5}))?(?=$|[\s;])/gi;
const KEYWORD_PORT = /(?:^|[\s;])port\s*=\s*(\d{1,5})(?=$|[\s;])/i;

/** Where `KEYWORD_HOST` match `m` puts its host in the value (start and end offsets). */
export function keywordHostSpan(m: RegExpMatchArray): [number, number] {
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

/**
 * The hosts of `hosts` (lower-case names → targets) that `value` names, found as
 * `templateEndpoints` finds them (URL hosts; `host:port` items; bare names in host-like
 * variables; `host=`/`Server=` keywords of connection strings), each with its port when the value
 * gives one.
 */
export function hostUses(varName: string, value: string, hosts: ReadonlyMap<string, string>): HostUse[] {
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
    const port = written ? Number(written[1]) : SCHEME_PORTS.get(scheme);
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
  if (value.includes('=')) {
    for (const m of value.matchAll(KEYWORD_HOST)) {
      const target = hosts.get((m[2] as string).toLowerCase());
      if (!target) continue;
      const [start, end] = keywordHostSpan(m);
      if (spans.some(([a, b]) => start < b && end > a)) continue;
      const given = m[3] ?? KEYWORD_PORT.exec(value)?.[1];
      const port = given === undefined ? undefined : Number(given);
      uses.push(port !== undefined && port > 0 && port < 65536 ? { target, port } : { target });
    }
  }
  return uses;
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
