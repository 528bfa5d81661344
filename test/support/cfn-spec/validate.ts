/**
 * Offline CloudFormation template checks against the resource specification (see spec.ts):
 *
 * - sections, resource attributes, logical ids (alphanumeric, ≤ 255, one namespace) and limits
 *   (500 resources, 200 parameters, 200 outputs, 1 MB);
 * - resource types exist; property names exist; required properties are present; primitive,
 *   list, map and object types match; enum values are valid where the spec lists them;
 * - every `Ref`, `Fn::GetAtt` (resource and attribute) and `Fn::Sub` target exists, conditions
 *   named by `Condition`/`Fn::If` exist, `DependsOn` targets exist, and a resource under a
 *   condition is only referenced where that condition holds;
 * - every parameter and every condition is used; parameter defaults fit their type and constraints;
 * - a few documented text constraints the database does not carry (security group and IAM role
 *   descriptions).
 *
 * Input: the template in long form (parse.ts). Output: problems as `{path, message}`.
 */
import { resourceSpec, typeDefinition, type SpecProperty, type SpecType } from './spec.js';

export interface Problem {
  path: string;
  message: string;
}

const SECTIONS = new Set([
  'AWSTemplateFormatVersion',
  'Description',
  'Metadata',
  'Parameters',
  'Rules',
  'Mappings',
  'Conditions',
  'Transform',
  'Resources',
  'Outputs',
]);
const RESOURCE_KEYS = new Set(['Type', 'Properties', 'DependsOn', 'Condition', 'DeletionPolicy', 'UpdateReplacePolicy', 'Metadata', 'CreationPolicy', 'UpdatePolicy']);
const POLICIES = new Set(['Delete', 'Retain', 'RetainExceptOnCreate', 'Snapshot']);
const FUNCTIONS = new Set([
  'Ref',
  'Fn::GetAtt',
  'Fn::Sub',
  'Fn::If',
  'Fn::Equals',
  'Fn::Not',
  'Fn::And',
  'Fn::Or',
  'Fn::Join',
  'Fn::Select',
  'Fn::Split',
  'Fn::Base64',
  'Fn::GetAZs',
  'Fn::ImportValue',
  'Fn::FindInMap',
  'Fn::Cidr',
  'Fn::Length',
  'Fn::ToJsonString',
  'Fn::Transform',
]);
const PSEUDO = new Set([
  'AWS::AccountId',
  'AWS::NotificationARNs',
  'AWS::NoValue',
  'AWS::Partition',
  'AWS::Region',
  'AWS::StackId',
  'AWS::StackName',
  'AWS::URLSuffix',
]);
const AWS_PARAMETER_TYPES = [
  'AWS::EC2::AvailabilityZone::Name',
  'AWS::EC2::Image::Id',
  'AWS::EC2::Instance::Id',
  'AWS::EC2::KeyPair::KeyName',
  'AWS::EC2::SecurityGroup::GroupName',
  'AWS::EC2::SecurityGroup::Id',
  'AWS::EC2::Subnet::Id',
  'AWS::EC2::Volume::Id',
  'AWS::EC2::VPC::Id',
  'AWS::Route53::HostedZone::Id',
];
const SCALAR_PARAMETER_TYPES = new Set(['String', 'Number', 'AWS::SSM::Parameter::Name', ...AWS_PARAMETER_TYPES]);
const LIST_PARAMETER_TYPES = new Set(['List<Number>', 'CommaDelimitedList', ...AWS_PARAMETER_TYPES.map((t) => `List<${t}>`)]);
const LOGICAL_ID = /^[A-Za-z0-9]{1,255}$/;

/**
 * Text constraints the specification database does not carry (documented per property in the
 * EC2 and IAM API references): checked on literal strings only.
 */
