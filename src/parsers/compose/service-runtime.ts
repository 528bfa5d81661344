/**
 * Container runtime settings mapped as written: `user`, `working_dir`, `init`, `read_only`,
 * `privileged`, `tty`, `stdin_open`, `cap_add`/`cap_drop`, `sysctls`, `ulimits`, `tmpfs`,
 * `devices`, `security_opt`, `stop_grace_period`, `pid`, `ipc`, `platform`.
 *
 * What a launch type does not allow (privileged or devices on Fargate…) is the launch-type pass's
 * business; only what has no place in the IR is reported here.
 */
import type { Container, LinuxParameters, RuntimePlatform } from '../../ir/types.js';
import { softAboveHard, ULIMIT_NAMES } from '../../ir/ulimits.js';
import { parseByteSize } from '../../ir/units.js';
import { redactUnreadEntry } from '../../secrets/unread.js';
import { closest } from '../../util/closest.js';
import { childPath, getPair, isMap, isScalar, type YNode } from '../../yaml/node.js';
import type { ServiceDraft } from './service-draft.js';
import { readDurationSeconds } from './service-healthcheck.js';
import { DEFAULT_TMPFS_MIB, linuxOf } from './service-volumes.js';
import { approximated, at, entries, Entry, invalid, originOf, readBool, readInt, readKeyValues, readString, readStringList, svc, unsupported, type At, type ServiceContext } from './to-ir-context.js';

export function mapRuntime(ctx: ServiceContext, draft: ServiceDraft): void {
  const c = draft.container;
  const str = (key: string): string | undefined => {
    const pair = ctx.keys.get(key);
    return pair ? readString(ctx, pair.value, pair, `${svc(ctx)}'s ${key}`) : undefined;
  };
  const bool = (key: string): boolean | undefined => {
    const pair = ctx.keys.get(key);
    return pair ? readBool(ctx, pair.value, pair, `${svc(ctx)}'s ${key}`) : undefined;
  };
  const user = str('user');
  if (user !== undefined && user !== '') c.user = user;
  const workdir = str('working_dir');
  if (workdir !== undefined && workdir !== '') c.workingDirectory = workdir;
  const init = bool('init');
  if (init !== undefined) linuxOf(c).initProcessEnabled = init;
  const readOnly = bool('read_only');
  if (readOnly !== undefined) c.readonlyRootFilesystem = readOnly;
  const privileged = bool('privileged');
  if (privileged !== undefined) c.privileged = privileged;
  const tty = bool('tty');
  if (tty !== undefined) c.pseudoTerminal = tty;
  const stdin = bool('stdin_open');
  if (stdin !== undefined) c.interactive = stdin;

  const grace = ctx.keys.get('stop_grace_period');
  if (grace) {
    const s = readDurationSeconds(ctx, grace.value, grace, `${svc(ctx)}'s stop_grace_period`);
    if (s !== undefined) c.stopTimeoutSeconds = s;
  }
  capabilities(ctx, c);
  const sysctls = ctx.keys.get('sysctls');
  if (sysctls) {
    for (const kv of readKeyValues(ctx, sysctls.value, sysctls, 'sysctls')) c.systemControls.push({ namespace: kv.key, value: kv.value ?? '' });
  }
  ulimits(ctx, c);
  tmpfs(ctx, c);
  devices(ctx, c);
  securityOpt(ctx, c);
  namespaces(ctx, draft);
  const platform = ctx.keys.get('platform');
  if (platform) {
    const text = readString(ctx, platform.value, platform, `${svc(ctx)}'s platform`);
    if (text) {
      const rp = runtimePlatform(ctx, text, platform);
      if (rp) {
        draft.runtimePlatform = rp;
        draft.serviceSettings.push({ what: 'platform', where: platform });
      }
    }
  }
}

