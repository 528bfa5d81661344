import { describe, expect, it } from 'vitest';
import { createReporter } from '../../src/diagnostics/context.js';
import { sourceFile } from '../../src/ir/source-file.js';
import { cfnToJS } from '../../src/yaml/cfn-tags.js';
import { parseYaml } from '../../src/yaml/parse.js';

function js(text: string): unknown {
  const root = parseYaml(sourceFile('t.yml', text), createReporter()).documents[0]!.root!;
  return cfnToJS(root);
}

describe('cfnToJS', () => {
  it('expands short tags into the long form', () => {
    expect(
      js(
        'a: !Ref Vpc\nb: !GetAtt Lb.DNSName\nc: !Sub "${AWS::StackName}-x"\nd: !Join ["-", [a, !Ref B]]\ne: !If [Cond, 1, !Ref AWS::NoValue]\nf: !GetAtt [X, Arn]\ng: !Condition C\nh: plain\n',
      ),
    ).toEqual({
      a: { Ref: 'Vpc' },
      b: { 'Fn::GetAtt': ['Lb', 'DNSName'] },
      c: { 'Fn::Sub': '${AWS::StackName}-x' },
      d: { 'Fn::Join': ['-', ['a', { Ref: 'B' }]] },
      e: { 'Fn::If': ['Cond', 1, { Ref: 'AWS::NoValue' }] },
      f: { 'Fn::GetAtt': ['X', 'Arn'] },
      g: { Condition: 'C' },
      h: 'plain',
    });
  });
});
