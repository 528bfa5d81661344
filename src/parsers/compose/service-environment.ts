/**
 * `environment`, `env_file`, `labels` and `label_file`, with Compose's precedence:
 *
 * 1. `environment` entries (list or mapping; numbers and booleans formatted the Go way); a bare
 *    `KEY` takes its value from the project environment (shell over `.env`), or has none;
 * 2. each `env_file` in order (later files win), read relative to the project folder with the
 *    dotenv rules (or `format: raw`); `$VAR` inside them looks at the project environment, then at
 *    the service's `environment` values;
 * 3. `environment` overlays the files; a bare `KEY` without a value REMOVES the file's `KEY`.
 *
 * Every resulting variable goes through `classifyEnvVar` (secrets become references, their value
 * is dropped). A bare `KEY` left without a value is dropped like Compose does — unless its name
 * says it is a secret, in which case it becomes a secret reference whose value the user supplies.
 * The contents of env files never appear in a diagnostic.
 */
import path from 'node:path';
import { sourceFile } from '../../ir/source-file.js';
import type { Container, EnvVar, Origin } from '../../ir/types.js';
import { secretByName } from '../../secrets/classify.js';
import { addSecret, classifyEnvVar } from '../../secrets/env-var.js';
import { get, isScalar, type YNode } from '../../yaml/node.js';
import { parseDotenv } from './dotenv.js';
import { checkEncoding, readInputText } from './encoding.js';
import type { DecodedText } from '../../util/text-encoding.js';
import { at, entries, invalid, items, originOf, pathOf, readBool, readKeyValues, readString, report, svc, type KeyValue, type PathLike, type ServiceContext } from './to-ir-context.js';
import { sortStrings } from '../../util/sort-strings.js';

interface FileValue {
  name: string;
  value: string;
  origin: Origin;
}

export function mapEnvironment(ctx: ServiceContext, container: Container): void {
  const envPair = ctx.keys.get('environment');
  const kvs = envPair ? readKeyValues(ctx, envPair.value, envPair, 'environment') : [];
  // Indexed loops here and below: see `keyIndex` (thousands of variables in one cold pass).
  for (let i = 0; i < kvs.length; i++) {
    const kv = kvs[i] as KeyValue;
    kv.value ??= ctx.model.env[kv.key];
  }
  const envFile = ctx.keys.get('env_file');
  const sorted = envFile ? undefined : sortedByName(kvs);
  if (sorted) {
    // Without env files and with every name written once (nearly every service), the variables
    // are those written, in name order: no map by name, no list of names, no closures. Same
    // calls in the same order as the general path below.
    const env: EnvVar[] = [];
    for (let i = 0; i < sorted.length; i++) {
      const kv = sorted[i] as KeyValue;
      if (kv.value !== undefined) env.push(classifyEnvVar(ctx.collector, kv.key, kv.value, originOf(kv.where)));
    }
    const valued = env.length;
    for (let i = 0; i < kvs.length; i++) {
      const kv = kvs[i] as KeyValue;
      if (kv.value === undefined) noValue(ctx, env, kv);
    }
    if (env.length > valued) sortByName(env); // secrets without a value were added
    container.environment = env;
    return;
  }
  // By name, in the order first written (a name written twice keeps its place, with its last value).
  const declared = new Map<string, KeyValue>();
  for (let i = 0; i < kvs.length; i++) {
    const kv = kvs[i] as KeyValue;
    declared.set(kv.key, kv);
  }
  const lookup = (name: string): string | undefined => ctx.model.env[name] ?? declared.get(name)?.value;
  const fromFiles = envFile ? readKeyFiles(ctx, envFile.value, envFile, 'env_file', lookup) : undefined;
  const names: string[] = [];
  const noValues: KeyValue[] = [];
  declared.forEach((d) => {
    fromFiles?.delete(d.key); // `environment` wins over the files, even without a value
    if (d.value === undefined) noValues.push(d);
    else names.push(d.key);
  });
  fromFiles?.forEach((_, name) => names.push(name));
  sortStrings(names);
  const env: EnvVar[] = [];
  for (let i = 0; i < names.length; i++) {
    const name = names[i] as string;
    const d = declared.get(name);
    if (d?.value !== undefined) env.push(classifyEnvVar(ctx.collector, name, d.value, originOf(d.where)));
    else {
      const v = fromFiles?.get(name) as FileValue;
      env.push(classifyEnvVar(ctx.collector, name, v.value, v.origin));
    }
  }
  for (let i = 0; i < noValues.length; i++) noValue(ctx, env, noValues[i] as KeyValue);
  if (env.length > names.length) sortByName(env); // secrets without a value were added
  container.environment = env;
}

