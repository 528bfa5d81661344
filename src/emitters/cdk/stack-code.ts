/**
 * The CDK stack class, as TypeScript: the CloudFormation emitter's template written as AWS CDK
 * L1 constructs (`new ecs.CfnService(this, 'WebService', { … })`), one per resource, under the
 * same logical ids, so `cdk synth` gives the template `cloudformation/` holds and a stack
 * deployed from either can be updated from the other.
 *
 * Properties are typed as the L1 classes type them (spec.generated.ts): camelCase names, map keys
 * (log options, Docker labels) and JSON (IAM policies) as written, and intrinsic functions as
 * `Fn.*` calls, cast with `Token.as…` where the property takes a string, number or list. What the
 * table does not know (a resource type or property it lacks, as `x-aws-cloudformation` may add)
 * is written as a generic `CfnResource` with its CloudFormation properties, which synthesises
 * the same. Inside an intrinsic function values stay in CloudFormation's own form: the CDK
 * renames keys only of the structures it types.
 */
import { Intrinsic } from '../cloudformation/intrinsics.js';
import { CDK_SPEC } from './spec.generated.js';
import type { CdkResourceSpec, Shape } from './spec.js';

/** TypeScript source of a value, and what TypeScript sees it as. */
interface Code {
  code: string;
  /** `string`, `number`, `string[]`, or anything else (an `IResolvable`, a literal object). */
  kind: 'string' | 'number' | 'list' | 'other';
}

const PSEUDO: Record<string, string> = {
  'AWS::AccountId': 'Aws.ACCOUNT_ID',
  'AWS::NoValue': 'Aws.NO_VALUE',
  'AWS::NotificationARNs': 'Aws.NOTIFICATION_ARNS',
  'AWS::Partition': 'Aws.PARTITION',
  'AWS::Region': 'Aws.REGION',
  'AWS::StackId': 'Aws.STACK_ID',
  'AWS::StackName': 'Aws.STACK_NAME',
  'AWS::URLSuffix': 'Aws.URL_SUFFIX',
};

/** A string literal of TypeScript (JSON's escapes are TypeScript's; U+2028/9 escaped too). */
function str(s: string): string {
  const json = JSON.stringify(s);
  return LINE_SEPARATORS.test(json) ? json.replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029') : json;
}

/** What JSON leaves as it is but a TypeScript string literal may not hold. */
const LINE_SEPARATORS = /[\u2028\u2029]/;

/** A property key of an object literal: bare when it is an identifier, else quoted. */
function key(k: string): string {
  let written = KEYS.get(k);
  if (written === undefined) KEYS.set(k, (written = /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(k) ? k : str(k)));
  return written;
}

/** `key` by key: a template of a thousand services repeats a few hundred keys. */
const KEYS = new Map<string, string>();

/**
 * The L1 property name of a CloudFormation property name, as the CDK derives it (camelCase by
 * words): a word starts at a capital after a lower-case letter, and at the last capital of a run
 * followed by a lower-case letter; words are lower-cased and all but the first capitalised, and
 * a letter after digits is capitalised (`EnableECSManagedTags` → `enableEcsManagedTags`,
 * `VPCZoneIdentifier` → `vpcZoneIdentifier`, `Ipv6Address` → `ipv6Address`).
 */
export function propName(name: string): string {
  let known = PROP_NAMES.get(name);
  if (known === undefined) PROP_NAMES.set(name, (known = camelCase(name)));
  return known;
}

/** `propName` by CloudFormation name: a template repeats the same few hundred names. */
const PROP_NAMES = new Map<string, string>();

