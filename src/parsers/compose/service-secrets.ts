/**
 * Top-level `secrets`/`configs` and the services' references to them.
 *
 * A Compose secret becomes an IR `Secret` (reason `compose-secret`, by name only: the `file` is
 * never opened, an `environment` source is never read) and the container records the path it
 * reads it from (`secretFiles`), since ECS injects secrets as environment variables, not files
 * (`compose/secret-file` says so). `external` secrets whose name is an ARN (as Docker's ECS
 * integration wrote them) reference that existing secret. Configs have no ECS counterpart and are
 * reported with what to do (`compose/config-not-mapped`).
 */
import type { Secret, SecretFile } from '../../ir/types.js';
import { addSecret } from '../../secrets/env-var.js';
import { redactAssignments, redactUnreadTree } from '../../secrets/unread.js';
import { childPath, getPair, isMap, isScalar, nodeOrigin, type YMap, type YNode } from '../../yaml/node.js';
import type { ServiceDraft } from './service-draft.js';
import { at, entries, goString, invalid, readBool, readString, report, svc, unsupported, type At, type MapContext, type ServiceContext, type Entry } from './to-ir-context.js';

/** A top-level secret or config declaration. */
export interface Declaration {
  key: string;
  file?: string;
  environment?: string;
  /** Configs only: inline content (never copied anywhere). */
  content?: boolean;
  external: boolean;
  /** `name:` (for external secrets: the existing secret's name or ARN). */
  name?: string;
  where: At;
}

/** Reads top-level `secrets` or `configs`; reports keys that ECS cannot use. */
export function readDeclarations(ctx: MapContext, root: YMap, kind: 'secrets' | 'configs'): Map<string, Declaration> {
  const out = new Map<string, Declaration>();
  const pair = getPair(root, kind);
  if (!pair || !isMap(pair.value)) return out;
  const what = kind === 'secrets' ? 'Secret' : 'Config';
  for (const d of entries(pair.value, kind)) {
    const decl: Declaration = { key: d.key, external: false, where: d };
    if (isMap(d.value)) {
      for (const e of entries(d.value, d)) {
        const where = e;
        switch (e.key) {
          case 'file': {
            const v = readString(ctx, e.value, e, `${what} \`${d.key}\`'s file`);
            if (v !== undefined) decl.file = v;
            break;
          }
          case 'environment': {
            const v = readString(ctx, e.value, e, `${what} \`${d.key}\`'s environment`);
            if (v !== undefined) decl.environment = v;
            break;
          }
          case 'content':
            // Never copied anywhere, but shown in code frames (and a config may hold a password).
            if (isScalar(e.value) && typeof e.value.value === 'string') redactAssignments(e.value.value, ctx.reporter, ctx.collector.policy);
            if (kind === 'configs') decl.content = true;
            else invalid(ctx, where, `Secret \`${d.key}\` has \`content\`, which only configs may have.`, 'Use `file` or `environment`.');
            break;
          case 'external':
            if (isMap(e.value)) {
              decl.external = true;
              const n = getPair(e.value, 'name');
              if (n && isScalar(n.value)) decl.name = goString(n.value);
            } else decl.external = readBool(ctx, e.value, e, `${what} \`${d.key}\`'s external`) ?? false;
            break;
          case 'name': {
            const v = readString(ctx, e.value, e, `${what} \`${d.key}\`'s name`);
            if (v !== undefined) decl.name = v;
            break;
          }
          case 'labels':
          case 'driver':
          case 'driver_opts':
          case 'template_driver':
            redactUnreadTree(e.value, ctx.reporter, ctx.collector.policy); // not read, but shown
            unsupported(ctx, where, `${what} \`${d.key}\`'s \`${e.key}\` has no counterpart on ECS.`, kind === 'secrets' ? 'Secrets become Secrets Manager (or SSM) entries; set tags or rotation there.' : 'Remove it.', 'info');
            break;
          default:
            redactUnreadTree(e.value, ctx.reporter, ctx.collector.policy);
            if (e.key.startsWith('x-aws-')) report(ctx, 'compose/x-aws-unsupported', where, `${what} \`${d.key}\` sets \`${e.key}\`, which ecsify does not know.`, { hint: 'Remove it.' });
            else if (!e.key.startsWith('x-')) invalid(ctx, where, `${what} \`${d.key}\` has an unknown key \`${e.key}\`.`, `A ${what.toLowerCase()} takes file, environment${kind === 'configs' ? ', content' : ''}, external and name.`);
        }
      }
    }
    out.set(d.key, decl);
  }
  return out;
}

