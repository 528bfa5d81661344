/**
 * Service `volumes` (short `[SOURCE:]TARGET[:OPTIONS]` and long syntax), `volumes_from`, and the
 * top-level `volumes`.
 *
 * - named volume → an application `Volume` (EFS on Fargate) + a task volume of kind `shared`;
 * - bind mount → a task volume of kind `host` (the path as written) + `compose/bind-mount`
 *   (the Fargate rejection itself is raised by the launch-type pass);
 * - anonymous volume → task scratch space (`ephemeral`), reported as an approximation;
 * - tmpfs → `linuxParameters.tmpfs`.
 */
import path from 'node:path';
import { ecsName } from '../../ir/create.js';
import { parseByteSize } from '../../ir/units.js';
import { classifySecret } from '../../secrets/classify.js';
import { redactUnreadTree } from '../../secrets/unread.js';
import { andList } from '../../util/and-list.js';
import type { Container, LinuxParameters, TaskVolume, Volume } from '../../ir/types.js';
import { childPath, getPair, isMap, isScalar, nodeOrigin, type YMap, type YNode } from '../../yaml/node.js';
import type { ServiceDraft } from './service-draft.js';
import { approximated, at, entries, goString, invalid, originOf, readBool, readString, report, svc, unsupported, type At, type MapContext, type ServiceContext, type Entry } from './to-ir-context.js';

/** A service volume as Compose reads it. */
export interface VolumeSpec {
  type: 'volume' | 'bind' | 'tmpfs' | 'npipe' | 'cluster' | 'image';
  /** Absent for anonymous volumes and tmpfs. */
  source?: string;
  target: string;
  readOnly: boolean;
  /** Options that have no ECS counterpart (`nocopy`, SELinux `z`/`Z`, propagation). */
  ignored: string[];
}

const PROPAGATION = new Set(['shared', 'rshared', 'slave', 'rslave', 'private', 'rprivate']);

/** Parses the short syntax the way compose-go's `format.ParseVolume` does. */
export function parseVolumeSpec(spec: string): VolumeSpec | { error: string } {
  if (spec.length === 0) return { error: 'the volume is empty' };
  if (spec.length <= 2) return { type: 'volume', target: spec, readOnly: false, ignored: [] };
  // Fields are sliced between colons (not built a character at a time: every service has some).
  const fields: string[] = [];
  let start = 0;
  for (let i = spec.indexOf(':'); i !== -1; i = spec.indexOf(':', i + 1)) {
    if (i - start === 1 && /\p{L}/u.test(spec[start] as string)) continue; // a Windows drive letter (`C:`) stays in its field
    if (i === start) return { error: 'there is an empty section between colons' };
    if (fields.length === 2) return { error: 'it has too many colons' };
    fields.push(spec.slice(start, i));
    start = i + 1;
  }
  if (start === spec.length) return { error: 'there is an empty section between colons' };
  fields.push(spec.slice(start));
  let source: string | undefined;
  let target: string;
  let options = '';
  if (fields.length === 1) target = fields[0] as string;
  else {
    source = fields[0] as string;
    target = fields[1] as string;
    options = fields[2] ?? '';
  }
  const out: VolumeSpec = { type: source === undefined ? 'volume' : isFilePath(source) ? 'bind' : 'volume', target: cleanTarget(target), readOnly: false, ignored: [] };
  if (source !== undefined) out.source = source;
  for (const opt of options.split(',')) {
    if (opt === 'ro') out.readOnly = true;
    else if (opt === 'rw') out.readOnly = false;
    else if (opt === 'nocopy' || opt === 'z' || opt === 'Z' || PROPAGATION.has(opt)) out.ignored.push(opt);
    // Compose ignores any other option (`cached`, `delegated`, `consistent`) silently: so do we.
  }
  return out;
}

function isFilePath(source: string): boolean {
  const c = source[0];
  if (c === '.' || c === '/' || c === '~') return true;
  if (source.startsWith('\\\\')) return true;
  return /^\p{L}:/u.test(source);
}

function cleanTarget(target: string): string {
  if (!target.startsWith('/')) return target;
  // Without `//` and without a segment starting with `.`, normalizing would change nothing but a
  // trailing `/`: most targets (`/data`, `/app/config`) skip it.
  const cleaned = target.includes('//') || target.includes('/.') ? path.posix.normalize(target) : target;
  return cleaned.length > 1 && cleaned.endsWith('/') ? cleaned.slice(0, -1) : cleaned;
}

