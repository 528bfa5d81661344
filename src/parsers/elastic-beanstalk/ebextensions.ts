/**
 * `.ebextensions/*.config`: option settings (all three forms), container commands, and the
 * instance and CloudFormation sections that have no place on ECS (reported with what to do).
 *
 * Files are read in name order (EB applies them alphabetically; a later file's option wins).
 * YAML and JSON both go through the YAML reader with `strictKeys: false` and duplicate keys as
 * warnings (EB keeps one of the values); CloudFormation short tags (`!Ref`) stay on the nodes.
 */
import { sourceFile } from '../../ir/source-file.js';
import type { Origin } from '../../ir/types.js';
import { parseYaml } from '../../yaml/parse.js';
import { childPath, type YMap, type YNode } from '../../yaml/node.js';
import { closest } from '../../util/closest.js';
import { andList } from '../../util/and-list.js';
import { redactUnreadTree } from '../../secrets/unread.js';
import { boolOf, noteFile, originOf, plural, scalarString, type EbContext } from './common.js';
import { readOptionSettings, type OptionValue } from './option-store.js';

export interface ContainerCommand {
  name: string;
  /** A string runs through a shell; a list runs as is. */
  command: string | string[];
  leaderOnly: boolean;
  cwd?: string;
  test?: string;
  hasEnv: boolean;
  ignoreErrors: boolean;
  origin: Origin;
  source: string;
}

export interface EbExtensions {
  options: OptionValue[];
  containerCommands: ContainerCommand[];
  /** The .config files that were read, in order. */
  files: string[];
}

const TOP_KEYS = [
  'option_settings',
  'Resources',
  'Parameters',
  'Outputs',
  'Mappings',
  'packages',
  'groups',
  'users',
  'sources',
  'files',
  'commands',
  'services',
  'container_commands',
] as const;

const COMMAND_KEYS = ['command', 'leader_only', 'test', 'cwd', 'env', 'ignoreErrors'];

/** Reads every `.ebextensions/*.config` of the bundle in name order. */
export function readEbExtensions(ctx: EbContext): EbExtensions {
  const result: EbExtensions = { options: [], containerCommands: [], files: [] };
  if (ctx.bundle.kindOf('.ebextensions') !== 'dir') return result;
  for (const e of ctx.bundle.list('.ebextensions')) {
    const rel = `.ebextensions/${e.name}`;
    if (e.dir) {
      if (/^(nginx|httpd)$/.test(e.name)) {
        ctx.reporter.report('eb/proxy-config', `${rel}/ configures the proxy EB ran on AL1 instances.`, {
          origin: { file: rel, line: 1, column: 1, path: '' },
          hint: 'On ECS the load balancer forwards straight to the container: turn redirects and path routing into listener rules, and the rest into an nginx sidecar or app settings.',
        });
      } else {
        ctx.reporter.report('eb/config-file', `EB does not read the folder ${rel}/ (only .ebextensions/*.config).`, {
          origin: { file: rel, line: 1, column: 1, path: '' },
          severity: 'info',
        });
      }
      continue;
    }
    if (!e.name.endsWith('.config')) {
      ctx.reporter.report('eb/config-file', `EB does not read ${rel}: only files ending in .config are applied.`, {
        origin: { file: rel, line: 1, column: 1, path: '' },
        severity: 'info',
        hint: 'Rename it to end in .config if it is meant to apply; ecsify skips it like EB does.',
      });
      continue;
    }
    readConfigFile(ctx, rel, result);
  }
  return result;
}

/** Reads one config file into `into` (exported for the corpus test and single-file use). */
export function readConfigFile(ctx: EbContext, rel: string, into: EbExtensions): void {
  const text = ctx.bundle.readText(rel);
  if (text === undefined) return;
  noteFile(ctx, rel, text);
  into.files.push(rel);
  const parsed = parseYaml(sourceFile(rel, text), ctx.reporter, { strictKeys: false, duplicateKeys: 'warning', secretPolicy: ctx.secrets.policy });
  const root = parsed.documents[0]?.root;
  if (!parsed.ok || !root) return;
  if (root.kind === 'scalar' && root.value === null) return;
  // What EB skips, and the sections ecsify only reports, are shown in code frames but never read:
  // their secrets are masked here (`redactUnreadTree`).
  if (root.kind !== 'map') {
    redactUnreadTree(root, ctx.reporter, ctx.secrets.policy);
    ctx.reporter.report('eb/config-file', `${rel} is not a mapping of sections, so EB skips it.`, {
      origin: originOf(root, ''),
      hint: `A config file is a mapping with sections such as option_settings, container_commands or files.`,
    });
    return;
  }
  // EB rejects a file with an unknown top-level key as a whole.
  const unknown = root.entries.filter((e) => !(TOP_KEYS as readonly string[]).includes(e.key));
  if (unknown.length > 0) {
    redactUnreadTree(root, ctx.reporter, ctx.secrets.policy);
    for (const e of unknown) {
      const near = closest(e.key, TOP_KEYS);
      ctx.reporter.report('eb/config-file', `${rel} has the unknown section \`${e.key}\`, so EB skips the whole file.`, {
        origin: originOf(e, e.key),
        hint: near ? `Did you mean \`${near}\`?` : `Known sections: ${TOP_KEYS.join(', ')}.`,
      });
    }
    return;
  }
  for (const e of root.entries) {
    switch (e.key) {
      case 'option_settings':
        into.options.push(...readOptionSettings(ctx, e.value, 'option_settings', rel));
        break;
      case 'container_commands':
        readContainerCommands(ctx, rel, e.value, into.containerCommands);
        break;
      case 'Resources':
      case 'Parameters':
      case 'Outputs':
      case 'Mappings':
        redactUnreadTree(e.value, ctx.reporter, ctx.secrets.policy);
        reportCloudFormation(ctx, rel, e.key, e.value, originOf(e, e.key));
        break;
      default:
        redactUnreadTree(e.value, ctx.reporter, ctx.secrets.policy);
        reportInstanceSection(ctx, rel, e.key, e.value, originOf(e, e.key));
    }
  }
}

