/**
 * Checking that a document is a Compose document at all, and reading the version-1 layout
 * (services at the top level, no `version:`), which Docker Compose v2 rejects but users still
 * have (compose.md §1, §12). A version-1 document is wrapped under `services:`. Its v1-only
 * service keys (`log_driver`, `net`, …) stay as written: the to-IR mapping reads them with their
 * old meaning and reports them (`compose/legacy-key`), and schema validation does not count
 * them as errors (see LEGACY_SERVICE_KEYS).
 */
import type { Reporter } from '../../diagnostics/context.js';
import { fileOrigin } from '../../ir/source-file.js';
import { nodeOrigin, type YMap, type YNode, type YPair } from '../../yaml/node.js';
import { mapAt, pairAt } from './nodes.js';

/**
 * Service keys of the old file formats (legacy v1/v2/v3 schemas) that the Compose Specification
 * no longer has. ecsify reads them with their old meaning instead of rejecting the file.
 */
export const LEGACY_SERVICE_KEYS: ReadonlySet<string> = new Set(['dockerfile', 'log_driver', 'log_opt', 'net', 'volume_driver', 'cgroupns_mode']);

/** Top-level keys of the Compose Specification. */
export const TOP_LEVEL_KEYS: ReadonlySet<string> = new Set(['version', 'name', 'include', 'services', 'networks', 'volumes', 'secrets', 'configs', 'models']);

export interface PreparedDocument {
  root: YMap;
  /** The document used the version-1 layout and was wrapped under `services`. */
  legacyV1: boolean;
}

/**
 * Returns the document as a Compose mapping, or undefined (after reporting
 * `compose/not-a-compose-file`) when it is empty, not a mapping, or has no Compose key.
 */
export function prepareDocument(root: YNode | undefined, filePath: string, reporter: Reporter): PreparedDocument | undefined {
  if (root === undefined || (root.kind === 'scalar' && root.type === 'null')) {
    reporter.report('compose/not-a-compose-file', `${filePath} is empty.`, {
      origin: fileOrigin(filePath),
      hint: 'A Compose file needs at least a `services:` section.',
    });
    return undefined;
  }
  if (root.kind !== 'map') {
    reporter.report('compose/not-a-compose-file', `${filePath} is not a Compose file: its top level is a ${root.kind === 'seq' ? 'list' : 'single value'}, not a mapping.`, {
      origin: nodeOrigin(root, ''),
      hint: 'A Compose file is a mapping with `services:` at the top level.',
    });
    return undefined;
  }
  const other = root.entries.filter((e) => !TOP_LEVEL_KEYS.has(e.key) && !e.key.startsWith('x-'));
  const known = root.entries.length - other.length;
  const hasServices = root.entries.some((e) => e.key === 'services');
  const hasVersion = root.entries.some((e) => e.key === 'version');
  if (!hasServices && !hasVersion && other.length > 0 && other.every((e) => e.value.kind === 'map' && looksLikeService(e.value))) {
    return { root: wrapVersion1(root, filePath, reporter), legacyV1: true };
  }
  if (known === 0 && other.length > 0 && !root.entries.some((e) => e.key.startsWith('x-'))) {
    reporter.report('compose/not-a-compose-file', `${filePath} has none of the Compose top-level keys (services, networks, volumes, …).`, {
      origin: nodeOrigin(root.entries[0] as YPair, ''),
      hint: 'Point ecsify at the Compose file itself; a fragment of a file cannot be loaded on its own.',
    });
    return undefined;
  }
  return { root, legacyV1: false };
}

/** Keys that only a service mapping has (at least one must be present to call it a service). */
const SERVICE_HINTS = ['image', 'build', 'command', 'extends', 'ports', 'environment', 'links', 'volumes', 'entrypoint', 'net', 'log_driver'];

function looksLikeService(map: YMap): boolean {
  return map.entries.some((e) => SERVICE_HINTS.includes(e.key));
}

function wrapVersion1(root: YMap, filePath: string, reporter: Reporter): YMap {
  const services: YPair[] = [];
  const kept: YPair[] = [];
  for (const e of root.entries) {
    if (e.key.startsWith('x-')) kept.push(e);
    else services.push(e);
  }
  const first = root.entries[0] as YPair;
  reporter.report('compose/version-1-file', `${filePath} uses the version 1 layout (services at the top level, no \`services:\` key).`, {
    origin: nodeOrigin(first, ''),
    hint: 'Move the services under a `services:` key; Docker Compose v2 no longer reads version 1 files. ecsify read it as if you had.',
    notes: ['In version 1 files containers reach each other through `links`; ecsify maps these, but check the networking of the result.'],
  });
  return mapAt(root, [pairAt(first.keyNode, 'services', mapAt(first.value, services)), ...kept]);
}