/** Top-level `volumes` → application volumes, sorted by name. */
export function mapTopLevelVolumes(ctx: MapContext, root: YMap): Volume[] {
  const pair = getPair(root, 'volumes');
  if (!pair || !isMap(pair.value)) return [];
  const out: Volume[] = [];
  for (const v of entries(pair.value, 'volumes')) {
    const vol: Volume = { name: v.key, external: false, origin: nodeOrigin(v.pair, v.path) };
    let name: { value: string; where: At } | undefined;
    if (isMap(v.value)) {
      for (const e of entries(v.value, v)) {
        const where = e;
        switch (e.key) {
          case 'external':
            if (isMap(e.value)) {
              // Deprecated `external: {name: x}`.
              vol.external = true;
              const n = getPair(e.value, 'name');
              if (n) {
                const text = readString(ctx, n.value, childPath(e.path, 'name'), `Volume \`${v.key}\`'s external name`);
                if (text) name = { value: text, where: at(n, childPath(e.path, 'name')) };
              }
            } else vol.external = readBool(ctx, e.value, e, `Volume \`${v.key}\`'s external`) ?? false;
            break;
          case 'name': {
            const text = readString(ctx, e.value, e, `Volume \`${v.key}\`'s name`);
            if (text) name = { value: text, where };
            break;
          }
          case 'driver': {
            const text = readString(ctx, e.value, e, `Volume \`${v.key}\`'s driver`);
            if (text) vol.driver = text;
            break;
          }
          case 'driver_opts': {
            if (!isMap(e.value)) break;
            const opts: Record<string, string> = {};
            for (const o of entries(e.value, e)) {
              const text = isScalar(o.value) ? goString(o.value) : undefined;
              if (text !== undefined) {
                const kept = withoutSecrets(ctx, v.key, o, text);
                if (kept !== undefined) opts[o.key] = kept;
              }
            }
            vol.driverOptions = opts;
            break;
          }
          case 'labels':
            redactUnreadTree(e.value, ctx.reporter, ctx.collector.policy); // not read, but shown
            approximated(ctx, where, `Volume \`${v.key}\`'s labels are not carried over; tag the file system in the generated stack if you need them.`);
            break;
          default:
            if (!e.key.startsWith('x-')) invalid(ctx, where, `Volume \`${v.key}\` has an unknown key \`${e.key}\`.`, 'A volume takes name, driver, driver_opts, external and labels.');
        }
      }
    }
    if (name) {
      if (vol.external) vol.externalName = name.value;
      else approximated(ctx, name.where, `Volume \`${v.key}\`'s Docker name \`${name.value}\` has no meaning on ECS; the volume is known as \`${v.key}\`.`);
    }
    out.push(vol);
  }
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export function mapVolumes(ctx: ServiceContext, draft: ServiceDraft, declared: ReadonlySet<string>): void {
  const pair = ctx.keys.get('volumes');
  if (pair) {
    const p = pair.path;
    if (pair.value.kind === 'seq') pair.value.items.forEach((item, i) => mapVolumeEntry(ctx, draft, declared, item, childPath(p, i)));
    else if (!(isScalar(pair.value) && pair.value.value === null)) invalid(ctx, at(pair.value, p), `${svc(ctx)}'s volumes must be a list.`, 'Write `volumes: ["data:/var/lib/data"]`.');
  }
  const from = ctx.keys.get('volumes_from');
  if (from) {
    const p = from.path;
    const items = from.value.kind === 'seq' ? from.value.items.map((n, i) => ({ n, p: childPath(p, i) })) : [{ n: from.value, p }];
    for (const { n, p: ip } of items) {
      const text = readString(ctx, n, ip, `${svc(ctx)}'s volumes_from entry`);
      if (text === undefined) continue;
      let parts = text.split(':');
      // docker-compose 1.x (file format 2.x) also took `service:NAME[:MODE]`; Compose v2 reads
      // `service:NAME` as a service called `service` and rejects it. `service:ro` keeps its
      // modern meaning (the service called `service`, read-only).
      if (parts[0] === 'service' && parts.length >= 2 && parts[1] !== '' && (parts.length === 3 || (parts[1] !== 'ro' && parts[1] !== 'rw'))) {
        const modern = parts.slice(1).join(':');
        report(ctx, 'compose/legacy-key', at(n, ip), `${svc(ctx)}'s volumes_from \`${text}\` uses the \`service:\` prefix of docker-compose 1.x; ecsify reads it as \`${modern}\`.`, {
          hint: `Write \`${modern}\`: current Docker Compose no longer accepts the prefix.`,
        });
        parts = parts.slice(1);
      }
      if (parts[0] === 'container') {
        unsupported(ctx, at(n, ip), `${svc(ctx)} mounts the volumes of container \`${parts[1] ?? ''}\`, which is outside the project and does not exist on ECS.`, 'Mount the volumes directly (named volumes become EFS).');
        continue;
      }
      const mode = parts[1];
      if (parts.length > 2 || (mode !== undefined && mode !== 'ro' && mode !== 'rw')) {
        invalid(ctx, at(n, ip), `${svc(ctx)}'s volumes_from \`${text}\` is not \`service\`, \`service:ro\` or \`service:rw\`.`, 'Write the service name, optionally followed by `:ro` or `:rw`.');
        continue;
      }
      draft.volumesFrom.push({ service: parts[0] as string, readOnly: mode === 'ro', where: at(n, ip) });
    }
  }
}

function mapVolumeEntry(ctx: ServiceContext, draft: ServiceDraft, declared: ReadonlySet<string>, node: YNode, p: string): void {
  let spec: VolumeSpec | undefined;
  let tmpfsSize: number | undefined;
  let tmpfsMode: string | undefined;
  const where = at(node, p);
  if (isScalar(node)) {
    const text = goString(node);
    if (text === undefined) return;
    const parsed = parseVolumeSpec(text);
    if ('error' in parsed) {
      invalid(ctx, where, `${svc(ctx)}'s volume \`${text}\` cannot be read: ${parsed.error}.`, 'Write `[SOURCE:]TARGET[:ro]`, e.g. `data:/var/lib/data` or `./conf:/etc/app:ro`.');
      return;
    }
    spec = parsed;
  } else if (isMap(node)) {
    const long = readLongVolume(ctx, node, p);
    if (!long) return;
    ({ spec, tmpfsSize, tmpfsMode } = long);
  } else {
    invalid(ctx, where, `${svc(ctx)} has a volume entry that is a list.`, 'Write a string or a mapping with `type`, `source` and `target`.');
    return;
  }
  if (!spec.target.startsWith('/') && !/^\p{L}:/u.test(spec.target)) {
    invalid(ctx, where, `${svc(ctx)} mounts a volume at \`${spec.target}\`, which is not an absolute path in the container.`, 'Write the container path from the root, e.g. `/data`.');
    return;
  }
  if (spec.ignored.length > 0) {
    approximated(ctx, where, `${svc(ctx)}'s volume at ${spec.target} sets ${spec.ignored.map((o) => `\`${o}\``).join(', ')}, which ECS mounts cannot express; the option is left out.`);
  }
  const origin = originOf(where);
  const container = draft.container;
  switch (spec.type) {
    case 'volume': {
      if (spec.source === undefined) {
        const name = addTaskVolume(draft.taskVolumes, { name: `anon-${ecsName(spec.target)}`, source: { kind: 'ephemeral' }, origin });
        container.mounts.push({ volume: name, containerPath: spec.target, readOnly: spec.readOnly, origin });
        approximated(ctx, where, `${svc(ctx)}'s anonymous volume at ${spec.target} becomes task scratch space, emptied whenever the task is replaced.`, 'Use a named volume (EFS) if the data must survive a new deployment.');
        return;
      }
      if (!declared.has(spec.source)) {
        report(ctx, 'compose/undefined-reference', where, `${svc(ctx)} mounts the volume \`${spec.source}\`, which is not declared under the top-level \`volumes\`.`, {
          hint: `Declare it (\`volumes: {${spec.source}: {}}\`), or write \`./${spec.source}\` if you meant a folder of the project.`,
        });
        return;
      }
      const name = addTaskVolume(draft.taskVolumes, { name: ecsName(spec.source), source: { kind: 'shared', volume: spec.source }, origin });
      container.mounts.push({ volume: name, containerPath: spec.target, readOnly: spec.readOnly, origin });
      return;
    }
    case 'bind': {
      const source = spec.source ?? '';
      const name = addTaskVolume(draft.taskVolumes, { name: `bind-${ecsName(source.replace(/^[.~/\\]+/, '') || 'root')}`, source: { kind: 'host', path: source }, origin });
      container.mounts.push({ volume: name, containerPath: spec.target, readOnly: spec.readOnly, origin });
      // The launch-type pass drops what the launch type cannot mount (every host path on Fargate,
      // project paths on EC2) and says so; what survives is a path on the EC2 instance.
      if (ctx.launchType === 'ec2' && source.startsWith('/')) {
        const socket = /docker\.sock$/.test(source);
        report(ctx, 'compose/bind-mount', where, `${svc(ctx)} bind-mounts the host path \`${source}\` at ${spec.target}; on ECS that is a path of the EC2 instance running the task, not of the machine that ran Compose.`, {
          hint: socket
            ? 'The Docker socket gives the container control of the instance; call the AWS APIs with the task role instead if you can.'
            : 'Make sure every instance of the cluster has this path (e.g. in its user data), or use a named volume (EFS) for data.',
        });
      }
      return;
    }
    case 'tmpfs': {
      const linux = linuxOf(container);
      linux.tmpfs.push({ containerPath: spec.target, sizeMiB: tmpfsSize ?? DEFAULT_TMPFS_MIB, mountOptions: tmpfsMode ? [`mode=${tmpfsMode}`] : [] });
      if (tmpfsSize === undefined && ctx.launchType === 'ec2') {
        approximated(ctx, where, `${svc(ctx)}'s tmpfs at ${spec.target} has no size; ECS needs one, so ecsify uses ${DEFAULT_TMPFS_MIB} MiB.`, 'Give `tmpfs: {size: 64m}` to choose.');
      }
      return;
    }
    default:
      unsupported(ctx, where, `${svc(ctx)}'s ${spec.type} volume at ${spec.target} has no ECS counterpart.`, spec.type === 'image' ? 'Copy the files from that image into this one in the Dockerfile (COPY --from).' : 'Remove it, or use a named volume (EFS).');
  }
}

