/**
 * The one way parsers turn an input variable into an IR `EnvVar`: secrets become references
 * and their value is dropped here, at parse time, after being registered for redaction.
 */
import { createHash } from 'node:crypto';
import type { Reporter } from '../diagnostics/context.js';
import type { EnvVar, Origin, Secret } from '../ir/types.js';
import { classifySecret, type SecretPolicy, type SecretVerdict } from './classify.js';

/** Collects the secrets found while parsing one application. */
export interface SecretCollector {
  readonly policy: SecretPolicy;
  readonly reporter: Reporter;
  /** By secret name; first origin wins. */
  readonly secrets: Map<string, Secret>;
  /**
   * Places already reported (`name@file:line:col`): a value written once and used by several
   * services (a YAML anchor, an `env_file` shared by services) is reported once.
   */
  readonly reported?: Set<string>;
  /**
   * A digest of the first value seen for each secret name, and where: one name means one stored
   * secret, so a different value under the same name is reported. Only digests are kept.
   */
  readonly digests?: Map<string, { digest: string; origin: Origin | undefined }>;
  /**
   * Verdicts by name and value, in memory only: files that share one anchor or env_file across
   * hundreds of services classify each pair once.
   */
  readonly verdicts?: Map<string, SecretVerdict>;
}

export function newSecretCollector(policy: SecretPolicy, reporter: Reporter): SecretCollector {
  return { policy, reporter, secrets: new Map(), reported: new Set(), digests: new Map(), verdicts: new Map() };
}

/** Adds a secret by definition (Compose secret, EB environment secret, registry credentials). */
export function addSecret(collector: SecretCollector, secret: Secret): void {
  if (!collector.secrets.has(secret.name)) collector.secrets.set(secret.name, secret);
}

/**
 * Classifies `name=value`. A plain variable comes back as `{ name, value }`. A secret comes back
 * as `{ name, secret }`, its value is registered with the reporter for redaction, a
 * `secrets/plaintext-value` diagnostic names it (never its value) at `origin`, and a `Secret`
 * entry is recorded.
 */
export function classifyEnvVar(collector: SecretCollector, name: string, value: string, origin: Origin | undefined): EnvVar {
  const key = `${name}\u0000${value}`;
  let verdict = collector.verdicts?.get(key);
  if (!verdict) {
    verdict = classifySecret(name, value, collector.policy);
    collector.verdicts?.set(key, verdict);
  }
  if (!verdict.secret) return origin ? { name, value, origin } : { name, value };
  collector.reporter.redact(value);
  const place = `${name}@${origin ? `${origin.file}:${origin.line}:${origin.column}` : ''}`;
  if (!collector.reported?.has(place)) {
    collector.reported?.add(place);
    collector.reporter.report('secrets/plaintext-value', `Variable ${name} holds a secret in plain text (${verdict.why}).`, {
      origin,
      hint:
        'ecsify moves it to a secret reference; put the real value in Secrets Manager (or SSM with ' +
        '--secrets-backend ssm) and remove it from the file. Use --not-secret ' +
        name +
        ' if it is not secret.',
    });
    checkSharedName(collector, name, value, origin);
  }
  addSecret(collector, { name, reason: verdict.reason, ...(origin ? { origin } : {}) });
  return origin ? { name, secret: { secret: name }, origin } : { name, secret: { secret: name } };
}

/** One secret per name: a second, different value under the same name would be lost. */
function checkSharedName(collector: SecretCollector, name: string, value: string, origin: Origin | undefined): void {
  if (!collector.digests) return;
  const digest = createHash('sha256').update(value).digest('hex');
  const first = collector.digests.get(name);
  if (!first) {
    collector.digests.set(name, { digest, origin });
    return;
  }
  if (first.digest === digest) return;
  const where = first.origin ? ` at ${first.origin.file}:${first.origin.line}` : '';
  collector.reporter.report('secrets/shared-name', `Variable ${name} holds a different secret value than ${name}${where}, but both become the one secret ${name}.`, {
    origin,
    hint: `Rename one of them (each name is one stored secret), or give both the same value.`,
  });
}

/** The collected secrets in a stable order (by name). */
export function collectedSecrets(collector: SecretCollector): Secret[] {
  return [...collector.secrets.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
