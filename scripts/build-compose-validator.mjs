#!/usr/bin/env node
// Generates src/parsers/compose/schema/compose-validator.generated.ts (and its node-reading
// twin compose-node-validator.generated.ts, see `readNodes`): the Compose
// Specification JSON schema (../shared/schemas/compose-spec.json) compiled ahead of time with
// Ajv's standalone code generation. Compiling the schema at run time costs ~370 ms and loading
// Ajv ~50 ms; the generated module loads in ~15 ms and needs nothing from Ajv at run time.
//
// Run by `npm run build` (and so by `npm ci` through `prepare`) and by the vitest global setup
// when the file is missing or stale. The output is not committed (.gitignore).
//
// Usage: node scripts/build-compose-validator.mjs [--check]
//   --check  exit 1 if the generated file is missing or stale, without writing it.
// The schema path can be overridden with ECSIFY_COMPOSE_SCHEMA.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync, renameSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const GENERATOR_VERSION = '9';
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const OUTPUT = path.join(repoRoot, 'src/parsers/compose/schema/compose-validator.generated.ts');
/** The same validator reading YAML nodes, for the verdict only (see `readNodes`). */
export const NODES_OUTPUT = path.join(repoRoot, 'src/parsers/compose/schema/compose-node-validator.generated.ts');

/** Ajv options shared with the schema-agreement test's oracle (keep in sync). */
export const AJV_OPTIONS = { strict: false, allErrors: true };

export function schemaPath() {
  return process.env.ECSIFY_COMPOSE_SCHEMA || path.resolve(repoRoot, '../shared/schemas/compose-spec.json');
}

/** The schema as Ajv compiles it: `$schema` removed (Ajv does not know the https draft-07 id). */
export function loadSchema(file = schemaPath()) {
  const schema = JSON.parse(readFileSync(file, 'utf8'));
  delete schema.$schema;
  return schema;
}

function stamp(schemaText, ajvVersion) {
  const hash = createHash('sha256').update(schemaText).digest('hex').slice(0, 16);
  return `schema sha256:${hash}, ajv ${ajvVersion}, generator ${GENERATOR_VERSION}`;
}

function ajvVersion() {
  try {
    return JSON.parse(readFileSync(path.join(repoRoot, 'node_modules/ajv/package.json'), 'utf8')).version;
  } catch {
    return undefined; // not installed: an existing generated file is kept as it is
  }
}

/** Whether the generated file exists and matches the current schema and Ajv version. */
export function isUpToDate() {
  const file = schemaPath();
  const outputs = [OUTPUT, NODES_OUTPUT];
  const present = outputs.every((o) => existsSync(o));
  if (!present || !existsSync(file)) return present && !existsSync(file);
  const version = ajvVersion();
  if (version === undefined) return true;
  const want = stamp(readFileSync(file, 'utf8'), version);
  return outputs.every((o) => readFileSync(o, 'utf8').slice(0, 600).includes(want));
}

/** Strips annotation keywords that do not affect validation (smaller module, same verdicts). */
function stripAnnotations(node) {
  if (Array.isArray(node)) return node.map(stripAnnotations);
  if (node === null || typeof node !== 'object') return node;
  const out = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === 'description' || k === 'title' || k === 'deprecated' || k === 'examples') {
      // Keep properties *named* like annotations: only drop them where they are keywords.
      if (typeof v === 'string' || typeof v === 'boolean' || Array.isArray(v)) continue;
    }
    out[k] = k === 'properties' || k === 'patternProperties' || k === 'definitions' ? mapValues(v, stripAnnotations) : stripAnnotations(v);
  }
  return out;
}

/**
 * Rewrites every `oneOf` whose branches have pairwise disjoint `type`s into a type dispatch:
 * `{type: [all], if: {type: T1}, then: B1, else: {if: …, then: B2, else: Bn}}`.
 *
 * Why: with `oneOf`, Ajv validates every branch and builds an error object for each branch that
 * fails, even when the value is valid (most values fail all but one branch); on the
 * 1000-service benchmark file that is most of the validation time. When the branch types are
 * disjoint at most one branch can match a value — the one whose type the value has — so the
 * dispatch accepts exactly the same values, and `if` is checked without building errors.
 * Branches without a `type` (after following `$ref`) or with overlapping types are left alone.
 * The schema-agreement test checks the verdicts against Ajv on the original schema.
 */
