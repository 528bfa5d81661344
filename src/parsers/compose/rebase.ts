/**
 * Relative paths written in a file pulled in through `extends: {file: …}` or `include` are
 * relative to THAT file's folder (compose.md §3.2, §7.5, §7.6), while everything in the merged
 * model is relative to the project folder. While loading, such values are rewritten to be
 * relative to the project folder (`./data` in `lib/base.yml` becomes `./lib/data`), so the
 * to-IR mapping can resolve every path against `ComposeModel.projectDir`.
 *
 * Rewritten: `build` (string) and `build.context`, `env_file` (all forms), `label_file`,
 * bind-mount sources in `volumes` (short form starting with `.`, long form `type: bind`),
 * `develop.watch[].path`, top-level `secrets.*.file` and `configs.*.file`, and a local
 * volume's `driver_opts.device` when `o` binds. Absolute paths, `~` paths and URLs are kept.
 * The rewritten scalars keep the position of the value as written.
 */
import path from 'node:path';
import type { YMap, YNode, YPair } from '../../yaml/node.js';
import { mapAt, scalarLike, seqAt, withValue } from './nodes.js';

/** Rewrites relative paths of a whole document (services and resources) from `from` to `to`. */
export function rebaseDocument(root: YMap, from: string, to: string): YMap {
  if (from === to) return root;
  return mapEntries(root, (key, value) => {
    if (value.kind !== 'map') return value;
    switch (key) {
      case 'services':
        return mapEntries(value, (_name, service) => rebaseService(service, from, to));
      case 'secrets':
      case 'configs':
        return mapEntries(value, (_name, def) => (def.kind === 'map' ? mapEntries(def, (k, v) => (k === 'file' ? rebaseScalar(v, from, to) : v)) : def));
      case 'volumes':
        return mapEntries(value, (_name, def) => (def.kind === 'map' ? rebaseVolumeDefinition(def, from, to) : def));
      default:
        return value;
    }
  });
}

/** Rewrites the relative paths of one service from `from` to `to`. */
export function rebaseService(service: YNode, from: string, to: string): YNode {
  if (from === to || service.kind !== 'map') return service;
  return mapEntries(service, (key, value) => {
    switch (key) {
      case 'build':
        if (value.kind === 'scalar') return rebaseScalar(value, from, to, true);
        return value.kind === 'map' ? mapEntries(value, (k, v) => (k === 'context' ? rebaseScalar(v, from, to, true) : v)) : value;
      case 'env_file':
      case 'label_file':
        return eachItem(value, (item) =>
          item.kind === 'map' ? mapEntries(item, (k, v) => (k === 'path' ? rebaseScalar(v, from, to) : v)) : rebaseScalar(item, from, to),
        );
      case 'volumes':
        return value.kind === 'seq' ? seqAt(value, value.items.map((v) => rebaseMount(v, from, to))) : value;
      case 'develop':
        return value.kind === 'map'
          ? mapEntries(value, (k, v) =>
              k === 'watch' && v.kind === 'seq'
                ? seqAt(
                    v,
                    v.items.map((w) => (w.kind === 'map' ? mapEntries(w, (wk, wv) => (wk === 'path' ? rebaseScalar(wv, from, to) : wv)) : w)),
                  )
                : v,
            )
          : value;
      default:
        return value;
    }
  });
}

function rebaseVolumeDefinition(def: YMap, from: string, to: string): YMap {
  const opts = def.entries.find((e) => e.key === 'driver_opts')?.value;
  if (!opts || opts.kind !== 'map') return def;
  const o = opts.entries.find((e) => e.key === 'o')?.value;
  if (!o || o.kind !== 'scalar' || !/\bbind\b/.test(String(o.value))) return def;
  return mapEntries(def, (k, v) => (k === 'driver_opts' && v.kind === 'map' ? mapEntries(v, (ok, ov) => (ok === 'device' ? rebaseScalar(ov, from, to) : ov)) : v));
}

function rebaseMount(item: YNode, from: string, to: string): YNode {
  if (item.kind === 'map') {
    const type = item.entries.find((e) => e.key === 'type')?.value;
    if (!type || type.kind !== 'scalar' || type.value !== 'bind') return item;
    return mapEntries(item, (k, v) => (k === 'source' ? rebaseScalar(v, from, to) : v));
  }
  if (item.kind !== 'scalar' || item.type !== 'str') return item;
  const spec = item.value as string;
  if (!spec.startsWith('.')) return item;
  const colon = spec.indexOf(':');
  const source = colon === -1 ? spec : spec.slice(0, colon);
  if (colon === -1) return item; // a lone path is a container path (anonymous volume)
  const rebased = rebasePath(source, from, to);
  return rebased === source ? item : scalarLike(item, item.type, rebased + spec.slice(colon));
}

function rebaseScalar(node: YNode, from: string, to: string, maybeUrl = false): YNode {
  if (node.kind !== 'scalar' || node.type !== 'str') return node;
  const value = node.value as string;
  if (maybeUrl && isRemote(value)) return node;
  const rebased = rebasePath(value, from, to);
  return rebased === value ? node : scalarLike(node, node.type, rebased);
}

function isRemote(value: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(value) || value.startsWith('git@') || value.startsWith('github.com/');
}

/** `value` (relative to `from`) as a path relative to `to`, `./`-prefixed; others unchanged. */
export function rebasePath(value: string, from: string, to: string): string {
  if (value === '' || path.isAbsolute(value) || value.startsWith('~') || /^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return value;
  const rel = path.relative(to, path.resolve(from, value)).split(path.sep).join('/');
  if (rel === '') return '.';
  return rel.startsWith('../') || rel === '..' ? rel : `./${rel}`;
}

function mapEntries(map: YMap, fn: (key: string, value: YNode) => YNode): YMap {
  let entries: YPair[] | undefined;
  map.entries.forEach((e, i) => {
    const next = fn(e.key, e.value);
    if (next !== e.value) {
      entries ??= map.entries.slice();
      entries[i] = withValue(e, next);
    }
  });
  return entries ? { ...mapAt(map, entries), ...(map.tag ? { tag: map.tag } : {}) } : map;
}

function eachItem(node: YNode, fn: (item: YNode) => YNode): YNode {
  if (node.kind === 'seq') {
    const items = node.items.map(fn);
    return items.some((x, i) => x !== node.items[i]) ? seqAt(node, items) : node;
  }
  return fn(node);
}

