/**
 * Compose → IR: a loaded `ComposeModel` (merged, interpolated, short syntaxes as written) becomes
 * an `Application`.
 *
 * Order of work: the top-level `x-ecsify` and the flags make the settings (flags win) and the
 * secret policy; then top-level volumes, networks, secrets and configs; then every service in file
 * order, each key read by the service-*.ts module named in keys.ts, or reported there; finally
 * services are grouped into ECS tasks (tasks.ts). Services keep the file order of the services
 * that own their tasks; volumes and secrets are sorted by name.
 */
import { newApplication, newContainer, newSettings } from '../../ir/create.js';
import { parseScheduleSpec, uniqueNames as uniqueActionNames } from '../../ir/schedule.js';
import type { Application, Container, ContainerOriginField, ExcludedService, ScheduledAction, Settings } from '../../ir/types.js';
import { RULES } from '../../diagnostics/catalog.js';
import type { Reporter } from '../../diagnostics/context.js';
import { commandLinePasswords } from '../../secrets/classify.js';
import { collectedSecrets, newSecretCollector } from '../../secrets/env-var.js';
import { redactUnreadTree } from '../../secrets/unread.js';
import { get, getPair, isMap, isScalar, nodeOrigin, type YMap } from '../../yaml/node.js';
import type { LoadOptions } from '../options.js';
import { keyTreatment } from './keys.js';
import type { ComposeModel } from './model.js';
import { mapCommand } from './service-command.js';
import { mapDependencies } from './service-dependencies.js';
import { mapDeploy } from './service-deploy.js';
import type { ServiceDraft } from './service-draft.js';
import { mapEnvironment, mapLabels } from './service-environment.js';
import { mapHealthcheck } from './service-healthcheck.js';
import { mapImage } from './service-image.js';
import { mapLogging } from './service-logging.js';
import { mapNetwork, reportTopLevelNetworks } from './service-network.js';
import { mapPorts } from './service-ports.js';
import { mapResources } from './service-resources.js';
import { mapRuntime } from './service-runtime.js';
import { mapSecretsAndConfigs, readDeclarations, type Declaration } from './service-secrets.js';
import { mapTopLevelVolumes, mapVolumes } from './service-volumes.js';
import { buildServices, uniqueNames } from './tasks.js';
import { at, entries, Entry, goString, invalid, originOf, readBool, report, schemaReported, serviceContext, unsupported, type MapContext, type ServiceContext } from './to-ir-context.js';
import { applyTopLevelXAws, mapServiceXAws } from './x-aws.js';
import { mapServiceXEcsify, readTopLevelXEcsify, type TopLevelXEcsify } from './x-ecsify.js';