function dispatchDisjointOneOf(node, definitions) {
  if (Array.isArray(node)) return node.map((n) => dispatchDisjointOneOf(n, definitions));
  if (node === null || typeof node !== 'object') return node;
  const out = {};
  for (const [k, v] of Object.entries(node)) out[k] = k === 'oneOf' ? v : dispatchDisjointOneOf(v, definitions);
  if (!Array.isArray(out.oneOf)) return out;
  const branches = out.oneOf.map((b) => dispatchDisjointOneOf(b, definitions));
  const types = branches.map((b) => branchTypes(b, definitions));
  if (types.some((t) => t === undefined) || !pairwiseDisjoint(types)) {
    out.oneOf = branches;
    return out;
  }
  delete out.oneOf;
  if (out.type !== undefined || out.if !== undefined) return { ...out, allOf: [...(out.allOf ?? []), dispatch(branches, types)] };
  return { ...out, ...dispatch(branches, types) };
}

function dispatch(branches, types) {
  const all = [...new Set(types.flat())];
  let chain = branches[branches.length - 1];
  for (let i = branches.length - 2; i >= 0; i--) chain = { if: { type: types[i] }, then: branches[i], else: chain };
  return { type: all, ...chain };
}

function branchTypes(schema, definitions, seen = new Set()) {
  if (schema === null || typeof schema !== 'object') return undefined;
  if (schema.type !== undefined) return Array.isArray(schema.type) ? schema.type : [schema.type];
  if (typeof schema.$ref === 'string' && schema.$ref.startsWith('#/definitions/') && !seen.has(schema.$ref)) {
    seen.add(schema.$ref);
    return branchTypes(definitions[schema.$ref.slice('#/definitions/'.length)], definitions, seen);
  }
  return undefined;
}

function overlaps(a, b) {
  if (a === b) return true;
  return (a === 'integer' && b === 'number') || (a === 'number' && b === 'integer');
}

function pairwiseDisjoint(types) {
  for (let i = 0; i < types.length; i++)
    for (let j = i + 1; j < types.length; j++) if (types[i].some((a) => types[j].some((b) => overlaps(a, b)))) return false;
  return true;
}

/**
 * Moves the schema of every property of every definition into a definition of its own,
 * referenced with `$ref` (and compiled with `inlineRefs: false`, so each becomes a function).
 * Why: inlined, the service definition compiles to one function of ~120 KB of bytecode, above
 * V8's limit for optimising a function, so it would always run in the interpreter (about 3×
 * slower). A `$ref` to an identical schema accepts exactly the same values.
 *
 * Simple properties (only `type`, `enum`, `const`) stay inline: their check is a few
 * operations, cheaper than a call with its options object. (The service function runs once per
 * service: even on the 1000-service benchmark file it is not optimised, so each call it makes is
 * an interpreted call.) Errors then differ only in `schemaPath`, which ecsify does not read.
 */
function hoistProperties(schema) {
  const definitions = { ...schema.definitions };
  for (const [name, def] of Object.entries(schema.definitions ?? {})) {
    if (!def || typeof def !== 'object' || !def.properties) continue;
    const properties = {};
    for (const [prop, sub] of Object.entries(def.properties)) {
      if (sub && typeof sub === 'object' && !(Object.keys(sub).length === 1 && sub.$ref) && !isSimple(sub)) {
        const id = `${name}__${prop}`.replace(/[^A-Za-z0-9_]/g, '_');
        definitions[id] = sub;
        properties[prop] = { $ref: `#/definitions/${id}` };
      } else {
        properties[prop] = sub;
      }
    }
    definitions[name] = { ...def, properties };
  }
  return { ...schema, definitions };
}

function isSimple(schema) {
  return Object.keys(schema).every((k) => k === 'type' || k === 'enum' || k === 'const');
}

function mapValues(obj, fn) {
  const out = {};
  for (const [k, v] of Object.entries(obj)) out[k] = fn(v);
  return out;
}

/**
 * Keeps, of each schema constant the generated code declares (`const schemaN = {…}`), only what
 * the code reads: Ajv emits whole schemas — the first is the entire Compose schema, definitions
 * included — but the code only reads a few members (`schemaN.properties` for `hasOwnProperty`
 * checks, `schemaN.type` or `.enum` for error parameters). Unread constants are dropped. Why: the
 * module is compiled at every run that validates a Compose file, and a smaller one compiles
 * faster; the values read are the same, so the validator behaves the same.
 */
