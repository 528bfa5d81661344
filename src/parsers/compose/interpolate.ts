/**
 * Interpolation of a whole Compose document (compose.md §6.3–6.4): every string value (never a
 * key) goes through `substitute`, then strings at typed paths are cast the way compose-go casts
 * them (`deploy.replicas: "${N}"` becomes the int N; `init: "true"` the bool true).
 *
 * Nodes are never changed in place: a changed value is a new scalar at the same position, and
 * unchanged subtrees are shared, so aliases keep working and positions survive.
 */
import type { Reporter } from '../../diagnostics/context.js';
import type { Origin } from '../../ir/types.js';
import { redactUnread } from '../../secrets/unread.js';
import { nodeOrigin, type YNode, type YPair, type YScalar } from '../../yaml/node.js';
import { docPath, mapAt, scalarLike, seqAt, withValue, type Seg } from './nodes.js';
import { substitute, type Lookup, type SubstituteResult } from './substitute.js';
import { escapePointer } from './validate.js';

/** Unset variables seen while loading a project, reported once per variable at the end. */
export class UnsetVariables {
  /** Per variable, where it is used (positions are computed only for the places reported). */
  private readonly uses = new Map<string, { node: YNode; segs: Seg[] }[]>();

  add(name: string, node: YNode, segs: readonly Seg[]): void {
    let list = this.uses.get(name);
    if (!list) this.uses.set(name, (list = []));
    list.push({ node, segs: segs.slice() });
  }

  /** One warning per variable, at its first use; up to five other uses are listed in notes. */
  report(reporter: Reporter): void {
    for (const [name, uses] of this.uses) {
      const [first, ...rest] = uses.map((u, i) => (i < 6 ? nodeOrigin(u.node, docPath(u.segs)) : undefined)) as [Origin, ...(Origin | undefined)[]];
      const notes = rest.slice(0, 5).map((o) => `Also used at ${o?.file}:${o?.line}:${o?.column} (${o?.path || 'top level'}).`);
      if (rest.length > 5) notes.push(`…and ${rest.length - 5} more places.`);
      reporter.report('compose/unset-variable', `Variable ${name} is not set, so ${first.path || 'this value'} gets an empty string in its place.`, {
        origin: first,
        hint: `Set ${name} in the shell or in the project's .env file, or give a default: \${${name}:-value}.`,
        notes,
      });
    }
  }
}

export interface InterpolateContext {
  lookup: Lookup;
  reporter: Reporter;
  unset: UnsetVariables;
  /**
   * Results for nodes reached again through an alias: subtrees where no cast applies (their
   * result does not depend on the path) and substituted strings. A node is problem-reported
   * once, at its first use. Must only be shared by documents interpolated with `lookup`.
   */
  memo?: Map<YNode, YNode | string>;
  /**
   * Substitution results per template text (a file repeats the same `${VAR:-default}` in many
   * places; the result depends only on the text and `lookup`). Problems are still reported,
   * and unset variables recorded, at every node that uses the template.
   */
  templates?: Map<string, SubstituteResult>;
  /** Receives the JSON pointers of values reported as not castable (`cpus: ""`), if set. */
  invalid?: string[];
}

type Cast = 'int' | 'float' | 'bool';

/** compose-go's typed paths under `services.<name>` ('*' = any key, '[]' = any list index). */
const SERVICE_CASTS: [string[], Cast][] = [
  [['cpu_count'], 'int'],
  [['cpu_percent'], 'float'],
  [['cpu_period'], 'int'],
  [['cpu_quota'], 'int'],
  [['cpu_rt_period'], 'int'],
  [['cpu_rt_runtime'], 'int'],
  [['cpus'], 'float'],
  [['cpu_shares'], 'int'],
  [['init'], 'bool'],
  [['depends_on', '*', 'required'], 'bool'],
  [['depends_on', '*', 'restart'], 'bool'],
  [['deploy', 'replicas'], 'int'],
  [['deploy', 'update_config', 'parallelism'], 'int'],
  [['deploy', 'update_config', 'max_failure_ratio'], 'float'],
  [['deploy', 'rollback_config', 'parallelism'], 'int'],
  [['deploy', 'rollback_config', 'max_failure_ratio'], 'float'],
  [['deploy', 'restart_policy', 'max_attempts'], 'int'],
  [['deploy', 'placement', 'max_replicas_per_node'], 'int'],
  [['healthcheck', 'retries'], 'int'],
  [['healthcheck', 'disable'], 'bool'],
  [['oom_kill_disable'], 'bool'],
  [['oom_score_adj'], 'int'],
  [['pids_limit'], 'int'],
  [['ports', '[]', 'target'], 'int'],
  [['privileged'], 'bool'],
  [['read_only'], 'bool'],
  [['scale'], 'int'],
  [['stdin_open'], 'bool'],
  [['tty'], 'bool'],
  [['ulimits', '*'], 'int'],
  [['ulimits', '*', 'hard'], 'int'],
  [['ulimits', '*', 'soft'], 'int'],
  [['volumes', '[]', 'read_only'], 'bool'],
  [['volumes', '[]', 'volume', 'nocopy'], 'bool'],
];
const RESOURCE_CASTS: Record<string, string[]> = {
  networks: ['external', 'internal', 'attachable', 'enable_ipv4', 'enable_ipv6'],
  volumes: ['external'],
  secrets: ['external'],
  configs: ['external'],
};

