/**
 * Dockerrun.aws.json version 2 (multi-container Docker / ECS platform) → ECS services.
 *
 * EB turned the file into one task definition and ran one task per instance. ecsify keeps that
 * shape — one service whose task holds the containers — with one documented exception: a
 * container that is clearly a background worker (no ports, nothing links to it or shares its
 * volumes, and it runs the web container's image or a known worker command) becomes its own
 * worker service, and the containers it links to become backend services reached by name. Those
 * can then be sized and scaled on their own, which EB could not do.
 */
import { looksLikePlaceholder } from '../../util/placeholder.js';
import { ecsName, familyName, newContainer, newService } from '../../ir/create.js';
import { awslogsOptions, PORTABLE_LOG_DRIVERS, replacedDriverHint } from '../../ir/logging.js';
import type { Container, ContainerDependency, ContainerOriginField, HealthCheck, LinuxParameters, Origin, PortMapping, Service, TaskVolume } from '../../ir/types.js';
import { softAboveHard, ULIMIT_NAMES } from '../../ir/ulimits.js';
import { commandLinePasswords } from '../../secrets/classify.js';
import { addSecret, classifyEnvVar } from '../../secrets/env-var.js';
import { splitShellWords } from '../../util/shell-words.js';
import { childPath, getPair, type YMap, type YNode, type YPair } from '../../yaml/node.js';
import { closest } from '../../util/closest.js';
import { andList } from '../../util/and-list.js';
import { boolOf, intOf, originOf, scalarString, validPort, type EbContext } from './common.js';
import type { DockerrunFile } from './dockerrun.js';
import { findPair, registryAuth } from './dockerrun-v1.js';
import type { AppDraft, PortTarget } from './draft.js';
import { reportHostVolume } from './volumes.js';

const TOP_KEYS = ['AWSEBDockerrunVersion', 'containerDefinitions', 'volumes', 'authentication', 'executionRoleArn'];
/** Task-level keys of RegisterTaskDefinition that the EB v2 format does not document. */
const TASK_KEYS = ['family', 'taskRoleArn', 'networkMode', 'cpu', 'memory', 'placementConstraints', 'requiresCompatibilities', 'pidMode', 'ipcMode', 'tags'];

const MAPPED_FIELDS = [
  'name',
  'image',
  'essential',
  'memory',
  'memoryReservation',
  'cpu',
  'portMappings',
  'links',
  'environment',
  'secrets',
  'mountPoints',
  'volumesFrom',
  'command',
  'entryPoint',
  'workingDirectory',
  'dockerLabels',
  'user',
  'hostname',
  'privileged',
  'readonlyRootFilesystem',
  'ulimits',
  'extraHosts',
  'dnsServers',
  'dnsSearchDomains',
  'dockerSecurityOptions',
  'interactive',
  'pseudoTerminal',
  'systemControls',
  'linuxParameters',
  'healthCheck',
  'stopTimeout',
  'dependsOn',
  'logConfiguration',
  'repositoryCredentials',
];
/**
 * Container fields a launch type may refuse, and where `Container.fieldOrigins` keeps their
 * location (`linuxParameters` settings point at their own `LinuxParameters.origin`).
 */
const FIELD_ORIGINS: readonly (readonly [string, ContainerOriginField])[] = [
  ['privileged', 'privileged'],
  ['systemControls', 'systemControls'],
  ['extraHosts', 'extraHosts'],
  ['hostname', 'hostname'],
  ['stopTimeout', 'stopTimeoutSeconds'],
  ['ulimits', 'ulimits'],
  ['dnsServers', 'dnsServers'],
  ['dnsSearchDomains', 'dnsSearchDomains'],
  ['dockerSecurityOptions', 'dockerSecurityOptions'],
  ['links', 'links'],
];

/** ECS container fields that exist but are not carried over. */
const UNMAPPED_FIELDS = [
  'startTimeout',
  'environmentFiles',
  'disableNetworking',
  'resourceRequirements',
  'firelensConfiguration',
  'credentialSpecs',
  'restartPolicy',
  'versionConsistency',
];
const ALL_FIELDS = [...MAPPED_FIELDS, ...UNMAPPED_FIELDS];

const WORKER_COMMAND = /\b(sidekiq|celery|rq\s+worker|resque|delayed_job|jobs:work|good_job|shoryuken|solid_queue|que\b|huey|dramatiq|bull|worker)\b/i;

export interface V2Hints {
  /** Instance port of EB's default process (aws:elasticbeanstalk:environment:process:default Port). */
  defaultProcessPort: number;
  /** Worker tier: no load balancer, sqsd posts to port 80. */
  worker: boolean;
}

interface Link {
  target: string;
  alias: string;
  origin: Origin;
}

interface Parsed {
  c: Container;
  node: YMap;
  path: string;
  image?: string;
  links: Link[];
  /** Named (non-EB-log) volumes it mounts. */
  volumes: Set<string>;
  volumesFromNames: string[];
  /** Where each `volumesFrom` entry is written, in the order of `c.volumesFrom`. */
  volumesFromOrigins: Origin[];
  dependsOnNames: string[];
}