function camelCase(name: string): string {
  const words: string[] = [];
  let word = '';
  const isUpper = (c: string) => c !== c.toLowerCase() && c === c.toUpperCase();
  const isLower = (c: string) => c !== c.toUpperCase() && c === c.toLowerCase();
  for (let i = 0; i < name.length; i++) {
    const c = name[i] as string;
    const prev = name[i - 1] ?? '';
    const prevPrev = name[i - 2] ?? '';
    if (isUpper(c) && isLower(prev)) {
      words.push(word);
      word = c;
    } else if (isLower(c) && isUpper(prev) && isUpper(prevPrev)) {
      words.push(word.slice(0, -1));
      word = prev + c;
    } else word += c;
  }
  words.push(word);
  const [first = '', ...rest] = words.filter(Boolean).map((w) => w.toLowerCase());
  return (first + rest.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('')).replace(/(\d)([a-z])/g, (_, d: string, l: string) => d + l.toUpperCase());
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}

/**
 * An intrinsic function as an `Intrinsic` (itself), or a one-key `{ Ref | Fn::… | Condition }`
 * map (from `x-aws-cloudformation`). Asked of every object of the template: the map's keys are
 * looked at without listing them.
 */
function asIntrinsic(v: unknown): { readonly fn: string; readonly arg: unknown } | undefined {
  if (v === null || typeof v !== 'object') return undefined;
  if (v instanceof Intrinsic) return v;
  if (Array.isArray(v)) return undefined;
  const only = onlyKey(v);
  return only !== undefined && (only === 'Ref' || only === 'Condition' || only.startsWith('Fn::')) ? { fn: only, arg: (v as Record<string, unknown>)[only] } : undefined;
}

/** The one own enumerable key of `v`, or undefined when it has none or several. */
function onlyKey(v: object): string | undefined {
  let only: string | undefined;
  for (const k in v) {
    if (!Object.prototype.hasOwnProperty.call(v, k)) continue;
    if (only !== undefined) return undefined;
    only = k;
  }
  return only;
}

/** What the property table cannot type (its message says what, for `cdk/untyped-resource`). */
class Unsupported extends Error {}

export interface StackCode {
  /** The imports the class needs (`aws-ecs` → `ecs`), sorted. */
  modules: { module: string; alias: string }[];
  /** Names imported from `aws-cdk-lib` itself. */
  core: string[];
  /**
   * The constructor's body, one statement per line group, indented by four spaces: in pieces
   * of whole lines, which joined are the text (see `inPieces`).
   */
  body: string[];
  /** Resources written as a generic `CfnResource`, and what the property table lacked. */
  untyped: { id: string; type: string; missing: string }[];
}

