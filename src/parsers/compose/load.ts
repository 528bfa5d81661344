/**
 * The Compose loader: files → one merged, interpolated, validated document (`ComposeModel`),
 * following Docker Compose's load order (compose.md §2):
 *
 * 1. project environment (shell over `.env`/`--env-file`), files (`-f`, `COMPOSE_FILE`, or
 *    discovery with the override file), project folder, project name;
 * 2. for each file and each YAML document in it: version-1 wrapping, interpolation and typing,
 *    `include`, `extends`, then the merge into what earlier documents built (`!reset`,
 *    `!override`, identity keys);
 * 3. schema validation of the merged model, `version` dropped, profiles applied.
 *
 * Every problem is a diagnostic; nothing here throws on bad input.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Reporter } from '../../diagnostics/context.js';
import { classifySecret, type SecretPolicy } from '../../secrets/classify.js';
import { sourceFile, type SourceFile } from '../../ir/source-file.js';
import { get, getPair, nodeOrigin, type YMap, type YNode, type YPair, type YScalar } from '../../yaml/node.js';
import { parseYaml } from '../../yaml/parse.js';
import type { LoadOptions } from '../options.js';
import { parseDotenv } from './dotenv.js';
import { goScalarString } from './go-format.js';
import { interpolateNode, interpolateString, UnsetVariables, type InterpolateContext } from './interpolate.js';
import { prepareDocument } from './legacy.js';
import { checkEncoding, readInputText } from './encoding.js';
import type { DecodedText } from '../../util/text-encoding.js';
import { clean, enforceUnicity, mergeDocuments, mergeValue, usesMergeTags } from './merge.js';
import type { ComposeModel } from './model.js';
import { mapAt, withEntry, withoutEntry, withValue, type Seg } from './nodes.js';
import { applyProfiles } from './profiles.js';
import {
  chooseProjectName,
  discoverComposeFiles,
  projectEnvironment,
  relativePath,
  silentReporter,
} from './project.js';
import { rebaseDocument, rebaseService } from './rebase.js';
import { validateModel } from './validate.js';

/** Top-level sections an `include` copies into the including file. */
const INCLUDED_SECTIONS = ['services', 'volumes', 'networks', 'secrets', 'configs', 'models'];

interface Doc {
  root: YMap;
  file: SourceFile;
  abs: string;
  legacyV1: boolean;
}

interface ParsedFile {
  file: SourceFile;
  roots: (YNode | undefined)[];
  /** False after a syntax error (already reported; the file contributes nothing). */
  ok: boolean;
}

/** State shared by everything loaded for one project (the main files, includes, extends). */
interface Loader {
  reporter: Reporter;
  projectDir: string;
  unset: UnsetVariables;
  /** Parsed documents per absolute path (a file read twice is parsed once). */
  parsed: Map<string, ParsedFile | undefined>;
  /** Files read, relative to the project folder, in order. */
  files: string[];
  legacyV1: boolean;
  /** Some file read so far uses `!reset`/`!override` (its tags may travel through extends). */
  tags: boolean;
  /** JSON pointers of values interpolation reported as not castable to their type. */
  castErrors: string[];
  /** The user's `--secret`/`--not-secret` names, for the values interpolation registers. */
  secretPolicy: SecretPolicy;
}

/** Observation points for tests (the schema-agreement test validates the same document). */
export interface LoadHooks {
  /** Called with the merged, interpolated document exactly as it is schema-validated. */
  beforeValidation?: (root: YMap) => void;
}

/**
 * Loads the Compose project described by `options`. Returns undefined when nothing usable was
 * found (the reason is reported); otherwise the model, possibly with errors reported.
 */
