#!/usr/bin/env node
// Generates src/parsers/compose/schema/compose-validator.generated.ts: the Compose
// Specification JSON schema (../shared/schemas/compose-spec.json) compiled ahead of time with
// Ajv's standalone code generation (and compose-node-validator.generated.ts, the verdict-only
// validator of YAML nodes, see `verdictCode`). Compiling the schema at run time costs ~370 ms
// and loading Ajv ~50 ms; the generated module loads in ~15 ms and needs nothing from Ajv at run time.
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

const GENERATOR_VERSION = '10';
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const OUTPUT = path.join(repoRoot, 'src/parsers/compose/schema/compose-validator.generated.ts');
/** The verdict-only validator of YAML nodes (see `verdictCode`). */
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
 * The verdict-only validator of YAML nodes: the schema compiled, here, to JS that walks
 * ecsify's node tree (src/yaml/node.ts) and answers whether the document is valid, without
 * building errors. validate.ts runs it first and the Ajv validator (with its errors) only on a
 * document it rejects, so it must never accept what Ajv rejects; it gives Ajv's verdict exactly
 * (test/parsers/compose/loader/validator-verdict.test.ts compares them on random documents,
 * test/corpus/compose-schema-agreement.test.ts on the corpus).
 *
 * Each schema becomes a small function `(node) => boolean` (equal schemas share one), and each
 * mapping is walked by one shared loop, `walkMap`, that looks each entry's key up in a `Map` of
 * the schema's properties to their functions (the other keys go to a function of the patterns
 * and additionalProperties). Why this shape: the validator runs once per process, on code V8
 * has not compiled yet, so what counts is how soon the code is optimised. A `switch` over the
 * ~90 service properties with each check written inline made one large function per object
 * schema, each warming up on its own (TurboFan took ~35 ms to compile the service one, by when
 * validation was mostly over); the shared loop and the few small type tests shared by hundreds
 * of properties are hot after a few services. Measured on the 1000-service benchmark file,
 * instructions of the validation phase (module load included, main thread, callgrind):
 * Ajv's code rewritten to read nodes (before) ≈170 M, the `switch` form ≈78 M, this ≈58 M.
 *
 * A node is read as its plain value (`toPlain` in validate.ts): a scalar as its `value`, a
 * mapping as an object of its entries (the last entry of a key wins), a sequence as an array.
 * Per keyword, as Ajv's generated code (strict: false, so no `strictNumbers`) checks it:
 * - `type`: "integer" is a number with `!(v % 1) && !isNaN(v)` (Infinity passes, NaN fails),
 *   "number" any number (NaN and Infinity too), "object" a mapping, "array" a sequence;
 * - `enum` (strings only here; the build fails otherwise): `===`;
 * - `pattern` (strings only), `minimum`/`maximum` (numbers only; NaN fails both): as Ajv, with
 *   the patterns compiled with the `u` flag as Ajv compiles them;
 * - `properties`/`patternProperties`/`additionalProperties`: each entry of a mapping is looked
 *   up once, by key, not each property looked up in the mapping (Ajv's ~90
 *   `data.x !== undefined` per service). Which patterns match a property's name is decided
 *   here, with the same regular expressions, so only keys that are not properties are tested
 *   at run time. A key written twice counts once,
 *   with its last value: an entry that fails is forgiven if the key comes again later;
 * - `required`: a key present, whatever its value (null included);
 * - `items`, `oneOf` (exactly one branch; `||` when the branches' types are disjoint, as then
 *   at most one can pass), `$ref` (a function per definition);
 * - `uniqueItems`: as Ajv decides from the `type` of `items` — items of scalar types are keys
 *   of an object there, so a repeated "__proto__" is never found (in a list of one type; with
 *   several, strings get a "_" suffix first), and other items are compared with deep equality
 *   (NaN equals NaN, key order does not matter).
 * Any other keyword fails the build, so a new schema cannot be checked less than Ajv checks it.
 *
 * It replaces Ajv's code rewritten to read nodes (229 KB of code, ≈29 ms on the benchmark
 * file), which for every service tested each of ~90 properties, built a table of the entries
 * and built error objects inside `oneOf` that were never read; this module is ~27 KB.
 */
