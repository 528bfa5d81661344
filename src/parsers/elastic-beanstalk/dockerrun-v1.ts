/**
 * Dockerrun.aws.json version 1 (the single-container Docker platform) → one service with one
 * container. With a `Dockerfile` in the bundle EB builds it and ignores `Image.Name`; the IR then
 * keeps a build context and the image becomes a deployment parameter.
 */
import { looksLikePlaceholder } from '../../util/placeholder.js';
import { newContainer, newService } from '../../ir/create.js';
import type { ImageSource, Origin, PortMapping } from '../../ir/types.js';
import { addSecret } from '../../secrets/env-var.js';
import { splitShellWords } from '../../util/shell-words.js';
import { childPath, type YMap, type YNode, type YPair } from '../../yaml/node.js';
import { closest } from '../../util/closest.js';
import { intOf, originOf, scalarString, validPort, type EbContext } from './common.js';
import type { DockerrunFile } from './dockerrun.js';
import type { AppDraft } from './draft.js';
import { hostVolume } from './volumes.js';

const V1_KEYS = ['AWSEBDockerrunVersion', 'Authentication', 'Image', 'Ports', 'Volumes', 'Logging', 'Entrypoint', 'Command'];

export const REGISTRY_SECRET = 'REGISTRY_CREDENTIALS';

/** The first `EXPOSE`d port of the bundle's Dockerfile (what EB uses when Ports is missing). */
export function dockerfileExpose(text: string): number | undefined {
  const m = /^\s*EXPOSE\s+(\d+)/im.exec(text);
  return m ? Number(m[1]) : undefined;
}

