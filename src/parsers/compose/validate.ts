/**
 * Validation of the merged, interpolated model against the Compose Specification JSON schema
 * (compose.md §13), as Docker Compose does after merging. The schema is compiled ahead of time
 * (scripts/build-compose-validator.mjs → schema/compose-validator.generated.ts) so that no
 * schema compiler is loaded at run time.
 *
 * One deliberate difference: service keys of the old file formats (LEGACY_SERVICE_KEYS) are
 * not reported as schema errors; ecsify reads them with their old meaning (the to-IR mapping
 * reports them as `compose/legacy-key`).
 */
import type { Reporter } from '../../diagnostics/context.js';
import { redactUnreadEntry } from '../../secrets/unread.js';
import { nodeAtPointer, nodeOrigin, type YMap, type YNode, type YPair } from '../../yaml/node.js';
import { orList } from '../../util/and-list.js';
import { LEGACY_SERVICE_KEYS } from './legacy.js';

/** An error as the generated (Ajv) validator reports it. */
export interface SchemaError {
  instancePath: string;
  schemaPath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

export interface ValidateFunction {
  (data: unknown): boolean;
  errors?: SchemaError[] | null;
}

let validator: ValidateFunction | undefined;
let nodeValidator: ((root: YNode) => boolean) | undefined;

/** Loads the generated validator (once). */
export async function loadValidator(): Promise<ValidateFunction> {
  if (!validator) {
    const mod = (await import('./schema/compose-validator.generated.js')) as unknown as { validate: ValidateFunction };
    validator = mod.validate;
  }
  return validator;
}

/** Loads the generated verdict-only validator of YAML nodes (once). */
export async function loadNodeValidator(): Promise<(root: YNode) => boolean> {
  if (!nodeValidator) {
    const mod = (await import('./schema/compose-node-validator.generated.js')) as unknown as { validate: (root: YNode) => boolean };
    nodeValidator = mod.validate;
  }
  return nodeValidator;
}

/** At most this many schema diagnostics per project; the rest are counted in one more. */
const MAX_REPORTED = 50;

/**
 * Validates `root` and reports each problem as `compose/schema`, pointing at the offending key.
 * Returns the JSON pointers of the reported problems (empty when the model is valid).
 */
export async function validateModel(root: YMap, reporter: Reporter): Promise<string[]> {
  // Most documents are valid: the verdict validator, which reads the node tree, says so without
  // building a plain copy of it or any error (see `verdictCode` in
  // scripts/build-compose-validator.mjs). It accepts exactly what the plain validator accepts;
  // the errors of a document it rejects come from the latter.
  if ((await loadNodeValidator())(root)) return [];
  const validate = await loadValidator();
  if (validate(toPlain(root, new Map()))) return [];
  const problems = selectProblems(validate.errors ?? [], root);
  problems.slice(0, MAX_REPORTED).forEach((p) => reportProblem(p, root, reporter));
  if (problems.length > MAX_REPORTED) {
    const last = problems[MAX_REPORTED] as Problem;
    reporter.report('compose/schema', `${problems.length - MAX_REPORTED} more places do not match the Compose schema.`, {
      origin: locate(root, last.pointer).origin,
      hint: 'Fix the problems listed first, then run ecsify again to see the rest.',
    });
  }
  return problems.map((p) => p.pointer);
}

/**
 * Plain JS value of a node for the validator, like `toJS` but faster: a node shared through an
 * alias is converted once (the validator does not modify its input), and mappings become
 * null-prototype objects. Why: such objects are hash tables sharing one hidden class, so the
 * validator's ~90 `data.<key> !== undefined` checks per service stay cheap; ordinary objects
 * get a hidden class per key order, which makes those checks megamorphic (measured on the
 * benchmark file: validation does ~40% less work this way). Keys are plain
 * assignments (`__proto__` included: with no prototype it is an ordinary key), and no schema
 * property is named like an `Object.prototype` member, so the verdicts are the same.
 */
export function toPlain(node: YNode, memo: Map<YNode, unknown>): unknown {
  if (node.kind === 'scalar') return node.value;
  const remember = node.size > 4;
  const done = remember ? memo.get(node) : undefined;
  if (done !== undefined) return done;
  let out: unknown;
  if (node.kind === 'seq') {
    const items = new Array<unknown>(node.items.length);
    for (let i = 0; i < node.items.length; i++) items[i] = toPlain(node.items[i] as YNode, memo);
    out = items;
  } else {
    const obj: Record<string, unknown> = Object.create(null);
    const entries = node.entries;
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i] as YPair;
      obj[e.key] = toPlain(e.value, memo);
    }
    out = obj;
  }
  if (remember) memo.set(node, out);
  return out;
}

