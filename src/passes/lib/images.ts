/**
 * What ecsify can tell from an image reference: its parts, whether it is a Windows image, and
 * whether it runs a data store that has a managed AWS alternative.
 */
import type { Task } from '../../ir/types.js';
import { memoByText } from '../../util/memo.js';

export interface ImageRef {
  /** Registry host and path without tag or digest, e.g. `docker.io/library/nginx` as written (`nginx`). */
  repository: string;
  /** Last path component of the repository (`postgres` for `bitnami/postgres`). */
  name: string;
  tag?: string;
  digest?: string;
}

/** Splits `registry:5000/team/app:1.2@sha256:…` into its parts (no validation). */
export function parseImageRef(ref: string): ImageRef {
  let rest = ref.trim();
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at !== -1) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag: string | undefined;
  const slash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > slash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  const name = rest.slice(rest.lastIndexOf('/') + 1).toLowerCase();
  const out: ImageRef = { repository: rest, name };
  if (tag !== undefined) out.tag = tag;
  if (digest !== undefined) out.digest = digest;
  return out;
}

/**
 * Verdicts by image reference. Three passes ask for every container (launch type, sizing, the
 * Windows lint), and a project repeats a handful of images over hundreds of services: the test
 * lower-cases and parses the reference (≈4 ms and 0.5 MB on the 1000-service benchmark file
 * without this).
 */
const windowsByRef = memoByText(windowsVerdict);
const statefulByRef = memoByText(statefulVerdict);

/** Whether an image reference names a Windows container image. */
export function isWindowsImage(ref: string): boolean {
  return windowsByRef(ref);
}

/**
 * What every Windows reference below holds, once lower-cased, matched without lower-casing
 * (most references hold none of it, and the tests below lower-case and parse each one). Exact:
 * the only characters whose lower case adds an ASCII letter are ASCII letters, `İ` (to `i` and a
 * combining dot, which no word below has inside) and the Kelvin sign (to `k`, the reason
 * `framework` is cut short here).
 */
const WINDOWS_WORDS = /windows|servercore|nanoserver|ltsc20|dotnet\/framewor/i;

function windowsVerdict(ref: string): boolean {
  if (!WINDOWS_WORDS.test(ref)) return false;
  const r = ref.toLowerCase();
  if (r.startsWith('mcr.microsoft.com/windows')) return true;
  if (r.startsWith('mcr.microsoft.com/dotnet/framework/')) return true;
  if (/(^|\/)(windows|windowsservercore|servercore|nanoserver)(:|@|$)/.test(r)) return true;
  const tag = parseImageRef(r).tag ?? '';
  return /windowsservercore|nanoserver|ltsc20\d\d/.test(tag);
}

/**
 * The ECS `operatingSystemFamily` of a Windows image (isWindowsImage): the Windows Server version
 * from its name or tag (`ltsc2019`/`1809`, `ltsc2022`, `ltsc2025`, `2004`, `20H2`, `ltsc2016`),
 * Server Core unless the image is Microsoft's full `windows` or `windows/server` image (2016
 * exists only as Full, 2004 and 20H2 only as Core). `assumed` when nothing names a version:
 * then Windows Server 2022 Core, the most common base today.
 */
export function windowsFamily(ref: string): { family: string; assumed: boolean } {
  const r = ref.toLowerCase();
  const full = /^mcr\.microsoft\.com\/windows(\/server)?(:|@|$)/.test(r);
  const edition = full ? 'FULL' : 'CORE';
  if (/\b(ltsc)?2025\b|\b26100\b/.test(r)) return { family: `WINDOWS_SERVER_2025_${edition}`, assumed: false };
  if (/\b(ltsc)?2022\b|\b20348\b/.test(r)) return { family: `WINDOWS_SERVER_2022_${edition}`, assumed: false };
  if (/\b(ltsc)?2019\b|\b1809\b|\b17763\b/.test(r)) return { family: `WINDOWS_SERVER_2019_${edition}`, assumed: false };
  if (/\b20h2\b/.test(r)) return { family: 'WINDOWS_SERVER_20H2_CORE', assumed: false };
  if (/\b2004\b/.test(r)) return { family: 'WINDOWS_SERVER_2004_CORE', assumed: false };
  if (/\b(ltsc)?2016\b|\b1607\b/.test(r)) return { family: 'WINDOWS_SERVER_2016_FULL', assumed: false };
  return { family: `WINDOWS_SERVER_2022_${edition}`, assumed: true };
}