const SG_TEXT = /^[A-Za-z0-9 ._\-:/()#,@[\]+=&;{}!$*]{0,255}$/;
const TEXT_CONSTRAINTS: Record<string, { path: string[]; pattern: RegExp; what: string }[]> = {
  'AWS::EC2::SecurityGroup': [
    { path: ['GroupDescription'], pattern: SG_TEXT, what: 'security group descriptions' },
    { path: ['SecurityGroupIngress', '*', 'Description'], pattern: SG_TEXT, what: 'security group rule descriptions' },
  ],
  'AWS::EC2::SecurityGroupIngress': [{ path: ['Description'], pattern: SG_TEXT, what: 'security group rule descriptions' }],
  'AWS::IAM::Role': [{ path: ['Description'], pattern: /^[\u0009\u000A\u000D\u0020-\u007E\u00A1-\u00FF]{0,1000}$/, what: 'IAM role descriptions' }],
};

/** Literal strings at a property path (`*` = every list item; `Fn::If` branches are followed). */
function literalsAt(value: unknown, path: string[]): string[] {
  const fn = fnOf(value);
  if (fn === 'Fn::If') {
    const arg = (value as Obj)['Fn::If'];
    return Array.isArray(arg) ? [arg[1], arg[2]].flatMap((b) => literalsAt(b, path)) : [];
  }
  if (path.length === 0) return typeof value === 'string' ? [value] : [];
  const [head, ...rest] = path;
  if (head === '*') return Array.isArray(value) ? value.flatMap((v) => literalsAt(v, rest)) : [];
  return isObj(value) && !fn ? literalsAt(value[head!], rest) : [];
}

export const LIMITS = { resources: 500, parameters: 200, outputs: 200, bytes: 1_000_000, descriptionBytes: 1024 };

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** The function name of a long-form intrinsic call, if `v` is one. */
function fnOf(v: unknown): string | undefined {
  if (!isObj(v)) return undefined;
  const keys = Object.keys(v);
  return keys.length === 1 && FUNCTIONS.has(keys[0]!) ? keys[0] : undefined;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (v instanceof Date) return 'a date';
  if (typeof v === 'object') return 'an object';
  return `${typeof v} ${JSON.stringify(v)}`;
}

/** `${Name}` / `${Res.Attr}` references of a `Fn::Sub` string (`${!x}` is a literal). */
export function subReferences(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/\$\{([^}]*)\}/g)) {
    const inner = m[1]!;
    if (inner.startsWith('!')) continue;
    out.push(inner.trim());
  }
  return out;
}

class Checker {
  readonly problems: Problem[] = [];
  readonly params: Obj;
  readonly resources: Obj;
  readonly conditions: Obj;
  readonly usedParams = new Set<string>();
  readonly usedConditions = new Set<string>();

  constructor(readonly t: Obj) {
    this.params = isObj(t['Parameters']) ? t['Parameters'] : {};
    this.resources = isObj(t['Resources']) ? t['Resources'] : {};
    this.conditions = isObj(t['Conditions']) ? t['Conditions'] : {};
  }

  report(path: string, message: string): void {
    this.problems.push({ path, message });
  }

  resourceCondition(id: string): string | undefined {
    const r = this.resources[id];
    return isObj(r) && typeof r['Condition'] === 'string' ? r['Condition'] : undefined;
  }

  resourceType(id: string): string | undefined {
    const r = this.resources[id];
    return isObj(r) && typeof r['Type'] === 'string' ? r['Type'] : undefined;
  }

  // ---- references ----------------------------------------------------------------------

  checkRefTarget(target: unknown, path: string, guards: Set<string>, inConditions: boolean): void {
    if (typeof target !== 'string') {
      this.report(path, `Ref takes a logical id, not ${describe(target)}`);
      return;
    }
    if (PSEUDO.has(target)) return;
    if (target in this.params) {
      this.usedParams.add(target);
      return;
    }
    if (target in this.resources) {
      if (inConditions) this.report(path, `Conditions can only refer to parameters, not to resource ${target}`);
      this.checkGuard(target, path, guards);
      return;
    }
    this.report(path, `Ref to ${target}, which is neither a parameter, a resource nor a pseudo parameter`);
  }