/** Writes the body of the stack's constructor from the template object. */
export function stackCode(template: Record<string, unknown>): StackCode {
  const core = new Set<string>(['Stack', 'StackProps']);
  const modules = new Map<string, string>();
  const lines: string[] = [];
  const untyped: StackCode['untyped'] = [];
  const parameters = (template['Parameters'] ?? {}) as Record<string, Record<string, unknown>>;
  const conditions = (template['Conditions'] ?? {}) as Record<string, unknown>;
  const resources = (template['Resources'] ?? {}) as Record<string, Record<string, unknown>>;
  const outputs = (template['Outputs'] ?? {}) as Record<string, Record<string, unknown>>;
  /** The variables some code reads: one nothing reads is not declared (see the end). */
  const reads = new Set<string>();
  const read = (name: string): string => {
    reads.add(name);
    return name;
  };
  const paramName = (id: string) => `${lowerFirst(id)}Param`;
  const conditionName = (id: string) => `${lowerFirst(id)}Condition`;
  const paramVar = (id: string) => read(paramName(id));
  const conditionVar = (id: string) => read(conditionName(id));
  /** The resources declared so far, by logical id: their variable, and their type when typed. */
  const declared = new Map<string, { name: string; spec?: CdkResourceSpec }>();
  // Names a resource's variable must not take: the constructor's parameters and the modules'
  // aliases (a resource `Ecs` would hide `ecs`).
  const taken = new Set<string>(['scope', 'id', 'props', ...Object.values(CDK_SPEC.resources).map((r) => moduleAlias(r.module))]);
  const use = (name: string) => {
    core.add(name);
    return name;
  };
  /** The lines that declare a variable (`const name = new …;`), by index in `lines`. */
  const declarations: { index: number; name: string }[] = [];
  const declare = (name: string, construct: string) => {
    declarations.push({ index: lines.length, name });
    lines.push(`const ${name} = ${construct};`);
  };

  /** An intrinsic function's call; its arguments in CloudFormation's form. */
  const intrinsic = (fn: string, arg: unknown): Code => {
    const args = Array.isArray(arg) ? arg : [arg];
    switch (fn) {
      case 'Ref': {
        const id = String(arg);
        if (PSEUDO[id]) {
          use('Aws');
          return { code: PSEUDO[id], kind: id === 'AWS::NotificationARNs' ? 'list' : 'string' };
        }
        const p = parameters[id];
        if (p) {
          const type = String(p['Type']);
          if (type === 'Number') return { code: `${paramVar(id)}.valueAsNumber`, kind: 'number' };
          if (type.startsWith('List<') || type === 'CommaDelimitedList') return { code: `${paramVar(id)}.valueAsList`, kind: 'list' };
          return { code: `${paramVar(id)}.valueAsString`, kind: 'string' };
        }
        const r = declared.get(id);
        if (r) return { code: `${read(r.name)}.ref`, kind: 'string' };
        // Not declared yet (a reference from metadata, which may run against the order): by id.
        return { code: `${use('Fn')}.ref(${str(id)})`, kind: 'string' };
      }
      case 'Condition':
        return { code: conditionVar(String(arg)), kind: 'other' };
      case 'Fn::GetAtt': {
        const [res, att] = (Array.isArray(arg) ? arg : String(arg).split(/\.(.*)/s)).map(String) as [string, string];
        const r = declared.get(res);
        const shape = r?.spec?.attrs[att];
        if (r && shape !== undefined) {
          const kind = shape === 's' ? 'string' : Array.isArray(shape) && shape[0] === 'a' && shape[1] === 's' ? 'list' : 'other';
          return { code: `${read(r.name)}.attr${upperFirst(propName(att.replace(/\./g, '')))}`, kind };
        }
        if (r && !r.spec) return { code: `${read(r.name)}.getAtt(${str(att)})`, kind: 'other' };
        return { code: `${use('Fn')}.getAtt(${str(res)}, ${str(att)})`, kind: 'other' };
      }
      case 'Fn::Sub': {
        if (!Array.isArray(arg)) return { code: `${use('Fn')}.sub(${str(String(arg))})`, kind: 'string' };
        const vars = Object.entries((arg[1] ?? {}) as Record<string, unknown>).map(([k, v]) => `${key(k)}: ${cast(raw(v), 's')}`);
        return { code: `${use('Fn')}.sub(${str(String(arg[0]))}, { ${vars.join(', ')} })`, kind: 'string' };
      }
      case 'Fn::If':
        return { code: `${use('Fn')}.conditionIf(${str(String(args[0]))}, ${raw(args[1]).code}, ${raw(args[2]).code})`, kind: 'other' };
      case 'Fn::Equals':
        return { code: `${use('Fn')}.conditionEquals(${raw(args[0]).code}, ${raw(args[1]).code})`, kind: 'other' };
      case 'Fn::Not':
        return { code: `${use('Fn')}.conditionNot(${condition(args[0])})`, kind: 'other' };
      case 'Fn::And':
        return { code: `${use('Fn')}.conditionAnd(${args.map(condition).join(', ')})`, kind: 'other' };
      case 'Fn::Or':
        return { code: `${use('Fn')}.conditionOr(${args.map(condition).join(', ')})`, kind: 'other' };
      case 'Fn::Join': {
        const items = Array.isArray(args[1]) ? `[${(args[1] as unknown[]).map((v) => cast(raw(v), 's')).join(', ')}]` : cast(raw(args[1]), ['a', 's']);
        return { code: `${use('Fn')}.join(${str(String(args[0]))}, ${items})`, kind: 'string' };
      }
      case 'Fn::Select': {
        const items = Array.isArray(args[1]) ? `[${(args[1] as unknown[]).map((v) => cast(raw(v), 's')).join(', ')}]` : cast(raw(args[1]), ['a', 's']);
        return { code: `${use('Fn')}.select(${Number(args[0])}, ${items})`, kind: 'string' };
      }
      case 'Fn::Split':
        return { code: `${use('Fn')}.split(${str(String(args[0]))}, ${cast(raw(args[1]), 's')})`, kind: 'list' };
      case 'Fn::Base64':
        return { code: `${use('Fn')}.base64(${cast(raw(arg), 's')})`, kind: 'string' };
      default:
        throw new Unsupported(`the intrinsic function ${fn}`);
    }
  };

  /** A condition argument: a condition's name, or a condition function. */
  const condition = (v: unknown): string => {
    const i = asIntrinsic(v);
    if (i && i.fn === 'Condition') return conditionVar(String(i.arg));
    return raw(v).code;
  };

  /** A value in CloudFormation's own form (JSON, or inside an intrinsic function). */
  const raw = (v: unknown): Code => {
    // Scalars first: most values are, and they are no function call.
    if (typeof v === 'string') return { code: str(v), kind: 'string' };
    if (typeof v === 'number') return { code: String(v), kind: 'number' };
    if (typeof v === 'boolean') return { code: String(v), kind: 'other' };
    if (v === null || v === undefined) return { code: 'undefined', kind: 'other' };
    const i = asIntrinsic(v);
    if (i) return intrinsic(i.fn, i.arg);
    // Indexed loops and one growing string, here and in `typed` and `structure`: they run for
    // every value of a template that is megabytes long, where arrays of entries, mapped and
    // joined, cost most of the time.
    if (Array.isArray(v)) {
      let code = '[';
      for (let n = 0; n < v.length; n++) code += (n === 0 ? '' : ', ') + raw(v[n]).code;
      return { code: code + ']', kind: 'other' };
    }
    const keys = Object.keys(v);
    let code = '{ ';
    for (let n = 0; n < keys.length; n++) {
      const k = keys[n] as string;
      code += (n === 0 ? '' : ', ') + key(k) + ': ' + raw((v as Record<string, unknown>)[k]).code;
    }
    return { code: code + ' }', kind: 'other' };
  };

  /** `c` where the property takes `shape` (a token cast to a string, number or list). */
  const cast = (c: Code, shape: Shape): string => {
    if (shape === 's') return c.kind === 'string' ? c.code : `${use('Token')}.asString(${c.code})`;
    if (shape === 'n') return c.kind === 'number' ? c.code : `${use('Token')}.asNumber(${c.code})`;
    if (Array.isArray(shape) && shape[0] === 'a' && shape[1] === 's') return c.kind === 'list' ? c.code : `${use('Token')}.asList(${c.code})`;
    return c.kind === 'other' ? c.code : `${use('Token')}.asAny(${c.code})`;
  };

  /** A value where the L1 class types it as `shape`. */
  const typed = (v: unknown, shape: Shape): string => {
    const i = typeof v === 'object' && v !== null ? asIntrinsic(v) : undefined;
    if (i) return cast(intrinsic(i.fn, i.arg), shape);
    if (shape === 'j') return raw(v).code;
    if (shape === 's') {
      if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return str(String(v));
      throw new Unsupported('a string property with another value');
    }
    if (shape === 'n') {
      if (typeof v === 'number') return String(v);
      if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return String(Number(v));
      throw new Unsupported('a number property with another value');
    }
    if (shape === 'b') {
      if (typeof v === 'boolean') return String(v);
      if (v === 'true' || v === 'false') return v;
      throw new Unsupported('a boolean property with another value');
    }
    if (shape === 't') {
      const t = v as Record<string, unknown>;
      if (!t || typeof t !== 'object' || Object.keys(t).some((k) => k !== 'Key' && k !== 'Value')) throw new Unsupported('a tag that is not Key and Value');
      return `{ key: ${typed(t['Key'], 's')}, value: ${typed(t['Value'], 's')} }`;
    }
    if (shape[0] === 'a') {
      if (!Array.isArray(v)) throw new Unsupported('a list property with another value');
      let code = '[';
      for (let n = 0; n < v.length; n++) code += (n === 0 ? '' : ', ') + typed(v[n], shape[1]);
      return code + ']';
    }
    if (shape[0] === 'm') {
      if (!v || typeof v !== 'object' || Array.isArray(v)) throw new Unsupported('a map property with another value');
      const keys = Object.keys(v);
      let code = '{ ';
      for (let n = 0; n < keys.length; n++) {
        const k = keys[n] as string;
        code += (n === 0 ? '' : ', ') + str(k) + ': ' + typed((v as Record<string, unknown>)[k], shape[1]);
      }
      return code + ' }';
    }
    const struct = CDK_SPEC.structs[shape[1]];
    if (!struct || !v || typeof v !== 'object' || Array.isArray(v)) throw new Unsupported('a structure property with another value');
    return structure(v as Record<string, unknown>, struct);
  };

  const structure = (v: Record<string, unknown>, props: Record<string, Shape>): string => {
    const keys = Object.keys(v);
    if (keys.length === 0) return '{}';
    let code = '{ ';
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i] as string;
      const shape = props[k];
      if (!shape) throw new Unsupported(`the property ${k}`);
      code += (i === 0 ? '' : ', ') + key(propName(k)) + ': ' + typed(v[k], shape);
    }
    return code + ' }';
  };

  // The template's own options.
  if (template['Description'] !== undefined) lines.push(`this.templateOptions.description = ${str(String(template['Description']))};`);
  if (template['AWSTemplateFormatVersion'] !== undefined) lines.push(`this.templateOptions.templateFormatVersion = ${str(String(template['AWSTemplateFormatVersion']))};`);
  if (template['Metadata'] !== undefined) lines.push(`this.templateOptions.metadata = ${raw(template['Metadata']).code};`);

  if (Object.keys(parameters).length > 0) lines.push('', '// Parameters');
  for (const [id, p] of Object.entries(parameters)) {
    const fields = Object.entries(p).map(([k, x]) => `${key(lowerFirst(k))}: ${raw(x).code}`);
    declare(paramName(id), `new ${use('CfnParameter')}(this, ${str(id)}, { ${fields.join(', ')} })`);
  }

  if (Object.keys(conditions).length > 0) lines.push('', '// Conditions');
  for (const id of conditionOrder(conditions)) {
    declare(conditionName(id), `new ${use('CfnCondition')}(this, ${str(id)}, { expression: ${condition(conditions[id])} })`);
  }

  if (Object.keys(resources).length > 0) lines.push('', '// Resources');
  for (const id of resourceOrder(resources)) {
    const r = resources[id] as Record<string, unknown>;
    const type = String(r['Type']);
    const props = (r['Properties'] ?? {}) as Record<string, unknown>;
    const spec = CDK_SPEC.resources[type];
    let construct: string;
    let typedAs: CdkResourceSpec | undefined;
    try {
      if (!spec) throw new Unsupported(`the resource type ${type}`);
      const alias = moduleAlias(spec.module);
      construct = `new ${alias}.${spec.cls}(this, ${str(id)}, ${structure(props, spec.props)})`;
      modules.set(spec.module, alias);
      typedAs = spec;
    } catch (e) {
      if (!(e instanceof Unsupported)) throw e;
      untyped.push({ id, type, missing: e.message });
      const properties = Object.keys(props).length > 0 ? `, properties: ${raw(props).code}` : '';
      construct = `new ${use('CfnResource')}(this, ${str(id)}, { type: ${str(type)}${properties} })`;
    }
    const options: string[] = [];
    // A variable named after the resource, unless that is a reserved word or already taken.
    let v = /^[A-Za-z_$]/.test(id) ? lowerFirst(id) : `r${id}`;
    if (RESERVED.has(v) || taken.has(v) || v.endsWith('Param') || v.endsWith('Condition')) v = `${v}Resource`;
    while (taken.has(v)) v = `${v}_`;
    taken.add(v);
    declared.set(id, { name: v, ...(typedAs ? { spec: typedAs } : {}) });
    // Its options are set through the variable.
    if ((r['Condition'] ?? r['DeletionPolicy'] ?? r['UpdateReplacePolicy'] ?? r['Metadata'] ?? r['DependsOn']) !== undefined) read(v);
    if (r['Condition'] !== undefined) options.push(`${v}.cfnOptions.condition = ${conditionVar(String(r['Condition']))};`);
    if (r['DeletionPolicy'] !== undefined) options.push(`${v}.cfnOptions.deletionPolicy = ${use('CfnDeletionPolicy')}.${String(r['DeletionPolicy']).toUpperCase()};`);
    if (r['UpdateReplacePolicy'] !== undefined) options.push(`${v}.cfnOptions.updateReplacePolicy = ${use('CfnDeletionPolicy')}.${String(r['UpdateReplacePolicy']).toUpperCase()};`);
    if (r['Metadata'] !== undefined) options.push(`${v}.cfnOptions.metadata = ${raw(r['Metadata']).code};`);
    if (r['DependsOn'] !== undefined) options.push(`${v}.addOverride('DependsOn', ${raw(r['DependsOn']).code});`);
    declare(v, construct);
    lines.push(...options);
  }

  if (Object.keys(outputs).length > 0) lines.push('', '// Outputs');
  for (const [id, o] of Object.entries(outputs)) {
    const fields = [
      `value: ${cast(raw(o['Value']), 's')}`,
      ...(o['Description'] !== undefined ? [`description: ${str(String(o['Description']))}`] : []),
      ...(o['Condition'] !== undefined ? [`condition: ${conditionVar(String(o['Condition']))}`] : []),
      ...(o['Export'] !== undefined ? [`exportName: ${cast(raw((o['Export'] as Record<string, unknown>)['Name']), 's')}`] : []),
    ];
    lines.push(`new ${use('CfnOutput')}(this, ${str(id)}, { ${fields.join(', ')} });`);
  }

  // A parameter, condition or resource that no code reads as a variable (only by its logical
  // id, inside a `Fn::Sub` text, or not at all) is declared without one: code that names a
  // variable it never reads fails to compile where unused locals are errors.
  // Only the declarations' lines can be such a line; one whose variable is read is kept without
  // a second look (a thousand services' declarations are megabytes of text).
  const declaration = /^const ([\w$]+) = (new .*)$/;
  for (let i = 0; i < declarations.length; i++) {
    const d = declarations[i] as { index: number; name: string };
    if (IDENTIFIER.test(d.name) && reads.has(d.name)) continue;
    const m = declaration.exec(lines[d.index] as string);
    if (m && !reads.has(m[1] as string)) lines[d.index] = m[2] as string;
  }
  for (let i = 0; i < lines.length; i++) if (lines[i] !== '') lines[i] = '    ' + (lines[i] as string);
  return {
    modules: [...modules].sort(([a], [b]) => (a < b ? -1 : 1)).map(([module, alias]) => ({ module, alias })),
    core: [...core].sort(),
    body: inPieces(lines),
    untyped,
  };
}