/**
 * `kvs` in name order (a copy), or undefined when a name is written twice (the general path
 * then keeps Compose's rule: the first place, the last value). Names compare by UTF-16 code
 * units, as `sortStrings` orders them; an insertion sort of the few variables of a service
 * allocates nothing but the copy.
 */
function sortedByName(kvs: KeyValue[]): KeyValue[] | undefined {
  const out = kvs.slice();
  if (out.length > 16) out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  else {
    for (let i = 1; i < out.length; i++) {
      const item = out[i] as KeyValue;
      let j = i - 1;
      for (; j >= 0 && (out[j] as KeyValue).key > item.key; j--) out[j + 1] = out[j] as KeyValue;
      out[j + 1] = item;
    }
  }
  for (let i = 1; i < out.length; i++) if ((out[i] as KeyValue).key === (out[i - 1] as KeyValue).key) return undefined;
  return out;
}

/** `NAME:-default`, `NAME:?message`, `NAME:+alt` written as a bare entry, without `${…}`. */
const DEFAULT_OUTSIDE_BRACES = /^([A-Za-z_][A-Za-z0-9_]*)(:-|:\?|:\+)/;

/** A variable written without a value: a secret reference if its name says so, else left out (reported). */
function noValue(ctx: ServiceContext, env: EnvVar[], kv: KeyValue): void {
  const name = kv.key;
  const where = kv.where;
  const written = DEFAULT_OUTSIDE_BRACES.exec(name);
  if (written) {
    // What follows the operator is often the value itself (a password): never shown, never a
    // secret name.
    const [whole, base, op] = written as unknown as [string, string, string];
    // The source line shows it in code frames: masked there too when the name says secret.
    const rest = name.slice(whole.length);
    if (rest !== '' && secretByPolicy(ctx, base)) ctx.reporter.redact(rest, base);
    report(ctx, 'compose/env-name-syntax', where, `${svc(ctx)}'s environment entry \`${base}${op}…\` is one variable with that whole name, not ${base} with a default: Compose reads \`${op}\` only inside \`\${…}\`. It has no value, so it is left out.`, {
      hint: `Write \`${base}=\${${base}${op}…}\` to give ${base} a default, or \`${base}=value\`.`,
    });
    return;
  }
  const secret = secretByPolicy(ctx, name);
  if (secret) {
    const origin = originOf(where);
    addSecret(ctx.collector, { name, reason: secret, origin });
    env.push({ name, secret: { secret: name }, origin });
    report(ctx, 'compose/env-no-value', where, `${svc(ctx)}'s variable ${name} has no value here; it becomes a reference to the secret ${name}, whose value you supply.`, {
      severity: 'info',
      hint: `Put the value into Secrets Manager (or SSM) under ${name}; use --not-secret ${name} if it is not a secret.`,
    });
  } else {
    report(ctx, 'compose/env-no-value', where, `${svc(ctx)}'s variable ${name} has no value (it is not set in the shell or in .env), so it is left out, as Compose would.`, {
      hint: `Set ${name} when you run ecsify, write a value in the file, or mark it as a secret with --secret ${name} to supply it from Secrets Manager.`,
    });
  }
}

/** Variables by name (distinct names), in place: an insertion sort, no comparator calls through `sort`. */
function sortByName(env: EnvVar[]): void {
  for (let i = 1; i < env.length; i++) {
    const item = env[i] as EnvVar;
    let j = i - 1;
    for (; j >= 0 && (env[j] as EnvVar).name > item.name; j--) env[j + 1] = env[j] as EnvVar;
    env[j + 1] = item;
  }
}

/** The reason a name with no value is a secret, from the user's word or the name itself. */
function secretByPolicy(ctx: ServiceContext, name: string): 'user' | 'name' | undefined {
  const policy = ctx.collector.policy;
  if (policy.notSecretNames.includes(name)) return undefined;
  if (policy.secretNames.includes(name)) return 'user';
  return secretByName(name) ? 'name' : undefined;
}