export function verdictCode(schema) {
  const definitions = schema.definitions ?? {};
  const decls = []; // constants: regular expressions, property tables
  const fns = []; // function texts
  const named = new Map(); // schema object → function name
  const bodies = new Map(); // function text (named $NAME) → name, so equal schemas share one
  const regexps = new Map(); // pattern source → constant name
  const defNames = new Map(); // definition name → function name

  const KEYWORDS = new Set(['type', 'enum', 'pattern', 'minimum', 'maximum', 'properties', 'patternProperties', 'additionalProperties', 'required', 'items', 'uniqueItems', 'oneOf', '$ref']);
  const ANNOTATION = new Set(['description', 'title', 'deprecated', 'examples', 'default', '$comment']);
  const TYPES = new Set(['string', 'number', 'integer', 'boolean', 'null', 'object', 'array']);

  /** The validation keywords of a schema (annotations dropped; unknown ones fail the build). */
  function keywords(s, where) {
    if (typeof s === 'boolean') return s;
    if (s === null || typeof s !== 'object' || Array.isArray(s)) throw new Error(`verdict validator: schema at ${where} is not an object`);
    const out = {};
    for (const [k, v] of Object.entries(s)) {
      if (ANNOTATION.has(k) || ((k === '$id' || k === 'definitions') && where === '#')) continue;
      if (!KEYWORDS.has(k)) throw new Error(`verdict validator: keyword ${k} at ${where} is not supported`);
      out[k] = v;
    }
    return out;
  }

  function regexp(source) {
    let name = regexps.get(source);
    if (!name) {
      name = `re${regexps.size}`;
      regexps.set(source, name);
      decls.push(`const ${name} = new RegExp(${JSON.stringify(source)}, "u");`);
    }
    return name;
  }

  /** A function of the given text (`$NAME` for its name), shared with an equal one already made. */
  function define(text, prefix = 'v') {
    let name = bodies.get(text);
    if (!name) {
      name = `${prefix}${bodies.size}`;
      bodies.set(text, name);
      fns.push(text.replaceAll('$NAME', name));
    }
    return name;
  }

  function typesOf(t, where) {
    const list = Array.isArray(t) ? t : [t];
    for (const x of list) if (!TYPES.has(x)) throw new Error(`verdict validator: type ${x} at ${where}`);
    return list;
  }

  /** Test of node `n` against a list of types. */
  function typeTest(types) {
    const parts = [];
    const scalar = [];
    for (const t of types) {
      if (t === 'object') parts.push('n.kind === "map"');
      else if (t === 'array') parts.push('n.kind === "seq"');
      else if (t === 'null') scalar.push('n.value === null');
      else if (t === 'integer') {
        if (!types.includes('number')) scalar.push('isInt(n.value)');
      } else scalar.push(`typeof n.value === "${t}"`);
    }
    if (scalar.length) parts.push(`(n.kind === "scalar" && ${scalar.length > 1 ? `(${scalar.join(' || ')})` : scalar[0]})`);
    return parts.length === 1 ? parts[0] : `(${parts.join(' || ')})`;
  }

  /** A function testing a plain scalar value against a list of (scalar) types, for `uniqueItems`. */
  function typePredicate(types) {
    const test = types.map((t) => (t === 'null' ? 'v === null' : t === 'integer' ? 'isInt(v)' : `typeof v === "${t}"`)).join(' || ');
    return define(`function $NAME(v) {\n  return ${test};\n}`, 'is');
  }

  function refName(ref, where) {
    const m = /^#\/definitions\/([^/~]+)$/.exec(ref);
    if (!m || !Object.prototype.hasOwnProperty.call(definitions, m[1])) throw new Error(`verdict validator: $ref ${ref} at ${where} is not a definition`);
    let name = defNames.get(m[1]);
    if (!name) {
      // Named before its body is made: a definition may refer to itself.
      name = `d_${m[1].replace(/[^A-Za-z0-9_]/g, '_')}`;
      defNames.set(m[1], name);
      const def = definitions[m[1]];
      named.set(def, name);
      fns.push(`function ${name}(n) {\n  return ${conjunction(keywords(def, ref), ref)};\n}`);
    }
    return name;
  }

  /** The name of a function `(node) => boolean`: whether the node is valid against `s`. */
  function fnOf(s, where) {
    const k = keywords(s, where);
    if (k === true || (typeof k === 'object' && Object.keys(k).length === 0)) return 'anyNode';
    if (k === false) return 'noNode';
    if (Object.keys(k).length === 1 && k.$ref !== undefined) return refName(k.$ref, where);
    let name = named.get(s);
    if (!name) {
      name = define(`function $NAME(n) {\n  return ${conjunction(k, where)};\n}`);
      named.set(s, name);
    }
    return name;
  }

  /** Whether at most one branch of a oneOf can pass any value: their types are disjoint. */
  function disjoint(branches) {
    const types = branches.map((b) => branchTypes(b, definitions));
    return types.every((t) => t !== undefined) && pairwiseDisjoint(types);
  }

  /** The expression (of node `n`) that is true when `n` passes every keyword of `k`. */
  function conjunction(k, where) {
    const parts = [];
    if (k.$ref !== undefined) parts.push(`${refName(k.$ref, where)}(n)`);
    const types = k.type !== undefined ? typesOf(k.type, where) : undefined;
    // An enum of strings already says the value is a string.
    if (types && !(types.length === 1 && types[0] === 'string' && k.enum !== undefined)) parts.push(typeTest(types));
    if (k.enum !== undefined) {
      if (!Array.isArray(k.enum) || k.enum.some((e) => typeof e !== 'string')) throw new Error(`verdict validator: enum at ${where} is not a list of strings`);
      parts.push(`(n.kind === "scalar" && (${k.enum.map((e) => `n.value === ${JSON.stringify(e)}`).join(' || ')}))`);
    }
    if (k.pattern !== undefined) parts.push(`(!(n.kind === "scalar" && typeof n.value === "string") || ${regexp(k.pattern)}.test(n.value))`);
    for (const [kw, op] of [
      ['minimum', '<'],
      ['maximum', '>'],
    ]) {
      if (k[kw] === undefined) continue;
      if (typeof k[kw] !== 'number' || !Number.isFinite(k[kw])) throw new Error(`verdict validator: ${kw} at ${where} is not a number`);
      parts.push(`(!(n.kind === "scalar" && typeof n.value === "number") || !(n.value ${op} ${k[kw]} || isNaN(n.value)))`);
    }
    if (k.oneOf !== undefined) {
      const branches = k.oneOf.map((b, i) => fnOf(b, `${where}/oneOf/${i}`));
      if (disjoint(k.oneOf)) parts.push(`(${branches.map((b) => `${b}(n)`).join(' || ')})`);
      else parts.push(`exactlyOne(n, [${branches.join(', ')}])`);
    }
    const object = mappingTest(k, where);
    if (object) parts.push(types && types.length === 1 && types[0] === 'object' ? object : `(n.kind !== "map" || ${object})`);
    const array = sequenceTest(k, where);
    if (array) parts.push(types && types.length === 1 && types[0] === 'array' ? array : `(n.kind !== "seq" || ${array})`);
    return parts.length ? parts.join(' && ') : 'true';
  }

  /** The object keywords of `k` on mapping `n`, or undefined when it has none. */
  function mappingTest(k, where) {
    const props = Object.entries(k.properties ?? {});
    // Ajv tests a property as \`data.name !== undefined\`: on an ordinary object (the oracle's
    // plain copy) a name of Object.prototype would be found on every mapping.
    for (const [name] of props) if (name in Object.prototype) throw new Error(`verdict validator: property ${name} at ${where} is named like an Object.prototype member`);
    const patterns = Object.entries(k.patternProperties ?? {}).map(([p, s]) => ({ source: p, re: new RegExp(p, 'u'), fn: fnOf(s, `${where}/patternProperties/${p}`) }));
    const additional = k.additionalProperties === undefined ? 'anyNode' : fnOf(k.additionalProperties, `${where}/additionalProperties`);
    const parts = [];
    if (props.length || patterns.length || additional !== 'anyNode') {
      // A property: its schema and those of the patterns its name matches (decided here).
      const table = props.map(([name, s]) => {
        const fs = [fnOf(s, `${where}/properties/${name}`), ...patterns.filter((p) => p.re.test(name)).map((p) => p.fn)].filter((f) => f !== 'anyNode');
        const f = fs.length === 0 ? 'anyNode' : fs.length === 1 ? fs[0] : define(`function $NAME(n) {\n  return ${fs.map((x) => `${x}(n)`).join(' && ')};\n}`);
        return `[${JSON.stringify(name)}, ${f}]`;
      });
      let tableName = 'null';
      if (props.length) {
        tableName = `props${decls.length}`;
        decls.push(`const ${tableName} = new Map([${table.join(', ')}]);`);
      }
      // Another key: the patterns it matches, or else additionalProperties.
      const cond = (p) => (p.source === '^x-' ? 'k.startsWith("x-")' : `${regexp(p.source)}.test(k)`);
      let other;
      if (additional === 'noNode' && patterns.length === 0) other = 'noOther';
      else if (additional === 'noNode' && patterns.length === 1) {
        other = define(`function $NAME(k, x) {\n  return ${cond(patterns[0])}${patterns[0].fn === 'anyNode' ? '' : ` && ${patterns[0].fn}(x)`};\n}`, 'other');
      } else {
        const lines = ['let matched = false;'];
        for (const p of patterns) lines.push(`if (${cond(p)}) {`, '  matched = true;', ...(p.fn === 'anyNode' ? [] : [`  if (!${p.fn}(x)) return false;`]), '}');
        lines.push(additional === 'anyNode' ? 'return true;' : additional === 'noNode' ? 'return matched;' : `return matched || ${additional}(x);`);
        other = define(`function $NAME(k, x) {\n  ${lines.join('\n  ')}\n}`, 'other');
      }
      parts.push(`walkMap(n, ${tableName}, ${other})`);
    }
    for (const r of k.required ?? []) {
      if (typeof r !== 'string') throw new Error(`verdict validator: required at ${where}`);
      parts.push(`hasKey(n.entries, ${JSON.stringify(r)})`);
    }
    return parts.length ? parts.join(' && ') : undefined;
  }

  /** The array keywords of `k` on sequence `n`, or undefined when it has none. */
  function sequenceTest(k, where) {
    if (Array.isArray(k.items)) throw new Error(`verdict validator: items as a list at ${where} is not supported`);
    const parts = [];
    if (k.items !== undefined) {
      const f = fnOf(k.items, `${where}/items`);
      if (f !== 'anyNode') parts.push(`everyItem(n.items, ${f})`);
    }
    if (k.uniqueItems === true) {
      // As Ajv's uniqueItems keyword decides: by the `type` of `items` when it lists only scalar types.
      const itemTypes = k.items && typeof k.items === 'object' && k.items.type !== undefined ? typesOf(k.items.type, `${where}/items`) : [];
      if (itemTypes.length > 0 && !itemTypes.some((t) => t === 'object' || t === 'array')) {
        parts.push(`uniqueKeys(n.items, ${typePredicate(itemTypes)}, ${itemTypes.length > 1})`);
      } else parts.push('uniqueDeep(n.items)');
    } else if (k.uniqueItems !== undefined && k.uniqueItems !== false) throw new Error(`verdict validator: uniqueItems at ${where}`);
    return parts.length ? parts.join(' && ') : undefined;
  }

  const root = fnOf(schema, '#');
  return `${VERDICT_RUNTIME}${fns.join('\n')}\n${decls.join('\n')}\nexport function validate(root) {\n  return ${root}(root);\n}\nexport default validate;\n`;
}

