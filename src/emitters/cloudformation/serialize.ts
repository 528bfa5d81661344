/**
 * Serialises a template object: YAML with CloudFormation short tags, or JSON in long form.
 *
 * YAML is written with the YAML 1.1-compatible dump schema, so strings such as `on`, `yes`,
 * `0755` or `2012-10-17` are quoted and read back as strings by CloudFormation's parser too.
 */
import { defineScalarTag, defineSequenceTag, dump, DUMP_SCHEMA, NOT_RESOLVED } from 'js-yaml';
import { Intrinsic, toLongForm, type IntrinsicName } from './intrinsics.js';

/** Functions written as a YAML sequence after their short tag. */
const SEQUENCE_FUNCTIONS: readonly IntrinsicName[] = [
  'Fn::If',
  'Fn::Equals',
  'Fn::Not',
  'Fn::And',
  'Fn::Or',
  'Fn::Join',
  'Fn::Select',
  'Fn::Split',
  'Fn::Sub',
];
/** Functions written as a scalar after their short tag. */
const SCALAR_FUNCTIONS: readonly IntrinsicName[] = ['Ref', 'Fn::GetAtt', 'Fn::Sub', 'Fn::Base64'];

function shortName(fn: IntrinsicName): string {
  return '!' + fn.replace(/^Fn::/, '');
}

function scalarText(value: Intrinsic): string {
  if (value.fn === 'Fn::GetAtt') return (value.arg as string[]).join('.');
  return value.arg as string;
}

function isScalarForm(value: Intrinsic): boolean {
  if (value.fn === 'Fn::GetAtt') return true;
  return typeof value.arg === 'string';
}

/* The loader side is never used (we only dump); `resolve` refuses everything. */
const TAGS = [
  ...SCALAR_FUNCTIONS.map((fn) =>
    defineScalarTag(shortName(fn), {
      resolve: () => NOT_RESOLVED,
      identify: (d: unknown) => d instanceof Intrinsic && d.fn === fn && isScalarForm(d),
      represent: (d: Intrinsic) => scalarText(d),
    }),
  ),
  ...SEQUENCE_FUNCTIONS.map((fn) =>
    defineSequenceTag(shortName(fn), {
      create: () => [] as unknown[],
      addItem: () => 'not loadable',
      identify: (d: unknown) => d instanceof Intrinsic && d.fn === fn && Array.isArray(d.arg),
      represent: (d: Intrinsic) => d.arg as unknown[],
    }),
  ),
];

const SCHEMA = DUMP_SCHEMA.withTags(...TAGS);

/**
 * YAML allows one tag per node, so a function whose argument is itself a function
 * (`Fn::Base64: !Sub …`) keeps its long form; everything else uses the short tag.
 */
function forYaml(value: unknown): unknown {
  if (value instanceof Intrinsic) {
    if (value.arg instanceof Intrinsic) return { [value.fn]: forYaml(value.arg) };
    if (value.fn === 'Fn::GetAtt') {
      const arg = value.arg as unknown[];
      if (!arg.every((a) => typeof a === 'string')) return { [value.fn]: forYaml(arg) };
      return value;
    }
    return new Intrinsic(value.fn, forYaml(value.arg));
  }
  if (Array.isArray(value)) return value.map(forYaml);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = forYaml(v);
    return out;
  }
  return value;
}

/** One-line comment text: no line breaks or control characters. */
function commentSafe(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f]+/g, ' ');
}

export function toYaml(template: Record<string, unknown>, headerLines: string[]): string {
  const header = headerLines.map((l) => `# ${commentSafe(l)}`.trimEnd() + '\n').join('');
  const body = dump(forYaml(template), { schema: SCHEMA, lineWidth: -1, noRefs: true, indent: 2 });
  return header + body;
}

export function toJson(template: Record<string, unknown>): string {
  return JSON.stringify(toLongForm(template), null, 2) + '\n';
}
