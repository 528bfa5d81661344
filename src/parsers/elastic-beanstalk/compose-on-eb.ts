/**
 * The Docker platform with `docker-compose.yml` (Amazon Linux 2/2023): the compose file is read
 * by the Compose front end, the way EB's `docker compose` read it on the instance, and the EB
 * settings are applied on top by the caller.
 *
 * EB-specific meaning handled here (elastic-beanstalk.md §2.1):
 * - EB wrote its environment properties to `.env` in the project root, unless the bundle ships
 *   one. They feed `${VAR}` interpolation and reach only the services that read `.env` through
 *   `env_file`; they are not given to every container.
 * - `EB_LOG_BASE_DIR` is set to /var/log/eb-docker/containers; mounts of it are EB's log
 *   collection and are dropped (awslogs replaces them).
 * - Only the process port (80 by default) is behind EB's load balancer; other published ports
 *   were not reachable through it.
 *
 * A zip bundle is unpacked into a private temporary folder for the Compose reader (entries were
 * checked against path traversal when the archive was opened) and removed afterwards.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Reporter } from '../../diagnostics/context.js';
import type { Application, Origin } from '../../ir/types.js';
import { sourceFile } from '../../ir/source-file.js';
import { loadComposeModel } from '../compose/load.js';
import { composeToIR } from '../compose/to-ir.js';
import { createReporter } from '../../diagnostics/context.js';
import { parseYaml } from '../../yaml/parse.js';
import { get, type YNode } from '../../yaml/node.js';
import type { LoadOptions } from '../options.js';
import type { Bundle } from './bundle-fs.js';
import { decodeText } from '../../util/text-encoding.js';
import { scalarString, type EbContext } from './common.js';
import type { AppDraft, PortTarget } from './draft.js';

const EB_LOG_BASE_DIR = '/var/log/eb-docker/containers';

export interface ComposeOnEb {
  app: Application | undefined;
  draft: AppDraft;
  /** Services whose `env_file` names the `.env` EB generated (they get the EB properties). */
  dotEnvServices: string[];
  /** The bundle ships its own `.env`, so EB generated none. */
  bundledDotEnv: boolean;
}

/**
 * Copies what the Compose reader opens into a private temporary folder: the compose file, `.env`,
 * and every bundle file a compose file names (env files, `extends`/`include` files, followed
 * from file to file). Nothing else is read, so large application files (assets, binaries) do not
 * count toward the zip limits; a file that is named and too large is reported by `readText`.
 */
function unpack(bundle: Bundle, composeFile: string, composeDocs: YamlDocuments): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ecsify-eb-'));
  const done = new Set<string>();
  const queue = [composeFile, '.env'];
  while (queue.length > 0 && done.size < 1000) {
    const rel = queue.shift() as string;
    if (done.has(rel) || bundle.kindOf(rel) !== 'file') continue;
    done.add(rel);
    // The bytes as they are: the Compose reader decodes them, and reports what is not UTF-8.
    const bytes = bundle.readBytes(rel);
    if (bytes === undefined) continue;
    const dest = path.resolve(dir, ...rel.split('/'));
    if (!dest.startsWith(dir + path.sep)) continue; // defence in depth: names were already checked
    mkdirSync(path.dirname(dest), { recursive: true });
    writeFileSync(dest, bytes);
    if (/\.ya?ml$/i.test(rel)) queue.push(...namedFiles(bundle, rel, rel === composeFile ? composeDocs : parseLoosely(rel, decodeText(bytes).text)));
  }
  return dir;
}

type YamlDocuments = ReturnType<typeof parseYaml>['documents'];

/** A bundle YAML file's documents, read only to look things up (problems are the Compose reader's to report). */
function parseLoosely(file: string, text: string): YamlDocuments {
  return parseYaml(sourceFile(file, text), createReporter(), { strictKeys: false, duplicateKeys: 'warning' }).documents;
}

/** Bundle files that string values of a YAML file name, relative to the file's folder. */
function namedFiles(bundle: Bundle, file: string, documents: YamlDocuments): string[] {
  const from = path.posix.dirname(file);
  const out: string[] = [];
  const visit = (n: YNode | undefined): void => {
    if (!n) return;
    if (n.kind === 'map') for (const e of n.entries) visit(e.value);
    else if (n.kind === 'seq') for (const i of n.items) visit(i);
    else if (typeof n.value === 'string' && n.value.length < 1024 && !n.value.includes('\n')) {
      const rel = path.posix.normalize(path.posix.join(from, n.value.trim()));
      if (rel !== '.' && !rel.startsWith('../') && !path.posix.isAbsolute(rel) && bundle.kindOf(rel) === 'file') out.push(rel);
    }
  };
  for (const d of documents) visit(d.root);
  return out;
}

/** The services of a compose file whose `env_file` lists `.env` (string, list or `{path}` form). */
function servicesReadingDotEnv(documents: YamlDocuments): string[] {
  const services = get(documents[0]?.root, 'services');
  if (!services || services.kind !== 'map') return [];
  const out: string[] = [];
  const isDotEnv = (s: string | undefined): boolean => s !== undefined && /^(\.\/)?\.env$/.test(s.trim());
  for (const e of services.entries) {
    const ef = get(e.value, 'env_file');
    if (!ef) continue;
    const items = ef.kind === 'seq' ? ef.items : [ef];
    if (items.some((i) => (i.kind === 'scalar' ? isDotEnv(scalarString(i)) : isDotEnv(scalarString(get(i, 'path')))))) out.push(e.key);
  }
  return out;
}