  checkGuard(resource: string, path: string, guards: Set<string>): void {
    const c = this.resourceCondition(resource);
    if (c && !guards.has(c)) this.report(path, `${resource} exists only when ${c} holds, but is referenced where ${c} is not known to hold`);
  }

  checkGetAtt(arg: unknown, path: string, guards: Set<string>): void {
    let res: unknown;
    let attr: unknown;
    if (typeof arg === 'string') {
      const dot = arg.indexOf('.');
      res = arg.slice(0, dot);
      attr = arg.slice(dot + 1);
    } else if (Array.isArray(arg) && arg.length === 2) {
      [res, attr] = arg;
    } else {
      this.report(path, 'Fn::GetAtt takes [LogicalId, Attribute]');
      return;
    }
    if (typeof res !== 'string' || !(res in this.resources)) {
      this.report(path, `Fn::GetAtt of ${JSON.stringify(res)}, which is not a resource`);
      return;
    }
    this.checkGuard(res, path, guards);
    if (typeof attr !== 'string') {
      this.walk(attr, `${path}[1]`, guards, false);
      return;
    }
    const type = this.resourceType(res);
    const spec = type ? resourceSpec(type) : undefined;
    if (spec && !(attr in spec.attributes)) {
      this.report(path, `${type} has no attribute ${attr} (it has ${Object.keys(spec.attributes).sort().join(', ') || 'none'})`);
    }
  }

  checkSub(arg: unknown, path: string, guards: Set<string>): void {
    let text: unknown = arg;
    let vars: Obj = {};
    if (Array.isArray(arg)) {
      if (arg.length !== 2 || !isObj(arg[1])) {
        this.report(path, 'Fn::Sub takes a string or [string, {variables}]');
        return;
      }
      text = arg[0];
      vars = arg[1];
      for (const [k, v] of Object.entries(vars)) this.walk(v, `${path}[1].${k}`, guards, false);
    }
    if (typeof text !== 'string') {
      this.report(path, `Fn::Sub needs a string, not ${describe(text)}`);
      return;
    }
    for (const name of subReferences(text)) {
      if (name in vars) continue;
      const dot = name.indexOf('.');
      if (dot > 0 && !PSEUDO.has(name)) this.checkGetAtt([name.slice(0, dot), name.slice(dot + 1)], `${path} \${${name}}`, guards);
      else this.checkRefTarget(name, `${path} \${${name}}`, guards, false);
    }
    for (const k of Object.keys(vars)) {
      if (!subReferences(text).includes(k)) this.report(path, `Fn::Sub variable ${k} is not used in the string`);
    }
  }

  checkConditionName(name: unknown, path: string): void {
    if (typeof name !== 'string' || !(name in this.conditions)) {
      this.report(path, `condition ${JSON.stringify(name)} is not defined`);
      return;
    }
    this.usedConditions.add(name);
  }

