/**
 * The one way parsers turn an input variable into an IR `EnvVar`: secrets become references
 * and their value is dropped here, at parse time, after being registered for redaction.
 */
import type { Reporter } from '../diagnostics/context.js';
import type { EnvVar, Origin, Secret, SecretHost } from '../ir/types.js';
import { isLiveInput } from '../parsers/live-input.js';
import { secretHosts } from '../util/host-uses.js';
import { classifySecret, type SecretPolicy, type SecretVerdict } from './classify.js';

/** Collects the secrets found while parsing one application. */
export interface SecretCollector {
  readonly policy: SecretPolicy;
  readonly reporter: Reporter;
  /** By secret name; first origin wins. */
  readonly secrets: Map<string, Secret>;
  /**
   * Places already reported, by file, then name, then `placeKey(line, column)` (names without a
   * place under the file key `undefined`): a value written once and used by several services (a
   * YAML anchor, an `env_file` shared by services) is reported once. Nested rather than one
   * `name@file:line:col` string: that string was built and hashed for every secret variable.
   */
  readonly reported: Map<string | undefined, Map<string, Set<number | string>>>;
  /**
   * The first value seen for each secret name, and where: one name means one stored secret, so a
   * different value under the same name is reported. The value itself is not kept here: it is
   * recognised by its entry in `verdicts` (one per name and value).
   */
  readonly firstValues: Map<string, { known: KnownValue; origin: Origin | undefined; message: string | undefined }>;
  /**
   * Verdicts by name, then value, in memory only: files that share one anchor or env_file across
   * hundreds of services classify each pair once. (Two levels: the strings' own cached hashes
   * serve, where a joined key would be built and hashed for every variable.)
   */
  readonly verdicts: Map<string, Map<string, KnownValue>>;
  /**
   * Host names of the input's services (lower case → as written), once the front end knows them:
   * a secret's value that names one as a host keeps that name (and port) as `EnvVar.hosts`.
   */
  hosts?: ReadonlyMap<string, string>;
  /**
   * Nodes of the input whose values were judged as parts no parser reads (`redactUnreadTree`),
   * so a part many services share through an anchor is judged once.
   */
  unread?: WeakSet<object>;
}

/** What is known of one name and value (see `SecretCollector.verdicts`). */
export interface KnownValue {
  verdict: SecretVerdict;
  /** The value has been handed to the reporter for redaction. */
  redacted?: boolean;
  /**
   * The `secrets/plaintext-value` message and hint, which depend only on the name and the
   * verdict: built once per name and value, one string shared by every place that repeats them
   * (a shared string is also flattened, hashed and scrubbed once when diagnostics are read).
   */
  message?: string;
  hint?: string;
  /** `EnvVar.hosts` of a secret value, found once. */
  hosts?: SecretHost[];
}

export function newSecretCollector(policy: SecretPolicy, reporter: Reporter): SecretCollector {
  return { policy, reporter, secrets: new Map(), reported: new Map(), firstValues: new Map(), verdicts: new Map() };
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
  let byValue = collector.verdicts.get(name);
  let known = byValue?.get(value);
  if (!known) {
    known = { verdict: classifySecret(name, value, collector.policy) };
    if (!byValue) collector.verdicts.set(name, (byValue = new Map()));
    byValue.set(value, known);
  }
  const verdict = known.verdict;
  if (!verdict.secret) return origin ? { name, value, origin } : { name, value };
  if (!known.redacted) {
    collector.reporter.redact(value, name);
    known.redacted = true;
  }
  if (firstReport(collector, name, origin)) {
    known.message ??= `Variable ${name} holds a secret in plain text (${verdict.why}).`;
    known.hint ??=
      'ecsify moves it to a secret reference; put the real value in Secrets Manager (or SSM with ' +
      '--secrets-backend ssm) and remove it from the file. Use --not-secret ' +
      name +
      ' if it is not secret.';
    // A live environment's property (eb://ENV/…) is not in a file of the user's.
    const hint = origin && isLiveInput(origin.file) ? liveHint(name) : known.hint;
    collector.reporter.report('secrets/plaintext-value', known.message, { origin, hint });
    checkSharedName(collector, name, origin, known);
  }
  // The first origin of a name wins: later ones need no entry built.
  if (!collector.secrets.has(name)) addSecret(collector, { name, reason: verdict.reason, ...(origin ? { origin } : {}) });
  const out: EnvVar = origin ? { name, secret: { secret: name }, origin } : { name, secret: { secret: name } };
  if (collector.hosts && collector.hosts.size > 0) {
    const hosts = (known.hosts ??= secretHosts(name, value, collector.hosts));
    if (hosts.length > 0) out.hosts = hosts;
  }
  return out;
}

/** The hint for a secret among a live environment's properties (elastic-beanstalk.md §9). */
function liveHint(name: string): string {
  return (
    'ecsify moves it to a secret reference; put the real value in Secrets Manager (or SSM with --secrets-backend ssm). ' +
    "On EB it stays readable in plain text by anyone allowed DescribeConfigurationSettings until you remove it from the environment's properties. " +
    `Use --not-secret ${name} if it is not secret.`
  );
}

/** Whether `name` at `origin` is reported for the first time (and notes that it now is). */
function firstReport(collector: SecretCollector, name: string, origin: Origin | undefined): boolean {
  let names = collector.reported.get(origin?.file);
  if (!names) collector.reported.set(origin?.file, (names = new Map()));
  let places = names.get(name);
  if (!places) names.set(name, (places = new Set()));
  const place = origin ? placeKey(origin.line, origin.column) : 0;
  if (places.has(place)) return false;
  places.add(place);
  return true;
}

/** One number per line and column while columns stay below 2^21 (exact below 2^53); text beyond. */
export function placeKey(line: number, column: number): number | string {
  return column < 2 ** 21 && line < 2 ** 31 ? line * 2 ** 21 + column : `${line}:${column}`;
}

/** One secret per name: a second, different value under the same name would be lost. */
function checkSharedName(collector: SecretCollector, name: string, origin: Origin | undefined, known: KnownValue): void {
  // The same value of a name is the same verdict-cache entry.
  const first = collector.firstValues.get(name);
  if (!first) {
    collector.firstValues.set(name, { known, origin, message: undefined });
    return;
  }
  if (first.known === known) return;
  // The message depends only on the name and its first place: built once per name, one string
  // shared by every report (1,524 on the benchmark file, one per service that repeats a name).
  if (first.message === undefined) {
    const where = first.origin ? ` at ${first.origin.file}:${first.origin.line}` : '';
    first.message = `Variable ${name} holds a different secret value than ${name}${where}, but both become the one secret ${name}.`;
  }
  collector.reporter.report('secrets/shared-name', first.message, { origin, hint: SHARED_NAME_HINT });
}

const SHARED_NAME_HINT = 'Rename one of them (each name is one stored secret), or give both the same value.';

/** The collected secrets in a stable order (by name). */
export function collectedSecrets(collector: SecretCollector): Secret[] {
  return [...collector.secrets.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