function capabilities(ctx: ServiceContext, c: Container): void {
  // Two calls rather than a loop over a list of keys: see `keyIndex` (this runs per service).
  capabilityList(ctx, c, 'cap_add');
  capabilityList(ctx, c, 'cap_drop');
}

function capabilityList(ctx: ServiceContext, c: Container, key: 'cap_add' | 'cap_drop'): void {
  const pair = ctx.keys.get(key);
  if (!pair) return;
  const names = readStringList(ctx, pair.value, pair, `${svc(ctx)}'s ${key}`).map((x) => x.value.toUpperCase().replace(/^CAP_/, ''));
  const linux = linuxOf(c);
  linux.capabilities ??= { add: [], drop: [] };
  (key === 'cap_add' ? linux.capabilities.add : linux.capabilities.drop).push(...names);
}

function ulimits(ctx: ServiceContext, c: Container): void {
  const pair = ctx.keys.get('ulimits');
  if (!pair) return;
  if (!isMap(pair.value)) {
    invalid(ctx, at(pair.value, pair.path), `${svc(ctx)}'s ulimits must be a mapping.`, 'Write `ulimits: {nofile: {soft: 65535, hard: 65535}}`.');
    return;
  }
  const eList = entries(pair.value, pair);
  for (let eIndex = 0; eIndex < eList.length; eIndex++) {
    const e = eList[eIndex] as Entry;
    const what = `${svc(ctx)}'s ulimit ${e.key}`;
    if (!ULIMIT_NAMES.includes(e.key)) {
      // The Compose schema lets any name through; Docker and ECS refuse it. Not read, but shown.
      redactUnreadEntry(e.key, e.value, ctx.reporter, ctx.collector.policy);
      const near = closest(e.key, ULIMIT_NAMES);
      invalid(ctx, e, `${svc(ctx)} sets the ulimit \`${e.key}\`, which is not a ulimit Docker or ECS knows.`, near ? `Did you mean \`${near}\`?` : `Ulimits: ${ULIMIT_NAMES.join(', ')}.`);
      continue;
    }
    if (isMap(e.value)) {
      const soft = getPair(e.value, 'soft');
      const hard = getPair(e.value, 'hard');
      if (!soft || !hard) {
        invalid(ctx, e, `${what} needs both \`soft\` and \`hard\`.`, 'Write `{soft: 1024, hard: 4096}`, or a single number for both.');
        continue;
      }
      const s = readInt(ctx, soft.value, new Entry(soft, e), `${what} soft`, { min: -1 });
      const h = readInt(ctx, hard.value, new Entry(hard, e), `${what} hard`, { min: -1 });
      if (s === undefined || h === undefined) continue;
      if (softAboveHard(s, h)) {
        invalid(ctx, e, `${what} has a soft limit (${s === -1 ? 'none' : s}) above its hard limit (${h}), which Docker refuses.`, 'The soft limit is what is enforced, up to the hard limit: make it at most the hard limit.');
        continue;
      }
      c.ulimits.push({ name: e.key, softLimit: s, hardLimit: h });
    } else {
      const n = readInt(ctx, e.value, e, what, { min: -1 });
      if (n !== undefined) c.ulimits.push({ name: e.key, softLimit: n, hardLimit: n });
    }
  }
}