  /** Walks any value, checking every intrinsic's targets. */
  walk(v: unknown, path: string, guards: Set<string>, inConditions: boolean): void {
    if (Array.isArray(v)) {
      v.forEach((x, i) => this.walk(x, `${path}[${i}]`, guards, inConditions));
      return;
    }
    if (!isObj(v)) return;
    if (inConditions && Object.keys(v).length === 1 && 'Condition' in v) {
      this.checkConditionName(v['Condition'], path);
      return;
    }
    const fn = fnOf(v);
    if (!fn) {
      for (const [k, x] of Object.entries(v)) this.walk(x, `${path}.${k}`, guards, inConditions);
      return;
    }
    const arg = v[fn];
    switch (fn) {
      case 'Ref':
        this.checkRefTarget(arg, path, guards, inConditions);
        return;
      case 'Fn::GetAtt':
        if (inConditions) this.report(path, 'Fn::GetAtt is not allowed in Conditions');
        this.checkGetAtt(arg, path, guards);
        return;
      case 'Fn::Sub':
        this.checkSub(arg, path, guards);
        return;
      case 'Fn::If': {
        if (!Array.isArray(arg) || arg.length !== 3) {
          this.report(path, 'Fn::If takes [Condition, ValueIfTrue, ValueIfFalse]');
          return;
        }
        this.checkConditionName(arg[0], path);
        const withCondition = new Set(guards);
        if (typeof arg[0] === 'string') withCondition.add(arg[0]);
        this.walk(arg[1], `${path}[1]`, withCondition, inConditions);
        this.walk(arg[2], `${path}[2]`, guards, inConditions);
        return;
      }
      case 'Fn::Equals':
        if (!Array.isArray(arg) || arg.length !== 2) this.report(path, 'Fn::Equals takes two values');
        break;
      case 'Fn::Not':
        if (!Array.isArray(arg) || arg.length !== 1) this.report(path, 'Fn::Not takes a list of one condition');
        break;
      case 'Fn::Join':
        if (!Array.isArray(arg) || arg.length !== 2 || typeof arg[0] !== 'string') this.report(path, 'Fn::Join takes [separator, list]');
        break;
      case 'Fn::Select':
        if (!Array.isArray(arg) || arg.length !== 2) this.report(path, 'Fn::Select takes [index, list]');
        break;
      case 'Fn::Split':
        if (!Array.isArray(arg) || arg.length !== 2 || typeof arg[0] !== 'string') this.report(path, 'Fn::Split takes [separator, string]');
        break;
    }
    this.walk(arg, `${path}.${fn}`, guards, inConditions);
  }

  // ---- types ---------------------------------------------------------------------------

  /** What an intrinsic evaluates to: a list, a scalar, or anything. */
  resultKind(v: Obj): 'list' | 'scalar' | 'any' {
    const fn = fnOf(v)!;
    const arg = v[fn];
    switch (fn) {
      case 'Ref': {
        if (arg === 'AWS::NotificationARNs') return 'list';
        const p = typeof arg === 'string' ? this.params[arg] : undefined;
        if (isObj(p) && typeof p['Type'] === 'string') {
          const t = p['Type'];
          return LIST_PARAMETER_TYPES.has(t) || /^AWS::SSM::Parameter::Value<List<.*>>$/.test(t) || t === 'AWS::SSM::Parameter::Value<CommaDelimitedList>'
            ? 'list'
            : 'scalar';
        }
        return 'scalar';
      }
      case 'Fn::GetAtt': {
        const [res, attr] = typeof arg === 'string' ? [arg.slice(0, arg.indexOf('.')), arg.slice(arg.indexOf('.') + 1)] : (arg as unknown[]);
        const type = typeof res === 'string' ? this.resourceType(res) : undefined;
        const spec = type ? resourceSpec(type) : undefined;
        const a = spec && typeof attr === 'string' ? spec.attributes[attr] : undefined;
        if (!a) return 'any';
        return a.type.type === 'array' ? 'list' : a.type.type === 'json' || a.type.type === 'ref' ? 'any' : 'scalar';
      }
      case 'Fn::Split':
      case 'Fn::GetAZs':
      case 'Fn::Cidr':
        return 'list';
      case 'Fn::FindInMap':
      case 'Fn::If':
      case 'Fn::Transform':
        return 'any';
      default:
        return 'scalar';
    }
  }

  isNoValue(v: unknown): boolean {
    return isObj(v) && fnOf(v) === 'Ref' && v['Ref'] === 'AWS::NoValue';
  }

