/**
 * CloudFormation's YAML short tags (`!Ref X`, `!GetAtt A.B`, `!Sub '...'`) as the long JSON form
 * (`{Ref: X}`, `{"Fn::GetAtt": [A, B]}`), for CloudFormation fragments users write inside their
 * input (`x-aws-cloudformation`).
 */
import { toJS, type YNode } from './node.js';

const FUNCTIONS = new Set([
  'Base64',
  'Cidr',
  'FindInMap',
  'GetAZs',
  'ImportValue',
  'Join',
  'Select',
  'Split',
  'Sub',
  'Transform',
  'And',
  'Equals',
  'If',
  'Not',
  'Or',
  'ToJsonString',
  'Length',
]);

/** Plain JS value of a node with CloudFormation short tags expanded. */
export function cfnToJS(node: YNode): unknown {
  return toJS(node, (n, recurse) => {
    const tag = n.tag?.startsWith('!') && !n.tag.startsWith('!!') ? n.tag.slice(1) : undefined;
    if (tag === undefined) return undefined;
    const untagged = (): unknown => recurse({ ...n, tag: undefined } as YNode);
    if (tag === 'Ref') return { Ref: untagged() };
    if (tag === 'Condition') return { Condition: untagged() };
    if (tag === 'GetAtt' && n.kind === 'scalar') {
      const text = String(n.value ?? '');
      const dot = text.indexOf('.');
      return { 'Fn::GetAtt': dot === -1 ? [text] : [text.slice(0, dot), text.slice(dot + 1)] };
    }
    if (tag === 'GetAtt') return { 'Fn::GetAtt': untagged() };
    if (FUNCTIONS.has(tag)) return { [`Fn::${tag}`]: untagged() };
    return undefined;
  });
}