/** A reporter that forwards everything but the missing-`.env` errors EB's generated file answers. */
function forwarding(reporter: Reporter, dropMissingDotEnv: boolean): Reporter {
  // Everything else (redaction, sources, counts) is the real reporter's, through the prototype.
  const fwd = Object.create(reporter) as Reporter;
  fwd.report = (rule, message, opts) => {
    if (dropMissingDotEnv && rule === 'compose/env-file-missing' && /`(\.\/)?\.env`/.test(message)) return;
    reporter.report(rule, message, opts);
  };
  return fwd;
}

/**
 * Reads the compose file of the bundle with the Compose front end. `ebProps` are the plain EB
 * environment properties (what EB wrote to `.env`).
 */
export async function loadComposeOnEb(ctx: EbContext, composeFile: string, appName: string, ebProps: Record<string, string>, processPort: number): Promise<ComposeOnEb> {
  const bundle = ctx.bundle;
  const bundledDotEnv = bundle.kindOf('.env') === 'file';
  const composeText = bundle.readText(composeFile) ?? '';
  // Parsed once, and only when needed (a folder bundle with its own .env needs nothing).
  let parsed: YamlDocuments | undefined;
  const composeDocs = () => (parsed ??= parseLoosely(composeFile, composeText));
  const dotEnvServices = bundledDotEnv ? [] : servicesReadingDotEnv(composeDocs());
  let dir = bundle.kind === 'folder' ? path.join(bundle.root, ...bundle.base.split('/').filter(Boolean)) : undefined;
  let temp: string | undefined;
  if (!dir) dir = temp = unpack(bundle, composeFile, composeDocs());
  try {
    // EB's generated .env feeds interpolation (the shell still wins, as in Compose).
    const env: Record<string, string | undefined> = { EB_LOG_BASE_DIR, ...(bundledDotEnv ? {} : ebProps), ...ctx.options.env };
    const options: LoadOptions = {
      ...ctx.options,
      cwd: dir,
      path: '.',
      composeFiles: [composeFile],
      env,
      projectName: appName,
    };
    const reporter = forwarding(ctx.reporter, !bundledDotEnv);
    const model = await loadComposeModel(options, reporter);
    const services = model ? get(model.root, 'services') : undefined;
    const app = model && services?.kind === 'map' && services.entries.length > 0 ? composeToIR(model, options, reporter) : undefined;
    const draft: AppDraft = { kind: 'eb-docker-compose', services: app?.services ?? [], volumes: app?.volumes ?? [], hostPorts: new Map(), envToAllContainers: false };
    if (app) {
      dropLogMounts(ctx, app);
      markPorts(ctx, draft, processPort);
    }
    return { app, draft, dotEnvServices, bundledDotEnv };
  } finally {
    if (temp) rmSync(temp, { recursive: true, force: true });
  }
}

/** Mounts of ${EB_LOG_BASE_DIR} were EB's log collection: dropped. */
function dropLogMounts(ctx: EbContext, app: Application): void {
  for (const s of app.services) {
    const logVolumes = new Set(s.task.volumes.filter((v) => v.source.kind === 'host' && (v.source.path === EB_LOG_BASE_DIR || v.source.path.startsWith(`${EB_LOG_BASE_DIR}/`))).map((v) => v.name));
    if (logVolumes.size === 0) continue;
    for (const c of s.task.containers) {
      for (const m of c.mounts.filter((x) => logVolumes.has(x.volume))) {
        ctx.reporter.report('eb/log-volume', `Service \`${s.name}\` mounts EB's log folder (\${EB_LOG_BASE_DIR}) at ${m.containerPath}.`, {
          origin: m.origin,
          hint: 'ecsify drops the mount; on ECS the awslogs driver ships stdout/stderr to CloudWatch Logs, so make the app log to stdout.',
        });
      }
      c.mounts = c.mounts.filter((x) => !logVolumes.has(x.volume));
    }
    s.task.volumes = s.task.volumes.filter((v) => !logVolumes.has(v.name));
  }
}

/** Only the process port was behind EB's load balancer; other published ports were not public. */
function markPorts(ctx: EbContext, draft: AppDraft, processPort: number): void {
  for (const s of draft.services) {
    for (const c of s.task.containers) {
      for (const p of c.ports) {
        if (p.published === undefined) continue;
        const t: PortTarget = { service: s.name, container: c.name, containerPort: p.containerPort };
        if (p.origin) t.origin = p.origin;
        if (!draft.hostPorts.has(p.published)) draft.hostPorts.set(p.published, t);
        if (p.published === processPort && !draft.web) draft.web = t;
      }
    }
  }
  for (const s of draft.services) {
    for (const c of s.task.containers) {
      for (const p of c.ports) {
        if (p.published === undefined || !p.public) continue;
        if (draft.web && s.name === draft.web.service && c.name === draft.web.container && p.containerPort === draft.web.containerPort) continue;
        p.public = false;
        ctx.reporter.report('eb/ports', `Service \`${s.name}\` publishes port ${p.published}, which EB's load balancer did not send traffic to.`, {
          origin: p.origin,
          hint: 'ecsify keeps it reachable from the other services only; add a listener (aws:elbv2:listener:<port>) if it must be public.',
        });
      }
    }
    if (s.role === 'web' && !(draft.web && draft.web.service === s.name)) s.role = 'backend';
  }
  if (draft.web) {
    const web = draft.services.find((s) => s.name === draft.web?.service);
    if (web) web.role = 'web';
  } else {
    const origin: Origin | undefined = draft.services[0]?.origin;
    ctx.reporter.report('eb/no-web-container', `No compose service publishes host port ${processPort}, which EB's load balancer sends traffic to.`, {
      origin,
      hint: `Publish "${processPort}:<container port>" on the service that serves HTTP (EB runs no proxy for compose apps).`,
    });
  }
}