export function composeToIR(model: ComposeModel, options: LoadOptions, reporter: Reporter): Application {
  const root = model.root;
  // The policy's lists are filled once x-ecsify is read, before any variable is classified.
  const policy = { secretNames: [] as string[], notSecretNames: [] as string[] };
  const collector = newSecretCollector(policy, reporter);
  const base: MapContext = { model, options, reporter, collector, launchType: options.launchType };
  const xe = readTopLevelXEcsify(base, root);
  const settings = buildSettings(base, options, xe, root);
  policy.secretNames.push(...settings.secretNames);
  policy.notSecretNames.push(...settings.notSecretNames);
  for (const pair of model.disabledServiceEntries ?? []) {
    if (isMap(pair.value)) maskSecrets(serviceContext(base, new Entry(pair, 'services'), pair.value));
  }
  // The user's own top-level x- keys (often anchors that services merge, where what they give
  // is read): never read as such, but shown in code frames.
  for (const e of root.entries) if (e.key.startsWith('x-') && !readExtension(e.key)) redactUnreadTree(e.value, reporter, policy, (collector.unread ??= new WeakSet()));
  const ctx: MapContext = { ...base, launchType: settings.launchType };

  const app = newApplication(model.name, { kind: 'compose', files: [...model.files], detection: detection(model) }, settings);
  app.volumes = mapTopLevelVolumes(ctx, root);
  const declaredVolumes = new Set(app.volumes.map((v) => v.name));
  const declaredNetworks = reportTopLevelNetworks(ctx, root);
  const secrets = readDeclarations(ctx, root, 'secrets');
  const configs = readDeclarations(ctx, root, 'configs');
  const models = getPair(root, 'models');
  if (models) unsupported(ctx, at(models, 'models'), 'The top-level `models` (Docker Model Runner) cannot run on ECS.', 'Call a hosted model (e.g. Amazon Bedrock) and pass its endpoint as a setting.');

  const servicesNode = get(root, 'services');
  // Names other services reach a service by, so a secret's value that names one as a host keeps
  // that name (EnvVar.hosts) when the value is dropped: keys and container names.
  if (isMap(servicesNode)) collector.hosts = serviceHostNames(servicesNode);
  const drafts: ServiceDraft[] = [];
  const excluded = new Set<string>();
  const known = new Set<string>();
  if (isMap(servicesNode)) {
    const names = uniqueNames(servicesNode.entries.map((e) => e.key));
    const wanted = new Set(settings.exclude);
    const eList = entries(servicesNode, 'services');
    const facts: ProjectFacts = { declaredVolumes, declaredNetworks, secrets, configs, packLinks: xe.packLinks };
    for (let eIndex = 0; eIndex < eList.length; eIndex++) {
      const e = eList[eIndex] as Entry;
      known.add(e.key);
      if (!isMap(e.value)) {
        invalid(ctx, e, `Service \`${e.key}\` must be a mapping of settings.`, 'Give the service at least an `image:`.');
        continue;
      }
      const sctx = serviceContext(ctx, e, e.value);
      if (sctx.keys.has('provider')) {
        excluded.add(e.key);
        app.excluded.push(providerService(sctx, e.pair));
        maskSecrets(sctx);
        continue;
      }
      // Excluded services are still mapped: the exclude pass turns them into endpoint parameters
      // and rewrites the variables that name them. Only errors and secret findings are reported.
      const leaving = wanted.has(e.key) || excludedByOwnSetting(sctx);
      if (leaving) {
        excluded.add(e.key);
        settings.exclude = unique([...settings.exclude.filter((n) => n !== e.key), names.get(e.key) as string]);
      }
      const draft = mapService(leaving ? { ...sctx, reporter: quiet(ctx.reporter) } : sctx, e.pair, names.get(e.key) as string, facts);
      if (draft) drafts.push(draft);
      else maskSecrets(sctx);
    }
  }
  const built = buildServices(ctx, drafts, { appName: app.name, launchType: settings.launchType, packLinks: xe.packLinks, excluded, known, disabled: new Set(model.disabledServices ?? []) });
  app.services = built.services;
  app.jobs.push(...built.jobs); // services that run once (tasks.ts), in run order
  app.secrets = collectedSecrets(collector);
  return app;
}

function detection(model: ComposeModel): string {
  const files = model.files.join(', ');
  return `Compose project (${model.files.length === 1 ? 'file' : 'files'} ${files}${model.legacyV1 ? ', version 1 layout' : ''})`;
}

/** Settings from the flags (which win), then `x-aws-*`, then `x-ecsify`. */
function buildSettings(ctx: MapContext, options: LoadOptions, xe: TopLevelXEcsify, root: YMap): Settings {
  // A flag the user gave wins; otherwise x-ecsify, then the defaults.
  const launchType = options.explicit?.launchType ? options.launchType : (xe.launchType ?? options.launchType);
  const backend = options.explicit?.secretsBackend ? options.secretsBackend : (xe.secretsBackend ?? options.secretsBackend);
  const settings = newSettings(launchType, backend);
  const lists = secretLists(options, xe);
  settings.secretNames = lists.secretNames;
  settings.notSecretNames = lists.notSecretNames;
  settings.exclude = unique([...options.exclude, ...xe.exclude]);
  if (options.schedule.length > 0) {
    const actions: ScheduledAction[] = [];
    for (const spec of options.schedule) actions.push(...(parseScheduleSpec(spec, undefined, ctx.reporter) ?? []));
    if (actions.length > 0) settings.schedule = uniqueActionNames(actions);
  } else if (xe.schedule) {
    settings.schedule = xe.schedule;
  }
  applyTopLevelXAws(ctx, root, settings);
  if (xe.region) settings.region = xe.region;
  if (xe.cluster) settings.cluster = { name: xe.cluster.name, origin: nodeOrigin(xe.cluster.where.node, xe.cluster.where.path) };
  if (xe.logRetentionDays !== undefined) settings.logRetentionDays = xe.logRetentionDays;
  if (xe.secretsKmsKeyArn) settings.secretsKmsKeyArn = xe.secretsKmsKeyArn;
  if (xe.loadBalancer) settings.loadBalancer = { ...(settings.loadBalancer ?? {}), ...xe.loadBalancer, listeners: [...(settings.loadBalancer?.listeners ?? [])] };
  if (xe.network) settings.network = { ...(settings.network ?? {}), ...xe.network };
  settings.tags = { ...xe.tags };
  return settings;
}