/** UTF-16 units of lines gathered into one piece of the body (see `inPieces`). */
const PIECE_UNITS = 1 << 15;

/**
 * `lines` joined with line breaks, as pieces of whole lines of about 32 KB (the last without its
 * final line break). Each piece is joined into a flat string: built by `+=`, the text would keep
 * the tree of pieces each line was built from (≈20 MB for a thousand services) as long as the
 * code is kept. And one character beyond Latin-1 (a `…` in a description) makes only its own
 * piece two-byte, not the whole text (megabytes) twice its size.
 */
function inPieces(lines: readonly string[]): string[] {
  const pieces: string[] = [];
  let from = 0;
  let units = 0;
  for (let i = 0; i < lines.length; i++) {
    units += (lines[i] as string).length + 1;
    if (units >= PIECE_UNITS || i === lines.length - 1) {
      pieces.push(lines.slice(from, i + 1).join('\n') + (i === lines.length - 1 ? '' : '\n'));
      from = i + 1;
      units = 0;
    }
  }
  return pieces;
}

/** A name the declarations' pattern takes whole (`[\w$]+`). */
const IDENTIFIER = /^[\w$]+$/;

function upperFirst(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/**
 * Resources in the template's order, except that each comes after those it reads with `Ref` or
 * `Fn::GetAtt`, so it can read them from their variables. (A reference against the order,
 * which CloudFormation allows from metadata, is written by logical id instead.)
 */
function resourceOrder(resources: Record<string, Record<string, unknown>>): string[] {
  const reads = (i: { fn: string; arg: unknown }): string | undefined => {
    if (i.fn === 'Ref') return String(i.arg);
    if (i.fn === 'Fn::GetAtt') return Array.isArray(i.arg) ? String(i.arg[0]) : String(i.arg).split('.')[0];
    return undefined;
  };
  return dependencyOrder(resources, (id) => named((resources[id] as Record<string, unknown>)['Properties'], reads, new Set()));
}

/** The ids `pick` finds in the intrinsic functions anywhere inside `v`. */
function named(v: unknown, pick: (i: { fn: string; arg: unknown }) => string | undefined, out: Set<string>): Set<string> {
  if (v === null || typeof v !== 'object') return out; // a scalar names nothing
  const i = asIntrinsic(v);
  const id = i ? pick(i) : undefined;
  if (id !== undefined) out.add(id);
  const inner = i ? i.arg : v;
  // Indexed and by key rather than `for…of` and `Object.values`: this walks every value of the
  // template once before any code is written, and the arrays made for it were most of its cost.
  if (Array.isArray(inner)) {
    for (let k = 0; k < inner.length; k++) named(inner[k], pick, out);
  } else if (inner !== null && typeof inner === 'object' && !(inner instanceof Intrinsic)) {
    for (const k in inner) if (Object.prototype.hasOwnProperty.call(inner, k)) named((inner as Record<string, unknown>)[k], pick, out);
  }
  return out;
}

/**
 * The keys of `entries` in their order, each moved after the keys it depends on (those that are
 * keys of `entries`); a cycle is broken where it is met.
 */
function dependencyOrder(entries: Record<string, unknown>, dependsOn: (id: string) => Set<string>): string[] {
  const order: string[] = [];
  const placed = new Set<string>();
  const visit = (id: string, path: Set<string>) => {
    if (placed.has(id) || path.has(id) || !(id in entries)) return;
    path.add(id);
    for (const d of [...dependsOn(id)].sort()) visit(d, path);
    path.delete(id);
    placed.add(id);
    order.push(id);
  };
  for (const id of Object.keys(entries)) visit(id, new Set());
  return order;
}

/** Words a variable may not be (a resource `Default` would be `default`). */
const RESERVED = new Set(
  (
    'arguments await break case catch class const continue debugger default delete do else enum eval export extends false finally for ' +
    'function if implements import in instanceof interface let new null package private protected public return static super switch ' +
    'this throw true try typeof var void while with yield'
  ).split(' '),
);

/** `aws-ecs` → `ecs`, `aws-elasticloadbalancingv2` → `elasticloadbalancingv2`. */
function moduleAlias(module: string): string {
  return module.replace(/^aws-/, '').replace(/[^A-Za-z0-9]/g, '_');
}

/** Conditions in an order where each comes after those it names. */
function conditionOrder(conditions: Record<string, unknown>): string[] {
  const reads = (i: { fn: string; arg: unknown }): string | undefined => (i.fn === 'Condition' ? String(i.arg) : undefined);
  return dependencyOrder(conditions, (id) => named(conditions[id], reads, new Set()));
}