export function parseDockerrunV2(ctx: EbContext, file: DockerrunFile, appName: string, hints: V2Hints): AppDraft {
  const { root, rel } = file;
  const draft: AppDraft = { kind: 'eb-dockerrun-v2', services: [], volumes: [], hostPorts: new Map(), envToAllContainers: true };
  const r = ctx.reporter;
  const fields = new Map<string, YPair>();
  for (const e of root.entries) {
    if (e.value.kind === 'scalar' && e.value.value === null) continue;
    if (TOP_KEYS.includes(e.key)) {
      fields.set(e.key, e);
      continue;
    }
    if (TASK_KEYS.includes(e.key)) {
      r.report('eb/unsupported-key', `${rel} sets the task-level key \`${e.key}\`, which EB's version 2 format does not document.`, {
        origin: originOf(e, e.key),
        hint:
          e.key === 'cpu' || e.key === 'memory'
            ? 'ecsify sizes the task from the containers (and the instance type); set the size in the generated output if you need this one.'
            : 'ecsify does not carry it over; set it in the generated output if it matters.',
      });
      continue;
    }
    const near = closest(e.key, TOP_KEYS) ?? (e.key.toLowerCase() === 'authentication' ? 'authentication' : undefined);
    r.report('eb/unknown-key', `${rel} has the unknown key \`${e.key}\`.`, {
      origin: originOf(e, e.key),
      hint: near
        ? `Did you mean \`${near}\`? EB ignores the misspelled key${near === 'containerDefinitions' ? ', so this file defines no containers on EB' : ''}; ecsify reads it as \`${near}\`.`
        : `Version 2 keys: ${TOP_KEYS.join(', ')}.`,
    });
    if (near && !fields.has(near)) fields.set(near, e);
  }

  // Task volumes declared at the top.
  const declared = new Map<string, { host?: string; origin: Origin }>();
  const volPair = fields.get('volumes');
  if (volPair && volPair.value.kind === 'seq') {
    volPair.value.items.forEach((item, i) => {
      const p = childPath('volumes', i);
      const name = item.kind === 'map' ? scalarString(findPair(item, 'name')?.value) : undefined;
      if (!name) {
        r.report('eb/invalid-value', `volumes[${i}] has no name.`, { origin: originOf(item, p), severity: 'warning', hint: 'ecsify skips it.' });
        return;
      }
      const hostNode = item.kind === 'map' ? findPair(item, 'host')?.value : undefined;
      const host = hostNode?.kind === 'map' ? scalarString(findPair(hostNode, 'sourcePath')?.value) : undefined;
      declared.set(name, host ? { host, origin: originOf(item, p) } : { origin: originOf(item, p) });
    });
  } else if (volPair && !(volPair.value.kind === 'scalar' && volPair.value.value === null)) {
    r.report('eb/invalid-value', 'volumes is not a list.', { origin: originOf(volPair, 'volumes'), severity: 'warning', hint: 'ecsify ignores it.' });
  }

  const defsPair = fields.get('containerDefinitions');
  const parsed: Parsed[] = [];
  if (!defsPair || defsPair.value.kind !== 'seq' || defsPair.value.items.length === 0) {
    r.report('eb/dockerrun-invalid', `${rel} defines no containers (containerDefinitions).`, {
      origin: defsPair ? originOf(defsPair, defsPair.key) : originOf(root, ''),
      hint: 'A version 2 file lists its containers under "containerDefinitions": [{"name": ..., "image": ..., "memory": ...}].',
    });
  } else {
    // Names containers reach each other by (names, link aliases): a secret's value that names
    // one as a host keeps that name when the value is dropped (EnvVar.hosts).
    ctx.secrets.hosts = linkHostNames(defsPair.value.items);
    defsPair.value.items.forEach((item, i) => {
      const path = childPath('containerDefinitions', i);
      if (item.kind !== 'map') {
        r.report('eb/invalid-value', `containerDefinitions[${i}] is not an object.`, { origin: originOf(item, path), hint: 'ecsify skips it.' });
        return;
      }
      parsed.push(parseContainer(ctx, item, path, i, declared));
    });
  }
  // Unique container names (ECS requires them).
  const seen = new Set<string>();
  for (const p of parsed) {
    if (seen.has(p.c.name)) {
      r.report('eb/invalid-value', `Two containers are named \`${p.c.name}\`.`, {
        origin: p.c.origin,
        hint: 'Container names must be unique within the file; ecsify renames the second one.',
      });
      let n = 2;
      while (seen.has(`${p.c.name}-${n}`)) n++;
      p.c.name = `${p.c.name}-${n}`;
    }
    seen.add(p.c.name);
  }
  const byName = new Map(parsed.map((p) => [p.c.name, p]));
  for (const p of parsed) {
    for (const l of p.links) {
      if (!byName.has(l.target)) {
        r.report('eb/invalid-value', `Container \`${p.c.name}\` links to \`${l.target}\`, which is not defined.`, {
          origin: l.origin,
          severity: 'warning',
          hint: 'EB (Docker) refuses to start a container with a link to a missing container; ecsify drops the link.',
        });
      }
    }
    p.links = p.links.filter((l) => byName.has(l.target));
    // ECS refuses a task definition whose volumesFrom names a container it does not hold.
    if (p.c.volumesFrom.some((v) => !byName.has(v.sourceContainer))) {
      p.c.volumesFrom.forEach((v, i) => {
        if (byName.has(v.sourceContainer)) return;
        r.report('eb/invalid-value', `Container \`${p.c.name}\` takes the volumes of \`${v.sourceContainer}\`, which is not defined.`, {
          origin: p.volumesFromOrigins[i] ?? p.c.origin,
          severity: 'warning',
          hint: 'EB (Docker) refuses to start a container whose volumesFrom names a missing container; ecsify drops the entry.',
        });
      });
      p.c.volumesFrom = p.c.volumesFrom.filter((v) => byName.has(v.sourceContainer));
      p.volumesFromNames = p.volumesFromNames.filter((n) => byName.has(n));
    }
  }

  // Which container received the load balancer's traffic (the one publishing the process port).
  let web: Parsed | undefined;
  let webPort: PortMapping | undefined;
  for (const p of parsed) {
    const m = p.c.ports.find((pm) => pm.published === hints.defaultProcessPort);
    if (m) {
      web = p;
      webPort = m;
      break;
    }
  }
  if (!web && !hints.worker && parsed.length > 0) {
    const fallback = parsed.find((p) => p.c.ports.length > 0);
    r.report('eb/no-web-container', `No container publishes host port ${hints.defaultProcessPort}, which EB's load balancer sends traffic to.`, {
      origin: defsPair ? originOf(defsPair, defsPair.key) : undefined,
      hint: fallback
        ? `ecsify treats \`${fallback.c.name}\` (the first container with a port) as the web container; publish "hostPort": ${hints.defaultProcessPort} on the right one to make it explicit.`
        : `Add "portMappings": [{"hostPort": ${hints.defaultProcessPort}, "containerPort": ...}] to the container that serves HTTP.`,
    });
    if (fallback) {
      web = fallback;
      webPort = fallback.c.ports[0];
    }
  }

  // Decide which containers leave the main task.
  const referenced = (name: string): boolean =>
    parsed.some((o) => o.c.name !== name && (o.links.some((l) => l.target === name) || o.volumesFromNames.includes(name) || o.dependsOnNames.includes(name)));
  const sharesVolume = (p: Parsed): boolean => [...p.volumes].some((v) => parsed.some((o) => o !== p && o.volumes.has(v)));
  const standalone = (p: Parsed): boolean => p.volumesFromNames.length === 0 && p.dependsOnNames.length === 0 && !sharesVolume(p);
  const workers: Parsed[] = [];
  const backends = new Set<Parsed>();
  for (const p of parsed) {
    if (p === web || p.c.ports.length > 0 || referenced(p.c.name) || !standalone(p)) continue;
    const sameImage = web?.image !== undefined && p.image === web.image;
    const cmd = [...(p.c.entryPoint ?? []), ...(p.c.command ?? [])].join(' ');
    const workerCommand = WORKER_COMMAND.test(cmd) || WORKER_COMMAND.test(p.c.name);
    if (!web || !(sameImage || workerCommand)) continue;
    // Everything it links to must be able to run as its own service.
    const targets = p.links.map((l) => byName.get(l.target) as Parsed);
    const movable = targets.every(
      (t) => t !== web && t.links.length === 0 && standalone(t) && !parsed.some((o) => o.volumesFromNames.includes(t.c.name) || o.dependsOnNames.includes(t.c.name)),
    );
    if (!movable) continue;
    workers.push(p);
    for (const t of targets) backends.add(t);
  }

  // Build the services.
  const used = new Set<string>();
  const serviceName = (wanted: string): string => {
    let n = ecsName(wanted);
    let i = 2;
    while (used.has(n)) n = `${ecsName(wanted)}-${i++}`;
    used.add(n);
    return n;
  };
  const moved = new Set<Parsed>([...workers, ...backends]);
  const mainMembers = parsed.filter((p) => !moved.has(p));
  for (const p of moved) used.add(ecsName(p.c.name));
  const mainName = serviceName(hints.worker ? 'worker' : web ? 'web' : mainMembers.length === 1 ? (mainMembers[0] as Parsed).c.name : 'app');
  const serviceOf = new Map<Parsed, Service>();
  const makeService = (name: string, members: Parsed[], role: Service['role']): Service => {
    const svc = newService(appName, name, members.map((m) => m.c), ctx.options.launchType);
    svc.role = role;
    svc.task.family = familyName(appName, name);
    const first = members[0];
    if (first) svc.origin = first.c.origin ?? originOf(first.node, first.path);
    for (const m of members) {
      serviceOf.set(m, svc);
      for (const v of m.volumes) addTaskVolume(svc, v, declared);
    }
    draft.services.push(svc);
    return svc;
  };
  if (mainMembers.length > 0) makeService(mainName, mainMembers, hints.worker ? 'worker' : web ? 'web' : 'worker');
  for (const w of workers) makeService(w.c.name, [w], 'worker');
  for (const b of backends) {
    const svc = makeService(b.c.name, [b], 'backend');
    svc.discoveryName = b.c.name;
  }
  for (const w of workers) {
    w.c.essential = true;
    const targets = w.links.map((l) => l.target);
    ctx.reporter.report('eb/service-split', `Container \`${w.c.name}\` becomes its own worker service: it has no ports, nothing depends on it, and it runs ${web && w.image === web.image ? `the web container's image` : 'a background-worker command'}.`, {
      origin: w.c.origin,
      hint: 'It can now be sized and scaled apart from the web service; EB ran one copy of it per instance.',
      ...(targets.length
        ? { notes: [`${andList(targets.map((t) => `\`${t}\``))} ${targets.length === 1 ? 'becomes a backend service' : 'become backend services'} that the web and worker services reach by name; on EB each instance had its own copy, now there is one shared service.`] }
        : {}),
    });
  }

  // Links: same task → localhost (awsvpc) or kept (bridge); other service → service name.
  for (const p of parsed) {
    const svc = serviceOf.get(p) as Service;
    for (const l of p.links) {
      const target = byName.get(l.target) as Parsed;
      const tsvc = serviceOf.get(target) as Service;
      if (tsvc !== svc) {
        if (!svc.calls.includes(tsvc.name)) svc.calls.push(tsvc.name);
        if (l.alias !== tsvc.discoveryName) {
          tsvc.discoveryAliases ??= [];
          if (!tsvc.discoveryAliases.includes(l.alias)) tsvc.discoveryAliases.push(l.alias);
        }
        r.report('eb/link', `Container \`${p.c.name}\` links to \`${l.target}\`${l.alias !== l.target ? ` as \`${l.alias}\`` : ''}, which now runs as the service \`${tsvc.name}\`.`, {
          origin: l.origin,
          severity: 'info',
          hint: `It keeps reaching it at \`${l.alias}\` through the service's Service Connect name; nothing to change.`,
        });
        continue;
      }
      if (svc.task.networkMode === 'bridge') {
        p.c.links.push(l.alias === l.target ? l.target : `${l.target}:${l.alias}`);
        continue;
      }
      if (!p.c.dependsOn.some((d) => d.container === l.target)) p.c.dependsOn.push({ container: l.target, condition: 'START', origin: l.origin });
      const ports = target.c.ports.map((pm) => pm.containerPort);
      const example = ports.length ? `\`${l.alias}:${ports[0]}\` → \`localhost:${ports[0]}\`` : `\`${l.alias}\` → \`localhost\``;
      r.report('eb/link', `Container \`${p.c.name}\` links to \`${l.target}\`${l.alias !== l.target ? ` as \`${l.alias}\`` : ''}; in awsvpc mode it reaches it on localhost.`, {
        origin: l.origin,
        hint: `Change the host name in its configuration: ${example}. ecsify drops the link and starts \`${l.target}\` first.`,
      });
    }
  }

  // Ports behind the load balancer and every host port EB's listeners could use.
  for (const p of parsed) {
    const svc = serviceOf.get(p) as Service;
    for (const pm of p.c.ports) {
      if (pm.published === undefined) continue;
      if (!draft.hostPorts.has(pm.published)) {
        const t: PortTarget = { service: svc.name, container: p.c.name, containerPort: pm.containerPort };
        if (pm.origin) t.origin = pm.origin;
        draft.hostPorts.set(pm.published, t);
      }
    }
  }
  if (web && webPort) {
    const svc = serviceOf.get(web) as Service;
    draft.web = { service: svc.name, container: web.c.name, containerPort: webPort.containerPort, ...(webPort.origin ? { origin: webPort.origin } : {}) };
  }

  // ECS needs one essential container per task.
  for (const svc of draft.services) {
    if (svc.task.containers.length > 0 && !svc.task.containers.some((c) => c.essential)) {
      const pick = svc.task.containers.find((c) => c.name === draft.web?.container) ?? (svc.task.containers[0] as Container);
      pick.essential = true;
      r.report('eb/invalid-value', `No container of \`${svc.name}\` is essential; ECS needs at least one.`, {
        origin: pick.origin,
        severity: 'warning',
        hint: `ecsify marks \`${pick.name}\` essential (the task stops when it stops).`,
      });
    }
  }

  const auth = fields.get('authentication');
  if (auth) registryAuth(ctx, auth, auth.key, 'bucket', 'key', draft);
  const exec = fields.get('executionRoleArn');
  if (exec) {
    r.report('eb/unsupported-key', `${rel} names the execution role \`${scalarString(exec.value) ?? ''}\`.`, {
      origin: originOf(exec, 'executionRoleArn'),
      severity: 'info',
      hint: 'ecsify creates an execution role that may read exactly the secrets the containers reference; use this ARN instead in the generated parameters if you prefer it.',
    });
  }
  return draft;
}