/**
 * The Windows Server version a task runs when its input named none: from its first Windows image,
 * or assumed for `platform: windows/…` with no such image (`RuntimePlatform.windows`). The
 * launch-type pass sets it; the platform/windows lint says which it chose. Undefined for Linux.
 */
export function chosenWindowsFamily(task: Task): { family: string; assumed: boolean; byImage: boolean } | undefined {
  // A loop, not `map(…).find(…)`: the launch-type pass asks for every task.
  for (let i = 0; i < task.containers.length; i++) {
    const image = (task.containers[i] as Task['containers'][number]).image;
    if (image.kind === 'ref' && isWindowsImage(image.ref)) return { ...windowsFamily(image.ref), byImage: true };
  }
  return task.runtimePlatform?.windows ? { ...windowsFamily(''), byImage: false } : undefined;
}

/** A data store image and the managed service AWS offers instead. */
export interface StatefulKind {
  /** What it is, e.g. `PostgreSQL`. */
  what: string;
  /** Managed alternative, e.g. `Amazon RDS for PostgreSQL or Aurora PostgreSQL`. */
  alternative: string;
  /** The port its official image listens on by default (clients' default too). */
  port: number;
}

/** Image names (last path component, or a full repository) of data stores, checked in order. */
const STATEFUL: readonly [RegExp, StatefulKind][] = [
  [/^(postgres|postgresql|postgis|timescaledb|timescaledb-ha|pgvector)$/, { what: 'PostgreSQL', alternative: 'Amazon RDS for PostgreSQL or Aurora PostgreSQL', port: 5432 }],
  [/^(mysql|mysql-server|percona|percona-server)$/, { what: 'MySQL', alternative: 'Amazon RDS for MySQL or Aurora MySQL', port: 3306 }],
  [/^mariadb$/, { what: 'MariaDB', alternative: 'Amazon RDS for MariaDB', port: 3306 }],
  [/^(mongo|mongodb|mongodb-community-server)$/, { what: 'MongoDB', alternative: 'Amazon DocumentDB (with MongoDB compatibility)', port: 27017 }],
  [/^(redis|redis-stack|redis-stack-server|valkey|keydb)$/, { what: 'Redis', alternative: 'Amazon ElastiCache (Valkey or Redis OSS)', port: 6379 }],
  [/^memcached$/, { what: 'Memcached', alternative: 'Amazon ElastiCache for Memcached', port: 11211 }],
  [/^(elasticsearch|opensearch)$/, { what: 'Elasticsearch/OpenSearch', alternative: 'Amazon OpenSearch Service', port: 9200 }],
  [/^rabbitmq$/, { what: 'RabbitMQ', alternative: 'Amazon MQ for RabbitMQ', port: 5672 }],
  [/^(activemq|activemq-classic|activemq-artemis|artemis)$/, { what: 'ActiveMQ', alternative: 'Amazon MQ for ActiveMQ', port: 61616 }],
  [/^(kafka|cp-kafka|cp-server)$/, { what: 'Kafka', alternative: 'Amazon MSK', port: 9092 }],
  [/^(zookeeper|cp-zookeeper)$/, { what: 'ZooKeeper', alternative: 'Amazon MSK (which runs ZooKeeper or KRaft for you)', port: 2181 }],
  [/^(cassandra|scylla)$/, { what: 'Cassandra', alternative: 'Amazon Keyspaces', port: 9042 }],
  [/^(mssql-server|mssql)$|^mcr\.microsoft\.com\/mssql\//, { what: 'SQL Server', alternative: 'Amazon RDS for SQL Server', port: 1433 }],
  [/^(influxdb)$/, { what: 'InfluxDB', alternative: 'Amazon Timestream for InfluxDB', port: 8086 }],
  [/^(neo4j)$/, { what: 'Neo4j', alternative: 'Amazon Neptune', port: 7687 }],
  [/^(minio)$/, { what: 'MinIO', alternative: 'Amazon S3', port: 9000 }],
  [/^couchdb$/, { what: 'CouchDB', alternative: 'Amazon DocumentDB or DynamoDB', port: 5984 }],
  [/^couchbase$/, { what: 'Couchbase', alternative: 'Amazon DocumentDB or DynamoDB', port: 8091 }],
];

/** Whether any STATEFUL pattern matches: most images are not data stores, and one test rules them out. */
const ANY_STATEFUL = new RegExp(STATEFUL.map(([re]) => `(?:${re.source})`).join('|'));

/** The data store an image runs, or undefined. Matches the image name, not the tag. */
export function statefulKind(ref: string): StatefulKind | undefined {
  return statefulByRef(ref);
}

function statefulVerdict(ref: string): StatefulKind | undefined {
  const image = parseImageRef(ref);
  const repo = image.repository.toLowerCase();
  if (!ANY_STATEFUL.test(image.name) && !ANY_STATEFUL.test(repo)) return undefined;
  for (const [re, kind] of STATEFUL) {
    if (re.test(image.name) || re.test(repo)) return kind;
  }
  return undefined;
}

// The grammar of an image reference, as Docker (distribution/reference) and so ECS read it.
/** A registry host: dot-separated labels or a bracketed IPv6 address, then an optional port. */
const REGISTRY_HOST = /^(?:(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*|\[[0-9a-fA-F:.]+\])(?::[0-9]+)?$/;
/** One path component of a repository: lower-case letters and digits joined by `.`, `_`, `__` or dashes. */
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/;

/**
 * Why Docker (and so ECS, which pulls with it) would refuse an image reference as an "invalid
 * reference format", or undefined when it is well formed: `[host[:port]/]path[:tag][@digest]`.
 * The first component is a registry host when it holds `.` or `:`, is `localhost`, or has an
 * upper-case letter, as Docker decides.
 */
export function referenceProblem(ref: string): string | undefined {
  // Checked first: parseImageRef trims, and splits the rest as Docker does.
  if (/\s/.test(ref)) return 'it holds a space';
  const { repository: rest, tag, digest } = parseImageRef(ref);
  if (digest !== undefined) {
    if (!DIGEST.test(digest)) return `the digest \`${digest}\` is not \`algorithm:hex\` with at least 32 hexadecimal digits`;
    if (digest.startsWith('sha256:') && digest.length !== 'sha256:'.length + 64) return 'a sha256 digest has exactly 64 hexadecimal digits';
  }
  if (tag !== undefined) {
    if (tag === '') return 'the tag after `:` is empty';
    if (!TAG.test(tag)) return `the tag \`${tag}\` may only hold letters, digits, \`_\`, \`.\` and \`-\` (at most 128, not starting with \`.\` or \`-\`)`;
  }
  if (rest === '') return 'it names no repository';
  if (rest.length > 255) return 'the repository name is longer than 255 characters';
  const parts = rest.split('/');
  let path = parts;
  const first = parts[0] as string;
  if (parts.length > 1 && (/[.:]/.test(first) || first === 'localhost' || first !== first.toLowerCase())) {
    if (!REGISTRY_HOST.test(first)) return `\`${first}\` is not a registry host`;
    path = parts.slice(1);
  }
  for (const p of path) {
    if (p === '') return 'it has an empty path component (`//`, or a `/` at one end)';
    if (p !== p.toLowerCase()) return 'repository names are lower-case';
    if (!PATH_COMPONENT.test(p)) return `\`${p}\` may only hold lower-case letters and digits, joined by \`.\`, \`_\`, \`__\` or dashes`;
  }
  return undefined;
}
