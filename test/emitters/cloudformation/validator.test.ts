/**
 * The offline template validator (test/support/cfn-spec) must catch what it claims to catch:
 * each case breaks one rule of a small valid template and names the problem it must report.
 */
import { describe, expect, it } from 'vitest';
import { parseTemplate } from '../../support/cfn-spec/parse.js';
import { formatProblems, subReferences, validateTemplate } from '../../support/cfn-spec/validate.js';

type T = Record<string, any>;

/** A small valid template: VPC parameter, a security group, a task definition and an output. */
function base(): T {
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Parameters: {
      VpcId: { Type: 'AWS::EC2::VPC::Id', Description: 'VPC' },
      Subnets: { Type: 'List<AWS::EC2::Subnet::Id>', Description: 'subnets' },
      Count: { Type: 'Number', Default: 1, MinValue: 0 },
      Running: { Type: 'String', Default: 'true', AllowedValues: ['true', 'false'] },
    },
    Conditions: { IsRunning: { 'Fn::Equals': [{ Ref: 'Running' }, 'true'] } },
    Resources: {
      Group: { Type: 'AWS::EC2::SecurityGroup', Properties: { GroupDescription: 'g', VpcId: { Ref: 'VpcId' } } },
      Task: {
        Type: 'AWS::ECS::TaskDefinition',
        Properties: {
          Family: 'f',
          ContainerDefinitions: [{ Name: 'web', Image: 'nginx', PortMappings: [{ ContainerPort: 80, Protocol: 'tcp' }] }],
        },
      },
      Cluster: { Type: 'AWS::ECS::Cluster' },
      Service: {
        Type: 'AWS::ECS::Service',
        Properties: {
          Cluster: { Ref: 'Cluster' },
          TaskDefinition: { Ref: 'Task' },
          DesiredCount: { 'Fn::If': ['IsRunning', { Ref: 'Count' }, 0] },
          LaunchType: 'FARGATE',
          NetworkConfiguration: {
            AwsvpcConfiguration: { Subnets: { Ref: 'Subnets' }, SecurityGroups: [{ 'Fn::GetAtt': ['Group', 'GroupId'] }], AssignPublicIp: 'DISABLED' },
          },
        },
      },
    },
    Outputs: { Name: { Description: 'n', Value: { 'Fn::Sub': '${Service.Name} in ${AWS::Region}' } } },
  };
}

function problems(t: T): string {
  return formatProblems(validateTemplate(t));
}