function addTaskVolume(svc: Service, written: string, declared: Map<string, { host?: string; origin: Origin }>): void {
  // The task definition's name for it (ECS takes letters, digits, - and _; its mount points use
  // the same name), as the Compose front end names task volumes.
  const name = ecsName(written);
  if (svc.task.volumes.some((v) => v.name === name)) return;
  const d = declared.get(written);
  const vol: TaskVolume = d?.host ? { name, source: { kind: 'host', path: d.host } } : { name, source: { kind: 'ephemeral' } };
  if (d?.origin) vol.origin = d.origin;
  svc.task.volumes.push(vol);
}

function parseContainer(ctx: EbContext, node: YMap, path: string, index: number, declared: Map<string, { host?: string; origin: Origin }>): Parsed {
  const r = ctx.reporter;
  const f = new Map<string, YPair>();
  for (const e of node.entries) {
    if (e.value.kind === 'scalar' && e.value.value === null) continue; // ECS exports write unset fields as null
    if (ALL_FIELDS.includes(e.key)) {
      f.set(e.key, e);
      continue;
    }
    const near = closest(e.key, ALL_FIELDS);
    r.report('eb/unknown-key', `Container field \`${e.key}\` is not an ECS container field.`, {
      origin: originOf(e, childPath(path, e.key)),
      hint: near ? `Did you mean \`${near}\`? ecsify reads it as \`${near}\`.` : 'EB passes container fields to ECS, which rejects unknown ones; ecsify ignores it.',
    });
    if (near && !f.has(near)) f.set(near, e);
  }
  const at = (key: string): Origin | undefined => {
    const p = f.get(key);
    return p ? originOf(p, childPath(path, key)) : undefined;
  };
  // `where`: the nested field's own origin (a port mapping's or mount point's), for nested keys.
  const coerced = (key: string, what: string, where?: Origin): void => {
    r.report('eb/coerced-value', `Container field \`${key}\` writes ${what} as a string.`, {
      origin: where ?? at(key),
      hint: 'ECS expects the JSON type; ecsify converts it.',
    });
  };
  const str = (key: string): string | undefined => {
    const p = f.get(key);
    if (!p) return undefined;
    const s = scalarString(p.value);
    if (s === undefined) {
      r.report('eb/invalid-value', `Container field \`${key}\` is not a string.`, { origin: at(key), severity: 'warning', hint: 'ecsify ignores it.' });
    }
    return s;
  };
  const int = (key: string, min: number, max: number): number | undefined => {
    const p = f.get(key);
    if (!p) return undefined;
    const v = intOf(p.value);
    if (!v.ok || v.value < min || v.value > max) {
      r.report('eb/invalid-value', `Container field \`${key}\` is \`${scalarString(p.value) ?? '...'}\`, not a whole number from ${min} to ${max}.`, {
        origin: at(key),
        hint: 'ecsify ignores the value.',
      });
      return undefined;
    }
    if (v.coerced) coerced(key, 'a number');
    return v.value;
  };
  const bool = (key: string, n?: YNode, where?: Origin): boolean | undefined => {
    const node = n ?? f.get(key)?.value;
    if (!node) return undefined;
    const v = boolOf(node);
    if (!v.ok) {
      r.report('eb/invalid-value', `Container field \`${key}\` is not true or false.`, { origin: where ?? at(key), severity: 'warning', hint: 'ecsify ignores it.' });
      return undefined;
    }
    if (v.coerced) coerced(key, 'a boolean', where);
    return v.value;
  };
  const list = (key: string): YNode[] => {
    const p = f.get(key);
    if (!p) return [];
    if (p.value.kind !== 'seq') {
      r.report('eb/invalid-value', `Container field \`${key}\` is not a list.`, { origin: at(key), severity: 'warning', hint: 'ecsify ignores it.' });
      return [];
    }
    return p.value.items;
  };
  const strList = (key: string): string[] => list(key).map((i) => scalarString(i) ?? '').filter((s) => s !== '');

  let name = str('name')?.trim();
  if (!name) {
    r.report('eb/invalid-value', `containerDefinitions[${index}] has no name.`, {
      origin: originOf(node, path),
      hint: `ECS needs a name for every container; ecsify calls it container-${index + 1}.`,
    });
    name = `container-${index + 1}`;
  } else if (ecsName(name) !== name) {
    r.report('eb/invalid-value', `Container name \`${name}\` has characters ECS does not allow.`, {
      origin: at('name'),
      severity: 'warning',
      hint: `ECS names use letters, digits, _ and -; ecsify calls it ${ecsName(name)}.`,
    });
    name = ecsName(name);
  }
  const image = str('image')?.trim();
  if (!image) {
    r.report('eb/invalid-value', `Container \`${name}\` has no image.`, {
      origin: at('image') ?? originOf(node, path),
      hint: 'The multi-container platform does not build images: name a prebuilt image, e.g. "image": "123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:1.0".',
    });
  } else if (looksLikePlaceholder(image)) {
    r.report('eb/invalid-value', `Image \`${image}\` of container \`${name}\` looks like an unfilled template placeholder.`, {
      origin: at('image'),
      severity: 'warning',
      hint: 'Run your template substitution first, or replace it in the generated output.',
    });
  }
  const c = newContainer(name, image ? { kind: 'ref', ref: image, ...(at('image') ? { origin: at('image') as Origin } : {}) } : { kind: 'ref', ref: '' });
  c.origin = originOf(node, path);
  for (const [key, field] of FIELD_ORIGINS) {
    const o = at(key);
    if (o) (c.fieldOrigins ??= {})[field] ??= o;
  }
  const parsed: Parsed = { c, node, path, links: [], volumes: new Set(), volumesFromNames: [], volumesFromOrigins: [], dependsOnNames: [] };
  if (image) parsed.image = image;

  const essential = bool('essential');
  if (essential !== undefined) c.essential = essential;
  const memory = int('memory', 1, 10_000_000);
  const reservation = int('memoryReservation', 1, 10_000_000);
  if (memory !== undefined || reservation !== undefined) {
    c.memory = {};
    if (memory !== undefined) c.memory.limit = memory;
    if (reservation !== undefined) c.memory.reservation = reservation;
    const o = at('memory') ?? at('memoryReservation');
    if (o) c.memory.origin = o;
    if (memory !== undefined && reservation !== undefined && reservation > memory) {
      r.report('eb/invalid-value', `Container \`${name}\` reserves more memory (${reservation} MiB) than its limit (${memory} MiB).`, {
        origin: at('memoryReservation'),
        severity: 'warning',
        hint: 'memoryReservation must be lower than memory.',
      });
    }
  } else {
    r.report('eb/missing-memory', `Container \`${name}\` sets neither memory nor memoryReservation.`, {
      origin: c.origin,
      hint: 'EB requires one of them for every container; add "memoryReservation" in MiB.',
    });
  }
  const cpu = int('cpu', 0, 262_144);
  if (cpu !== undefined) c.cpu = cpu;

  // Ports.
  list('portMappings').forEach((item, i) => {
    const p = childPath(childPath(path, 'portMappings'), i);
    if (item.kind !== 'map') return;
    const cpPair = findPair(item, 'containerPort');
    const hpPair = findPair(item, 'hostPort');
    const cp = intOf(cpPair?.value);
    if (!cpPair || !cp.ok || !validPort(cp.value)) {
      r.report('eb/invalid-value', `Port mapping ${i + 1} of \`${name}\` has no valid containerPort.`, {
        origin: originOf(cpPair ?? item, childPath(p, 'containerPort')),
        hint: 'Write a number between 1 and 65535.',
      });
      return;
    }
    if (cp.coerced) coerced('containerPort', 'a port number', originOf(cpPair, childPath(p, 'containerPort')));
    const pm: PortMapping = { containerPort: cp.value, protocol: 'tcp', public: false, origin: originOf(cpPair, childPath(p, 'containerPort')) };
    const hp = intOf(hpPair?.value);
    if (hpPair && hp.ok && validPort(hp.value)) {
      pm.published = hp.value;
      if (hp.coerced) coerced('hostPort', 'a port number', originOf(hpPair, childPath(p, 'hostPort')));
    } else if (hpPair && !(hp.ok && hp.value === 0)) {
      r.report('eb/invalid-value', `hostPort of \`${name}\` is not a port number.`, {
        origin: originOf(hpPair, childPath(p, 'hostPort')),
        severity: 'warning',
        hint: 'ecsify ignores it.',
      });
    }
    const proto = scalarString(findPair(item, 'protocol')?.value)?.toLowerCase();
    if (proto === 'udp') pm.protocol = 'udp';
    c.ports.push(pm);
  });

  // Links: `name` or `name:alias`.
  for (const item of list('links')) {
    const s = scalarString(item);
    if (!s) continue;
    const [target, alias] = s.split(':');
    parsed.links.push({ target: (target as string).trim(), alias: (alias ?? target ?? '').trim(), origin: originOf(item, childPath(path, 'links')) });
  }

  // Environment (through the secret classifier) and ECS secrets.
  list('environment').forEach((item, i) => {
    if (item.kind !== 'map') return;
    const n = scalarString(findPair(item, 'name')?.value);
    const vPair = findPair(item, 'value');
    const o = originOf(item, childPath(childPath(path, 'environment'), i));
    if (!n) {
      r.report('eb/invalid-value', `Environment entry ${i + 1} of \`${name}\` has no name.`, { origin: o, severity: 'warning', hint: 'ecsify skips it.' });
      return;
    }
    let value = scalarString(vPair?.value) ?? '';
    if (vPair && vPair.value.kind === 'scalar' && typeof vPair.value.value !== 'string' && vPair.value.value !== null) {
      r.report('eb/coerced-value', `Environment variable ${n} of \`${name}\` is written as a ${typeof vPair.value.value}.`, {
        origin: o,
        hint: 'ECS environment values are strings; ecsify writes it as one.',
      });
      value = String(vPair.value.value);
    }
    c.environment.push(classifyEnvVar(ctx.secrets, n, value, o));
  });
  list('secrets').forEach((item, i) => {
    if (item.kind !== 'map') return;
    const n = scalarString(findPair(item, 'name')?.value);
    const from = scalarString(findPair(item, 'valueFrom')?.value);
    const o = originOf(item, childPath(childPath(path, 'secrets'), i));
    if (!n || !from) {
      r.report('eb/invalid-value', `Secret ${i + 1} of \`${name}\` needs both name and valueFrom.`, { origin: o, severity: 'warning', hint: 'ecsify skips it.' });
      return;
    }
    addSecret(ctx.secrets, { name: n, reason: 'dockerrun-secrets', existing: { arn: from }, origin: o });
    c.environment.push({ name: n, secret: { secret: n }, origin: o });
    r.report('eb/secret-reference', `Container \`${name}\` reads ${n} from ${from}.`, {
      origin: o,
      hint: 'ecsify keeps the reference; the execution role gets read access to it.',
    });
  });
  const rc = f.get('repositoryCredentials');
  if (rc) {
    const arn = rc.value.kind === 'map' ? scalarString(findPair(rc.value, 'credentialsParameter')?.value) : undefined;
    if (arn) {
      const secretName = `REGISTRY_CREDENTIALS_${name.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}`;
      addSecret(ctx.secrets, { name: secretName, reason: 'registry-credentials', existing: { arn }, origin: originOf(rc, childPath(path, 'repositoryCredentials')) });
      c.repositoryCredentials = { secret: secretName };
    }
  }

  // Mounts and shared volumes.
  list('mountPoints').forEach((item, i) => {
    if (item.kind !== 'map') return;
    const src = scalarString(findPair(item, 'sourceVolume')?.value);
    const target = scalarString(findPair(item, 'containerPath')?.value);
    const o = originOf(item, childPath(childPath(path, 'mountPoints'), i));
    if (!src || !target) {
      r.report('eb/invalid-value', `Mount point ${i + 1} of \`${name}\` needs sourceVolume and containerPath.`, { origin: o, severity: 'warning', hint: 'ecsify skips it.' });
      return;
    }
    if (src.startsWith('awseb-logs-')) {
      r.report('eb/log-volume', `Container \`${name}\` mounts EB's log volume ${src} at ${target}.`, {
        origin: o,
        hint: 'ecsify drops the mount; on ECS the awslogs driver ships stdout/stderr to CloudWatch Logs, so make the app log to stdout.',
      });
      return;
    }
    const d = declared.get(src);
    if (!d) {
      r.report('eb/invalid-value', `Container \`${name}\` mounts the volume \`${src}\`, which the file does not declare.`, {
        origin: o,
        severity: 'warning',
        hint: 'Declare it under "volumes"; ecsify treats it as task storage.',
      });
    } else if (d.host && !parsedHostReported.has(d.origin)) {
      parsedHostReported.add(d.origin);
      reportHostVolume(ctx, d.host, d.origin, `Volume \`${src}\``);
    }
    const ro = findPair(item, 'readOnly');
    c.mounts.push({ volume: ecsName(src), containerPath: target, readOnly: ro ? bool('readOnly', ro.value, originOf(ro, childPath(childPath(childPath(path, 'mountPoints'), i), 'readOnly'))) === true : false, origin: o });
    parsed.volumes.add(src);
  });
  list('volumesFrom').forEach((item, i) => {
    if (item.kind !== 'map') return;
    const src = scalarString(findPair(item, 'sourceContainer')?.value);
    if (!src) return;
    const ro = findPair(item, 'readOnly');
    c.volumesFrom.push({ sourceContainer: src, readOnly: ro ? boolOf(ro.value).ok && (boolOf(ro.value) as { value: boolean }).value : false });
    parsed.volumesFromNames.push(src);
    parsed.volumesFromOrigins.push(originOf(item, childPath(childPath(path, 'volumesFrom'), i)));
  });

  // Commands.
  for (const key of ['command', 'entryPoint'] as const) {
    const p = f.get(key);
    if (!p) continue;
    let words: string[] | undefined;
    if (p.value.kind === 'seq') words = p.value.items.map((i) => scalarString(i) ?? '');
    else {
      const s = scalarString(p.value);
      if (s !== undefined) {
        const split = splitShellWords(s);
        words = split.error || split.dropped !== undefined ? ['sh', '-c', s] : split.words;
        r.report('eb/command-split', `Container \`${name}\` writes ${key} as one string; ecsify uses ${JSON.stringify(words)}.`, {
          origin: at(key),
          hint: 'ECS wants a list of words; write it as a JSON list to be explicit.',
        });
      }
    }
    if (words) {
      if (key === 'command') c.command = words;
      else c.entryPoint = words;
    }
  }
  const wd = str('workingDirectory');
  if (wd) c.workingDirectory = wd;
  const user = str('user');
  if (user) c.user = user;
  const hostname = str('hostname');
  if (hostname) c.hostname = hostname;
  const labels = f.get('dockerLabels');
  if (labels?.value.kind === 'map') for (const e of labels.value.entries) c.labels[e.key] = scalarString(e.value) ?? '';
  const priv = bool('privileged');
  if (priv !== undefined) c.privileged = priv;
  const ro = bool('readonlyRootFilesystem');
  if (ro !== undefined) c.readonlyRootFilesystem = ro;
  const inter = bool('interactive');
  if (inter !== undefined) c.interactive = inter;
  const tty = bool('pseudoTerminal');
  if (tty !== undefined) c.pseudoTerminal = tty;
  c.dnsServers = strList('dnsServers');
  c.dnsSearchDomains = strList('dnsSearchDomains');
  c.dockerSecurityOptions = strList('dockerSecurityOptions');
  for (const [i, item] of list('ulimits').entries()) {
    if (item.kind !== 'map') continue;
    const n = scalarString(findPair(item, 'name')?.value);
    const soft = intOf(findPair(item, 'softLimit')?.value);
    const hard = intOf(findPair(item, 'hardLimit')?.value);
    const where = originOf(item, `${childPath(path, 'ulimits')}[${i}]`);
    if (!n || !soft.ok || !hard.ok) {
      r.report('eb/invalid-value', `Ulimit ${i + 1} of container \`${c.name}\` needs a name, a softLimit and a hardLimit (whole numbers).`, { origin: where, severity: 'warning', hint: 'ecsify leaves it out; ECS would refuse the task definition.' });
    } else if (!ULIMIT_NAMES.includes(n)) {
      r.report('eb/invalid-value', `Container \`${c.name}\` sets the ulimit \`${n}\`, which is not a ulimit Docker or ECS knows.`, { origin: where, severity: 'warning', hint: `ecsify leaves it out. Ulimits: ${ULIMIT_NAMES.join(', ')}.` });
    } else if (softAboveHard(soft.value, hard.value)) {
      r.report('eb/invalid-value', `Container \`${c.name}\`'s ulimit ${n} has a soft limit above its hard limit, which Docker refuses.`, { origin: where, severity: 'warning', hint: 'ecsify leaves it out; make the soft limit at most the hard limit.' });
    } else c.ulimits.push({ name: n, softLimit: soft.value, hardLimit: hard.value });
  }
  for (const item of list('extraHosts')) {
    if (item.kind !== 'map') continue;
    const h = scalarString(findPair(item, 'hostname')?.value);
    const ip = scalarString(findPair(item, 'ipAddress')?.value);
    if (h && ip) c.extraHosts.push({ hostname: h, ipAddress: ip });
  }
  for (const item of list('systemControls')) {
    if (item.kind !== 'map') continue;
    const ns = scalarString(findPair(item, 'namespace')?.value);
    const v = scalarString(findPair(item, 'value')?.value);
    if (ns && v !== undefined) c.systemControls.push({ namespace: ns, value: v });
  }
  const stop = int('stopTimeout', 0, 100_000);
  if (stop !== undefined) c.stopTimeoutSeconds = stop;
  list('dependsOn').forEach((item) => {
    if (item.kind !== 'map') return;
    const cn = scalarString(findPair(item, 'containerName')?.value);
    const cond = scalarString(findPair(item, 'condition')?.value)?.toUpperCase();
    if (!cn) return;
    const dep: ContainerDependency = { container: cn, condition: cond === 'COMPLETE' || cond === 'SUCCESS' || cond === 'HEALTHY' ? cond : 'START', origin: originOf(item, childPath(path, 'dependsOn')) };
    c.dependsOn.push(dep);
    parsed.dependsOnNames.push(cn);
  });
  const hc = f.get('healthCheck');
  if (hc?.value.kind === 'map') {
    const cmdNode = findPair(hc.value, 'command')?.value;
    const cmd = cmdNode?.kind === 'seq' ? cmdNode.items.map((i) => scalarString(i) ?? '') : undefined;
    if (cmd?.[0] === 'NONE') {
      // Docker's way to turn the image's health check off; ECS has no such value: no check.
    } else if (cmd && cmd.length > 0 && !((cmd[0] === 'CMD' || cmd[0] === 'CMD-SHELL') && cmd.length > 1)) {
      // Left out of the IR, so the secret sweep never sees its passwords; the file still shows them.
      for (const p of commandLinePasswords(cmd)) r.redact(p);
      const what = cmd[0] === 'CMD' || cmd[0] === 'CMD-SHELL' ? `has \`${cmd[0]}\` and no command after it` : `starts with \`${cmd[0]}\`, not "CMD" or "CMD-SHELL"`;
      r.report('eb/invalid-value', `healthCheck of \`${name}\` ${what}, which ECS refuses.`, {
        origin: originOf(cmdNode as YNode, `${childPath(path, 'healthCheck')}.command`),
        severity: 'warning',
        hint: 'Write "command": ["CMD-SHELL", "curl -f http://localhost/ || exit 1"] (or ["CMD", "program", "args"]); ecsify ignores this health check.',
      });
    } else if (cmd && cmd.length > 0) {
      const h: HealthCheck = { command: cmd, origin: originOf(hc, childPath(path, 'healthCheck')) };
      const num = (k: string): number | undefined => {
        const v = intOf(findPair(hc.value as YMap, k)?.value);
        return v.ok ? v.value : undefined;
      };
      const interval = num('interval');
      if (interval !== undefined) h.intervalSeconds = interval;
      const timeout = num('timeout');
      if (timeout !== undefined) h.timeoutSeconds = timeout;
      const retries = num('retries');
      if (retries !== undefined) h.retries = retries;
      const start = num('startPeriod');
      if (start !== undefined) h.startPeriodSeconds = start;
      c.healthCheck = h;
    } else {
      r.report('eb/invalid-value', `healthCheck of \`${name}\` has no command list.`, {
        origin: at('healthCheck'),
        severity: 'warning',
        hint: 'Write "command": ["CMD-SHELL", "curl -f http://localhost/ || exit 1"]; ecsify ignores this health check.',
      });
    }
  }
  const lp = f.get('linuxParameters');
  if (lp?.value.kind === 'map') c.linux = linuxParameters(lp.value, originOf(lp, childPath(path, 'linuxParameters')));
  const log = f.get('logConfiguration');
  if (log?.value.kind === 'map') {
    const logPath = childPath(path, 'logConfiguration');
    const driverPair = findPair(log.value, 'logDriver');
    const driver = scalarString(driverPair?.value);
    const opts = findPair(log.value, 'options')?.value;
    if (driver && !PORTABLE_LOG_DRIVERS.has(driver)) {
      r.report('logging/driver-replaced', `Container \`${name}\` logs with the \`${driver}\` driver; on ECS its output goes to CloudWatch Logs (awslogs)${opts?.kind === 'map' && opts.entries.length > 0 ? ', and the driver\'s options are dropped' : ''}.`, {
        origin: originOf(driverPair ?? log, childPath(logPath, 'logDriver')),
        hint: replacedDriverHint(driver),
      });
    } else if (driver) {
      c.logging = { driver, options: {}, origin: originOf(log, logPath) };
      const options = opts?.kind === 'map' ? opts.entries.map((e) => ({ key: e.key, value: scalarString(e.value) ?? '', entry: e })) : [];
      if (driver === 'awslogs') {
        c.logging.options = awslogsOptions(`Container \`${name}\``, options, r, (o) => originOf(o.entry, childPath(childPath(logPath, 'options'), o.key)));
      } else {
        for (const o of options) c.logging.options[o.key] = o.value;
      }
    }
  }
  for (const key of UNMAPPED_FIELDS) {
    if (!f.has(key)) continue;
    r.report('eb/unsupported-key', `Container \`${name}\` sets \`${key}\`, which ecsify does not carry over.`, {
      origin: at(key),
      hint: 'Add it to the generated task definition by hand if it matters on ECS.',
    });
  }
  return parsed;
}