function pruneSchemaConstants(code) {
  const reads = new Map(); // constant name → member paths read
  const access = /\b(schema\d+)((?:\.[A-Za-z_$][\w$]*|\["(?:[^"\\]|\\.)*"\]|\[\d+\])+)/g;
  for (const m of code.matchAll(access)) {
    const path = [...m[2].matchAll(/\.([A-Za-z_$][\w$]*)|\[("(?:[^"\\]|\\.)*"|\d+)\]/g)].map((p) => (p[1] !== undefined ? p[1] : JSON.parse(p[2])));
    if (!reads.has(m[1])) reads.set(m[1], []);
    reads.get(m[1]).push(path);
  }
  let out = '';
  let last = 0;
  for (const m of code.matchAll(/const (schema\d+) = /g)) {
    const start = m.index + m[0].length;
    const end = jsonEnd(code, start);
    if (code[end] !== ';') throw new Error(`unexpected schema constant ${m[1]}`);
    const paths = reads.get(m[1]);
    // Any other mention of the name (not followed by a member access) would need the whole value.
    const mentions = code.match(new RegExp(`\\b${m[1]}\\b`, 'g')).length;
    if (mentions !== (paths?.length ?? 0) + 1) throw new Error(`schema constant ${m[1]} is used as a whole`);
    out += code.slice(last, m.index);
    if (paths) out += `const ${m[1]} = ${JSON.stringify(pick(JSON.parse(code.slice(start, end)), paths))};`;
    last = end + 1;
  }
  return out + code.slice(last);
}

/** End (exclusive) of the JSON value that starts at `start` in `code`. */
function jsonEnd(code, start) {
  let depth = 0;
  for (let i = start; i < code.length; i++) {
    const c = code[i];
    if (c === '"') {
      for (i++; code[i] !== '"'; i++) if (code[i] === '\\') i++;
    } else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      if (--depth === 0) return i + 1;
    } else if (depth === 0 && (c === ';' || c === ',')) return i;
  }
  throw new Error('unterminated schema constant');
}

/** The parts of `value` on the given member paths (whole values where a path ends). */
function pick(value, paths) {
  if (paths.some((p) => p.length === 0) || value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const out = {};
  const bySegment = new Map();
  for (const [first, ...rest] of paths) {
    if (!bySegment.has(first)) bySegment.set(first, []);
    bySegment.get(first).push(rest);
  }
  for (const [segment, rest] of bySegment) {
    if (!Object.prototype.hasOwnProperty.call(value, segment)) continue;
    Object.defineProperty(out, segment, { value: pick(value[segment], rest), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/**
 * Passes the instance path to each validate function as a plain second argument, where Ajv
 * passes an options object (`{instancePath, parentData, parentDataProperty, rootData}`) that the
 * callee destructures with defaults; and escapes keys for JSON pointers with `escapeKey`, which
 * returns a key without `~` or `/` as it is, where Ajv runs two regular-expression replacements.
 *
 * Why: the validator makes tens of thousands of calls on a large file (a few dozen per service),
 * almost all in code V8 has not optimised yet, where building the options object, destructuring
 * it and the two `replace` calls per service key cost more than the checks themselves. Nothing
 * but the instance path is read from those options (no keyword of the schema uses `parentData`
 * or `rootData`; the rewrite fails the build if one ever does), so the verdicts and the errors,
 * instance paths included, are the same (test/parsers/compose/loader/validator-calls.test.ts
 * compares them with the code as Ajv wrote it).
 */
export function simplifyCalls(code) {
  const signature = /function (validate\d+)\(data, \{instancePath="", parentData, parentDataProperty, rootData=data\}=\{\}\)\{/g;
  let out = code.replace(signature, 'function $1(data, instancePath){');
  // Pass-through (a `$ref` to a whole other definition): the same path.
  out = out.replaceAll('{instancePath,parentData,parentDataProperty,rootData}', 'instancePath');
  // A child: its path, built as Ajv builds it. (`[^{}]*?` cannot cross into another call.)
  out = out.replace(/\{instancePath:([^{}]*?),parentData:[\w$]+,parentDataProperty:(?:[\w$]+|"(?:[^"\\]|\\.)*"),rootData\}/g, '$1');
  out = out.replace(/([\w$]+)\.replace\(\/~\/g, "~0"\)\.replace\(\/\\\/\/g, "~1"\)/g, 'escapeKey($1)');
  if (/parentData|rootData|\.replace\(\/~/.test(out)) throw new Error('generated validator reads call options the rewrite does not know');
  // The exported function passes the empty path the options object defaulted to.
  const entry = /export const validate = (validate\d+);export default \1;/.exec(out);
  if (!entry) throw new Error('generated validator has no export the rewrite knows');
  const root = entry[1];
  out = out.replace(
    entry[0],
    `export function validate(data){const valid = ${root}(data, "");validate.errors = ${root}.errors;return valid;}export default validate;`,
  );
  return out;
}

/**
 * Rewrites a validator (after `simplifyCalls`) to read ecsify's YAML node tree
 * (src/yaml/node.ts) instead of a plain JS value, and to give only a verdict.
 *
 * A value is read as its plain equivalent would be, except that mappings and sequences stay
 * nodes: a scalar node is read as its `value` (a string, number, boolean or null, what `toPlain`
 * gives), a mapping or sequence as the node itself. So every check of a scalar (`typeof`,
 * `===`, patterns, numbers) is left as Ajv wrote it, and only the reads of collections change:
 * - `Array.isArray(x)` → `isSeq(x)` (a mapping node is an object that is not a sequence, as
 *   Ajv's `x && typeof x == "object" && !Array.isArray(x)` then says);
 * - `x.name` → `vGet(x, "name")` (the last entry with that key, as a plain object keeps),
 *   `x.length` → `x.items.length`, `x[i]` → `vOf(x.items[i])`;
 * - `for (const key in x)` → a loop over `x.entries`, and `x[key]` in it → that entry's value;
 * - `deepEqual` (uniqueItems) → `vEqual`, the same comparison of the plain values.
 * Instance paths are not built (`instancePath` is passed down as it is): errors are not read.
 *
 * Why: converting the tree to plain JS (`toPlain`) cost ~12 ms and ~3.5 MB on the
 * 1000-service benchmark file, and the validator's `for…in` over the null-prototype objects
 * it built allocated and sorted a key list per loop. The rewrite keeps Ajv's semantics for the
 * verdict, with one difference that cannot make it accept more: a key written twice in a
 * mapping is looped over twice (once per entry), where a plain object holds it once.
 * validate.ts uses it as a fast path (a document it accepts is valid) and builds the errors of
 * an invalid document with the plain validator, so errors are exactly Ajv's.
 * test/parsers/compose/loader/validator-calls.test.ts compares the verdicts with Ajv's code.
 */
export function readNodes(code) {
  const loops = new Map(); // key variable → its loop's entries and index variables
  let n = 0;
  const D = String.raw`(?<![\w$.])(data\d*|item\d*)`;
  const re = new RegExp(
    [
      String.raw`for\(const (key\d+) in (data\d*)\)\{`,
      String.raw`Array\.isArray\(`,
      String.raw`(?<![\w$.])func0\(`,
      D + String.raw`(?:\.([A-Za-z_$][\w$]*)|\[([\w$]+)\])`,
    ].join('|'),
    'g',
  );
  let out = code.replace(re, (m, key, over, d, prop, index) => {
    if (key !== undefined) {
      const i = `ki${n}`;
      const es = `ke${n++}`;
      loops.set(key, { over, es, i });
      return `for(let ${i}=0, ${es}=${over}.entries; ${i}<${es}.length; ${i}++){const ${key}=${es}[${i}].key;`;
    }
    if (m === 'Array.isArray(') return 'isSeq(';
    if (m.startsWith('func0')) return 'vEqual(';
    if (prop !== undefined) return prop === 'length' ? `${d}.items.length` : `vGet(${d}, ${JSON.stringify(prop)})`;
    if (/^key\d+$/.test(index)) {
      const loop = loops.get(index);
      if (!loop || loop.over !== d) throw new Error(`generated validator reads ${m} outside its loop`);
      return `vOf(${loop.es}[${loop.i}].value)`;
    }
    if (/^[ij]\d+$/.test(index)) return `vOf(${d}.items[${index}])`;
    throw new Error(`generated validator reads ${m}, which the node rewrite does not know`);
  });
  // Paths only serve errors: pass the caller's down.
  out = out.replace(/, instancePath(?:\s*\+\s*(?:"(?:[^"\\]|\\.)*"|[\w$]+|escapeKey\([\w$]+\)))+\)/g, ', instancePath)');
  if (/\bin data|Array\.isArray|instancePath\+/.test(out.replace(/instancePath:[^,]*,/g, ''))) {
    throw new Error(`generated validator has a read the node rewrite does not know: ${/.{60}(?:\bin data|Array\.isArray|instancePath\+).{60}/.exec(out.replace(/instancePath:[^,]*,/g, ""))?.[0]}`);
  }
  out = uniqueItemsMaps(out);
  out = tableReads(out);
  if (/vEqual\(/.test(out) && !/const func0 = deepEqual;/.test(code)) throw new Error('func0 is not deepEqual');
  return out;
}

/**
 * `uniqueItems` over scalar items: Ajv finds a repeated item with a plain object indexed by the
 * items (`indices[item]`), here a Map of the items as that object's keys (`String(item)`, which
 * is the item itself for a string; Ajv appends `_` to strings among numbers first). Why: every new key added to a fresh object makes V8 create
 * (or find) a hidden class for it, and every item string is internalised first. On the
 * benchmark file this loop was half of the time spent in `list_or_dict` (environment and label
 * lists); with the Map, validating it takes 11 M fewer instructions (≈220 M, callgrind). The verdict is the same except for an item `__proto__` written twice, which the object
 * never finds and the Map does: a rejection, which the errors of the plain validator then settle.
 */
function uniqueItemsMaps(code) {
  let count = 0;
  const out = code.replace(
    /const (indices\d+) = \{\};for\(;(i\d+)--;\)\{let (item\d+) = ([^;]+);((?:if\([^{}]*\)\{[^{}]*\})+)if\(typeof \1\[\3\] == "number"\)\{(j\d+) = \1\[\3\];([\s\S]*?)\1\[\3\] = \2;\}/g,
    (m, indices, i, item, read, skip, j, found) => {
      count++;
      const key = `(typeof ${item} === "string" ? ${item} : String(${item}))`;
      return `const ${indices} = new Map();for(;${i}--;){let ${item} = ${read};${skip}const ${indices}k = ${key};if(${indices}.has(${indices}k)){${j} = ${indices}.get(${indices}k);${found}${indices}.set(${indices}k, ${i});}`;
    },
  );
  if (/const indices\d+ = \{\}/.test(out)) throw new Error('generated validator has a uniqueItems loop the rewrite does not know');
  if (count === 0) return code;
  return out;
}

/**
 * In a function that reads many properties of its own mapping (`data`; a service has ~90
 * possible keys), the reads go through a table of the entries built once per call (`vProps`),
 * not a scan of the entries per read: measured on the benchmark file, scans cost ~14 ms.
 */
const TABLE_READS = 6;
function tableReads(code) {
  return code.replace(/function (validate\d+)\(data, instancePath\)\{[\s\S]*?(?=function validate\d+\(data, instancePath\)\{|export function validate\(|$)/g, (fn) => {
    const reads = new Set(fn.match(/vGet\(data, "[^"]*"\)/g) ?? []);
    if (reads.size < TABLE_READS) return fn;
    const body = fn.replace(/vGet\(data, ("[^"]*")\)/g, (_, name) => `dataP[${name}]`);
    return body.replace(/^(function validate\d+\(data, instancePath\)\{)/, '$1const dataP = vProps(data);');
  });
}

/** Node reading for `readNodes` (see there). */
const NODE_RUNTIME = `function vOf(node) {
  return node.kind === 'scalar' ? node.value : node;
}
function vGet(map, key) {
  if (map.kind !== 'map') return undefined;
  const entries = map.entries;
  for (let i = entries.length - 1; i >= 0; i--) {
    const e = entries[i];
    if (e.key === key) return vOf(e.value);
  }
  return undefined;
}
function vProps(v) {
  if (typeof v !== 'object' || v === null || v.kind !== 'map') return undefined;
  const out = Object.create(null);
  const entries = v.entries;
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i];
    out[e.key] = vOf(e.value);
  }
  return out;
}
function isSeq(v) {
  return typeof v === 'object' && v !== null && v.kind === 'seq';
}
function plainOf(v) {
  if (typeof v !== 'object' || v === null) return v;
  if (v.kind === 'seq') return v.items.map((n) => plainOf(vOf(n)));
  const out = Object.create(null);
  for (const e of v.entries) out[e.key] = plainOf(vOf(e.value));
  return out;
}
function vEqual(a, b) {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return a !== a && b !== b;
  return deepEqual(plainOf(a), plainOf(b));
}
`;

/** JSON-pointer escaping of a key (RFC 6901), the key itself when it needs none. */
const ESCAPE_KEY = `function escapeKey(key) {
  return key.indexOf('~') === -1 && key.indexOf('/') === -1 ? key : key.replace(/~/g, '~0').replace(/\\//g, '~1');
}
`;

// Our own replacement for the one Ajv runtime helper the generated code uses (`equal`, for
// `uniqueItems` over items whose type is not known to be scalar): JSON-model deep equality.
const RUNTIME = `function deepEqual(a, b) {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return a !== a && b !== b;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], b[i])) return false;
    return true;
  }
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka) if (!Object.prototype.hasOwnProperty.call(b, k) || !deepEqual(a[k], b[k])) return false;
  return true;
}
`;

/**
 * The validator module's code (without the header). `simplify: false` gives the code as Ajv
 * wrote it (after pruning), which the test of `simplifyCalls` compares against; `nodes: true`
 * the verdict-only validator of YAML nodes (`readNodes`).
 */
export async function generateCode({ simplify = true, nodes = false } = {}) {
  const file = schemaPath();
  if (!existsSync(file)) {
    throw new Error(`Compose schema not found at ${file} (set ECSIFY_COMPOSE_SCHEMA to its path).`);
  }
  const { default: Ajv } = await import('ajv');
  const standalone = await import('ajv/dist/standalone/index.js');
  const standaloneCode = standalone.default.default ?? standalone.default;
  const ajv = new Ajv({ ...AJV_OPTIONS, inlineRefs: false, messages: false, code: { source: true, esm: true, lines: false, optimize: 2 } });
  const stripped = stripAnnotations(loadSchema(file));
  const dispatched = dispatchDisjointOneOf(stripped, stripped.definitions ?? {});
  const validate = ajv.compile(hoistProperties(dispatched));
  let code = standaloneCode(ajv, validate);
  code = code.replace(/require\("ajv\/dist\/runtime\/equal"\)\.default/g, 'deepEqual');
  if (/require\(/.test(code)) throw new Error('generated validator needs an Ajv runtime module that is not inlined');
  code = code.replace(/^"use strict";/, '');
  code = pruneSchemaConstants(code);
  if (simplify) code = simplifyCalls(code);
  if (nodes) return `${RUNTIME}${ESCAPE_KEY}${NODE_RUNTIME}${readNodes(code)}\n`;
  return `${RUNTIME}${ESCAPE_KEY}${code}\n`;
}

export async function generate() {
  const text = readFileSync(schemaPath(), 'utf8');
  const header = [
    '// @ts-nocheck',
    '// Generated by scripts/build-compose-validator.mjs from ../shared/schemas/compose-spec.json.',
    `// ${stamp(text, ajvVersion())}. Do not edit; not committed (see .gitignore).`,
    '/* eslint-disable */',
  ].join('\n');
  mkdirSync(path.dirname(OUTPUT), { recursive: true });
  for (const [file, code] of [
    [OUTPUT, await generateCode()],
    [NODES_OUTPUT, await generateCode({ nodes: true })],
  ]) {
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, `${header}\n${code}`);
    renameSync(tmp, file);
  }
  return OUTPUT;
}

/** Generates the file unless it is up to date. */
export async function ensure() {
  if (isUpToDate()) return false;
  await generate();
  return true;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (process.argv.includes('--check')) {
    process.exit(isUpToDate() ? 0 : 1);
  }
  ensure().then(
    (wrote) => {
      if (wrote) process.stdout.write(`wrote ${path.relative(process.cwd(), OUTPUT)} and ${path.relative(process.cwd(), NODES_OUTPUT)}\n`);
    },
    (e) => {
      process.stderr.write(`build-compose-validator: ${e.message}\n`);
      process.exit(1);
    },
  );
}