  /** Problems of `value` against one spec type (collected, not reported, so unions can choose). */
  typeProblems(value: unknown, type: SpecType, path: string, depth = 0): Problem[] {
    const out: Problem[] = [];
    const push = (message: string, p = path) => out.push({ path: p, message });
    if (depth > 40) return out;
    const fn = fnOf(value);
    if (fn === 'Fn::If') {
      const arg = (value as Obj)['Fn::If'];
      if (Array.isArray(arg) && arg.length === 3) {
        for (const [i, branch] of [arg[1], arg[2]].entries()) {
          if (this.isNoValue(branch)) continue;
          out.push(...this.typeProblems(branch, type, `${path}[${i + 1}]`, depth + 1));
        }
      }
      return out;
    }
    if (fn) {
      if (this.isNoValue(value)) return out;
      const kind = this.resultKind(value as Obj);
      if (kind === 'any') return out;
      const wantsList = type.type === 'array';
      if (type.type === 'union') {
        const ok = type.types.some((t) => (t.type === 'array') === (kind === 'list') || t.type === 'json');
        if (!ok) push(`${fn} gives a ${kind}, which fits none of the allowed types`);
        return out;
      }
      if (type.type === 'json') return out;
      if (wantsList && kind !== 'list') push(`expected a list, but ${fn} gives a single value`);
      if (!wantsList && kind === 'list') push(`expected a single value, but ${fn} gives a list`);
      if ((type.type === 'ref' || type.type === 'map' || type.type === 'tag') && kind === 'scalar') {
        push(`expected an object, but ${fn} gives a single value`);
      }
      return out;
    }
    switch (type.type) {
      case 'string':
        if (typeof value !== 'string') push(`expected a string, got ${describe(value)}`);
        else if (type.allowedValues && type.allowedValues.length > 0 && !type.allowedValues.includes(value)) {
          push(`${JSON.stringify(value)} is not one of ${type.allowedValues.join(', ')}`);
        }
        break;
      case 'integer':
        if (typeof value !== 'number' || !Number.isInteger(value)) push(`expected an integer, got ${describe(value)}`);
        else if (type.allowedValues && type.allowedValues.length > 0 && !type.allowedValues.includes(value)) {
          push(`${value} is not one of ${type.allowedValues.join(', ')}`);
        }
        break;
      case 'number':
        if (typeof value !== 'number') push(`expected a number, got ${describe(value)}`);
        break;
      case 'boolean':
        if (typeof value !== 'boolean') push(`expected a boolean, got ${describe(value)}`);
        break;
      case 'date-time':
        if (typeof value !== 'string') push(`expected a date-time string, got ${describe(value)}`);
        break;
      case 'json':
        if (value === undefined) push('expected a value');
        break;
      case 'null':
        if (value !== null) push(`expected null, got ${describe(value)}`);
        break;
      case 'tag':
        if (!isObj(value)) push(`expected a tag {Key, Value}, got ${describe(value)}`);
        else {
          for (const k of Object.keys(value)) if (k !== 'Key' && k !== 'Value') push(`tags have only Key and Value, not ${k}`);
          out.push(...this.typeProblems(value['Key'], { type: 'string' }, `${path}.Key`, depth + 1));
          out.push(...this.typeProblems(value['Value'], { type: 'string' }, `${path}.Value`, depth + 1));
        }
        break;
      case 'array':
        if (!Array.isArray(value)) push(`expected a list, got ${describe(value)}`);
        else value.forEach((x, i) => out.push(...this.typeProblems(x, type.element, `${path}[${i}]`, depth + 1)));
        break;
      case 'map':
        if (!isObj(value)) push(`expected a map, got ${describe(value)}`);
        else for (const [k, x] of Object.entries(value)) out.push(...this.typeProblems(x, type.element, `${path}.${k}`, depth + 1));
        break;
      case 'ref': {
        const def = typeDefinition(type.reference);
        if (!isObj(value)) push(`expected ${def.name} (an object), got ${describe(value)}`);
        else out.push(...this.propertyProblems(value, def.properties, def.name, path, depth + 1));
        break;
      }
      case 'union': {
        let best: Problem[] | undefined;
        for (const t of type.types) {
          const p = this.typeProblems(value, t, path, depth + 1);
          if (p.length === 0) return out;
          if (!best || p.length < best.length) best = p;
        }
        out.push(...(best ?? []));
        break;
      }
    }
    return out;
  }