export async function loadComposeModel(options: LoadOptions, reporter: Reporter, hooks: LoadHooks = {}): Promise<ComposeModel | undefined> {
  const workDir = path.resolve(options.cwd, options.path);
  // Early pass (thrown away): `.env` of the working folder may set COMPOSE_FILE & co.
  const early = projectEnvironment(options, [workDir], silentReporter(), (abs) => abs);
  const files = discoverComposeFiles(options, workDir, early, reporter);
  if (files.length === 0) return undefined;
  const projectDir = path.dirname(files[0] as string);

  const loader: Loader = {
    reporter,
    projectDir,
    unset: new UnsetVariables(),
    parsed: new Map(),
    files: [],
    legacyV1: false,
    tags: false,
    castErrors: [],
    secretPolicy: options,
  };
  const rel = (abs: string): string => relativePath(projectDir, abs);
  const env = projectEnvironment(options, [workDir, projectDir], reporter, rel, ({ abs, text }) => {
    reporter.addSource(rel(abs), text);
  });

  // Parse everything first: the project name may come from `name:` and must be known (as
  // COMPOSE_PROJECT_NAME) before the files are interpolated.
  const parsed = files.map((abs) => ({ abs, entry: parseFile(loader, abs) }));
  const nameCtx: InterpolateContext = { lookup: (n) => env[n], reporter: silentReporter(), unset: new UnsetVariables() };
  let fileName: { value: string; origin: ReturnType<typeof nodeOrigin> } | undefined;
  for (const { entry } of parsed) {
    for (const root of entry?.roots ?? []) {
      const pair = root && root.kind === 'map' ? getPair(root, 'name') : undefined;
      if (!pair || pair.value.kind !== 'scalar' || pair.value.type === 'null') continue;
      const v = pair.value.type === 'str' ? (interpolateString(pair.value, ['name'], nameCtx).value as string) : goScalarString(pair.value);
      if (v !== '') fileName = { value: v, origin: nodeOrigin(pair, 'name') };
    }
  }
  const name = chooseProjectName(options, env, fileName, projectDir, reporter);
  env['COMPOSE_PROJECT_NAME'] = name;

  const ctx: InterpolateContext = { lookup: secretAwareLookup(env, reporter, options), reporter, unset: loader.unset, invalid: loader.castErrors };
  let model: YMap | undefined;
  let sawDocument = false;
  for (const { abs, entry } of parsed) {
    if (!entry) continue;
    for (const doc of documentsOf(loader, abs, entry, ctx)) {
      sawDocument = true;
      let root = processIncludes(loader, doc, projectDir, env, [abs]);
      root = resolveExtends(loader, { root, file: doc.file, abs: doc.abs, legacyV1: doc.legacyV1 }, projectDir, ctx);
      // After the first document, only the services this one writes can have changed.
      const touched = model ? serviceNames(root) : undefined;
      model = model ? mergeDocuments(model, root, { reporter }) : loader.tags ? ((clean(root) as YMap | undefined) ?? mapAt(root, [])) : root;
      model = enforceUnicity(model, touched);
    }
  }
  loader.unset.report(reporter);
  // Nothing usable (every file empty, unreadable or not Compose): already reported.
  if (!model || !sawDocument) return undefined;
  if (getPair(model, 'include')) model = withoutEntry(model, 'include');

  hooks.beforeValidation?.(model);
  // Places already reported, which the mapping must not report again.
  const schemaErrors = [...(await validateModel(model, reporter)), ...loader.castErrors];

  let version: string | undefined;
  const versionPair = getPair(model, 'version');
  if (versionPair) {
    const v = versionPair.value;
    version = v.kind === 'scalar' ? goScalarString(v) : undefined;
    reporter.report('compose/obsolete-version', `The \`version\` key${version ? ` (${version})` : ''} is obsolete; Compose and ecsify ignore it.`, {
      origin: nodeOrigin(versionPair, 'version'),
      hint: 'Remove the line; the Compose Specification has no version.',
    });
    model = withoutEntry(model, 'version');
  }

  const active = options.profiles.length > 0 ? options.profiles : (env['COMPOSE_PROFILES'] ?? '').split(',').map((p) => p.trim()).filter((p) => p !== '');
  const profiled = applyProfiles(model, active, reporter);
  model = profiled.root;

  const services = get(model, 'services');
  if (!services || services.kind !== 'map' || services.entries.length === 0) {
    reporter.report('compose/no-services', 'The Compose project defines no services.', {
      origin: services ? nodeOrigin(getPair(model, 'services') as YPair, 'services') : { file: loader.files[0] ?? '', line: 1, column: 1, path: '' },
      hint: profiled.disabled.length > 0 ? `Every service belongs to a profile that is not active; pass --profile to include some.` : 'Add a `services:` section with at least one service.',
    });
  }

  const result: ComposeModel = {
    projectDir,
    name,
    root: model,
    env,
    files: loader.files,
    activeProfiles: active,
    disabledServices: profiled.disabled,
    disabledServiceEntries: profiled.off,
    schemaErrors,
  };
  if (version !== undefined) result.version = version;
  if (loader.legacyV1) result.legacyV1 = true;
  return result;
}