/** The cast patterns as a tree walked alongside the document (undefined: nothing to cast below). */
interface CastTrie {
  cast?: Cast;
  keys?: Map<string, CastTrie>;
  anyKey?: CastTrie;
  anyIndex?: CastTrie;
}

function buildTrie(): CastTrie {
  const root: CastTrie = {};
  const add = (pattern: string[], cast: Cast): void => {
    let t = root;
    for (const p of pattern) {
      if (p === '*') t = t.anyKey ??= {};
      else if (p === '[]') t = t.anyIndex ??= {};
      else {
        t.keys ??= new Map();
        let next = t.keys.get(p);
        if (!next) t.keys.set(p, (next = {}));
        t = next;
      }
    }
    t.cast = cast;
  };
  for (const [pattern, cast] of SERVICE_CASTS) add(['services', '*', ...pattern], cast);
  for (const [section, keys] of Object.entries(RESOURCE_CASTS)) for (const k of keys) add([section, '*', k], 'bool');
  return root;
}

const CASTS = buildTrie();

function childTrie(t: CastTrie | undefined, seg: Seg): CastTrie | undefined {
  if (!t) return undefined;
  if (typeof seg === 'number') return t.anyIndex;
  return t.keys?.get(seg) ?? t.anyKey;
}

const INT = /^[-+]?[0-9]+$/;
const FLOAT = /^[-+]?(?:[0-9]+\.?[0-9]*(?:[eE][-+]?[0-9]+)?|\.[0-9]+(?:[eE][-+]?[0-9]+)?|inf|infinity|nan)$/i;

/** Interpolates every string value of a document root. */
export function interpolateNode(node: YNode, segs: Seg[], ctx: InterpolateContext): YNode {
  let trie: CastTrie | undefined = CASTS;
  for (const s of segs) trie = childTrie(trie, s);
  return walk(node, segs, ctx, trie);
}

/** `trie`: the cast patterns that apply below this path (undefined: none, so the result is path-independent). */
function walk(node: YNode, segs: Seg[], ctx: InterpolateContext, trie: CastTrie | undefined): YNode {
  if (node.kind === 'scalar') {
    if (node.type !== 'str') return node;
    return interpolateScalar(node, segs, ctx, trie?.cast);
  }
  // Nothing to substitute below and no cast to apply: the subtree stays as it is.
  if (!trie && node.hasDollar === false) return node;
  const memo = (ctx.memo ??= new Map());
  // Only subtrees worth it are remembered (small ones are cheaper to walk again).
  const remember = !trie && node.size > 4;
  if (remember) {
    const done = memo.get(node);
    if (done !== undefined) return done as YNode;
  }
  let result: YNode = node;
  if (node.kind === 'seq') {
    let items: YNode[] | undefined;
    const sub = trie?.anyIndex;
    const list = node.items;
    // A child that `walk` would return as it is (no cast below, no `$`) is skipped before the
    // call and the path push; written out, not a helper: this code runs mostly unoptimised,
    // where a call per child cost more than it saved (loading the benchmark file: −20 M
    // instructions inline, +16 M through a helper function).
    for (let i = 0; i < list.length; i++) {
      const item = list[i] as YNode;
      if (!sub && (item.kind === 'scalar' ? item.type !== 'str' || (item.value as string).indexOf('$') === -1 : item.hasDollar === false)) continue;
      segs.push(i);
      const next = walk(item, segs, ctx, sub);
      segs.pop();
      if (next !== item) {
        items ??= list.slice();
        items[i] = next;
      }
    }
    if (items) {
      const seq = seqAt(node, items);
      if (node.tag) seq.tag = node.tag;
      result = seq;
    }
  } else {
    let entries: YPair[] | undefined;
    const list = node.entries;
    for (let i = 0; i < list.length; i++) {
      const e = list[i] as YPair;
      const sub = trie ? (trie.keys?.get(e.key) ?? trie.anyKey) : undefined;
      const v = e.value;
      // As for list items above.
      if (!sub && (v.kind === 'scalar' ? v.type !== 'str' || (v.value as string).indexOf('$') === -1 : v.hasDollar === false)) continue;
      segs.push(e.key);
      const next = walk(e.value, segs, ctx, sub);
      segs.pop();
      if (next !== e.value) {
        entries ??= list.slice();
        entries[i] = withValue(e, next);
      }
    }
    if (entries) {
      const map = mapAt(node, entries);
      if (node.tag) map.tag = node.tag;
      result = map;
    }
  }
  if (remember) memo.set(node, result);
  return result;
}