function tmpfs(ctx: ServiceContext, c: Container): void {
  const pair = ctx.keys.get('tmpfs');
  if (!pair) return;
  for (const item of readStringList(ctx, pair.value, pair, `${svc(ctx)}'s tmpfs`)) {
    const colon = item.value.indexOf(':');
    const target = colon === -1 ? item.value : item.value.slice(0, colon);
    const options = colon === -1 ? [] : item.value.slice(colon + 1).split(',').filter(Boolean);
    let sizeMiB: number | undefined;
    const mountOptions: string[] = [];
    for (const o of options) {
      if (o.startsWith('size=')) {
        const bytes = parseByteSize(o.slice(5));
        if (bytes === undefined) invalid(ctx, item.where, `${svc(ctx)}'s tmpfs size \`${o.slice(5)}\` is not a size.`, 'Write a size such as `size=64m`.');
        else sizeMiB = Math.max(1, Math.ceil(bytes / (1024 * 1024)));
      } else mountOptions.push(o);
    }
    if (!target.startsWith('/')) {
      invalid(ctx, item.where, `${svc(ctx)}'s tmpfs \`${target}\` is not an absolute path.`, 'Write the container path, e.g. `/run`.');
      continue;
    }
    // On Fargate the launch-type pass drops tmpfs mounts altogether, so the size does not matter there.
    if (sizeMiB === undefined && ctx.launchType === 'ec2') approximated(ctx, item.where, `${svc(ctx)}'s tmpfs at ${target} has no size; ECS needs one, so ecsify uses ${DEFAULT_TMPFS_MIB} MiB.`, `Write \`${target}:size=64m\` to choose.`);
    linuxOf(c).tmpfs.push({ containerPath: target, sizeMiB: sizeMiB ?? DEFAULT_TMPFS_MIB, mountOptions });
  }
}

const PERMISSIONS: Record<string, string> = { r: 'read', w: 'write', m: 'mknod' };

function devices(ctx: ServiceContext, c: Container): void {
  const pair = ctx.keys.get('devices');
  if (!pair) return;
  const p = pair.path;
  if (pair.value.kind !== 'seq') {
    if (!(isScalar(pair.value) && pair.value.value === null)) invalid(ctx, at(pair.value, p), `${svc(ctx)}'s devices must be a list.`, 'Write `devices: ["/dev/fuse:/dev/fuse"]`.');
    return;
  }
  const items: { node: YNode; path: string }[] = pair.value.items.map((n, i) => ({ node: n, path: childPath(p, i) }));
  for (const item of items) {
    let source: string | undefined;
    let target: string | undefined;
    let perms = 'rwm';
    if (isMap(item.node)) {
      const sp = getPair(item.node, 'source');
      const tp = getPair(item.node, 'target');
      if (sp) source = readString(ctx, sp.value, childPath(item.path, 'source'), `${svc(ctx)}'s device source`);
      if (tp) target = readString(ctx, tp.value, childPath(item.path, 'target'), `${svc(ctx)}'s device target`);
      const pp = getPair(item.node, 'permissions');
      if (pp) perms = readString(ctx, pp.value, childPath(item.path, 'permissions'), `${svc(ctx)}'s device permissions`) ?? perms;
    } else {
      const text = readString(ctx, item.node, item.path, `${svc(ctx)}'s device`);
      if (text === undefined) continue;
      if (!text.startsWith('/')) {
        unsupported(ctx, at(item.node, item.path), `${svc(ctx)} requests the CDI device \`${text}\`, which ECS cannot attach.`, 'Run on EC2 instances with the device and add it to the generated task definition.');
        continue;
      }
      const parts = text.split(':');
      source = parts[0];
      target = parts[1];
      if (parts[2] !== undefined) perms = parts[2];
    }
    if (!source) {
      invalid(ctx, at(item.node, item.path), `${svc(ctx)} has a device without a host path.`, 'Write `/dev/xyz[:/dev/xyz[:rwm]]`.');
      continue;
    }
    const permissions = [...perms].map((ch) => PERMISSIONS[ch]).filter((x): x is string => x !== undefined);
    const dev: LinuxParameters['devices'][number] = { hostPath: source, permissions };
    if (target) dev.containerPath = target;
    linuxOf(c).devices.push(dev);
  }
}