/** The names of the services a document writes (its `services` keys). */
function serviceNames(root: YMap): Set<string> {
  const services = getPair(root, 'services')?.value;
  return new Set(services?.kind === 'map' ? services.entries.map((e) => e.key) : []);
}

/** Reads and parses a file once; undefined (reported) when it cannot be read. */
function parseFile(loader: Loader, abs: string): ParsedFile | undefined {
  if (loader.parsed.has(abs)) return loader.parsed.get(abs);
  const relPath = relativePath(loader.projectDir, abs);
  let decoded: DecodedText;
  try {
    decoded = readInputText(abs);
  } catch {
    loader.reporter.report('input/unreadable', `Compose file ${relPath} cannot be read.`, { hint: 'Check the path and its permissions.' });
    loader.parsed.set(abs, undefined);
    return undefined;
  }
  const text = decoded.text;
  const file = sourceFile(relPath, text);
  loader.reporter.addSource(relPath, text, file);
  checkEncoding(loader.reporter, file, decoded, 'yaml');
  loader.files.push(relPath);
  const parsed = parseYaml(file, loader.reporter, { strictKeys: true, duplicateKeys: 'error', secretPolicy: loader.secretPolicy });
  // A document left out for its aliases is reported already: it is not an empty one.
  const documents = parsed.documents.filter((d) => !d.skipped);
  const ok = parsed.ok && (documents.length > 0 || parsed.documents.length === 0);
  const entry: ParsedFile = { file, roots: ok ? documents.map((d) => d.root) : [], ok };
  loader.parsed.set(abs, entry);
  return entry;
}

/** The usable documents of a parsed file, checked, wrapped (v1) and interpolated. */
function documentsOf(loader: Loader, abs: string, entry: ParsedFile, ctx: InterpolateContext): Doc[] {
  const { file, roots } = entry;
  if (!entry.ok) return [];
  // Empty documents in a multi-document file are skipped; a file with nothing in it is reported.
  const nonEmpty = roots.filter((r) => r !== undefined && !(r.kind === 'scalar' && r.type === 'null'));
  const candidates = nonEmpty.length > 0 ? nonEmpty : [roots[0]];
  const docs: Doc[] = [];
  if (usesMergeTags(file.text)) loader.tags = true;
  for (const raw of candidates) {
    const prepared = prepareDocument(raw, file.path, loader.reporter);
    if (!prepared) continue;
    if (prepared.legacyV1) loader.legacyV1 = true;
    const root = interpolateNode(prepared.root, [] as Seg[], ctx) as YMap;
    docs.push({ root, file, abs, legacyV1: prepared.legacyV1 });
  }
  return docs;
}

/** All documents of a file merged into one (for `extends: {file}` and included files). */
function loadWholeFile(loader: Loader, abs: string, ctx: InterpolateContext): YMap | undefined {
  const entry = parseFile(loader, abs);
  if (!entry) return undefined;
  let merged: YMap | undefined;
  for (const doc of documentsOf(loader, abs, entry, ctx)) {
    merged = merged ? mergeDocuments(merged, doc.root, { reporter: loader.reporter, keepTags: true }) : doc.root;
  }
  return merged;
}