describe('cfn-spec validator', () => {
  it('accepts the valid base template', () => {
    expect(problems(base())).toBe('');
  });

  const cases: [string, (t: T) => void, RegExp][] = [
    ['unknown resource type', (t) => (t.Resources.Group.Type = 'AWS::EC2::SecurityGrup'), /AWS::EC2::SecurityGrup is not a CloudFormation resource type/],
    ['unknown property', (t) => (t.Resources.Group.Properties.Name = 'x'), /AWS::EC2::SecurityGroup has no property Name/],
    ['missing required property', (t) => delete t.Resources.Group.Properties.GroupDescription, /requires GroupDescription/],
    ['unknown nested property', (t) => (t.Resources.Task.Properties.ContainerDefinitions[0].Foo = 1), /ContainerDefinition has no property Foo/],
    ['missing nested required property', (t) => delete t.Resources.Task.Properties.ContainerDefinitions[0].Image, /ContainerDefinition requires Image/],
    ['string where an integer is expected', (t) => (t.Resources.Task.Properties.ContainerDefinitions[0].PortMappings[0].ContainerPort = '80'), /expected an integer, got string "80"/],
    ['integer where a string is expected', (t) => (t.Resources.Task.Properties.Family = 7), /expected a string, got number 7/],
    ['scalar where a list is expected', (t) => (t.Resources.Task.Properties.ContainerDefinitions = { Name: 'x' }), /expected a list/],
    ['enum value', (t) => (t.Resources.Service.Properties.LaunchType = 'SPOT'), /"SPOT" is not one of EC2, FARGATE, EXTERNAL/],
    ['list parameter where a string is expected', (t) => (t.Resources.Task.Properties.Family = { Ref: 'Subnets' }), /expected a single value, but Ref gives a list/],
    ['scalar intrinsic where a list is expected', (t) => (t.Resources.Service.Properties.NetworkConfiguration.AwsvpcConfiguration.Subnets = { Ref: 'VpcId' }), /expected a list, but Ref gives a single value/],
    ['Ref to nothing', (t) => (t.Resources.Group.Properties.VpcId = { Ref: 'Vpc' }), /Ref to Vpc, which is neither/],
    ['GetAtt of a missing resource', (t) => (t.Outputs.Name.Value = { 'Fn::GetAtt': ['Nope', 'Arn'] }), /"Nope", which is not a resource/],
    ['GetAtt of a missing attribute', (t) => (t.Outputs.Name.Value = { 'Fn::GetAtt': ['Service', 'Arn'] }), /AWS::ECS::Service has no attribute Arn/],
    ['Sub with a missing name', (t) => (t.Outputs.Name.Value = { 'Fn::Sub': '${Missing}' }), /Ref to Missing/],
    ['Sub with a missing attribute', (t) => (t.Outputs.Name.Value = { 'Fn::Sub': '${Group.Nope}' }), /has no attribute Nope/],
    ['Sub variable unused', (t) => (t.Outputs.Name.Value = { 'Fn::Sub': ['x', { A: 'b' }] }), /variable A is not used/],
    ['unused parameter', (t) => (t.Parameters.Extra = { Type: 'String' }), /parameter Extra is never used/],
    ['unused condition', (t) => (t.Conditions.Other = { 'Fn::Equals': ['a', 'b'] }), /condition Other is never used/],
    ['If with an unknown condition', (t) => (t.Resources.Service.Properties.DesiredCount = { 'Fn::If': ['Nope', 1, 0] }), /condition "Nope" is not defined/],
    [
      'conditional resource referenced without its condition',
      (t) => {
        t.Resources.Group.Condition = 'IsRunning';
      },
      /Group exists only when IsRunning holds/,
    ],
    [
      'DependsOn a conditional resource',
      (t) => {
        t.Resources.Extra = { Type: 'AWS::CloudFormation::WaitConditionHandle', Condition: 'IsRunning' };
        t.Resources.Service.DependsOn = ['Extra'];
      },
      /DependsOn cannot name it/,
    ],
    ['DependsOn nothing', (t) => (t.Resources.Service.DependsOn = 'Ghost'), /Ghost is not a resource/],
    ['bad logical id', (t) => (t.Resources['web-sg'] = t.Resources.Group), /logical ids are 1–255 letters and digits/],
    ['parameter and resource share a name', (t) => (t.Resources.Count = { Type: 'AWS::ECS::Cluster' }), /Count is also defined in Parameters/],
    ['default outside AllowedValues', (t) => (t.Parameters.Running.Default = 'yes'), /not among AllowedValues/],
    ['default below MinValue', (t) => (t.Parameters.Count.Default = -1), /below MinValue/],
    ['unknown parameter type', (t) => (t.Parameters.Count.Type = 'Integer'), /"Integer" is not a parameter type/],
    ['unknown section', (t) => (t.Output = {}), /unknown template section Output/],
    ['unknown resource attribute', (t) => (t.Resources.Group.DeletePolicy = 'Retain'), /resources have no attribute DeletePolicy/],
    ['GetAtt in Conditions', (t) => (t.Conditions.IsRunning = { 'Fn::Equals': [{ 'Fn::GetAtt': ['Group', 'GroupId'] }, 'x'] }), /not allowed in Conditions/],
    ['resource limit', (t) => {
      for (let i = 0; i < 500; i++) t.Resources[`C${i}`] = { Type: 'AWS::ECS::Cluster' };
    }, /the limit is 500/],
    ['tag shape', (t) => (t.Resources.Cluster.Properties = { Tags: [{ Name: 'a', Value: 'b' }] }), /tags have only Key and Value, not Name/],
    ['security group description characters', (t) => (t.Resources.Group.Properties.GroupDescription = "the app's group"), /security group descriptions do not allow/],
    [
      'security group rule description characters',
      (t) => (t.Resources.Group.Properties.SecurityGroupIngress = [{ IpProtocol: 'tcp', FromPort: 80, ToPort: 80, CidrIp: '0.0.0.0/0', Description: 'web → app' }]),
      /security group rule descriptions do not allow/,
    ],
    ['If branch of the wrong type', (t) => (t.Resources.Service.Properties.DesiredCount = { 'Fn::If': ['IsRunning', 'two', 0] }), /expected an integer, got string "two"/],
  ];
  for (const [name, breakIt, expected] of cases) {
    it(`reports: ${name}`, () => {
      const t = base();
      breakIt(t);
      expect(problems(t)).toMatch(expected);
    });
  }

  it('accepts AWS::NoValue and conditional list items', () => {
    const t = base();
    t.Resources.Service.Properties.PlatformVersion = { 'Fn::If': ['IsRunning', 'LATEST', { Ref: 'AWS::NoValue' }] };
    t.Resources.Service.Properties.NetworkConfiguration.AwsvpcConfiguration.SecurityGroups.push({
      'Fn::If': ['IsRunning', { 'Fn::GetAtt': ['Group', 'GroupId'] }, { Ref: 'AWS::NoValue' }],
    });
    expect(problems(t)).toBe('');
  });

  it('finds Sub references, skipping ${!literals}', () => {
    expect(subReferences('a ${A} ${!B} ${C.D} ${AWS::Region}')).toEqual(['A', 'C.D', 'AWS::Region']);
  });

  it('reads YAML short tags into long form', () => {
    const t = parseTemplate(
      [
        'A: !Ref X',
        'B: !GetAtt Res.Attr.Nested',
        'C: !Sub [ "${A}", { A: !Ref Y } ]',
        'D: !If [Cond, !Ref AWS::NoValue, 1]',
        'E: !Select [0, !GetAZs ""]',
        'F: yes',
        "G: '2010-09-09'",
      ].join('\n'),
      'yaml',
    );
    expect(t).toEqual({
      A: { Ref: 'X' },
      B: { 'Fn::GetAtt': ['Res', 'Attr.Nested'] },
      C: { 'Fn::Sub': ['${A}', { A: { Ref: 'Y' } }] },
      D: { 'Fn::If': ['Cond', { Ref: 'AWS::NoValue' }, 1] },
      E: { 'Fn::Select': [0, { 'Fn::GetAZs': '' }] },
      F: true,
      G: '2010-09-09',
    });
  });
});
