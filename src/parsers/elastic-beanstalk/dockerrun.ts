/**
 * `Dockerrun.aws.json`: one file name, three formats. Reads the file (strict JSON, as EB does,
 * with positions from the YAML reader) and decides which version it is from the declared
 * `AWSEBDockerrunVersion` and, when that disagrees, from the keys the body uses.
 */
import { originAt, sourceFile } from '../../ir/source-file.js';
import { parseYaml } from '../../yaml/parse.js';
import type { YMap, YNode, YPair } from '../../yaml/node.js';
import { noteFile, originOf, type EbContext } from './common.js';
import { checkJson } from './json-check.js';

export type DockerrunVersion = 1 | 2 | 3;

export interface DockerrunFile {
  rel: string;
  root: YMap;
  /** The version the body is read as. */
  version: DockerrunVersion;
}

/** What the body's keys say the version is (v2 uses containerDefinitions, v1 capitalised keys). */
function structuralVersion(root: YMap): DockerrunVersion | undefined {
  const keys = root.entries.map((e) => e.key.toLowerCase());
  if (keys.some((k) => k === 'containerdefinitions' || k === 'containerdefintions' || k === 'containerdefinition')) return 2;
  if (root.entries.some((e) => ['Image', 'Ports', 'Volumes', 'Logging', 'Entrypoint', 'Command'].includes(e.key))) return 1;
  const auth = root.entries.find((e) => e.key === 'Authentication');
  if (auth && auth.value.kind === 'map' && auth.value.entries.some((e) => e.key === 'bucket')) return 3;
  return undefined;
}

/** Reads and classifies a Dockerrun file; problems are reported and give undefined. */
export function readDockerrun(ctx: EbContext, rel: string): DockerrunFile | undefined {
  const text = ctx.bundle.readText(rel);
  if (text === undefined) return undefined;
  noteFile(ctx, rel, text);
  const file = sourceFile(rel, text);
  const parsed = parseYaml(file, ctx.reporter, { strictKeys: false, duplicateKeys: 'warning', secretPolicy: ctx.secrets.policy });
  const root = parsed.documents[0]?.root;
  // A document left out for its aliases (`yaml/alias-bomb`) is reported already.
  if (!parsed.ok || parsed.documents[0]?.skipped) return undefined;
  // EB reads the file with a strict JSON parser; YAML is more forgiving (unquoted placeholders).
  const jsonError = checkJson(text);
  if (jsonError) {
    ctx.reporter.report('eb/dockerrun-invalid', `${rel} is not valid JSON: ${jsonError.message}.`, {
      origin: originAt(file, jsonError.offset, ''),
      hint: 'EB parses this file as strict JSON and fails the deployment. Quote every string, remove comments and trailing commas; fill template placeholders before converting.',
    });
    // Keep reading: the rest of the file still says a lot about the app.
  }
  if (!root || root.kind !== 'map') {
    ctx.reporter.report('eb/dockerrun-invalid', `${rel} is not a JSON object.`, {
      origin: root ? originOf(root, '') : { file: rel, line: 1, column: 1, path: '' },
      hint: 'A Dockerrun.aws.json file is an object with "AWSEBDockerrunVersion" and the container settings.',
    });
    return undefined;
  }
  const versionPair = root.entries.find((e) => e.key === 'AWSEBDockerrunVersion');
  const declared = declaredVersion(versionPair);
  const structural = structuralVersion(root);
  let version: DockerrunVersion | undefined = declared?.version;
  if (!versionPair) {
    version = structural;
    ctx.reporter.report('eb/dockerrun-version', `${rel} has no AWSEBDockerrunVersion.`, {
      origin: originOf(root, ''),
      hint: `EB needs it to read the file. ${structural ? `Its keys are those of version ${structural}, so ecsify reads it as version ${structural}.` : ''}`.trim(),
    });
  } else if (!declared) {
    version = structural;
    ctx.reporter.report('eb/dockerrun-invalid', `${rel} declares AWSEBDockerrunVersion ${JSON.stringify(versionPair.value.kind === 'scalar' ? versionPair.value.value : '...')}, which EB does not know.`, {
      origin: originOf(versionPair, 'AWSEBDockerrunVersion'),
      hint: 'Use "1" (single container), 2 (multi-container on the ECS platform) or "3" (registry credentials for docker-compose.yml).',
      ...(structural ? { notes: [`Its keys are those of version ${structural}, so ecsify reads it as version ${structural}.`] } : {}),
    });
  } else {
    if (structural && structural !== declared.version) {
      ctx.reporter.report('eb/dockerrun-version', `${rel} declares version ${declared.version} but its keys are those of version ${structural}.`, {
        origin: originOf(versionPair, 'AWSEBDockerrunVersion'),
        hint: `EB reads the file as version ${declared.version} and would not find the settings it expects; set AWSEBDockerrunVersion to ${structural === 1 ? '"1"' : structural === 2 ? '2' : '"3"'}. ecsify reads it as version ${structural}.`,
      });
      version = structural;
    }
    // AWS documents "1" and "3" as strings and 2 as a number; EB accepts either form.
    if (declared.asNumber !== (declared.version === 2)) {
      ctx.reporter.report('eb/coerced-value', `${rel} writes AWSEBDockerrunVersion as ${writtenAs(versionPair.value)}.`, {
        origin: originOf(versionPair, 'AWSEBDockerrunVersion'),
        hint: `EB accepts both forms (AWS writes ${declared.version === 2 ? '2' : `"${declared.version}"`}); ecsify reads it as version ${declared.version}.`,
      });
    }
  }
  if (!version) {
    if (declared === undefined && versionPair === undefined) {
      ctx.reporter.report('eb/dockerrun-invalid', `${rel} does not say which Dockerrun version it is, and its keys do not tell.`, {
        origin: originOf(root, ''),
        hint: 'Add "AWSEBDockerrunVersion" with "1", 2 or "3".',
      });
    }
    return undefined;
  }
  return { rel, root, version };
}

function declaredVersion(pair: YPair | undefined): { version: DockerrunVersion; asNumber: boolean } | undefined {
  if (!pair || pair.value.kind !== 'scalar') return undefined;
  const v = pair.value.value;
  const asNumber = typeof v === 'number';
  const s = String(v).trim();
  if (s === '1' || s === '1.0') return { version: 1, asNumber };
  if (s === '2' || s === '2.0') return { version: 2, asNumber };
  if (s === '3' || s === '3.0') return { version: 3, asNumber };
  return undefined;
}

/** How a scalar was written, for messages: `the string "2.0"`, `the number 2.0` (source text kept). */
function writtenAs(n: YNode): string {
  if (n.kind !== 'scalar') return 'a ' + n.kind;
  if (typeof n.value === 'string') return `the string ${JSON.stringify(n.value)}`;
  const raw = typeof n.value === 'number' ? /^[-+]?[0-9][0-9._eE+-]*/.exec(n.file.text.slice(n.start))?.[0] : undefined;
  return `the ${typeof n.value} ${raw ?? String(n.value)}`;
}