// ---------------------------------------------------------------------------------------------
// include (§7.6)

function strings(node: YNode | undefined): YScalar[] {
  if (!node) return [];
  if (node.kind === 'scalar' && node.type === 'str') return [node];
  if (node.kind === 'seq') return node.items.filter((i): i is YScalar => i.kind === 'scalar' && i.type === 'str');
  return [];
}

/**
 * Loads the projects a document includes and puts the document over them (the including
 * file's definitions are merged over imported ones, as compose-go ≥ 2.10 does).
 * `baseDir`: the folder the document's relative paths resolve against.
 */
function processIncludes(loader: Loader, doc: Doc, baseDir: string, env: Record<string, string>, stack: string[]): YMap {
  const includePair = getPair(doc.root, 'include');
  if (!includePair) return doc.root;
  const local = withoutEntry(doc.root, 'include');
  const items = includePair.value.kind === 'seq' ? includePair.value.items : [];
  let imported: YMap | undefined;
  items.forEach((item, i) => {
    const at = `include[${i}]`;
    const pathNodes = item.kind === 'map' ? strings(get(item, 'path')) : strings(item);
    if (pathNodes.length === 0) return; // the schema reports malformed entries
    const remote = pathNodes.find((p) => isRemoteReference(p.value as string));
    if (remote) {
      loader.reporter.report('compose/include-invalid', `The included file ${String(remote.value)} is remote; ecsify only reads local files.`, {
        origin: nodeOrigin(remote, at),
        hint: 'Download the file next to the project and include it by its local path.',
      });
      return;
    }
    const paths = pathNodes.map((p) => path.resolve(baseDir, p.value as string));
    const missing = paths.findIndex((p) => !isReadable(p));
    if (missing !== -1) {
      const node = pathNodes[missing] as YScalar;
      loader.reporter.report('compose/include-invalid', `The included file ${String(node.value)} does not exist.`, {
        origin: nodeOrigin(node, at),
        hint: 'Paths in `include` are relative to the including project folder.',
      });
      return;
    }
    const cycle = paths.find((p) => stack.includes(p));
    if (cycle) {
      loader.reporter.report('compose/include-invalid', `Including ${relativePath(loader.projectDir, cycle)} here makes a cycle: ${[...stack, cycle].map((s) => relativePath(loader.projectDir, s)).join(' → ')}.`, {
        origin: nodeOrigin(pathNodes[paths.indexOf(cycle)] as YScalar, at),
        hint: 'Remove one of the includes; a file cannot include itself, directly or through others.',
      });
      return;
    }
    const projectDirNode = item.kind === 'map' ? get(item, 'project_directory') : undefined;
    const incDir =
      projectDirNode && projectDirNode.kind === 'scalar' && projectDirNode.type === 'str'
        ? path.resolve(baseDir, projectDirNode.value as string)
        : path.dirname(paths[0] as string);
    const envFiles = item.kind === 'map' ? strings(get(item, 'env_file')).map((n) => path.resolve(baseDir, n.value as string)) : [path.join(incDir, '.env')];
    const incEnv = includeEnvironment(loader, envFiles, env, item.kind === 'map' && get(item, 'env_file') !== undefined);
    const incCtx: InterpolateContext = { lookup: secretAwareLookup(incEnv, loader.reporter, loader.secretPolicy), reporter: loader.reporter, unset: loader.unset, invalid: loader.castErrors };
    let project: YMap | undefined;
    for (const abs of paths) {
      const whole = loadWholeDocs(loader, abs, incCtx, incDir, incEnv, [...stack, abs]);
      if (whole) project = project ? enforceUnicity(mergeDocuments(project, whole, { reporter: loader.reporter })) : whole;
    }
    if (!project) return;
    const picked = mapAt(
      project,
      project.entries.filter((e) => INCLUDED_SECTIONS.includes(e.key)),
    );
    const rebased = rebaseDocument(picked, incDir, baseDir);
    imported = imported ? mergeDocuments(imported, rebased, { reporter: loader.reporter }) : rebased;
  });
  if (!imported) return local;
  return mergeDocuments(imported, local, { reporter: loader.reporter, keepTags: true });
}