/** The names the flags and then `x-ecsify` declare secret, or not secret (a flag wins). */
function secretLists(options: LoadOptions, xe: TopLevelXEcsify): { secretNames: string[]; notSecretNames: string[] } {
  return {
    secretNames: unique([...options.secretNames, ...xe.secrets.filter((n) => !options.notSecretNames.includes(n))]),
    notSecretNames: unique([...options.notSecretNames, ...xe.notSecrets.filter((n) => !options.secretNames.includes(n))]),
  };
}

/**
 * When there is no service to map (`compose/no-services`: none written, or a profile switches
 * every one off), the file is still shown in code frames: the secrets of those services, and of
 * the top-level sections nothing reads now (networks, volumes, configs, the user's `x-` keys),
 * are masked, with the policy `composeToIR` would use. Nothing else is read or reported.
 */
export function maskLeftOutServices(model: ComposeModel, options: LoadOptions, reporter: Reporter): void {
  const entries = model.disabledServiceEntries ?? [];
  const silent = silenced(reporter);
  const policy = { secretNames: [] as string[], notSecretNames: [] as string[] };
  const base: MapContext = { model, options, reporter: silent, collector: newSecretCollector(policy, silent), launchType: options.launchType };
  const lists = secretLists(options, readTopLevelXEcsify(base, model.root));
  policy.secretNames.push(...lists.secretNames);
  policy.notSecretNames.push(...lists.notSecretNames);
  for (const pair of entries) if (isMap(pair.value)) maskSecrets(serviceContext(base, new Entry(pair, 'services'), pair.value));
  for (const e of model.root.entries) if (e.key !== 'services' && !readExtension(e.key)) redactUnreadTree(e.value, reporter, policy);
}

function unique(names: string[]): string[] {
  return names.filter((n, i) => names.indexOf(n) === i);
}

/** The service's own `x-ecsify: {exclude: true}`. */
function excludedByOwnSetting(ctx: ServiceContext): boolean {
  const own = ctx.keys.get('x-ecsify');
  const flag = own && isMap(own.value) ? getPair(own.value, 'exclude') : undefined;
  return flag !== undefined && readBool(ctx, flag.value, new Entry(flag, own as Entry), `Service \`${ctx.service}\`'s x-ecsify exclude`) === true;
}

/**
 * A service that is not mapped (a `provider` service, one without an image, one a profile leaves
 * out) is not deployed, but its file is still shown: a code frame shows the line above the one
 * it points at, often the last line of the service before. The keys that may hold a secret are
 * read only to hand each secret value to the reporter, which masks it everywhere, as the mapping
 * and the secret sweep do for a mapped service: the environment (and env files), the build
 * arguments, and passwords given as command options. Nothing is reported, no secret recorded.
 */
function maskSecrets(ctx: ServiceContext): void {
  const reporter = silenced(ctx.reporter);
  const quietCtx: ServiceContext = { ...ctx, reporter, collector: newSecretCollector(ctx.collector.policy, reporter) };
  const container = newContainer(ctx.service, { kind: 'ref', ref: '' });
  mapEnvironment(quietCtx, container);
  mapImage(quietCtx);
  mapCommand(quietCtx, container);
  const commands = [container.command, container.entryPoint, mapHealthcheck(quietCtx)?.command];
  for (const command of commands) if (command) for (const p of commandLinePasswords(command)) reporter.redact(p);
}

