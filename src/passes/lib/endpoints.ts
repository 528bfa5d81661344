/**
 * Finds where an environment value names a host (`postgres://app@db:5432/app`, `redis:6379`,
 * `DB_HOST=db`, `Server=db,1433;…`) so the exclude pass can replace excluded services' names with
 * an endpoint parameter (and the dependencies pass can tell which services a service calls). Only host
 * positions count: `POSTGRES_DB=db` (a database called `db`) stays.
 */
import { hostSpans } from '../../util/host-uses.js';

export interface EndpointTemplate {
  /** CloudFormation `Fn::Sub` text: `${Param}` placeholders, literal `${` written as `${!`. */
  template: string;
  /** Parameters used, in order of first use. */
  parameters: string[];
}

function escapeSub(literal: string): string {
  return literal.split('${').join('${!');
}

/**
 * Rewrites `value` so every host that is a key of `hosts` (lower-case → parameter) becomes
 * `${parameter}` (found by `hostSpans`). Returns undefined when the value names none of them.
 */
export function templateEndpoints(varName: string, value: string, hosts: ReadonlyMap<string, string>): EndpointTemplate | undefined {
  const hits = hostSpans(varName, value, hosts);
  if (hits.length === 0) return undefined;
  hits.sort((a, b) => a.start - b.start);
  let template = '';
  let at = 0;
  const parameters: string[] = [];
  for (const h of hits) {
    template += escapeSub(value.slice(at, h.start)) + '${' + h.target + '}';
    if (!parameters.includes(h.target)) parameters.push(h.target);
    at = h.end;
  }
  template += escapeSub(value.slice(at));
  return { template, parameters };
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