function mapKeys(node: YNode): string[] {
  return node.kind === 'map' ? node.entries.map((e) => e.key) : [];
}

function readContainerCommands(ctx: EbContext, rel: string, node: YNode, out: ContainerCommand[]): void {
  if (node.kind === 'scalar' && node.value === null) return;
  if (node.kind !== 'map') {
    ctx.reporter.report('eb/config-file', `container_commands in ${rel} is not a mapping of named commands.`, {
      origin: originOf(node, 'container_commands'),
      hint: 'Write `container_commands:` and below it `name: {command: ..., leader_only: true}` entries.',
    });
    return;
  }
  // EB runs container commands in alphabetical order of their names.
  const entries = [...node.entries].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  for (const e of entries) {
    const path = childPath('container_commands', e.key);
    const body = e.value;
    // Only a leader-only command becomes a job (whose command the secret sweep reads), and a
    // command's `env` is never read: their secrets are masked here.
    redactUnreadTree(body, ctx.reporter, ctx.secrets.policy);
    if (body.kind !== 'map') {
      ctx.reporter.report('eb/config-file', `Container command \`${e.key}\` in ${rel} is not a mapping with a \`command\`.`, {
        origin: originOf(e, path),
        hint: 'Write `name: {command: "...", leader_only: true}`.',
      });
      continue;
    }
    for (const k of body.entries) {
      if (!COMMAND_KEYS.includes(k.key)) {
        const near = closest(k.key, COMMAND_KEYS);
        ctx.reporter.report('eb/unknown-key', `Container command \`${e.key}\` has the unknown key \`${k.key}\`.`, {
          origin: originOf(k, childPath(path, k.key)),
          hint: near ? `Did you mean \`${near}\`?` : `Known keys: ${COMMAND_KEYS.join(', ')}.`,
        });
      }
    }
    const cmdNode = getEntry(body, 'command');
    let command: string | string[] | undefined;
    if (cmdNode?.kind === 'scalar' && cmdNode.value !== null) command = String(cmdNode.value);
    else if (cmdNode?.kind === 'seq' && cmdNode.items.every((i) => i.kind === 'scalar')) command = cmdNode.items.map((i) => scalarString(i) ?? '');
    if (command === undefined || (typeof command === 'string' && command.trim() === '')) {
      ctx.reporter.report('eb/config-file', `Container command \`${e.key}\` in ${rel} has no command.`, {
        origin: originOf(e, path),
        hint: 'Add `command:` with the command line (a string runs through a shell, a list runs as is).',
      });
      continue;
    }
    const leader = getEntry(body, 'leader_only');
    const lo = boolOf(leader);
    if (leader && !lo.ok) {
      ctx.reporter.report('eb/invalid-value', `leader_only of container command \`${e.key}\` is not true or false.`, {
        origin: originOf(leader, childPath(path, 'leader_only')),
        severity: 'warning',
        hint: 'Write `leader_only: true`; ecsify treats the command as running on every instance.',
      });
    }
    const ign = boolOf(getEntry(body, 'ignoreErrors'));
    const cc: ContainerCommand = {
      name: e.key,
      command,
      leaderOnly: lo.ok && lo.value,
      hasEnv: getEntry(body, 'env') !== undefined,
      ignoreErrors: ign.ok && ign.value,
      origin: originOf(e, path),
      source: rel,
    };
    const cwd = scalarString(getEntry(body, 'cwd'));
    if (cwd) cc.cwd = cwd;
    const test = scalarString(getEntry(body, 'test'));
    if (test) cc.test = test;
    out.push(cc);
  }
}

function getEntry(map: YMap, key: string): YNode | undefined {
  for (let i = map.entries.length - 1; i >= 0; i--) if (map.entries[i]?.key === key) return map.entries[i]?.value;
  return undefined;
}