/** Errors after filtering: the part of the schema that the document breaks, one per place. */
interface Problem {
  /** Where to point (for additionalProperties: the unknown key itself). */
  pointer: string;
  keyword: string;
  errors: SchemaError[];
}

/** Whether an Ajv error is an old-format service key that ecsify reads anyway. */
export function isLegacyKeyError(e: SchemaError): boolean {
  return (
    e.keyword === 'additionalProperties' &&
    /^\/services\/[^/]+$/.test(e.instancePath) &&
    LEGACY_SERVICE_KEYS.has(String(e.params['additionalProperty']))
  );
}

/**
 * Ajv with `allErrors` reports, for a value that matches no branch of a `oneOf`, the errors of
 * every branch plus the `oneOf` itself. Keep what explains the problem: errors below a place
 * beat a type mismatch at that place, a non-type error beats a type mismatch at the same place,
 * and the remaining type mismatches of one place become one "must be A or B".
 */
export function selectProblems(errors: readonly SchemaError[], root: YNode): Problem[] {
  const relevant = errors.filter((e) => !isLegacyKeyError(e));
  const byPath = new Map<string, SchemaError[]>();
  for (const e of relevant) {
    let list = byPath.get(e.instancePath);
    if (!list) byPath.set(e.instancePath, (list = []));
    list.push(e);
  }
  const paths = [...byPath.keys()];
  const hasDeeper = (p: string): boolean => paths.some((q) => q.startsWith(`${p}/`));
  const problems: Problem[] = [];
  for (const [p, list] of byPath) {
    const combinators = list.filter((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf' || e.keyword === 'if');
    const types = list.filter((e) => e.keyword === 'type');
    const others = list.filter((e) => !combinators.includes(e) && !types.includes(e));
    if (others.length > 0) {
      for (const e of others) {
        const pointer = e.keyword === 'additionalProperties' ? `${p}/${escapePointer(String(e.params['additionalProperty']))}` : p;
        problems.push({ pointer, keyword: e.keyword, errors: [e] });
      }
      continue;
    }
    if (hasDeeper(p)) continue;
    if (types.length > 0) problems.push({ pointer: p, keyword: 'type', errors: types });
    else if (combinators.length > 0) problems.push({ pointer: p, keyword: combinators[0]?.keyword ?? 'oneOf', errors: combinators });
  }
  // Document order, so diagnostics read top to bottom.
  const order = (pr: Problem): number => locate(root, pr.pointer).offset;
  return problems.sort((a, b) => order(a) - order(b) || (a.pointer < b.pointer ? -1 : a.pointer > b.pointer ? 1 : 0));
}

/** One JSON-pointer segment (RFC 6901): `~` → `~0`, `/` → `~1`. */
export function escapePointer(s: string): string {
  return s.replace(/~/g, '~0').replace(/\//g, '~1');
}

function pathFromPointer(pointer: string): string {
  let out = '';
  for (const raw of pointer.split('/').slice(1)) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (/^\d+$/.test(seg)) out += `[${seg}]`;
    else if (/^[A-Za-z0-9_-]+$/.test(seg)) out += out ? `.${seg}` : seg;
    else out += out ? `[${JSON.stringify(seg)}]` : JSON.stringify(seg);
  }
  return out;
}

function locate(root: YNode, pointer: string): { origin: ReturnType<typeof nodeOrigin>; offset: number; node: YNode } {
  const found = nodeAtPointer(root, pointer) ?? { node: root };
  const at: YNode | YPair = found.pair ?? found.node;
  const path = pathFromPointer(pointer);
  const offset = 'keyNode' in at ? at.keyNode.start : at.start;
  return { origin: nodeOrigin(at, path), offset, node: found.node };
}

const TYPE_NAMES: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  integer: 'an integer',
  boolean: 'a boolean',
  object: 'a mapping',
  array: 'a list',
  null: 'null',
};

function typeOf(node: YNode): string {
  if (node.kind === 'map') return 'a mapping';
  if (node.kind === 'seq') return 'a list';
  switch (node.type) {
    case 'null':
      return 'empty (null)';
    case 'bool':
      return 'a boolean';
    case 'int':
      return 'an integer';
    case 'float':
      return 'a number';
    case 'str':
      return 'a string';
  }
}


function reportProblem(p: Problem, root: YNode, reporter: Reporter): void {
  const { origin, node } = locate(root, p.pointer);
  const path = origin.path || 'The document';
  const e = p.errors[0] as SchemaError;
  let message: string;
  let hint: string;
  switch (p.keyword) {
    case 'additionalProperties': {
      const key = String(e.params['additionalProperty']);
      const parent = pathFromPointer(e.instancePath) || 'the top level';
      message = `${parent} has the key ${key}, which the Compose Specification does not define there.`;
      // Never read, but shown in code frames: `DB_PASSWORD: …` one level off.
      redactUnreadEntry(key, node, reporter);
      hint = key.startsWith('x-')
        ? 'Extension keys (x-…) are allowed only where the specification lists them; move it up a level.'
        : 'Check the spelling and the indentation; your own keys must start with x-.';
      break;
    }
    case 'type': {
      const names = p.errors.flatMap((x) => {
        const t = x.params['type'];
        return (Array.isArray(t) ? t : [t]).map((n) => TYPE_NAMES[String(n)] ?? String(n));
      });
      const want = orList([...new Set(names)]);
      message = `${path} must be ${want}, not ${typeOf(node)}.`;
      hint = node.kind === 'scalar' && node.type !== 'str' && want.includes('a string') ? 'Quote the value to make it a string.' : `Write ${path} as ${want}.`;
      break;
    }
    case 'required': {
      const missing = String(e.params['missingProperty']);
      message = `${path} is missing the key ${missing}.`;
      hint = `Add ${missing} (the Compose Specification requires it here).`;
      break;
    }
    case 'enum': {
      const allowed = (e.params['allowedValues'] as unknown[] | undefined)?.map((v) => JSON.stringify(v)).join(', ') ?? '';
      message = `${path} must be one of ${allowed}.`;
      hint = 'Use one of the listed values.';
      break;
    }
    case 'uniqueItems':
      {
        const [a, b] = [Number(e.params['i']), Number(e.params['j'])].sort((x, y) => x - y);
        message = `${path} lists the same entry twice (items ${a} and ${b}).`;
      }
      hint = 'Remove the duplicate entry.';
      break;
    case 'oneOf':
    case 'anyOf':
      message = `${path} does not match any of the forms the Compose Specification allows here.`;
      hint = 'Compare with the documented short and long forms of this key.';
      break;
    case 'pattern':
      message = `${path} does not have the form the Compose Specification requires (pattern ${String(e.params['pattern'])}).`;
      hint = 'Correct the value at this location.';
      break;
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      message = `${path} must be ${String(e.params['comparison'])} ${String(e.params['limit'])}.`;
      hint = 'Correct the number at this location.';
      break;
    case 'minItems':
    case 'minProperties':
    case 'minLength':
      message = `${path} must have at least ${String(e.params['limit'])} ${p.keyword === 'minLength' ? 'characters' : 'entries'}.`;
      hint = 'Add the missing entries or remove the key.';
      break;
    case 'maxItems':
    case 'maxProperties':
    case 'maxLength':
      message = `${path} must have at most ${String(e.params['limit'])} ${p.keyword === 'maxLength' ? 'characters' : 'entries'}.`;
      hint = 'Remove the extra entries.';
      break;
    default:
      message = `${path} does not match the Compose Specification (${p.keyword}).`;
      hint = 'Correct the value at this location (see the Compose Specification).';
  }
  reporter.report('compose/schema', message, { origin, hint });
}