/** Helpers of the verdict validator (see `verdictCode`). */
const VERDICT_RUNTIME = `function anyNode(n) {
  return true;
}
function noNode(n) {
  return false;
}
function noOther(k, x) {
  return false;
}
function isInt(v) {
  return typeof v === "number" && !(v % 1) && !isNaN(v);
}
/** Each entry of mapping n: a property (by the table) or another key (by \`other\`). */
function walkMap(n, props, other) {
  const es = n.entries;
  for (let i = 0; i < es.length; i++) {
    const e = es[i];
    const f = props === null ? undefined : props.get(e.key);
    if (f !== undefined ? f(e.value) : other(e.key, e.value)) continue;
    // A key written twice counts once, with its last value.
    if (!laterKey(es, i)) return false;
  }
  return true;
}
function laterKey(es, i) {
  const key = es[i].key;
  for (let j = i + 1; j < es.length; j++) if (es[j].key === key) return true;
  return false;
}
function hasKey(es, key) {
  for (let i = 0; i < es.length; i++) if (es[i].key === key) return true;
  return false;
}
function everyItem(xs, f) {
  for (let i = 0; i < xs.length; i++) if (!f(xs[i])) return false;
  return true;
}
function exactlyOne(n, fs) {
  let count = 0;
  for (let i = 0; i < fs.length; i++) if (fs[i](n) && ++count > 1) return false;
  return count === 1;
}
/** Ajv's uniqueItems over items of scalar types: the items, of the given types, as keys of an object. */
function uniqueKeys(xs, ofType, suffix) {
  if (xs.length < 2) return true;
  const seen = new Set();
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i];
    if (x.kind !== "scalar" || !ofType(x.value)) continue;
    const v = x.value;
    const key = typeof v === "string" ? (suffix ? v + "_" : v) : String(v);
    // Ajv's \`indices[item]\` never holds a number for this key (it reads and sets the prototype).
    if (key === "__proto__") continue;
    if (seen.has(key)) return false;
    seen.add(key);
  }
  return true;
}
/** Ajv's uniqueItems over other items: no two deep-equal. */
function uniqueDeep(xs) {
  if (xs.length < 2) return true;
  let scalars = true;
  for (let i = 0; i < xs.length; i++) if (xs[i].kind !== "scalar") scalars = false;
  if (scalars) {
    // Deep equality of scalars is SameValueZero (NaN equals NaN), as a Set compares.
    const seen = new Set();
    for (let i = 0; i < xs.length; i++) seen.add(xs[i].value);
    return seen.size === xs.length;
  }
  for (let i = xs.length; i--; ) for (let j = i; j--; ) if (equalNodes(xs[i], xs[j])) return false;
  return true;
}
/**
 * Deep equality of the plain values of two nodes (Ajv's \`equal\`): NaN equals NaN, the order of
 * keys does not matter, and of a key written twice the last value counts. Compared on the nodes,
 * not on plain copies: on the benchmark file, copying the long-form volume entries to compare
 * them was ~7% of the validation.
 */
function equalNodes(a, b) {
  if (a === b) return true;
  if (a.kind !== b.kind) return false;
  if (a.kind === "scalar") return a.value === b.value || (a.value !== a.value && b.value !== b.value);
  if (a.kind === "seq") {
    const xs = a.items;
    const ys = b.items;
    if (xs.length !== ys.length) return false;
    for (let i = 0; i < xs.length; i++) if (!equalNodes(xs[i], ys[i])) return false;
    return true;
  }
  // Mappings: the same keys (each key's last entry), with equal values.
  const es = a.entries;
  let keys = 0;
  for (let i = 0; i < es.length; i++) {
    if (laterKey(es, i)) continue;
    keys++;
    const other = lastValue(b.entries, es[i].key);
    if (other === undefined || !equalNodes(es[i].value, other)) return false;
  }
  const fs = b.entries;
  for (let i = 0; i < fs.length; i++) if (!laterKey(fs, i)) keys--;
  return keys === 0;
}
function lastValue(es, key) {
  for (let i = es.length - 1; i >= 0; i--) if (es[i].key === key) return es[i].value;
  return undefined;
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
 * the verdict-only validator of YAML nodes (`verdictCode`, which does not use Ajv).
 */
export async function generateCode({ simplify = true, nodes = false } = {}) {
  const file = schemaPath();
  if (!existsSync(file)) {
    throw new Error(`Compose schema not found at ${file} (set ECSIFY_COMPOSE_SCHEMA to its path).`);
  }
  if (nodes) return verdictCode(loadSchema(file));
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