/** An included file: its documents with their own includes and extends resolved, then merged. */
function loadWholeDocs(loader: Loader, abs: string, ctx: InterpolateContext, projectDir: string, env: Record<string, string>, stack: string[]): YMap | undefined {
  const entry = parseFile(loader, abs);
  if (!entry) return undefined;
  let merged: YMap | undefined;
  for (const doc of documentsOf(loader, abs, entry, ctx)) {
    let root = processIncludes(loader, doc, projectDir, env, stack);
    root = resolveExtends(loader, { root, file: doc.file, abs: doc.abs, legacyV1: doc.legacyV1 }, projectDir, ctx);
    merged = merged ? enforceUnicity(mergeDocuments(merged, root, { reporter: loader.reporter })) : enforceUnicity(loader.tags ? ((clean(root) as YMap | undefined) ?? mapAt(root, [])) : root);
  }
  return merged;
}

/** Interpolation environment of an included project: its env files under the including one. */
function includeEnvironment(loader: Loader, files: string[], outer: Record<string, string>, explicit: boolean): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const abs of files) {
    if (abs === '/dev/null') continue;
    let decoded: DecodedText;
    try {
      decoded = readInputText(abs);
    } catch {
      if (explicit) {
        loader.reporter.report('compose/include-invalid', `The env file ${relativePath(loader.projectDir, abs)} of an include does not exist.`, {
          hint: 'Paths in `include.env_file` are relative to the including project folder.',
        });
      }
      continue;
    }
    const relPath = relativePath(loader.projectDir, abs);
    const file = sourceFile(relPath, decoded.text);
    loader.reporter.addSource(relPath, decoded.text, file);
    if (!checkEncoding(loader.reporter, file, decoded, 'env')) continue;
    const { entries } = parseDotenv(file, (n) => outer[n] ?? vars[n], loader.reporter);
    for (const e of entries) vars[e.name] = e.value;
  }
  return { ...vars, ...outer };
}

/** A Git, OCI or other URL-like reference (`git@…`, `oci://…`, `https://…`), not a local path. */
function isRemoteReference(value: string): boolean {
  return /^[A-Za-z][A-Za-z0-9+.-]+:/.test(value) || value.startsWith('git@');
}