function securityOpt(ctx: ServiceContext, c: Container): void {
  const pair = ctx.keys.get('security_opt');
  if (!pair) return;
  for (const item of readStringList(ctx, pair.value, pair, `${svc(ctx)}'s security_opt`)) {
    const m = /^([a-z-]+)[:=]?(.*)$/.exec(item.value);
    const kind = m?.[1] ?? item.value;
    const rest = m?.[2] ?? '';
    if (kind === 'no-new-privileges') {
      if (rest === '' || rest === 'true') c.dockerSecurityOptions.push('no-new-privileges');
    } else if ((kind === 'label' || kind === 'apparmor') && rest !== '') {
      c.dockerSecurityOptions.push(`${kind}:${rest}`);
    } else {
      unsupported(ctx, item.where, `${svc(ctx)}'s security option \`${item.value}\` has no ECS counterpart (ECS takes no-new-privileges, label and apparmor options).`, kind === 'seccomp' ? 'ECS applies Docker’s default seccomp profile; bake stricter limits into the application.' : 'Remove it.');
    }
  }
}

function namespaces(ctx: ServiceContext, draft: ServiceDraft): void {
  // Two calls rather than a loop over a list of keys: see `keyIndex` (this runs per service).
  namespace(ctx, draft, 'pid');
  namespace(ctx, draft, 'ipc');
}

function namespace(ctx: ServiceContext, draft: ServiceDraft, key: 'pid' | 'ipc'): void {
  const pair = ctx.keys.get(key);
  if (!pair) return;
  const value = readString(ctx, pair.value, pair, `${svc(ctx)}'s ${key}`);
  if (value === undefined || value === '') return;
  const where = pair;
  const service = /^service:(.+)$/.exec(value)?.[1];
  if (service !== undefined) {
    draft[key === 'pid' ? 'pidMode' : 'ipcMode'] = { mode: 'task', where, service };
  } else if (value === 'host') {
    draft[key === 'pid' ? 'pidMode' : 'ipcMode'] = { mode: 'host', where };
  } else if (key === 'ipc' && (value === 'shareable' || value === 'private' || value === 'none')) {
    draft.ipcMode = { mode: value === 'shareable' ? 'task' : 'none', where };
    approximated(ctx, where, `${svc(ctx)}'s ipc ${value} becomes the task's ipcMode ${value === 'shareable' ? 'task (shared by the containers of the task)' : 'none (private to each container)'}.`);
  } else {
    unsupported(ctx, where, `${svc(ctx)}'s ${key} \`${value}\` has no ECS counterpart.`, `ECS tasks take ${key}Mode host${key === 'ipc' ? ', task or none' : ' or task'}.`);
  }
}

const ARCHITECTURES: Record<string, RuntimePlatform['cpuArchitecture']> = {
  amd64: 'X86_64',
  x86_64: 'X86_64',
  'x86-64': 'X86_64',
  arm64: 'ARM64',
  aarch64: 'ARM64',
};

function runtimePlatform(ctx: ServiceContext, text: string, where: At): RuntimePlatform | undefined {
  const [os = '', arch, variant] = text.toLowerCase().split('/');
  const origin = originOf(where);
  if (os === 'linux') {
    if (arch === undefined) return { operatingSystemFamily: 'LINUX', origin };
    const cpu = ARCHITECTURES[arch];
    if (cpu && (variant === undefined || (cpu === 'ARM64' && variant === 'v8'))) return { cpuArchitecture: cpu, operatingSystemFamily: 'LINUX', origin };
    unsupported(ctx, where, `${svc(ctx)}'s platform \`${text}\` is not available on ECS, which runs linux/amd64 and linux/arm64.`, 'Build the image for linux/amd64 or linux/arm64.', 'warning');
    return undefined;
  }
  if (os === 'windows') {
    // The Windows Server version is unknown here: the launch-type pass takes it from the image
    // (or assumes one), and the platform/windows lint says which.
    return { cpuArchitecture: 'X86_64', windows: true, origin };
  }
  unsupported(ctx, where, `${svc(ctx)}'s platform \`${text}\` is not an ECS operating system.`, 'Write linux/amd64 or linux/arm64.', 'warning');
  return undefined;
}