/** ECS requires a tmpfs size; Docker's default is half the memory, which ECS cannot express. */
export const DEFAULT_TMPFS_MIB = 64;

function readLongVolume(ctx: ServiceContext, node: YMap, p: string): { spec: VolumeSpec; tmpfsSize?: number; tmpfsMode?: string } | undefined {
  let type: VolumeSpec['type'] | undefined;
  let source: string | undefined;
  let target: string | undefined;
  let readOnly = false;
  const ignored: string[] = [];
  let tmpfsSize: number | undefined;
  let tmpfsMode: string | undefined;
  const eList = entries(node, p);
  for (let eIndex = 0; eIndex < eList.length; eIndex++) {
    const e = eList[eIndex] as Entry;
    const where = e;
    switch (e.key) {
      case 'type': {
        const t = readString(ctx, e.value, e, `${svc(ctx)}'s volume type`);
        if (t === 'volume' || t === 'bind' || t === 'tmpfs' || t === 'npipe' || t === 'cluster' || t === 'image') type = t;
        else if (t !== undefined) invalid(ctx, at(e.value, e.path), `${svc(ctx)}'s volume type \`${t}\` is not known.`, 'Write volume, bind or tmpfs.');
        break;
      }
      case 'source':
        source = readString(ctx, e.value, e, `${svc(ctx)}'s volume source`);
        break;
      case 'target':
        target = readString(ctx, e.value, e, `${svc(ctx)}'s volume target`);
        break;
      case 'read_only':
        readOnly = readBool(ctx, e.value, e, `${svc(ctx)}'s volume read_only`) ?? false;
        break;
      case 'consistency':
        break; // Docker Desktop file-sharing hint; Compose itself ignores it.
      case 'bind':
      case 'volume':
      case 'image':
        if (isMap(e.value)) {
          const oList = entries(e.value, e);
          for (let oIndex = 0; oIndex < oList.length; oIndex++) {
            const o = oList[oIndex] as Entry;
            if (o.key === 'create_host_path' || o.key.startsWith('x-')) continue;
            if (o.key === 'subpath') {
              approximated(ctx, o, `${svc(ctx)}'s volume subpath cannot be expressed in an ECS mount; the whole volume is mounted.`, 'Use an EFS access point with that root directory in the generated stack.');
              continue;
            }
            if (o.key === 'labels') continue; // labels of a volume created on the fly: nothing to create on ECS
            const v = isScalar(o.value) ? goString(o.value) : undefined;
            if (o.key === 'nocopy' && v !== 'true') continue;
            if (o.key === 'recursive' && v === 'enabled') continue;
            ignored.push(`${e.key}.${o.key}${v !== undefined ? `: ${v}` : ''}`);
          }
        }
        break;
      case 'tmpfs':
        if (isMap(e.value)) {
          const oList = entries(e.value, e);
          for (let oIndex = 0; oIndex < oList.length; oIndex++) {
            const o = oList[oIndex] as Entry;
            if (o.key === 'size') {
              const raw = isScalar(o.value) ? o.value.value : undefined;
              const bytes = typeof raw === 'number' || typeof raw === 'string' ? parseByteSize(raw) : undefined;
              if (bytes === undefined) invalid(ctx, at(o.value, o.path), `${svc(ctx)}'s tmpfs size is not a size.`, 'Write bytes or a size such as `64m`.');
              else tmpfsSize = Math.max(1, Math.ceil(bytes / (1024 * 1024)));
            } else if (o.key === 'mode') {
              const raw = isScalar(o.value) ? o.value.value : undefined;
              if (typeof raw === 'number') tmpfsMode = raw.toString(8);
              else if (typeof raw === 'string' && /^[0-7]+$/.test(raw)) tmpfsMode = raw;
              else invalid(ctx, at(o.value, o.path), `${svc(ctx)}'s tmpfs mode is not an octal file mode.`, 'Write a mode such as `1777`.');
            } else if (!o.key.startsWith('x-')) {
              ignored.push(`tmpfs.${o.key}`);
            }
          }
        }
        break;
      default:
        if (!e.key.startsWith('x-')) invalid(ctx, where, `${svc(ctx)}'s volume has an unknown key \`${e.key}\`.`, 'A volume takes type, source, target, read_only and bind/volume/tmpfs options.');
    }
  }
  if (type === undefined || target === undefined) {
    invalid(ctx, at(node, p), `${svc(ctx)}'s volume needs a \`type\` and a \`target\`.`, 'Write `type: volume`, `source: data`, `target: /data`.');
    return undefined;
  }
  const spec: VolumeSpec = { type, target: cleanTarget(target), readOnly, ignored };
  if (source !== undefined && source !== '' && type !== 'tmpfs') spec.source = source;
  return tmpfsSize !== undefined || tmpfsMode !== undefined ? { spec, ...(tmpfsSize !== undefined ? { tmpfsSize } : {}), ...(tmpfsMode !== undefined ? { tmpfsMode } : {}) } : { spec };
}