/** The service's `secrets` → secret references and file paths; its `configs` → reported. */
export function mapSecretsAndConfigs(ctx: ServiceContext, draft: ServiceDraft, secrets: Map<string, Declaration>, configs: Map<string, Declaration>): void {
  const sp = ctx.keys.get('secrets');
  if (sp) {
    for (const ref of references(ctx, sp.value, sp.path, 'secret')) {
      const decl = secrets.get(ref.source);
      if (!decl) {
        report(ctx, 'compose/undefined-reference', ref.where, `${svc(ctx)} uses the secret \`${ref.source}\`, which is not declared under the top-level \`secrets\`.`, { hint: `Declare it: \`secrets: {${ref.source}: {file: ./${ref.source}.txt}}\`.` });
        continue;
      }
      if (!decl.external && decl.file === undefined && decl.environment === undefined) {
        invalid(ctx, decl.where, `Secret \`${decl.key}\` has neither \`file\` nor \`environment\`, and is not \`external\`.`, 'Give its source (`file:` or `environment:`), or mark it `external: true` to use an existing Secrets Manager secret.');
        continue;
      }
      const target = ref.target === undefined ? `/run/secrets/${ref.source}` : ref.target.startsWith('/') ? ref.target : `/run/secrets/${ref.target}`;
      const secret: Secret = { name: decl.key, reason: 'compose-secret', mountPath: target, origin: nodeOrigin(decl.where.node, decl.where.path) };
      if (decl.external) secret.existing = { arn: decl.name ?? decl.key };
      addSecret(ctx.collector, secret);
      const file: SecretFile = { secret: decl.key, path: target, origin: nodeOrigin(ref.where.node, ref.where.path) };
      if (ref.uid !== undefined) file.uid = ref.uid;
      if (ref.gid !== undefined) file.gid = ref.gid;
      if (ref.mode !== undefined) file.mode = ref.mode;
      (draft.container.secretFiles ??= []).push(file);
      const source = decl.external
        ? `The secret \`${decl.name ?? decl.key}\` exists already.`
        : decl.file !== undefined
          ? `Put the content of \`${decl.file}\` into the secret \`${decl.key}\` (ecsify does not read the file).`
          : `Put the value of $${decl.environment} into the secret \`${decl.key}\`.`;
      report(ctx, 'compose/secret-file', ref.where, `${svc(ctx)} reads the secret \`${decl.key}\` from the file ${target}; its value must be in the secret store before the service starts.`, {
        hint: `${source} ECS injects secrets as environment variables; the task writes this one to ${target} at start (secrets/file-init-container).`,
      });
      for (const x of ref.xAws) report(ctx, 'compose/x-aws-unsupported', x, `${svc(ctx)}'s secret \`${ref.source}\` uses \`x-aws-keys\`, which ecsify does not implement.`, { hint: 'Reference each JSON key as its own environment variable secret instead.' });
    }
  }
  const cp = ctx.keys.get('configs');
  if (cp) {
    for (const ref of references(ctx, cp.value, cp.path, 'config')) {
      const decl = configs.get(ref.source);
      if (!decl) {
        report(ctx, 'compose/undefined-reference', ref.where, `${svc(ctx)} uses the config \`${ref.source}\`, which is not declared under the top-level \`configs\`.`, { hint: `Declare it: \`configs: {${ref.source}: {file: ./${ref.source}}}\`.` });
        continue;
      }
      const target = ref.target ?? `/${ref.source}`;
      const source = decl.file !== undefined ? `the file \`${decl.file}\`` : decl.environment !== undefined ? `the value of $${decl.environment}` : decl.content ? 'inline content' : `the existing config \`${decl.name ?? decl.key}\``;
      report(ctx, 'compose/config-not-mapped', ref.where, `${svc(ctx)} mounts the config \`${decl.key}\` (${source}) at ${target}; ECS has no configs, so it is not in the output.`, {
        hint: `Copy it into the image at ${target} (COPY in the Dockerfile), or store it in SSM Parameter Store and write it to ${target} when the container starts.`,
      });
    }
  }
}