function isReadable(abs: string): boolean {
  try {
    readFileSync(abs);
    return true;
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------
// extends (§7.5)

/**
 * Resolves `extends` in one document: each extending service becomes its base (from the same
 * document or from `file`) with the local definition merged over it. `dir` is the folder
 * `extends.file` paths resolve against (the project folder for the project's own files).
 */
function resolveExtends(loader: Loader, doc: Doc, dir: string, ctx: InterpolateContext): YMap {
  const services = get(doc.root, 'services');
  if (!services || services.kind !== 'map' || !services.entries.some((e) => get(e.value, 'extends') !== undefined)) return doc.root;
  const memo = new Map<string, YNode>();
  const entries = services.entries.map((e) => {
    const resolved = resolveService(loader, e.key, services, doc.abs, dir, ctx, [], memo);
    return resolved === e.value ? e : withValue(e, resolved);
  });
  return withEntry(doc.root, 'services', mapAt(services, entries));
}

function resolveService(
  loader: Loader,
  name: string,
  services: YMap,
  fileAbs: string,
  dir: string,
  ctx: InterpolateContext,
  stack: string[],
  memo: Map<string, YNode>,
): YNode {
  const key = `${fileAbs}#${name}`;
  const done = memo.get(key);
  if (done) return done;
  const pair = getPair(services, name) as YPair;
  const service = pair.value;
  const extPair = service.kind === 'map' ? getPair(service, 'extends') : undefined;
  if (!extPair || service.kind !== 'map') return service;
  const local = withoutEntry(service, 'extends');
  const path0 = `services.${name}.extends`;
  const ext = extPair.value;
  let baseName: string | undefined;
  let fileNode: YScalar | undefined;
  if (ext.kind === 'scalar' && ext.type === 'str') baseName = ext.value as string;
  else if (ext.kind === 'map') {
    const s = get(ext, 'service');
    if (s && s.kind === 'scalar' && s.type === 'str') baseName = s.value as string;
    const f = get(ext, 'file');
    if (f && f.kind === 'scalar' && f.type === 'str') fileNode = f;
  }
  if (baseName === undefined) {
    memo.set(key, local);
    return local; // malformed: the schema reports it
  }
  if (stack.includes(key)) {
    loader.reporter.report('compose/extends-invalid', `Service ${name} extends itself through a cycle of \`extends\`.`, {
      origin: nodeOrigin(extPair, path0),
      hint: 'Break the cycle: a service cannot extend a service that (directly or not) extends it.',
    });
    return local;
  }
  let base: YNode | undefined;
  let baseDir = dir;
  if (fileNode && isRemoteReference(fileNode.value as string)) {
    loader.reporter.report('compose/extends-invalid', `Service ${name} extends a service of the remote file ${String(fileNode.value)}; ecsify only reads local files.`, {
      origin: nodeOrigin(fileNode, `${path0}.file`),
      hint: 'Download the file next to the project and point `extends.file` at it.',
    });
    memo.set(key, local);
    return local;
  }
  if (fileNode) {
    const abs = path.resolve(dir, fileNode.value as string);
    const whole = isReadable(abs) ? loadWholeFile(loader, abs, ctx) : undefined;
    if (!isReadable(abs)) {
      loader.reporter.report('compose/extends-invalid', `Service ${name} extends a service of ${String(fileNode.value)}, which does not exist.`, {
        origin: nodeOrigin(fileNode, `${path0}.file`),
        hint: '`extends.file` is relative to the project folder (inside a file that was itself extended: to that file\'s folder).',
      });
      memo.set(key, local);
      return local;
    }
    const otherServices = whole ? get(whole, 'services') : undefined;
    if (otherServices && otherServices.kind === 'map' && getPair(otherServices, baseName)) {
      baseDir = path.dirname(abs);
      const resolved = resolveService(loader, baseName, otherServices, abs, baseDir, ctx, [...stack, key], memo);
      base = rebaseService(resolved, baseDir, dir);
    }
  } else if (getPair(services, baseName)) {
    base = resolveService(loader, baseName, services, fileAbs, dir, ctx, [...stack, key], memo);
  }
  if (base === undefined) {
    loader.reporter.report(
      'compose/extends-invalid',
      `Service ${name} extends ${baseName}, which is not defined in ${fileNode ? String(fileNode.value) : 'the same file'}.`,
      {
        origin: nodeOrigin(extPair, path0),
        hint: fileNode ? 'Check the service name in that file.' : '`extends` only sees services of the same file; add `file:` to extend a service of another file.',
      },
    );
    memo.set(key, local);
    return local;
  }
  const baseMap = base.kind === 'map' ? withoutEntry(base, 'extends') : mapAt(base, []);
  const merged = mergeValue(baseMap, local, ['services', name], { reporter: loader.reporter, keepTags: true });
  memo.set(key, merged);
  return merged;
}

/**
 * Looks variables up in `env` and registers the value of each secret-looking one (by the same
 * rules as environment variables, `--secret`/`--not-secret` included) with the reporter as it is
 * interpolated. A secret used only through interpolation (`command: [serve, --password,
 * "${DB_PASSWORD}"]`) is never an environment entry of its own; registered, the secret sweep
 * finds it wherever it lands and diagnostics mask it.
 */
function secretAwareLookup(env: Record<string, string>, reporter: Reporter, policy: SecretPolicy): (name: string) => string | undefined {
  const checked = new Set<string>();
  return (name) => {
    const value = env[name];
    if (value !== undefined && !checked.has(name)) {
      checked.add(name);
      if (classifySecret(name, value, policy).secret) reporter.redact(value, name);
    }
    return value;
  };
}
