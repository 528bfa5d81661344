/**
 * Elastic Beanstalk front end: an app folder or `.zip` source bundle → one `Application`.
 *
 * The order follows how EB itself builds an environment: the EB CLI files and manifests name
 * the platform and carry option settings; `.ebextensions` add theirs (a manifest or saved
 * configuration wins over them); the platform and the files decide which app definition is read
 * (Dockerrun v1/v2, docker-compose.yml, Procfile); then the option settings are applied to the
 * services, `container_commands` become jobs, and what only EB could do is reported.
 */
import path from 'node:path';
import type { Reporter } from '../../diagnostics/context.js';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { newApplication, newSettings } from '../../ir/create.js';
import { parseScheduleSpec, uniqueNames } from '../../ir/schedule.js';
import type { Application, EnvVar, LiveEnvironment, Origin, ScheduledAction, Secret } from '../../ir/types.js';
import { collectedSecrets, newSecretCollector } from '../../secrets/env-var.js';
import type { LoadResult } from '../detect.js';
import type { LoadOptions } from '../options.js';
import { decide, findCandidates, findFallbacks, openBundle, openZipBundle, type Detection, type OpenedBundle } from './bundle.js';
import { normaliseAppName, type EbContext } from './common.js';
import { andList } from '../../util/and-list.js';
import { loadComposeOnEb } from './compose-on-eb.js';
import { defaultProcess } from './default-process.js';
import { readDockerrun, type DockerrunFile } from './dockerrun.js';
import { dockerfileOnlyDraft, parseDockerrunV1, registryAuth } from './dockerrun-v1.js';
import { parseDockerrunV2 } from './dockerrun-v2.js';
import { isEcrImage, type AppDraft } from './draft.js';
import { readConfigFile, readEbExtensions, type EbExtensions } from './ebextensions.js';
import { readCliConfig, readManifest, savedConfigFiles, type CliConfig, type Manifest } from './env-yaml.js';
import { containerCommandJobs, releaseJob } from './jobs.js';
import { applyOptionSettings, plainProperties } from './option-settings.js';
import { buildStore, ENV_NAMESPACE, optionKey, resolveOption, SECRETS_NAMESPACE, type OptionStore, type OptionValue } from './option-store.js';
import { classifySecret } from '../../secrets/classify.js';
import { platformHint, type PlatformInfo } from './platform.js';
import { reportCronYaml, reportPlatformFiles } from './platform-files.js';
import { procfileDraft, readProcfile, reportBuildfile, type ProcfileEntry } from './procfile.js';

export { hasEbMarkers, isEbFile } from './markers.js';

/** Reads an EB bundle (folder, `.zip`, or a file inside a bundle) into the IR. */
export async function loadElasticBeanstalk(options: LoadOptions, reporter: Reporter): Promise<LoadResult> {
  const target = path.resolve(options.cwd, options.path);
  const opened = openBundle(target, options.path, reporter);
  if (!opened) return { app: undefined, projectDir: target };
  try {
    const app = await loadOpenedBundle(opened, options, reporter);
    return { app, projectDir: opened.projectDir };
  } finally {
    opened.close();
  }
}

/** A live environment's settings (live.ts), read as a saved configuration that ranks above the bundle's files. */
export interface LiveSettings {
  /** Its name in origins (`eb://ENV/settings.cfg.yml`), never prefixed with the bundle's. */
  file: string;
  /**
   * The settings' text, given the options the bundle's files set (`namespace\0option`): an
   * option at its default is written only when it overrides one of those.
   */
  text(setByFiles: ReadonlySet<string>): string;
  /** The EB application: the app's name unless -p names another. */
  applicationName: string;
  region: string | undefined;
  /** What the IR records of the environment (`source.environment`). */
  environment: LiveEnvironment;
}