/** `labels` over `label_file`; a label written without a value is an empty string. */
export function mapLabels(ctx: ServiceContext, container: Container): void {
  const fileKey = ctx.keys.get('label_file');
  const pair = ctx.keys.get('labels');
  // Most services have neither: the container keeps the empty record `newContainer` gave it,
  // without a map, a spread list of its keys, a sort and a second record per service.
  if (!fileKey && !pair) return;
  const labels = new Map<string, string>();
  if (fileKey) {
    for (const v of readKeyFiles(ctx, fileKey.value, fileKey, 'label_file', (n) => ctx.model.env[n]).values()) labels.set(v.name, v.value);
  }
  if (pair) {
    for (const kv of readKeyValues(ctx, pair.value, pair, 'labels')) labels.set(kv.key, kv.value ?? '');
  }
  const out: Record<string, string> = {};
  const keys = [...labels.keys()];
  sortStrings(keys);
  for (const k of keys) out[k] = labels.get(k) as string;
  container.labels = out;
}

/** Reads the files of `env_file` / `label_file` (string, list of strings or `{path, required, format}`). */
function readKeyFiles(
  ctx: ServiceContext,
  node: YNode,
  nodePath: PathLike,
  key: 'env_file' | 'label_file',
  lookup: (name: string) => string | undefined,
): Map<string, FileValue> {
  const out = new Map<string, FileValue>();
  const places: { readonly node: YNode; readonly path: string }[] = node.kind === 'seq' ? items(node, nodePath) : [{ node, path: pathOf(nodePath) }];
  for (const item of places) {
    let file: string | undefined;
    let required = true;
    let format: 'dotenv' | 'raw' = 'dotenv';
    if (item.node.kind === 'map' && key === 'env_file') {
      for (const e of entries(item.node, item)) {
        if (e.key === 'path') file = readString(ctx, e.value, e, `${svc(ctx)}'s env_file path`);
        else if (e.key === 'required') required = readBool(ctx, e.value, e, `${svc(ctx)}'s env_file \`required\``) ?? true;
        else if (e.key === 'format') {
          const f = readString(ctx, e.value, e, `${svc(ctx)}'s env_file format`);
          if (f === 'raw') format = 'raw';
          else if (f !== undefined) invalid(ctx, at(e.value, e.path), `${svc(ctx)}'s env_file format \`${f}\` is not known.`, 'Leave `format` out for the dotenv format, or write `format: raw`.');
        } else if (!e.key.startsWith('x-')) invalid(ctx, e, `${svc(ctx)}'s env_file entry has an unknown key \`${e.key}\`.`, 'An env_file entry takes `path`, `required` and `format`.');
      }
      if (file === undefined && get(item.node, 'path') === undefined) {
        invalid(ctx, item, `${svc(ctx)}'s env_file entry has no \`path\`.`, 'Write `- path: ./app.env`.');
      }
    } else if (isScalar(item.node)) {
      file = readString(ctx, item.node, item, `${svc(ctx)}'s ${key}`);
    } else {
      invalid(ctx, item, `${svc(ctx)}'s ${key} entry must be a file name.`, `Write the file name, relative to the project folder.`);
    }
    if (file === undefined || file === '') continue;
    const abs = path.resolve(ctx.model.projectDir, file);
    const rel = path.relative(ctx.model.projectDir, abs).split(path.sep).join('/');
    let decoded: DecodedText;
    try {
      decoded = readInputText(abs);
    } catch {
      if (required) {
        report(ctx, 'compose/env-file-missing', item, `${svc(ctx)}'s ${key} \`${file}\` does not exist or cannot be read.`, {
          hint: key === 'env_file' ? 'Create the file, correct the path (relative to the project folder), or mark it `required: false`.' : 'Create the file or correct the path (relative to the project folder).',
        });
      }
      continue;
    }
    const envFile = sourceFile(rel, decoded.text);
    ctx.reporter.addSource(rel, decoded.text, envFile);
    if (!checkEncoding(ctx.reporter, envFile, decoded, 'env')) continue;
    const parsed = parseDotenv(envFile, lookup, ctx.reporter, { format });
    for (const e of parsed.entries) out.set(e.name, { name: e.name, value: e.value, origin: e.origin });
  }
  return out;
}