export function parseDockerrunV1(ctx: EbContext, file: DockerrunFile, appName: string, mainName: string): AppDraft {
  const { root, rel } = file;
  const fields = new Map<string, YPair>();
  for (const e of root.entries) {
    if (V1_KEYS.includes(e.key)) {
      fields.set(e.key, e);
      continue;
    }
    const near = closest(e.key, V1_KEYS);
    ctx.reporter.report('eb/unknown-key', `${rel} has the key \`${e.key}\`, which version 1 files do not have.`, {
      origin: originOf(e, e.key),
      hint: near ? `Did you mean \`${near}\`? ecsify reads it as \`${near}\`.` : `Version 1 keys: ${V1_KEYS.join(', ')}.`,
    });
    if (near && !fields.has(near)) fields.set(near, e);
  }
  const dockerfile = ctx.bundle.kindOf('Dockerfile') === 'file' ? ctx.bundle.readText('Dockerfile') : undefined;

  // Image: a name to pull, or the bundled Dockerfile to build.
  const imagePair = fields.get('Image');
  const imageNode = imagePair?.value;
  const nameNode = imageNode?.kind === 'map' ? findValue(imageNode, 'Name') : undefined;
  const imageName = scalarString(nameNode)?.trim();
  let image: ImageSource;
  if (dockerfile !== undefined) {
    image = { kind: 'build', context: '.', dockerfile: 'Dockerfile', args: {}, origin: { file: 'Dockerfile', line: 1, column: 1, path: '' } };
    ctx.reporter.addSource('Dockerfile', dockerfile);
    if (!ctx.files.includes('Dockerfile')) ctx.files.push('Dockerfile');
    if (imageName && nameNode) {
      ctx.reporter.report('eb/unsupported-key', `EB builds the bundled Dockerfile and ignores Image.Name \`${imageName}\`.`, {
        origin: originOf(nameNode, 'Image.Name'),
        severity: 'info',
        hint: 'ecsify keeps the build context; the image built from it is a deployment parameter.',
      });
    }
  } else if (imageName) {
    image = { kind: 'ref', ref: imageName, origin: originOf(nameNode as YNode, 'Image.Name') };
    if (looksLikePlaceholder(imageName)) {
      ctx.reporter.report('eb/invalid-value', `Image.Name \`${imageName}\` looks like an unfilled template placeholder.`, {
        origin: originOf(nameNode as YNode, 'Image.Name'),
        severity: 'warning',
        hint: 'Run your template substitution first, or replace the placeholder in the generated output.',
      });
    }
  } else {
    ctx.reporter.report('eb/dockerrun-invalid', `${rel} names no image (Image.Name) and the bundle has no Dockerfile.`, {
      origin: imagePair ? originOf(imagePair, 'Image') : originOf(root, ''),
      hint: 'EB needs one of them: add "Image": {"Name": "repo/image:tag"}, or put the Dockerfile at the bundle root.',
    });
    image = { kind: 'build', context: '.', dockerfile: 'Dockerfile', args: {} };
  }
  const update = imageNode?.kind === 'map' ? findPair(imageNode, 'Update') : undefined;
  if (update && /^false$/i.test(scalarString(update.value) ?? '')) {
    ctx.reporter.report('eb/unsupported-key', 'Image.Update is false: EB reused the image cached on the instance.', {
      origin: originOf(update, 'Image.Update'),
      severity: 'info',
      hint: 'ECS pulls the image when a task starts; deploy a fixed tag or digest to get the same image every time.',
    });
  }

  const container = newContainer(mainName, image);
  container.origin = imagePair ? originOf(imagePair, 'Image') : originOf(root, '');
  const service = newService(appName, mainName, [container], ctx.options.launchType);
  service.origin = originOf(root, '');
  const draft: AppDraft = { kind: 'eb-dockerrun-v1', services: [service], volumes: [], hostPorts: new Map(), envToAllContainers: true };

  // Ports: only the first one receives the proxy's traffic.
  const portsPair = fields.get('Ports');
  const ports: PortMapping[] = [];
  if (portsPair && portsPair.value.kind === 'seq') {
    portsPair.value.items.forEach((item, i) => {
      const p = childPath('Ports', i);
      const cp = item.kind === 'map' ? findPair(item, 'ContainerPort') : undefined;
      const hp = item.kind === 'map' ? findPair(item, 'HostPort') : undefined;
      const c = intOf(cp?.value);
      if (!cp || !c.ok || !validPort(c.value)) {
        const text = cp ? scalarString(cp.value) : undefined;
        ctx.reporter.report('eb/invalid-value', `Ports[${i}].ContainerPort ${text !== undefined ? `\`${text}\` ` : ''}is not a port number.`, {
          origin: originOf(cp ?? item, childPath(p, 'ContainerPort')),
          hint: text && looksLikePlaceholder(text) ? 'It looks like an unfilled template placeholder; fill it before converting.' : 'Write a number between 1 and 65535, e.g. "ContainerPort": "3000".',
        });
        return;
      }
      const mapping: PortMapping = { containerPort: c.value, protocol: 'tcp', public: i === 0, origin: originOf(cp, childPath(p, 'ContainerPort')) };
      const h = intOf(hp?.value);
      if (hp && h.ok && validPort(h.value)) mapping.published = h.value;
      else if (hp) {
        ctx.reporter.report('eb/invalid-value', `Ports[${i}].HostPort is not a port number.`, {
          origin: originOf(hp, childPath(p, 'HostPort')),
          severity: 'warning',
          hint: 'HostPort defaults to ContainerPort; ecsify ignores this value.',
        });
      }
      ports.push(mapping);
      if (i > 0) {
        ctx.reporter.report('eb/ports', `Port ${c.value} (Ports[${i}]) received no traffic on EB: its proxy forwards only to the first port.`, {
          origin: mapping.origin,
          hint: 'ecsify keeps it as a container port that only other services can reach; add a listener for it if it must be public.',
        });
      }
    });
  } else if (portsPair) {
    ctx.reporter.report('eb/invalid-value', 'Ports is not a list.', {
      origin: originOf(portsPair, 'Ports'),
      hint: 'Write "Ports": [{"ContainerPort": "3000"}].',
    });
  }
  if (ports.length === 0 && dockerfile !== undefined) {
    const exposed = dockerfileExpose(dockerfile);
    if (exposed && validPort(exposed)) ports.push({ containerPort: exposed, protocol: 'tcp', public: true, origin: { file: 'Dockerfile', line: 1, column: 1, path: 'EXPOSE' } });
  }
  container.ports = ports;
  const first = ports[0];
  if (first) {
    draft.web = { service: service.name, container: container.name, containerPort: first.containerPort, ...(first.origin ? { origin: first.origin } : {}) };
    draft.hostPorts.set(80, draft.web);
    for (const p of ports.slice(1)) draft.hostPorts.set(p.published ?? p.containerPort, { service: service.name, container: container.name, containerPort: p.containerPort });
  }

  // Volumes: host directories bind-mounted into the container.
  const volumesPair = fields.get('Volumes');
  if (volumesPair?.value.kind === 'seq') {
    volumesPair.value.items.forEach((item, i) => {
      const p = childPath('Volumes', i);
      const host = item.kind === 'map' ? scalarString(findValue(item, 'HostDirectory')) : undefined;
      const target = item.kind === 'map' ? scalarString(findValue(item, 'ContainerDirectory')) : undefined;
      const origin = originOf(item, p);
      if (!host || !target) {
        ctx.reporter.report('eb/invalid-value', `Volumes[${i}] needs both HostDirectory and ContainerDirectory.`, {
          origin,
          severity: 'warning',
          hint: 'Write {"HostDirectory": "/var/app/data", "ContainerDirectory": "/data"}; ecsify skips this entry.',
        });
        return;
      }
      const vol = hostVolume(ctx, service, host, origin, `Volumes[${i}]`);
      container.mounts.push({ volume: vol, containerPath: target, readOnly: false, origin });
    });
  }

  const logging = fields.get('Logging');
  if (logging) {
    ctx.reporter.report('eb/log-volume', `EB collected log files from \`${scalarString(logging.value) ?? ''}\` in the container (Logging).`, {
      origin: originOf(logging, 'Logging'),
      hint: 'On ECS the awslogs driver ships stdout/stderr to CloudWatch Logs; make the app log to stdout.',
    });
  }

  // Entrypoint and Command: single strings that ECS wants as lists.
  const entry = fields.get('Entrypoint');
  const command = fields.get('Command');
  if (entry) container.entryPoint = v1Command(ctx, entry, 'Entrypoint', false);
  if (command) container.command = v1Command(ctx, command, 'Command', entry !== undefined);

  const auth = fields.get('Authentication');
  if (auth) registryAuth(ctx, auth, 'Authentication', 'Bucket', 'Key', draft);
  return draft;
}

/** A bundle with a Dockerfile and no Dockerrun file: EB builds it and forwards to its first EXPOSE. */
export function dockerfileOnlyDraft(ctx: EbContext, appName: string, mainName: string): AppDraft {
  const text = ctx.bundle.readText('Dockerfile') ?? '';
  ctx.reporter.addSource('Dockerfile', text);
  if (!ctx.files.includes('Dockerfile')) ctx.files.push('Dockerfile');
  const origin: Origin = { file: 'Dockerfile', line: 1, column: 1, path: '' };
  const container = newContainer(mainName, { kind: 'build', context: '.', dockerfile: 'Dockerfile', args: {}, origin });
  container.origin = origin;
  const service = newService(appName, mainName, [container], ctx.options.launchType);
  service.origin = origin;
  const draft: AppDraft = { kind: 'eb-dockerrun-v1', services: [service], volumes: [], hostPorts: new Map(), envToAllContainers: true };
  const exposed = dockerfileExpose(text);
  if (exposed && validPort(exposed)) {
    const line = text.slice(0, text.search(/^\s*EXPOSE\s/im)).split('\n').length;
    const portOrigin: Origin = { file: 'Dockerfile', line, column: 1, path: 'EXPOSE' };
    container.ports.push({ containerPort: exposed, protocol: 'tcp', public: true, origin: portOrigin });
    draft.web = { service: mainName, container: mainName, containerPort: exposed, origin: portOrigin };
    draft.hostPorts.set(80, draft.web);
  } else {
    ctx.reporter.report('eb/no-web-container', 'The Dockerfile has no EXPOSE line, so ecsify cannot tell which port EB forwarded traffic to.', {
      origin,
      hint: 'Add `EXPOSE <port>` to the Dockerfile (EB forwards to the first one), or a Dockerrun.aws.json with "Ports".',
    });
  }
  return draft;
}

function v1Command(ctx: EbContext, pair: YPair, key: string, afterEntrypoint: boolean): string[] | undefined {
  const node = pair.value;
  const origin = originOf(pair, key);
  if (node.kind === 'seq') return node.items.map((i) => scalarString(i) ?? '');
  const text = scalarString(node);
  if (text === undefined || text.trim() === '') return undefined;
  const split = splitShellWords(text);
  if (split.error) {
    ctx.reporter.report('eb/command-split', `${key} \`${text}\` cannot be split into words: ${split.error}.`, {
      origin,
      hint: 'ecsify runs it through `sh -c`; check the quoting.',
    });
    return afterEntrypoint ? [text] : ['sh', '-c', text];
  }
  if (split.dropped !== undefined && !afterEntrypoint) {
    ctx.reporter.report('eb/command-split', `${key} \`${text}\` uses shell operators, so ecsify runs it as ["sh", "-c", ...].`, {
      origin,
      hint: 'Check the command in the output; to avoid the shell, write the command as a JSON list.',
    });
    return ['sh', '-c', text.trim()];
  }
  const words = split.words;
  ctx.reporter.report('eb/command-split', `${key} is one string; ecsify splits it into ${JSON.stringify(words)}.`, {
    origin,
    hint:
      split.dropped !== undefined
        ? `The part after the shell operator (\`${split.dropped}\`) is dropped because the command follows an Entrypoint; wrap the whole line in \`sh -c\` yourself if it needs a shell.`
        : 'EB does not document how it splits these strings; check the list, or write it as a JSON list.',
  });
  return words;
}

/** `Authentication` (v1/v3) or `authentication` (v2): registry credentials in an S3 file. */
export function registryAuth(ctx: EbContext, pair: YPair, path: string, bucketKey: string, keyKey: string, draft: AppDraft): void {
  const node = pair.value;
  const bucket = node.kind === 'map' ? scalarString(findValue(node, bucketKey)) : undefined;
  const key = node.kind === 'map' ? scalarString(findValue(node, keyKey)) : undefined;
  const origin: Origin = originOf(pair, path);
  const where = bucket && key ? `s3://${bucket}/${key}` : 'an S3 object';
  addSecret(ctx.secrets, { name: REGISTRY_SECRET, reason: 'registry-credentials', origin });
  draft.registrySecret = REGISTRY_SECRET;
  ctx.reporter.report('eb/registry-auth', `EB read private registry credentials from ${where}; ECS needs them in a Secrets Manager secret.`, {
    origin,
    hint: `Create a secret with {"username": ..., "password": ...} from that file; ecsify references it as ${REGISTRY_SECRET} (repositoryCredentials) on the containers whose images are neither in ECR nor Docker Hub official images.`,
    ...(bucket && key ? {} : { notes: [`Write both \`${bucketKey}\` and \`${keyKey}\`; EB needs both to find the file.`] }),
  });
}

export function findPair(map: YMap, key: string): YPair | undefined {
  for (let i = map.entries.length - 1; i >= 0; i--) if (map.entries[i]?.key === key) return map.entries[i];
  return undefined;
}

export function findValue(map: YMap, key: string): YNode | undefined {
  return findPair(map, key)?.value;
}