/** Reads an opened bundle; `live` adds a live environment's settings on top. The caller closes it. */
export async function loadOpenedBundle(opened: OpenedBundle, options: LoadOptions, baseReporter: Reporter, live?: LiveSettings): Promise<Application | undefined> {
  const ctx: EbContext = {
    bundle: opened.bundle,
    reporter: baseReporter,
    options,
    secrets: newSecretCollector({ secretNames: options.secretNames, notSecretNames: options.notSecretNames }, baseReporter),
    files: [],
  };
  let prefix = opened.originPrefix;
  let artifact: OpenedBundle | undefined;
  try {
    // 1. EB CLI configuration: it may name a prebuilt artifact, which is what EB receives.
    const cli = readCliConfig(ctx);
    if (cli?.artifact && opened.bundle.kind === 'folder') {
      const rel = cli.artifact.path.replace(/^\.\//, '');
      const abs = path.resolve(opened.projectDir, ...rel.split('/'));
      const isZip = /\.zip$/i.test(rel) && ctx.bundle.kindOf(rel) === 'file';
      if (isZip) artifact = openZipBundle(abs, rel, baseReporter, { projectDir: opened.projectDir, name: rel });
      baseReporter.report('eb/deploy-artifact', `\`eb deploy\` uploads ${rel} (deploy.artifact), not this folder.`, {
        origin: cli.artifact.origin,
        hint: artifact
          ? `ecsify reads ${rel}, the bundle EB receives; rebuild it if it is out of date.`
          : ctx.bundle.kindOf(rel) === 'file'
            ? `${rel} is not a .zip source bundle, so ecsify reads the folder instead; the bundle EB receives may differ.`
            : `${rel} is not built yet, so ecsify reads the folder; the bundle EB receives may differ.`,
      });
      if (artifact) {
        ctx.bundle = artifact.bundle;
        prefix = artifact.originPrefix;
      }
    }
    const exempt = new Set(artifact ? ctx.files : []);
    if (live) exempt.add(live.file);
    const fix = (file: string): string => (prefix && !exempt.has(file) ? `${prefix}${file}` : file);
    ctx.reporter = prefix ? prefixingReporter(baseReporter, fix) : baseReporter;
    ctx.secrets = newSecretCollector({ secretNames: options.secretNames, notSecretNames: options.notSecretNames }, ctx.reporter);
    const app = await loadApp(ctx, opened, options, cli, live);
    if (app && prefix) {
      rebaseOrigins(app, fix);
      app.source.files = app.source.files.map(fix);
    }
    return app;
  } finally {
    artifact?.close();
  }
}

/** Prefixes the files of reported origins and registered sources (files inside a zip). */
function prefixingReporter(base: Reporter, fix: (file: string) => string): Reporter {
  const r = Object.create(base) as Reporter;
  r.report = (rule, message, opts) => base.report(rule, message, opts?.origin ? { ...opts, origin: { ...opts.origin, file: fix(opts.origin.file) } } : opts);
  r.addSource = (p, text) => base.addSource(fix(p), text);
  return r;
}

/** Rewrites every origin's file in the IR (origins are the objects with file, line and column). */
function rebaseOrigins(node: unknown, fix: (file: string) => string, seen = new Set<object>()): void {
  if (!node || typeof node !== 'object' || seen.has(node)) return;
  seen.add(node);
  if (Array.isArray(node)) {
    for (const x of node) rebaseOrigins(x, fix, seen);
    return;
  }
  const o = node as Record<string, unknown>;
  if (typeof o['file'] === 'string' && typeof o['line'] === 'number' && typeof o['column'] === 'number') {
    o['file'] = fix(o['file']);
    return;
  }
  for (const v of Object.values(o)) rebaseOrigins(v, fix, seen);
}

async function loadApp(
  ctx: EbContext,
  opened: OpenedBundle,
  options: LoadOptions,
  cli: CliConfig | undefined,
  live: LiveSettings | undefined,
): Promise<Application | undefined> {
  const reporter = ctx.reporter;
  const envYaml = ctx.bundle.kindOf('env.yaml') === 'file' ? readManifest(ctx, 'env.yaml') : undefined;
  const saved = pickSavedConfig(ctx, cli?.environments ?? []);

  // 2. .ebextensions (or the config files named on the command line).
  let ext: EbExtensions;
  if (opened.configFiles) {
    ext = { options: [], containerCommands: [], files: [] };
    for (const f of opened.configFiles) readConfigFile(ctx, f, ext);
  } else {
    ext = readEbExtensions(ctx);
  }
  if (live && options.bundle !== undefined && cli) checkLocalBundle(ctx, live, cli);
  // The environment's own settings rank above every file (elastic-beanstalk.md §4.3).
  const fromFiles = [...ext.options, ...(envYaml?.options ?? []), ...(saved?.options ?? [])];
  const liveManifest = live ? readManifest(ctx, live.file, live.text(new Set(fromFiles.map((o) => optionKey(o.namespace, o.option))))) : undefined;
  // Manifests and saved configurations rank above .ebextensions (later layers win).
  const store = buildStore([...fromFiles, ...(liveManifest?.options ?? [])]);
  redactSecretOptions(ctx, [...fromFiles, ...(liveManifest?.options ?? [])], store);
  if (liveManifest) reportDrift(ctx, fromFiles, liveManifest.options);

  // 3. Which app definition, on which platform.
  const platform: PlatformInfo | undefined = liveManifest?.platform ?? envYaml?.platform ?? saved?.platform ?? cli?.platform;
  const dockerruns = new Map<string, DockerrunFile | undefined>();
  const readRun = (rel: string): DockerrunFile | undefined => {
    if (!dockerruns.has(rel)) dockerruns.set(rel, readDockerrun(ctx, rel));
    return dockerruns.get(rel);
  };
  const candidates = findCandidates(ctx, opened.forced, (rel) => readRun(rel)?.version);
  findFallbacks(ctx, candidates);
  if (candidates.dockerrun && candidates.dockerrun.version === undefined) {
    const v = readRun(candidates.dockerrun.rel)?.version;
    if (v) candidates.dockerrun.version = v;
  }
  if (candidates.procfile) {
    const text = ctx.bundle.readText(candidates.procfile) ?? '';
    candidates.procfileCommands = [...text.matchAll(/^[A-Za-z0-9_-]+:\s*(.+)$/gm)].map((m) => m[1] as string);
  }
  // The running environment's tier wins; env.yaml only chose it when the environment was created.
  const tier = workerTier(liveManifest?.tier ? liveManifest : envYaml, saved, store);
  const detection = decide(ctx, candidates, platform);

  const appName = normaliseAppName(options.projectName ?? live?.applicationName ?? cli?.applicationName ?? opened.name);
  const mainName = tier.worker ? 'worker' : 'web';
  const processPort = processPortOf(store);

  // 4. The services.
  let draft: AppDraft | undefined;
  let composeApp: Application | undefined;
  let dotEnvServices: string[] = [];
  switch (detection.kind) {
    case 'eb-dockerrun-v1': {
      const file = detection.file ? readRun(detection.file) : undefined;
      draft = file ? parseDockerrunV1(ctx, file, appName, mainName) : dockerfileOnlyDraft(ctx, appName, mainName);
      break;
    }
    case 'eb-dockerrun-v2': {
      const file = detection.file ? readRun(detection.file) : undefined;
      if (file) draft = parseDockerrunV2(ctx, file, appName, { defaultProcessPort: processPort, worker: tier.worker });
      break;
    }
    case 'eb-procfile': {
      if (!detection.platform) {
        reporter.report('eb/platform-image', 'ecsify cannot tell which language platform this Procfile app runs on.', {
          origin: detection.file ? { file: detection.file, line: 1, column: 1, path: '' } : undefined,
          severity: 'warning',
          hint: 'Name it in .elasticbeanstalk/config.yml (global.default_platform, e.g. "Ruby 3.2 running on 64bit Amazon Linux 2023"); the image is a parameter either way.',
        });
      }
      let entries: ProcfileEntry[] | undefined;
      if (detection.file) entries = readProcfile(ctx, detection.file, 'Procfile');
      else {
        const d = detection.platform ? defaultProcess(ctx, detection.platform, store) : undefined;
        entries = d ? [d] : undefined;
      }
      if (ctx.bundle.kindOf('Buildfile') === 'file') reportBuildfile(ctx, readProcfile(ctx, 'Buildfile', 'Buildfile') ?? []);
      if (entries && entries.length > 0) {
        const portProp = store.get(ENV_NAMESPACE, 'PORT');
        const portValue = portProp ? resolveOption(store, portProp) : undefined;
        draft = procfileDraft(ctx, appName, entries, {
          ...(detection.platform ? { platform: detection.platform } : {}),
          ...(portProp && portValue?.ok ? { portProperty: { value: portValue.value, origin: portProp.origin } } : {}),
          worker: tier.worker,
        }, detection.file ?? 'the platform');
      } else if (entries) {
        reporter.report('eb/no-app-definition', `${detection.file ?? 'The Procfile'} defines no processes.`, {
          origin: detection.file ? { file: detection.file, line: 1, column: 1, path: '' } : undefined,
          hint: 'Add a `web: <command>` line.',
        });
      }
      break;
    }
    case 'eb-docker-compose': {
      if (detection.dockerrunV3) {
        const v3 = readRun(detection.dockerrunV3);
        const auth = v3?.root.entries.find((e) => e.key === 'Authentication' || e.key === 'authentication');
        if (v3 && auth) {
          const holder: AppDraft = { kind: 'eb-docker-compose', services: [], volumes: [], hostPorts: new Map(), envToAllContainers: false };
          registryAuth(ctx, auth, auth.key, 'bucket', 'key', holder);
        }
      }
      const loaded = await loadComposeOnEb(ctx, detection.file as string, appName, plainProperties(store), processPort);
      composeApp = loaded.app;
      draft = loaded.draft;
      dotEnvServices = loaded.dotEnvServices;
      if (ctx.secrets.secrets.has('REGISTRY_CREDENTIALS')) draft.registrySecret = 'REGISTRY_CREDENTIALS';
      break;
    }
    default:
      // Said once: a more specific reason may have been given while deciding, or the app
      // definition is there but could not be read (its syntax error says so).
      if (detection.sentence === 'No app definition found.' && !reporter.diagnostics.some((d) => d.rule === 'eb/no-app-definition' || unreadableDefinition(d))) {
        const nested = nestedBundles(ctx);
        reporter.report('eb/no-app-definition', `${opened.name} holds no Dockerrun.aws.json, docker-compose.yml, Dockerfile, Procfile or app files ecsify recognises.`, {
          hint: nested.length
            ? `These sub-folders look like bundles: ${nested.join(', ')}. Point ecsify at the one you deploy.`
            : 'Point ecsify at the folder (or .zip) you deploy with `eb deploy`: these files sit at its root.',
        });
      }
  }

  // 5. The application and the option settings on top.
  const settings = composeApp?.settings ?? newSettings(options.launchType, options.secretsBackend);
  if (!composeApp) {
    settings.secretNames = [...options.secretNames];
    settings.notSecretNames = [...options.notSecretNames];
    settings.exclude = [...options.exclude];
    const actions: ScheduledAction[] = [];
    for (const spec of options.schedule) actions.push(...(parseScheduleSpec(spec, undefined, reporter) ?? []));
    if (actions.length > 0) settings.schedule = uniqueNames(actions);
  }
  const region = live?.region ?? cli?.region;
  if (region && !settings.region) settings.region = region;
  Object.assign(settings.tags, saved?.tags ?? {}, envYaml?.tags ?? {}, liveManifest?.tags ?? {});
  const app = newApplication(composeApp?.name ?? appName, { kind: detection.kind ?? 'eb-dockerrun-v1', files: [] }, settings);
  if (draft) {
    app.services = draft.services;
    app.volumes = draft.volumes;
    if (composeApp) {
      app.excluded = composeApp.excluded;
      app.ingress = composeApp.ingress;
    }
    attachRegistryCredentials(ctx, draft);
    const applied = applyOptionSettings(ctx, { store, draft, app, worker: tier.worker, ...(tier.origin ? { tierOrigin: tier.origin } : {}) });
    if (draft.kind === 'eb-docker-compose') giveDotEnv(ctx, draft, dotEnvServices, applied.envVars);
    if (draft.kind === 'eb-procfile') setPortVariable(draft, store);
    // A Compose service that runs once (docker-compose.yml on EB) is a job already. It runs after
    // the container commands: EB ran those before `docker compose up`, which runs it.
    const composeJobs = composeApp?.jobs ?? [];
    const dockerPlatform = detection.kind === 'eb-dockerrun-v1' || detection.kind === 'eb-dockerrun-v2' || detection.kind === 'eb-docker-compose';
    app.jobs = [...containerCommandJobs(ctx, ext.containerCommands, draft, dockerPlatform, composeJobs), ...composeJobs];
    const release = releaseJob(ctx, draft, app.jobs);
    if (release) app.jobs.push(release);
  } else {
    // Nothing to convert, but the settings are still checked so every problem is reported.
    const empty: AppDraft = { kind: 'eb-procfile', services: [], volumes: [], hostPorts: new Map(), envToAllContainers: true };
    applyOptionSettings(ctx, { store, draft: empty, app, worker: tier.worker, ...(tier.origin ? { tierOrigin: tier.origin } : {}) });
    containerCommandJobs(ctx, ext.containerCommands, empty, false);
  }
  reportPlatformFiles(ctx);
  reportCronYaml(ctx);
  for (const problem of ctx.bundle.readProblems) {
    reporter.report(/limit|larger than|in total/.test(problem) ? 'eb/zip-limit' : 'eb/zip-invalid', `${opened.name}: ${problem}.`, {
      hint: 'ecsify could not read this file of the bundle; the conversion may be missing what it says.',
    });
  }

  app.secrets = mergeSecrets(composeApp?.secrets ?? [], collectedSecrets(ctx.secrets));
  app.source = sourceInfo(detection, ctx, composeApp, platform);
  if (live) app.source.environment = live.environment;
  if (!draft || app.services.length === 0) return draft ? app : undefined;
  return app;
}

/** A syntax error in a file that defines the app: the bundle has a definition, unread. */
function unreadableDefinition(d: Diagnostic): boolean {
  return d.rule === 'yaml/syntax' && /(^|\/)(Dockerrun\.aws\.json|docker-compose\.ya?ml)$/.test(d.origin?.file ?? '');
}

function sourceInfo(detection: Detection, ctx: EbContext, composeApp: Application | undefined, platform: PlatformInfo | undefined): Application['source'] {
  const files = [...ctx.files];
  for (const f of composeApp?.source.files ?? []) if (!files.includes(f)) files.push(f);
  const p = detection.platform ?? platform;
  const info: Application['source'] = { kind: detection.kind ?? 'eb-dockerrun-v1', files, detection: detection.sentence };
  if (p) info.platform = platformHint(p);
  else if (detection.kind === 'eb-dockerrun-v2') info.platform = 'ecs';
  else if (detection.kind === 'eb-docker-compose' || detection.kind === 'eb-dockerrun-v1') info.platform = 'docker';
  return info;
}

function mergeSecrets(a: Secret[], b: Secret[]): Secret[] {
  const byName = new Map<string, Secret>();
  for (const s of [...a, ...b]) if (!byName.has(s.name)) byName.set(s.name, s);
  return [...byName.values()].sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
}

/**
 * Option values that are secrets, outside the environment properties (which classifyEnvVar
 * judges one by one): the RDS master password EB's database takes (`DBPassword`), or a custom
 * option whose name says secret (`aws:elasticbeanstalk:customoption ApiToken`). ecsify maps none of them, but a
 * code frame of a neighbouring line would show them: they are masked like any secret.
 */
function redactSecretOptions(ctx: EbContext, options: readonly OptionValue[], store: OptionStore): void {
  for (const v of options) {
    if (v.namespace === ENV_NAMESPACE || v.namespace === SECRETS_NAMESPACE) continue;
    const r = resolveOption(store, v);
    // Judged as a variable of that name would be: `EnableSecrets: true` is a flag, not a secret.
    if (r.ok && classifySecret(v.option, r.value, ctx.secrets.policy).secret) ctx.reporter.redact(r.value, v.option);
  }
}

/**
 * What the running environment sets that the bundle's files do not say: options set only there
 * (in the console, with the EB or AWS CLI), and options it sets to another value. Names only:
 * the values of environment properties may be secrets. The converted stack follows the
 * environment; the note tells the user their repository no longer describes what runs.
 */
function reportDrift(ctx: EbContext, fromFiles: readonly OptionValue[], live: readonly OptionValue[]): void {
  const files = buildStore(fromFiles);
  const liveStore = buildStore(live);
  const only: OptionValue[] = [];
  const changed: OptionValue[] = [];
  for (const v of live) {
    const f = files.get(v.namespace, v.option, v.resource);
    if (!f) only.push(v);
    else {
      const a = resolveOption(files, f);
      const b = resolveOption(liveStore, v);
      if (a.ok && b.ok && a.value !== b.value) changed.push(v);
    }
  }
  if (only.length + changed.length === 0 || fromFiles.length === 0) return;
  const label = (v: OptionValue) => (v.namespace === ENV_NAMESPACE ? v.option : `${v.resource ? `${v.resource}.` : ''}${v.namespace} ${v.option}`);
  const list = (vs: OptionValue[]) => andList(vs.map(label), 6);
  const parts = [
    ...(changed.length > 0 ? [`${changed.length} option${changed.length === 1 ? ' has another value' : 's have other values'} than the bundle's files give (${list(changed)})`] : []),
    ...(only.length > 0 ? [`${only.length} ${only.length === 1 ? 'is' : 'are'} set only in the environment (${list(only)})`] : []),
  ];
  ctx.reporter.report('eb/live-drift', `The environment has drifted from its bundle: ${parts.join('; ')}.`, {
    origin: (changed[0] ?? only[0] as OptionValue).origin,
    hint: 'The conversion follows the environment. Keep the stack (or the files) as the one description of what runs: settings changed by hand are otherwise lost at the next rebuild.',
  });
}

/**
 * With `--bundle`: a folder whose EB CLI config names another application, or only other
 * environments, is likely not the app the environment runs (a staging checkout for production).
 */
function checkLocalBundle(ctx: EbContext, live: LiveSettings, cli: CliConfig): void {
  const env = live.environment;
  const otherApp = cli.applicationName !== undefined && cli.applicationName !== env.application;
  const otherEnvs = cli.environments.length > 0 && !cli.environments.includes(env.name);
  if (!otherApp && !otherEnvs) return;
  ctx.reporter.report(
    'eb/live-bundle-mismatch',
    otherApp
      ? `${cli.file} belongs to the application ${cli.applicationName}, but the environment ${env.name} runs ${env.application}.`
      : `${cli.file} deploys to ${andList(cli.environments)}, not to ${env.name}.`,
    {
      origin: { file: cli.file, line: 1, column: 1, path: '' },
      hint: `Check that --bundle names the app ${env.name} runs${env.versionLabel ? ` (version ${env.versionLabel})` : ''}: the settings come from the environment, the app definition from the folder.`,
    },
  );
}

/** The saved configuration that applies: named after the branch's environment, or the only one. */
function pickSavedConfig(ctx: EbContext, environments: string[]): Manifest | undefined {
  const files = savedConfigFiles(ctx);
  if (files.length === 0) return undefined;
  const byEnv = files.find((f) => environments.some((e) => path.posix.basename(f).replace(/\.cfg\.ya?ml$/, '') === e));
  const chosen = byEnv ?? (files.length === 1 ? files[0] : undefined);
  if (!chosen) {
    ctx.reporter.report('eb/ambiguous-bundle', `There are ${files.length} saved configurations and none is named after the environment in .elasticbeanstalk/config.yml.`, {
      origin: { file: files[0] as string, line: 1, column: 1, path: '' },
      hint: 'ecsify applies none of them; keep only the one the environment uses, or name it after the environment.',
    });
    return undefined;
  }
  return readManifest(ctx, chosen);
}

function workerTier(envYaml: Manifest | undefined, saved: Manifest | undefined, store: OptionStore): { worker: boolean; origin?: Origin } {
  const t = envYaml?.tier ?? saved?.tier;
  if (t) return t.worker ? { worker: true, origin: t.origin } : { worker: false };
  const sqsd = store.namespace('aws:elasticbeanstalk:sqsd')[0];
  return sqsd ? { worker: true, origin: sqsd.origin } : { worker: false };
}

/** Instance port of EB's default process (80 unless set). */
function processPortOf(store: OptionStore): number {
  const v = store.get('aws:elasticbeanstalk:environment:process:default', 'Port');
  if (!v) return 80;
  const r = resolveOption(store, v);
  const n = r.ok ? Number(r.value) : NaN;
  return Number.isInteger(n) && n >= 1 && n <= 65535 ? n : 80;
}

/**
 * Containers pulling from a private registry get the registry credentials secret. ECR images
 * need none (the execution role pulls them), and Docker Hub official images (`nginx`, `redis:7`)
 * are public: sending another registry's credentials with them would make the pull fail.
 */
function attachRegistryCredentials(ctx: EbContext, draft: AppDraft): void {
  if (!draft.registrySecret) return;
  const official = (ref: string): boolean => !ref.includes('/') || ref.startsWith('library/') || ref.startsWith('docker.io/library/');
  const candidates = draft.services.flatMap((s) => s.task.containers).filter((c) => c.image.kind === 'ref' && c.image.ref !== '' && !c.repositoryCredentials && !isEcrImage(c.image.ref));
  const privateOnes = candidates.filter((c) => c.image.kind === 'ref' && !official(c.image.ref));
  const chosen = privateOnes.length > 0 ? privateOnes : candidates;
  for (const c of chosen) c.repositoryCredentials = { secret: draft.registrySecret };
  const registries = [...new Set(chosen.map((c) => (c.image.kind === 'ref' ? registryOf(c.image.ref) : '')))].sort();
  if (registries.length > 1) {
    ctx.reporter.report('eb/registry-auth', `The registry credentials go to images from ${registries.length} registries (${registries.join(', ')}).`, {
      severity: 'info',
      hint: 'A Docker credentials file can hold several registries, but an ECS repositoryCredentials secret holds one: split the secret per registry if needed.',
    });
  }
}

function registryOf(ref: string): string {
  const first = ref.split('/')[0] ?? '';
  return ref.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost') ? first : 'docker.io';
}

/** Compose platform: the EB properties reach the services that read the generated `.env`. */
function giveDotEnv(ctx: EbContext, draft: AppDraft, services: string[], vars: EnvVar[]): void {
  if (services.length === 0 || vars.length === 0) {
    if (vars.length > 0) {
      ctx.reporter.report('eb/environment-property', `EB wrote its environment properties to .env, but no compose service reads it with env_file, so they only fill \${VAR} references.`, {
        origin: vars[0]?.origin,
        hint: 'Add `env_file: .env` to the services that need them, or reference them as ${NAME} in `environment:`.',
      });
    }
    return;
  }
  const reached: string[] = [];
  for (const s of draft.services) {
    for (const c of s.task.containers) {
      if (!services.includes(c.name) && !services.includes(s.name)) continue;
      const own = new Set(c.environment.map((e) => e.name));
      for (const v of vars) if (!own.has(v.name)) c.environment.push({ ...v });
      reached.push(c.name);
    }
  }
  ctx.reporter.report('eb/environment-property', `EB wrote its environment properties to .env, which ${reached.map((n) => `\`${n}\``).join(', ')} ${reached.length === 1 ? 'reads' : 'read'} with env_file; ecsify gives them the same variables.`, {
    origin: vars[0]?.origin,
    hint: 'Other services only see the properties they reference as ${NAME}.',
  });
}

/** EB gave the web process its port in PORT; the container gets it explicitly when the app did not set it. */
function setPortVariable(draft: AppDraft, store: OptionStore): void {
  if (!draft.web || store.get(ENV_NAMESPACE, 'PORT')) return;
  const svc = draft.services.find((s) => s.name === draft.web?.service);
  const c = svc?.task.containers.find((x) => x.name === draft.web?.container);
  if (!c || c.environment.some((e) => e.name === 'PORT')) return;
  c.environment.push({ name: 'PORT', value: String(draft.web.containerPort) });
}

/** Sub-folders (two levels down at most) that hold an app definition, for the hint. */
function nestedBundles(ctx: EbContext): string[] {
  const b = ctx.bundle;
  const defining = (dir: string): boolean =>
    ['Dockerrun.aws.json', 'Procfile', 'docker-compose.yml', 'docker-compose.yaml', 'compose.yaml'].some((f) => b.kindOf(`${dir}/${f}`) === 'file');
  const out: string[] = [];
  const skip = (n: string): boolean => n.startsWith('.') || n === 'node_modules' || n === 'vendor';
  for (const d of b.list('').filter((e) => e.dir && !skip(e.name))) {
    if (defining(d.name)) out.push(`${d.name}/`);
    else for (const sub of b.list(d.name).filter((e) => e.dir && !skip(e.name))) if (defining(`${d.name}/${sub.name}`)) out.push(`${d.name}/${sub.name}/`);
    if (out.length >= 5) break;
  }
  return out;
}
