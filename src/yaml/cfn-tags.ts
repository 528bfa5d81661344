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
  const tag = node.tag?.startsWith('!') && !node.tag.startsWith('!!') ? node.tag.slice(1) : undefined;
  const plain = (n: YNode): unknown => {
    switch (n.kind) {
      case 'scalar':
        return n.value;
      case 'seq':
        return n.items.map(cfnToJS);
      case 'map': {
        const out: Record<string, unknown> = {};
        for (const e of n.entries) Object.defineProperty(out, e.key, { value: cfnToJS(e.value), enumerable: true, writable: true, configurable: true });
        return out;
      }
    }
  };
  if (tag === undefined) return plain(node);
  if (tag === 'Ref') return { Ref: toJS(node) };
  if (tag === 'Condition') return { Condition: toJS(node) };
  if (tag === 'GetAtt') {
    if (node.kind === 'scalar') {
      const text = String(node.value ?? '');
      const dot = text.indexOf('.');
      return { 'Fn::GetAtt': dot === -1 ? [text] : [text.slice(0, dot), text.slice(dot + 1)] };
    }
    return { 'Fn::GetAtt': plain(node) };
  }
  if (FUNCTIONS.has(tag)) return { [`Fn::${tag}`]: plain(node) };
  return plain(node);
}