/** A reporter that reports nothing, but still masks the values it is given (`redact`). */
function silenced(reporter: Reporter): Reporter {
  const out = Object.create(reporter) as Reporter;
  out.report = () => {};
  return out;
}

/** A reporter that passes on only errors and secret findings (for services being excluded). */
function quiet(reporter: Reporter): Reporter {
  const out = Object.create(reporter) as Reporter;
  out.report = (rule, message, options = {}) => {
    if ((options.severity ?? RULES[rule].severity) === 'error' || rule.startsWith('secrets/')) reporter.report(rule, message, options);
  };
  return out;
}

/** A `provider` service has no container: it is left out, its host name a parameter. */
function providerService(ctx: ServiceContext, pair: YMap['entries'][number]): ExcludedService {
  // Same naming as the exclude pass's endpoint parameters (`my-db` → `MyDbHost`).
  const pascal = ctx.service
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => (w[0] as string).toUpperCase() + w.slice(1))
    .join('');
  const parameter = /^[0-9]/.test(pascal) || pascal === '' ? `Service${pascal}Host` : `${pascal}Host`;
  const out: ExcludedService = { name: ctx.service, parameter, origin: nodeOrigin(pair, ctx.path) };
  const provider = ctx.keys.get('provider')?.value;
  const type = isMap(provider) ? get(provider, 'type') : undefined;
  const kind = type && isScalar(type) ? goString(type) : undefined;
  report(ctx, 'compose/excluded-service', at(pair, ctx.path), `Service \`${ctx.service}\` is a \`provider\` service${kind ? ` (${kind})` : ''}, which runs a local plugin rather than a container; it is left out and its host name becomes the parameter ${parameter}.`, {
    hint: `Create the resource on AWS and point ${parameter} at it.`,
  });
  return out;
}

interface ProjectFacts {
  declaredVolumes: ReadonlySet<string>;
  declaredNetworks: ReadonlySet<string>;
  secrets: Map<string, Declaration>;
  configs: Map<string, Declaration>;
  packLinks: boolean;
}

/** One service → a draft (container + service-level facts); undefined when it has no image. */
function mapService(ctx: ServiceContext, pair: YMap['entries'][number], containerName: string, facts: ProjectFacts): ServiceDraft | undefined {
  reportUnmappedKeys(ctx);
  const image = mapImage(ctx);
  if (!image) return undefined;
  const container = newContainer(containerName, image);
  container.origin = nodeOrigin(pair, ctx.path);
  recordFieldOrigins(ctx, container);
  const draft: ServiceDraft = {
    key: ctx.service,
    pair,
    node: ctx.node,
    path: ctx.path,
    container,
    taskVolumes: [],
    desiredCount: 1,
    routes: [],
    dependencies: [],
    links: [],
    aliases: [],
    volumesFrom: [],
    serviceSettings: [],
  };
  mapCommand(ctx, container);
  mapEnvironment(ctx, container);
  mapLabels(ctx, container);
  mapPorts(ctx, draft);
  mapVolumes(ctx, draft, facts.declaredVolumes);
  mapSecretsAndConfigs(ctx, draft, facts.secrets, facts.configs);
  const hc = mapHealthcheck(ctx);
  if (hc) container.healthCheck = hc;
  mapResources(ctx, container);
  mapNetwork(ctx, draft, facts.declaredNetworks, facts.packLinks);
  mapRuntime(ctx, draft);
  mapDeploy(ctx, draft);
  const logging = mapLogging(ctx);
  if (logging) container.logging = logging;
  mapDependencies(ctx, draft);
  mapServiceXAws(ctx, draft);
  mapServiceXEcsify(ctx, draft);
  return draft;
}

