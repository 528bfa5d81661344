/**
 * CloudFormation intrinsic functions as values inside the template object.
 *
 * The template is built as plain data with `Intrinsic` leaves; the serialiser turns them into
 * `!Ref` / `!Sub` / `!GetAtt` short tags (YAML) or `{"Ref": …}` / `{"Fn::Sub": …}` (JSON).
 */

export type IntrinsicName =
  | 'Ref'
  | 'Fn::GetAtt'
  | 'Fn::Sub'
  | 'Fn::If'
  | 'Fn::Equals'
  | 'Fn::Not'
  | 'Fn::And'
  | 'Fn::Or'
  | 'Fn::Join'
  | 'Fn::Select'
  | 'Fn::Split'
  | 'Fn::Base64';

/** One intrinsic function call. `arg` is what follows the function name in the long form. */
export class Intrinsic {
  constructor(
    readonly fn: IntrinsicName,
    readonly arg: unknown,
  ) {}
}

export function ref(logicalId: string): Intrinsic {
  return new Intrinsic('Ref', logicalId);
}

export function getAtt(logicalId: string, attribute: string): Intrinsic {
  return new Intrinsic('Fn::GetAtt', [logicalId, attribute]);
}

/** `!Sub 'text ${Name}'`, or with a variable map. */
export function sub(text: string, variables?: Record<string, unknown>): Intrinsic {
  return new Intrinsic('Fn::Sub', variables ? [text, variables] : text);
}

export function iff(condition: string, whenTrue: unknown, whenFalse: unknown): Intrinsic {
  return new Intrinsic('Fn::If', [condition, whenTrue, whenFalse]);
}

export function equals(a: unknown, b: unknown): Intrinsic {
  return new Intrinsic('Fn::Equals', [a, b]);
}

export function not(condition: unknown): Intrinsic {
  return new Intrinsic('Fn::Not', [condition]);
}

export function join(separator: string, items: unknown): Intrinsic {
  return new Intrinsic('Fn::Join', [separator, items]);
}

export function select(index: number, list: unknown): Intrinsic {
  return new Intrinsic('Fn::Select', [String(index), list]);
}

export function split(separator: string, text: unknown): Intrinsic {
  return new Intrinsic('Fn::Split', [separator, text]);
}

export function base64(value: unknown): Intrinsic {
  return new Intrinsic('Fn::Base64', value);
}

/** `Ref: AWS::NoValue`: removes the property it is the value of. */
export const NO_VALUE = ref('AWS::NoValue');

/** Escapes text for the literal part of a `Fn::Sub` string (`${x}` → `${!x}`). */
export function subLiteral(text: string): string {
  return text.replace(/\$\{/g, '${!');
}

/** Long form of a whole template value (intrinsics become one-key maps), for JSON output. */
export function toLongForm(value: unknown): unknown {
  if (value instanceof Intrinsic) return { [value.fn]: toLongForm(value.arg) };
  if (Array.isArray(value)) return value.map(toLongForm);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = toLongForm(v);
    return out;
  }
  return value;
}