  propertyProblems(value: Obj, props: Record<string, SpecProperty>, owner: string, path: string, depth: number): Problem[] {
    const out: Problem[] = [];
    for (const [k, v] of Object.entries(value)) {
      const spec = props[k];
      if (!spec) {
        out.push({ path: `${path}.${k}`, message: `${owner} has no property ${k}` });
        continue;
      }
      const candidates = [spec.type, ...(spec.previousTypes ?? [])];
      let best: Problem[] | undefined;
      for (const t of candidates) {
        const p = this.typeProblems(v, t, `${path}.${k}`, depth);
        if (p.length === 0) {
          best = [];
          break;
        }
        if (!best || p.length < best.length) best = p;
      }
      out.push(...(best ?? []));
    }
    for (const [k, spec] of Object.entries(props)) {
      if (spec.required && !(k in value)) out.push({ path, message: `${owner} requires ${k}` });
    }
    return out;
  }

  // ---- sections ------------------------------------------------------------------------

  run(text: string | undefined): void {
    const t = this.t;
    for (const k of Object.keys(t)) if (!SECTIONS.has(k)) this.report(k, `unknown template section ${k}`);
    if (t['AWSTemplateFormatVersion'] !== undefined && t['AWSTemplateFormatVersion'] !== '2010-09-09') {
      this.report('AWSTemplateFormatVersion', `must be the string "2010-09-09", got ${describe(t['AWSTemplateFormatVersion'])}`);
    }
    if (t['Description'] !== undefined) {
      if (typeof t['Description'] !== 'string') this.report('Description', 'must be a string');
      else if (Buffer.byteLength(t['Description']) > LIMITS.descriptionBytes) this.report('Description', 'is longer than 1024 bytes');
    }
    if (text !== undefined && Buffer.byteLength(text) > LIMITS.bytes) this.report('', `template is ${Buffer.byteLength(text)} bytes; the limit is ${LIMITS.bytes}`);
    if (!isObj(t['Resources']) || Object.keys(t['Resources']).length === 0) this.report('Resources', 'a template needs at least one resource');

    const count = (section: string, limit: number) => {
      const s = t[section];
      if (isObj(s) && Object.keys(s).length > limit) this.report(section, `${Object.keys(s).length} entries; the limit is ${limit}`);
    };
    count('Resources', LIMITS.resources);
    count('Parameters', LIMITS.parameters);
    count('Outputs', LIMITS.outputs);

    const seen = new Map<string, string>();
    for (const section of ['Parameters', 'Resources', 'Outputs', 'Conditions', 'Mappings']) {
      const s = t[section];
      if (s === undefined) continue;
      if (!isObj(s)) {
        this.report(section, 'must be a mapping');
        continue;
      }
      for (const id of Object.keys(s)) {
        if (!LOGICAL_ID.test(id)) this.report(`${section}.${id}`, 'logical ids are 1–255 letters and digits');
        if (section === 'Parameters' || section === 'Resources') {
          const other = seen.get(id);
          if (other) this.report(`${section}.${id}`, `${id} is also defined in ${other}`);
          seen.set(id, section);
        }
      }
    }

    for (const [id, c] of Object.entries(this.conditions)) this.walk(c, `Conditions.${id}`, new Set(), true);
    for (const [id, r] of Object.entries(this.resources)) this.resource(id, r);
    const outputs = isObj(t['Outputs']) ? t['Outputs'] : {};
    for (const [id, o] of Object.entries(outputs)) this.output(id, o);
    this.parameters();
    // Metadata may refer to resources and parameters; it does not make a parameter "used".
    const usedBefore = new Set(this.usedParams);
    if (isObj(t['Metadata'])) {
      for (const [k, v] of Object.entries(t['Metadata'])) if (k !== 'AWS::CloudFormation::Interface') this.walk(v, `Metadata.${k}`, new Set(), false);
      this.interfaceMetadata(t['Metadata']['AWS::CloudFormation::Interface']);
    }
    for (const id of Object.keys(this.params)) {
      if (!usedBefore.has(id)) this.report(`Parameters.${id}`, `parameter ${id} is never used`);
    }
    for (const id of Object.keys(this.conditions)) {
      if (!this.usedConditions.has(id)) this.report(`Conditions.${id}`, `condition ${id} is never used`);
    }
  }