/**
 * The container fields each Compose key sets, for `Container.fieldOrigins`. A Map: every key of
 * every service is looked up, most of them absent, and an absent key read from a record is a
 * lookup along its prototype chain (which also answered `constructor` or `toString` with a
 * function of `Object.prototype`).
 */
const FIELDS_OF_KEY: ReadonlyMap<string, ContainerOriginField> = new Map(Object.entries({
  privileged: 'privileged',
  cap_add: 'capabilities',
  cap_drop: 'capabilities',
  devices: 'devices',
  tmpfs: 'tmpfs',
  shm_size: 'sharedMemorySizeMiB',
  sysctls: 'systemControls',
  extra_hosts: 'extraHosts',
  hostname: 'hostname',
  stop_grace_period: 'stopTimeoutSeconds',
  ulimits: 'ulimits',
  dns: 'dnsServers',
  dns_search: 'dnsSearchDomains',
  security_opt: 'dockerSecurityOptions',
  links: 'links',
  pid: 'pidMode',
  ipc: 'ipcMode',
} satisfies Record<string, ContainerOriginField>));

/** Where the service sets the fields a launch type may refuse (the first key wins: `cap_add` before `cap_drop`). */
function recordFieldOrigins(ctx: ServiceContext, container: Container): void {
  for (let i = 0; i < ctx.keyList.length; i++) {
    const e = ctx.keyList[i] as Entry;
    const field = FIELDS_OF_KEY.get(e.key);
    if (field === undefined) continue;
    container.fieldOrigins ??= {};
    container.fieldOrigins[field] ??= originOf(e);
  }
}

/** Keys the table says have no place on ECS, old keys with no effect, and keys Compose does not know. */
function reportUnmappedKeys(ctx: ServiceContext): void {
  for (let i = 0; i < ctx.keyList.length; i++) {
    const where = ctx.keyList[i] as Entry;
    if (where.key.startsWith('x-')) {
      // x-ecsify and x-aws-* are read below; other x- keys are the user's own, never read.
      if (!readExtension(where.key)) redactUnreadTree(where.value, ctx.reporter, ctx.collector.policy, (ctx.collector.unread ??= new WeakSet()));
      continue;
    }
    const t = keyTreatment(where.key);
    if (t && t.kind !== 'rejected' && !(t.kind === 'legacy' && t.by === undefined)) continue; // read by its module, or applied by the loader
    // Not read, but shown in code frames.
    redactUnreadTree(where.value, ctx.reporter, ctx.collector.policy, (ctx.collector.unread ??= new WeakSet()));
    if (!t) {
      if (schemaReported(ctx, where.path)) continue; // the loader's schema check named it already
      report(ctx, 'compose/unsupported-key', where, `Service \`${ctx.service}\` sets \`${where.key}\`, which is not a Compose service key.`, {
        hint: 'Check the spelling; extension keys must start with `x-`.',
      });
    } else if (t.kind === 'rejected') {
      report(ctx, 'compose/unsupported-key', where, `Service \`${ctx.service}\` sets \`${where.key}\`, which is not converted: ${t.why}.`, { hint: t.hint, severity: t.severity });
    } else if (t.kind === 'legacy' && t.by === undefined) {
      report(ctx, 'compose/legacy-key', where, `Service \`${ctx.service}\` uses \`${where.key}\` from an old Compose format (now ${t.modern}); it has no effect on ECS.`, { hint: 'Remove it.' });
    }
  }
}

/** The extension keys ecsify reads (`x-ecsify`, `x-aws-*`); other `x-` keys are the user's own. */
function readExtension(key: string): boolean {
  return key === 'x-ecsify' || key.startsWith('x-aws-');
}

/** Lower-case host name → as written: each service's key and `container_name`. */
function serviceHostNames(services: YMap): Map<string, string> {
  const hosts = new Map<string, string>();
  for (const e of services.entries) {
    hosts.set(e.key.toLowerCase(), e.key);
    const name = isMap(e.value) ? get(e.value, 'container_name') : undefined;
    if (name && name.kind === 'scalar' && typeof name.value === 'string' && name.value !== '') hosts.set(name.value.toLowerCase(), name.value);
  }
  return hosts;
}