interface Reference {
  source: string;
  target?: string;
  uid?: string;
  gid?: string;
  mode?: number;
  where: At;
  xAws: At[];
}

function references(ctx: ServiceContext, node: YNode, path: string, what: 'secret' | 'config'): Reference[] {
  if (node.kind !== 'seq') {
    if (!(isScalar(node) && node.value === null)) invalid(ctx, at(node, path), `${svc(ctx)}'s ${what}s must be a list.`, `Write \`${what}s: [name]\`.`);
    return [];
  }
  const out: Reference[] = [];
  node.items.forEach((item, i) => {
    const p = childPath(path, i);
    if (isScalar(item)) {
      const source = goString(item);
      if (source) out.push({ source, where: at(item, p), xAws: [] });
      return;
    }
    if (!isMap(item)) {
      invalid(ctx, at(item, p), `${svc(ctx)} has a ${what} entry that is a list.`, `Write the ${what} name or a mapping with \`source\`.`);
      return;
    }
    const ref: Partial<Reference> & { xAws: At[] } = { where: at(item, p), xAws: [] };
    const eList = entries(item, p);
    for (let eIndex = 0; eIndex < eList.length; eIndex++) {
      const e = eList[eIndex] as Entry;
      switch (e.key) {
        case 'source':
          ref.source = readString(ctx, e.value, e, `${svc(ctx)}'s ${what} source`);
          break;
        case 'target':
          ref.target = readString(ctx, e.value, e, `${svc(ctx)}'s ${what} target`);
          break;
        case 'uid':
          ref.uid = readString(ctx, e.value, e, `${svc(ctx)}'s ${what} uid`);
          break;
        case 'gid':
          ref.gid = readString(ctx, e.value, e, `${svc(ctx)}'s ${what} gid`);
          break;
        case 'mode': {
          const m = readMode(e.value);
          if (m === undefined) invalid(ctx, at(e.value, e.path), `${svc(ctx)}'s ${what} mode is not a file mode.`, 'Write an octal mode such as `0440` (or the string "0440").');
          else ref.mode = m;
          break;
        }
        case 'x-aws-keys':
          ref.xAws.push(e);
          break;
        default:
          if (e.key.startsWith('x-aws-')) report(ctx, 'compose/x-aws-unsupported', e, `${svc(ctx)}'s ${what} sets \`${e.key}\`, which ecsify does not know.`, { hint: 'Remove it.' });
          else if (!e.key.startsWith('x-')) invalid(ctx, e, `${svc(ctx)}'s ${what} entry has an unknown key \`${e.key}\`.`, 'A reference takes source, target, uid, gid and mode.');
      }
    }
    if (!ref.source) {
      invalid(ctx, at(item, p), `${svc(ctx)}'s ${what} entry has no \`source\`.`, `Add \`source: <${what} name>\`.`);
      return;
    }
    out.push(ref as Reference);
  });
  return out;
}

/** A YAML int is the mode as is (`0440` is octal in YAML 1.1 terms); a string is octal digits. */
function readMode(node: YNode): number | undefined {
  if (!isScalar(node)) return undefined;
  if (typeof node.value === 'number' && Number.isInteger(node.value) && node.value >= 0) return node.value;
  if (typeof node.value === 'string' && /^[0-7]+$/.test(node.value)) return parseInt(node.value, 8);
  return undefined;
}