/** Host volumes already reported (several containers mount the same volume). */
const parsedHostReported = new WeakSet<Origin>();

function linuxParameters(node: YMap, origin: Origin): LinuxParameters {
  const lp: LinuxParameters = { tmpfs: [], devices: [], origin };
  const b = boolOf(findPair(node, 'initProcessEnabled')?.value);
  if (b.ok) lp.initProcessEnabled = b.value;
  const caps = findPair(node, 'capabilities')?.value;
  if (caps?.kind === 'map') {
    const strs = (n: YNode | undefined): string[] => (n?.kind === 'seq' ? n.items.map((i) => scalarString(i) ?? '').filter(Boolean) : []);
    lp.capabilities = { add: strs(findPair(caps, 'add')?.value), drop: strs(findPair(caps, 'drop')?.value) };
  }
  const shm = intOf(findPair(node, 'sharedMemorySize')?.value);
  if (shm.ok) lp.sharedMemorySizeMiB = shm.value;
  const swap = intOf(findPair(node, 'maxSwap')?.value);
  if (swap.ok) lp.maxSwapMiB = swap.value;
  const swappiness = intOf(findPair(node, 'swappiness')?.value);
  if (swappiness.ok) lp.swappiness = swappiness.value;
  const tmpfs = findPair(node, 'tmpfs')?.value;
  if (tmpfs?.kind === 'seq') {
    for (const t of tmpfs.items) {
      if (t.kind !== 'map') continue;
      const p = scalarString(findPair(t, 'containerPath')?.value);
      const size = intOf(findPair(t, 'size')?.value);
      const mo = findPair(t, 'mountOptions')?.value;
      if (p && size.ok) lp.tmpfs.push({ containerPath: p, sizeMiB: size.value, mountOptions: mo?.kind === 'seq' ? mo.items.map((i) => scalarString(i) ?? '') : [] });
    }
  }
  const devices = findPair(node, 'devices')?.value;
  if (devices?.kind === 'seq') {
    for (const d of devices.items) {
      if (d.kind !== 'map') continue;
      const hostPath = scalarString(findPair(d, 'hostPath')?.value);
      if (!hostPath) continue;
      const cp = scalarString(findPair(d, 'containerPath')?.value);
      const perms = findPair(d, 'permissions')?.value;
      lp.devices.push({ hostPath, ...(cp ? { containerPath: cp } : {}), permissions: perms?.kind === 'seq' ? perms.items.map((i) => scalarString(i) ?? '') : [] });
    }
  }
  return lp;
}

/** Lower-case host name → as written: each container's `name` and the aliases its `links` give. */
function linkHostNames(items: readonly YNode[]): Map<string, string> {
  const hosts = new Map<string, string>();
  const add = (n: string): void => {
    if (n !== '' && !hosts.has(n.toLowerCase())) hosts.set(n.toLowerCase(), n);
  };
  for (const item of items) {
    if (item.kind !== 'map') continue;
    const name = getPair(item, 'name')?.value;
    if (name?.kind === 'scalar' && typeof name.value === 'string') add(name.value);
    const links = getPair(item, 'links')?.value;
    if (links?.kind !== 'seq') continue;
    for (const l of links.items) if (l.kind === 'scalar' && typeof l.value === 'string') for (const part of l.value.split(':')) add(part.trim());
  }
  return hosts;
}
