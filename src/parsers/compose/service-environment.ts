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
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sourceFile } from '../../ir/source-file.js';
import type { Container, EnvVar, Origin } from '../../ir/types.js';
import { secretByName } from '../../secrets/classify.js';
import { addSecret, classifyEnvVar } from '../../secrets/env-var.js';
import { get, isScalar, type YNode } from '../../yaml/node.js';
import { parseDotenv } from './dotenv.js';
import { at, entries, invalid, items, originOf, pathOf, readBool, readKeyValues, readString, report, svc, type KeyValue, type PathLike, type ServiceContext } from './to-ir-context.js';
import { sortStrings } from '../../util/sort-strings.js';

interface FileValue {
  name: string;
  value: string;
  origin: Origin;
}

export function mapEnvironment(ctx: ServiceContext, container: Container): void {
  const envPair = ctx.keys.get('environment');
  // By name, in the order first written (a name written twice keeps its place, with its last value).
  const declared = new Map<string, KeyValue>();
  if (envPair) {
    // Indexed loops here and below: see `keyIndex` (thousands of variables in one cold pass).
    const kvs = readKeyValues(ctx, envPair.value, envPair, 'environment');
    for (let i = 0; i < kvs.length; i++) {
      const kv = kvs[i] as KeyValue;
      kv.value ??= ctx.model.env[kv.key];
      declared.set(kv.key, kv);
    }
  }
  const lookup = (name: string): string | undefined => ctx.model.env[name] ?? declared.get(name)?.value;
  const envFile = ctx.keys.get('env_file');
  const fromFiles = envFile ? readKeyFiles(ctx, envFile.value, envFile, 'env_file', lookup) : undefined;
  const names: string[] = [];
  const noValue: KeyValue[] = [];
  declared.forEach((d) => {
    fromFiles?.delete(d.key); // `environment` wins over the files, even without a value
    if (d.value === undefined) noValue.push(d);
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
  for (const { key: name, where } of noValue) {
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
  if (env.length > names.length) env.sort(byName); // secrets without a value were added
  container.environment = env;
}

function byName(a: { name: string }, b: { name: string }): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
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
  const labels = new Map<string, string>();
  const fileKey = ctx.keys.get('label_file');
  if (fileKey) {
    for (const v of readKeyFiles(ctx, fileKey.value, fileKey, 'label_file', (n) => ctx.model.env[n]).values()) labels.set(v.name, v.value);
  }
  const pair = ctx.keys.get('labels');
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
    let text: string;
    try {
      text = readFileSync(abs, 'utf8');
    } catch {
      if (required) {
        report(ctx, 'compose/env-file-missing', item, `${svc(ctx)}'s ${key} \`${file}\` does not exist or cannot be read.`, {
          hint: key === 'env_file' ? 'Create the file, correct the path (relative to the project folder), or mark it `required: false`.' : 'Create the file or correct the path (relative to the project folder).',
        });
      }
      continue;
    }
    ctx.reporter.addSource(rel, text);
    const parsed = parseDotenv(sourceFile(rel, text), lookup, ctx.reporter, { format });
    for (const e of parsed.entries) out.set(e.name, { name: e.name, value: e.value, origin: e.origin });
  }
  return out;
}