/**
 * Adds a task volume unless the same one is there; a different volume with the same name gets a
 * `-2`, `-3`… suffix. Returns the name to mount. Ephemeral volumes are never shared.
 */
export function addTaskVolume(list: TaskVolume[], volume: TaskVolume): string {
  for (let n = 1; ; n++) {
    const name = n === 1 ? volume.name : `${volume.name}-${n}`;
    const existing = list.find((v) => v.name === name);
    if (!existing) {
      list.push({ ...volume, name });
      return name;
    }
    if (sameSource(existing.source, volume.source)) return name;
  }
}

function sameSource(a: TaskVolume['source'], b: TaskVolume['source']): boolean {
  if (a.kind === 'shared' && b.kind === 'shared') return a.volume === b.volume;
  if (a.kind === 'host' && b.kind === 'host') return a.path === b.path;
  return false;
}

export function linuxOf(container: Container): LinuxParameters {
  if (!container.linux) container.linux = { tmpfs: [], devices: [] };
  return container.linux;
}

/**
 * A driver option without the secrets it holds: the option itself (`password: …`), or items of a
 * comma list of mount options (`o: "username=app,password=…,vers=3.0"`), each judged as a
 * variable with that name and value. A secret is masked, reported and left out of the IR (and so
 * of every output); undefined when nothing of the option is left.
 */