/** Logical ids and `AWSEB*` references found in a CloudFormation section. */
function awsebRefs(node: YNode, found: Set<string>): void {
  if (node.kind === 'scalar') {
    if (typeof node.value === 'string') for (const m of node.value.matchAll(/\bAWSEB[A-Za-z0-9]+/g)) found.add(m[0]);
  } else if (node.kind === 'seq') node.items.forEach((i) => awsebRefs(i, found));
  else for (const e of node.entries) awsebRefs(e.value, found);
}

function reportCloudFormation(ctx: EbContext, rel: string, key: string, node: YNode, origin: Origin): void {
  const names = mapKeys(node);
  if (key !== 'Resources') {
    ctx.reporter.report('eb/cloudformation-section', `${rel} adds CloudFormation ${key} (${andList(names, 6)}) to EB's stack.`, {
      origin,
      hint: 'ecsify does not copy them; add what the resources you keep need to the generated template.',
    });
    return;
  }
  const described: string[] = [];
  const refs = new Set<string>();
  if (node.kind === 'map') {
    for (const r of node.entries) {
      const type = r.value.kind === 'map' ? scalarString(getEntry(r.value, 'Type')) : undefined;
      described.push(type ? `${r.key} (${type})` : r.key);
      awsebRefs(r.value, refs);
    }
  }
  const notes: string[] = [];
  if (refs.size > 0) notes.push(`It refers to EB's own resources, which do not exist after the move: ${andList([...refs].sort(), 8)}.`);
  ctx.reporter.report('eb/cloudformation-section', `${rel} adds ${plural(described.length, 'CloudFormation resource')} to EB's stack: ${andList(described, 8)}.`, {
    origin,
    hint: 'ecsify does not copy them. Add the self-contained ones (queues, tables, alarms) to the generated template and point references at the new resources.',
    notes,
  });
}

const WORKER_PROCESS = /\b(sidekiq|celery|delayed_job|jobs:work|resque|good_job|shoryuken|rq worker|que\b)/i;

function reportInstanceSection(ctx: EbContext, rel: string, key: string, node: YNode, origin: Origin): void {
  const names = mapKeys(node);
  const list = names.length > 0 ? ` (${andList(names, 6)})` : '';
  const notes: string[] = [];
  let hint: string;
  let what: string;
  switch (key) {
    case 'packages': {
      const pkgs: string[] = [];
      if (node.kind === 'map') for (const m of node.entries) for (const p of mapKeys(m.value)) pkgs.push(`${m.key}:${p}`);
      what = `installs packages on every instance${pkgs.length ? ` (${andList(pkgs.slice(0, 8))}${pkgs.length > 8 ? ', ...' : ''})` : list}`;
      hint = 'Install them in the Dockerfile (RUN apt-get/apk/yum install ...).';
      break;
    }
    case 'files': {
      what = `writes ${plural(names.length, 'file')} on every instance${list}`;
      hint = 'COPY the files the app needs into the image; pass settings as environment variables or secrets.';
      if (names.some((n) => /nginx|httpd|apache/.test(n))) {
        notes.push('Some files configure EB\'s nginx/Apache proxy: on ECS use load-balancer listener rules or an nginx sidecar.');
      }
      if (names.some((n) => n.startsWith('/opt/elasticbeanstalk/hooks/'))) {
        notes.push('Some files are Amazon Linux AMI platform hooks (/opt/elasticbeanstalk/hooks), which ran during deployments.');
      }
      const text = node.kind === 'map' ? JSON.stringify(names) + ctxText(node) : '';
      const worker = WORKER_PROCESS.exec(text);
      if (worker) {
        notes.push(`They start \`${worker[1]}\` on the instance: on ECS run it as its own service (a Procfile entry or a container with that command).`);
      }
      break;
    }
    case 'commands':
      what = `runs ${plural(names.length, 'command')} on every instance before the app is unpacked${list}`;
      hint = 'Move host setup into the Dockerfile; ECS gives containers no access to the host.';
      break;
    case 'services':
      what = `manages system services on every instance${list}`;
      hint = 'Processes the app needs run as their own containers or ECS services.';
      break;
    case 'sources':
      what = `downloads and unpacks archives on every instance${list}`;
      hint = 'Download them in the Dockerfile (ADD/RUN curl).';
      break;
    default:
      what = `creates ${key} on every instance${list}`;
      hint = 'Create them in the Dockerfile (RUN groupadd/useradd).';
  }
  ctx.reporter.report('eb/instance-section', `${rel} ${what}.`, { origin, hint, notes });
}

/** The scalar text under a node (for spotting what hook files start). */
function ctxText(node: YNode): string {
  if (node.kind === 'scalar') return typeof node.value === 'string' ? node.value : '';
  if (node.kind === 'seq') return node.items.map(ctxText).join('\n');
  return node.entries.map((e) => ctxText(e.value)).join('\n');
}