  resource(id: string, r: unknown): void {
    const path = `Resources.${id}`;
    if (!isObj(r)) {
      this.report(path, 'must be a mapping');
      return;
    }
    for (const k of Object.keys(r)) if (!RESOURCE_KEYS.has(k)) this.report(`${path}.${k}`, `resources have no attribute ${k}`);
    for (const k of ['DeletionPolicy', 'UpdateReplacePolicy']) {
      if (r[k] !== undefined && !POLICIES.has(r[k] as string)) this.report(`${path}.${k}`, `${describe(r[k])} is not a deletion policy`);
    }
    const guards = new Set<string>();
    if (r['Condition'] !== undefined) {
      this.checkConditionName(r['Condition'], `${path}.Condition`);
      if (typeof r['Condition'] === 'string') guards.add(r['Condition']);
    }
    if (r['DependsOn'] !== undefined) {
      const deps = typeof r['DependsOn'] === 'string' ? [r['DependsOn']] : r['DependsOn'];
      if (!Array.isArray(deps) || !deps.every((d) => typeof d === 'string')) this.report(`${path}.DependsOn`, 'must be a logical id or a list of them');
      else {
        for (const d of deps as string[]) {
          if (!(d in this.resources)) this.report(`${path}.DependsOn`, `${d} is not a resource`);
          else if (d === id) this.report(`${path}.DependsOn`, 'a resource cannot depend on itself');
          else {
            const c = this.resourceCondition(d);
            if (c && !guards.has(c)) this.report(`${path}.DependsOn`, `${d} exists only when ${c} holds; DependsOn cannot name it from here`);
          }
        }
      }
    }
    if (r['Metadata'] !== undefined) this.walk(r['Metadata'], `${path}.Metadata`, guards, false);
    const type = r['Type'];
    if (typeof type !== 'string') {
      this.report(`${path}.Type`, 'every resource needs a Type');
      return;
    }
    const properties = r['Properties'];
    if (properties !== undefined) this.walk(properties, `${path}.Properties`, guards, false);
    if (type.startsWith('Custom::') || type === 'AWS::CloudFormation::CustomResource') return;
    const spec = resourceSpec(type);
    if (!spec) {
      this.report(`${path}.Type`, `${type} is not a CloudFormation resource type`);
      return;
    }
    if (properties !== undefined && !isObj(properties)) {
      this.report(`${path}.Properties`, 'must be a mapping');
      return;
    }
    for (const p of this.propertyProblems(properties ?? {}, spec.properties, type, `${path}.Properties`, 0)) this.problems.push(p);
    for (const c of TEXT_CONSTRAINTS[type] ?? []) {
      for (const text of literalsAt(properties ?? {}, c.path)) {
        if (!c.pattern.test(text)) this.report(`${path}.Properties.${c.path.join('.')}`, `${JSON.stringify(text)} has characters (or a length) ${c.what} do not allow`);
      }
    }
  }

  output(id: string, o: unknown): void {
    const path = `Outputs.${id}`;
    if (!isObj(o)) {
      this.report(path, 'must be a mapping');
      return;
    }
    for (const k of Object.keys(o)) if (!['Description', 'Value', 'Export', 'Condition'].includes(k)) this.report(`${path}.${k}`, `outputs have no ${k}`);
    if (o['Value'] === undefined) this.report(path, 'an output needs a Value');
    if (typeof o['Description'] === 'string' && Buffer.byteLength(o['Description']) > 1024) this.report(`${path}.Description`, 'is longer than 1024 bytes');
    const guards = new Set<string>();
    if (o['Condition'] !== undefined) {
      this.checkConditionName(o['Condition'], `${path}.Condition`);
      if (typeof o['Condition'] === 'string') guards.add(o['Condition']);
    }
    this.walk(o['Value'], `${path}.Value`, guards, false);
    if (o['Export'] !== undefined) this.walk(o['Export'], `${path}.Export`, guards, false);
  }

