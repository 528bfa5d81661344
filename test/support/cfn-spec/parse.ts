/**
 * Reads a CloudFormation template (YAML with short-form tags, or JSON) into its long form:
 * `!Ref X` → `{Ref: X}`, `!GetAtt A.B` → `{"Fn::GetAtt": [A, B]}`, `!Sub s` → `{"Fn::Sub": s}`…
 * The YAML 1.1 schema is used, as CloudFormation's own parser reads YAML 1.1 (`yes` is a boolean).
 */
import { defineMappingTag, defineScalarTag, defineSequenceTag, load, YAML11_SCHEMA } from 'js-yaml';

const FUNCTIONS: Record<string, string> = {
  Ref: 'Ref',
  Condition: 'Condition',
  GetAtt: 'Fn::GetAtt',
  Sub: 'Fn::Sub',
  If: 'Fn::If',
  Equals: 'Fn::Equals',
  Not: 'Fn::Not',
  And: 'Fn::And',
  Or: 'Fn::Or',
  Join: 'Fn::Join',
  Select: 'Fn::Select',
  Split: 'Fn::Split',
  Base64: 'Fn::Base64',
  GetAZs: 'Fn::GetAZs',
  ImportValue: 'Fn::ImportValue',
  FindInMap: 'Fn::FindInMap',
  Cidr: 'Fn::Cidr',
  Transform: 'Fn::Transform',
  ToJsonString: 'Fn::ToJsonString',
  Length: 'Fn::Length',
};

const TAGS = Object.entries(FUNCTIONS).flatMap(([short, long]) => [
  defineScalarTag(`!${short}`, {
    resolve: (source: string) => {
      if (long === 'Fn::GetAtt') {
        const dot = source.indexOf('.');
        return { [long]: dot < 0 ? [source] : [source.slice(0, dot), source.slice(dot + 1)] };
      }
      return { [long]: source };
    },
    identify: () => false,
  }),
  defineSequenceTag(`!${short}`, {
    create: () => [] as unknown[],
    addItem: (c: unknown[], item: unknown) => {
      c.push(item);
    },
    finalize: (c: unknown[]) => ({ [long]: c }),
    identify: () => false,
  }),
  defineMappingTag(`!${short}`, {
    create: () => new Map<unknown, unknown>(),
    addPair: (c: Map<unknown, unknown>, k: unknown, v: unknown) => {
      c.set(k, v);
      return '';
    },
    has: (c: Map<unknown, unknown>, k: unknown) => c.has(k),
    keys: (r: Record<string, unknown>) => Object.keys(r),
    get: (r: Record<string, unknown>, k: unknown) => r[k as string],
    finalize: (c: Map<unknown, unknown>) => ({ [long]: Object.fromEntries(c) }),
    identify: () => false,
  }),
]);

const SCHEMA = YAML11_SCHEMA.withTags(...TAGS);

export function parseTemplate(text: string, format: 'yaml' | 'json'): Record<string, unknown> {
  const value = format === 'json' ? JSON.parse(text) : load(text, { schema: SCHEMA });
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error('template is not a mapping');
  return value as Record<string, unknown>;
}