function withoutSecrets(ctx: MapContext, volume: string, option: Entry, text: string): string | undefined {
  const policy = ctx.collector.policy;
  const hint = 'On ECS the volume becomes an EFS file system, which needs no password (access is by IAM and security groups); remove the credentials from the file.';
  const whole = classifySecret(option.key, text, policy);
  if (whole.secret) {
    ctx.reporter.redact(text, option.key);
    report(ctx, 'secrets/plaintext-value', option, `Volume \`${volume}\`'s driver option ${option.key} holds a secret in plain text (${whole.why}); it is left out of the output.`, { hint });
    return undefined;
  }
  if (!text.includes('=')) return text;
  const found: string[] = [];
  const items = text.split(',');
  const left = items.filter((item) => {
    const eq = item.indexOf('=');
    if (eq <= 0) return true;
    const name = item.slice(0, eq).trim();
    const value = item.slice(eq + 1);
    const verdict = classifySecret(name, value, policy);
    if (!verdict.secret) return true;
    ctx.reporter.redact(value, name);
    found.push(`${name} (${verdict.why})`);
    return false;
  });
  if (found.length === 0) return text;
  report(ctx, 'secrets/plaintext-value', option, `Volume \`${volume}\`'s driver option ${option.key} holds a secret in plain text in ${andList(found)}; ${found.length === 1 ? 'that item is' : 'those items are'} left out of the output.`, { hint });
  return left.length > 0 ? left.join(',') : undefined;
}