  parameters(): void {
    for (const [id, p] of Object.entries(this.params)) {
      const path = `Parameters.${id}`;
      if (!isObj(p)) {
        this.report(path, 'must be a mapping');
        continue;
      }
      const type = p['Type'];
      const isSsm = typeof type === 'string' && /^AWS::SSM::Parameter::Value<.+>$/.test(type);
      if (typeof type !== 'string' || (!SCALAR_PARAMETER_TYPES.has(type) && !LIST_PARAMETER_TYPES.has(type) && !isSsm)) {
        this.report(`${path}.Type`, `${describe(type)} is not a parameter type`);
        continue;
      }
      const allowedKeys = ['Type', 'Description', 'Default', 'AllowedValues', 'AllowedPattern', 'ConstraintDescription', 'MinValue', 'MaxValue', 'MinLength', 'MaxLength', 'NoEcho'];
      for (const k of Object.keys(p)) if (!allowedKeys.includes(k)) this.report(`${path}.${k}`, `parameters have no ${k}`);
      if (typeof p['Description'] === 'string' && Buffer.byteLength(p['Description']) > 4000) this.report(`${path}.Description`, 'is longer than 4000 characters');
      const d = p['Default'];
      if (d === undefined) continue;
      if (type === 'Number') {
        if (typeof d !== 'number' && !(typeof d === 'string' && /^-?\d+(\.\d+)?$/.test(d))) this.report(`${path}.Default`, `${describe(d)} is not a number`);
        const n = Number(d);
        if (typeof p['MinValue'] === 'number' && n < p['MinValue']) this.report(`${path}.Default`, `${n} is below MinValue ${p['MinValue']}`);
        if (typeof p['MaxValue'] === 'number' && n > p['MaxValue']) this.report(`${path}.Default`, `${n} is above MaxValue ${p['MaxValue']}`);
      } else if (typeof d !== 'string') {
        this.report(`${path}.Default`, `defaults of ${type} parameters are strings, got ${describe(d)}`);
      } else {
        if (typeof p['AllowedPattern'] === 'string' && !LIST_PARAMETER_TYPES.has(type) && !new RegExp(`^(?:${p['AllowedPattern']})$`).test(d)) {
          this.report(`${path}.Default`, `${JSON.stringify(d)} does not match AllowedPattern ${p['AllowedPattern']}`);
        }
      }
      if (Array.isArray(p['AllowedValues']) && !p['AllowedValues'].map(String).includes(String(d))) {
        this.report(`${path}.Default`, `${JSON.stringify(d)} is not among AllowedValues`);
      }
    }
  }

  interfaceMetadata(m: unknown): void {
    if (m === undefined) return;
    const path = 'Metadata.AWS::CloudFormation::Interface';
    if (!isObj(m)) {
      this.report(path, 'must be a mapping');
      return;
    }
    const groups = Array.isArray(m['ParameterGroups']) ? m['ParameterGroups'] : [];
    const listed = new Set<string>();
    groups.forEach((g, i) => {
      const ps = isObj(g) && Array.isArray(g['Parameters']) ? g['Parameters'] : [];
      for (const p of ps) {
        if (typeof p !== 'string' || !(p in this.params)) this.report(`${path}.ParameterGroups[${i}]`, `${JSON.stringify(p)} is not a parameter`);
        else if (listed.has(p)) this.report(`${path}.ParameterGroups[${i}]`, `${p} is in two groups`);
        listed.add(p as string);
      }
    });
    const labels = isObj(m['ParameterLabels']) ? m['ParameterLabels'] : {};
    for (const p of Object.keys(labels)) if (!(p in this.params)) this.report(`${path}.ParameterLabels.${p}`, `${p} is not a parameter`);
  }
}

/** Checks a template (long form); `text` is the serialised template, for the size limit. */
export function validateTemplate(template: Record<string, unknown>, text?: string): Problem[] {
  const c = new Checker(template);
  c.run(text);
  return c.problems;
}

/** Problems as readable lines (for test failure messages). */
export function formatProblems(problems: Problem[]): string {
  return problems.map((p) => `${p.path}: ${p.message}`).join('\n');
}