/** Interpolates one string at `segs` (used for `name:` before the rest of the file). */
export function interpolateString(node: YScalar, segs: Seg[], ctx: InterpolateContext): YScalar {
  return interpolateScalar(node, segs, ctx, undefined) as YScalar;
}

function interpolateScalar(node: YScalar, segs: Seg[], ctx: InterpolateContext, cast: Cast | undefined): YNode {
  const raw = node.value as string;
  let value = raw;
  if (raw.indexOf('$') !== -1) {
    const templates = (ctx.templates ??= new Map());
    let r = templates.get(raw);
    if (r === undefined) templates.set(raw, (r = substitute(raw, ctx.lookup)));
    if (r.unset.length === 0 && r.error === undefined) {
      // Nothing to report: the value is all the node memo would give, so it is neither read nor
      // written (most `$` strings repeat a few `\${VAR:-default}` templates; measured under
      // callgrind, loading the benchmark file up to validation, with the lookups `dedupeIn` now
      // skips: −10 M instructions of 1,655 M).
      value = r.value;
    } else {
      // Problems are reported once per node, at its first use (see `memo`).
      const memo = (ctx.memo ??= new Map());
      const done = memo.get(node);
      if (typeof done === 'string') value = done;
      else {
        value = substituteAt(node, raw, r, segs, ctx);
        memo.set(node, value);
      }
    }
  }
  if (cast) return castScalar(node, value, cast, segs, ctx);
  return value === raw ? node : scalarLike(node, node.type, value);
}

/** Reports the problems of a substituted string (`r`, of `raw`); an invalid string is kept as written. */
function substituteAt(node: YScalar, raw: string, r: SubstituteResult, segs: Seg[], ctx: InterpolateContext): string {
  for (const name of r.unset) ctx.unset.add(name, node, segs);
  if (!r.error) return r.value;
  const path = docPath(segs);
  const origin = nodeOrigin(node, path);
  if (r.error.kind === 'required') {
    ctx.reporter.report('compose/required-variable', `${path}: ${r.error.message}.`, {
      origin,
      hint: `Set ${r.error.variable ?? 'the variable'} in the shell or in the project's .env file before running ecsify.`,
    });
  } else if (r.error.kind === 'too-deep') {
    ctx.reporter.report('compose/invalid-interpolation', `${path} has ${r.error.message}; ecsify reads no deeper and keeps the value as written.`, {
      origin,
      hint: 'Compute the value before running ecsify (in the shell or the .env file), or nest fewer defaults.',
    });
  } else {
    ctx.reporter.report('compose/invalid-interpolation', `${path} has an invalid "\${" expression that Compose cannot read.`, {
      origin,
      hint: 'Write $$ for a literal dollar sign, or use ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?error}, ${VAR?error}, ${VAR:+alt} or ${VAR+alt}.',
    });
  }
  return raw;
}

function castScalar(node: YScalar, value: string, cast: Cast, segs: Seg[], ctx: InterpolateContext): YNode {
  const typed = (type: YScalar['type'], v: number | boolean): YScalar => scalarLike(node, type, v);
  if (cast === 'int' && INT.test(value)) return typed('int', Number(value));
  if (cast === 'float' && FLOAT.test(value)) {
    const lower = value.toLowerCase().replace(/^[-+]/, '');
    const sign = value.startsWith('-') ? -1 : 1;
    if (lower.startsWith('inf')) return typed('float', sign * Infinity);
    if (lower === 'nan') return typed('float', NaN);
    return typed('float', Number(value));
  }
  if (cast === 'bool') {
    const lower = value.toLowerCase();
    if (lower === 'true' || lower === 'false') return typed('bool', lower === 'true');
    if (['y', 'yes', 'on', 'n', 'no', 'off'].includes(lower)) {
      const b = ['y', 'yes', 'on'].includes(lower);
      const path = docPath(segs);
      ctx.reporter.report('compose/legacy-boolean', `${path} is ${JSON.stringify(value)}, which Compose reads as ${b} only with a warning (YAML 1.2 has no such boolean).`, {
        origin: nodeOrigin(node, path),
        hint: `Write ${b}.`,
      });
      return typed('bool', b);
    }
  }
  const path = docPath(segs);
  // The mapping reads the same value again: it must not report it a second time.
  ctx.invalid?.push(segs.map((s) => `/${escapePointer(String(s))}`).join(''));
  const want = cast === 'int' ? 'an integer' : cast === 'float' ? 'a number' : 'a boolean (true or false)';
  // The message quotes the value: masked if the key says it is a secret (`ulimits: {DB_PASSWORD: …}`).
  const key = segs[segs.length - 1];
  if (typeof key === 'string') redactUnread(key, value, ctx.reporter);
  ctx.reporter.report('compose/invalid-value', `${path} is ${JSON.stringify(value)}, which is not ${want}.`, {
    origin: nodeOrigin(node, path),
    hint:
      value === ''
        ? `The value is empty, probably because a variable is not set; Compose refuses this. Set it or give a default.`
        : `Write ${want} here; Compose refuses the file otherwise.`,
  });
  return value === node.value ? node : scalarLike(node, node.type, value);
}
