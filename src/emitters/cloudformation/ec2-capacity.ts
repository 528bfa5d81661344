/**
 * EC2 launch type: the instances the tasks run on. An Auto Scaling group of ECS-optimized Amazon
 * Linux 2023 instances in the task subnets, driven by an ECS capacity provider with managed
 * scaling (instances are added when tasks do not fit and removed when empty, so a stopped stack
 * costs no instances) and managed draining. Services place tasks with binpack on memory.
 */
import type { Service } from '../../ir/types.js';
import { FIXED, groupDescription, TAGGABLE, type Ctx } from './context.js';
import { iamDescription } from './iam.js';
import { base64, getAtt, ref, sub } from './intrinsics.js';

export interface Ec2Capacity {
  /** Absent when deploying into an existing cluster (its own instances run the tasks). */
  capacityProvider?: string;
  associations?: string;
  /** Security group of the instances as a `GroupId` value (bridge and host network modes use it for every task). */
  instanceSecurityGroup: () => unknown;
}

/** Instance types offered by default, smallest first: [type, vCPUs, MiB]. */
const X86_TYPES: [string, number, number][] = [
  ['t3.small', 2, 2048],
  ['t3.medium', 2, 4096],
  ['t3.large', 2, 8192],
  ['m6i.xlarge', 4, 16384],
  ['m6i.2xlarge', 8, 32768],
  ['m6i.4xlarge', 16, 65536],
  ['m6i.8xlarge', 32, 131072],
];
const ARM_TYPES: [string, number, number][] = [
  ['t4g.small', 2, 2048],
  ['t4g.medium', 2, 4096],
  ['t4g.large', 2, 8192],
  ['m7g.xlarge', 4, 16384],
  ['m7g.2xlarge', 8, 32768],
  ['m7g.4xlarge', 16, 65536],
  ['m7g.8xlarge', 32, 131072],
];

/** Memory (MiB) a task reserves on an instance: the task value, else what its containers reserve. */
export function taskMemoryMiB(service: Service): number {
  if (service.task.memory !== undefined) return service.task.memory;
  return service.task.containers.reduce((sum, c) => sum + (c.memory?.reservation ?? c.memory?.limit ?? 0), 0);
}

function taskCpuUnits(service: Service): number {
  if (service.task.cpu !== undefined) return service.task.cpu;
  return service.task.containers.reduce((sum, c) => sum + (c.cpu ?? 0), 0);
}

/** The smallest listed type that fits the largest task (about 10 % of memory is left to the OS and agent). */
export function defaultInstanceType(services: Service[], arm: boolean): string {
  const memory = Math.max(0, ...services.map(taskMemoryMiB));
  const cpu = Math.max(0, ...services.map(taskCpuUnits));
  const types = arm ? ARM_TYPES : X86_TYPES;
  const fit = types.find(([, vcpu, mib]) => mib * 0.9 >= memory && vcpu * 1024 >= cpu);
  return (fit ?? types[types.length - 1]!)[0];
}

export function ec2Capacity(ctx: Ctx): Ec2Capacity {
  const { app, stack, names } = ctx;
  if (app.settings.cluster) {
    const p = names.id('ec2:sgparam', 'InstanceSecurityGroupId');
    stack.declareParameter(
      p,
      'EC2 capacity',
      () => ({
        Type: 'AWS::EC2::SecurityGroup::Id',
        Description: `Security group of the container instances of the existing cluster ${app.settings.cluster!.name}; the stack opens it to the load balancer.`.slice(0, 4000),
      }),
    );
    return { instanceSecurityGroup: () => stack.param(p) };
  }
  const arm = app.services.length > 0 && app.services.every((s) => s.task.runtimePlatform?.cpuArchitecture === 'ARM64');
  const tagList = stack.tagList() ?? [];

  const instanceType = names.id('ec2:instance-type', 'InstanceType');
  stack.declareParameter(
    instanceType,
    'EC2 capacity',
    () => ({
      Type: 'String',
      Description: 'EC2 instance type of the container instances; the default is the smallest that fits the largest task.',
      Default: defaultInstanceType(app.services, arm),
      AllowedPattern: '^[a-z0-9-]+\\.[a-z0-9]+$',
      ConstraintDescription: 'an instance type such as t3.medium',
    }),
  );
  const imageId = names.id('ec2:image', 'InstanceImageId');
  stack.declareParameter(
    imageId,
    'EC2 capacity',
    () => ({
      Type: 'AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>',
      Description: 'AMI of the container instances (by default the current ECS-optimized Amazon Linux 2023 image).',
      Default: arm
        ? '/aws/service/ecs/optimized-ami/amazon-linux-2023/arm64/recommended/image_id'
        : '/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id',
    }),
  );
  const maxInstances = names.id('ec2:max', 'MaxInstances');
  const tasks = app.services.reduce((n, s) => n + Math.max(s.desiredCount, s.scaling?.max ?? 0), 0);
  stack.declareParameter(
    maxInstances,
    'EC2 capacity',
    () => ({
      Type: 'Number',
      Description: 'Most container instances the capacity provider may run (it starts and stops them as tasks need).',
      Default: Math.max(2, Math.min(tasks, 20)),
      MinValue: 1,
    }),
  );

  const sg = names.id('ec2:sg', 'InstanceSecurityGroup');
  stack.addResource(sg, {
    Type: 'AWS::EC2::SecurityGroup',
    Properties: {
      GroupDescription: groupDescription(`Container instances of ${app.name}`),
      VpcId: stack.param(FIXED.vpc),
      ...(tagList.length > 0 ? { Tags: tagList } : {}),
    },
  });
  // Tasks in bridge mode reach each other through host ports on the instances.
  stack.addResource(names.id('ec2:sg:self', 'InstanceSecurityGroupSelfIngress'), {
    Type: 'AWS::EC2::SecurityGroupIngress',
    Properties: {
      GroupId: getAtt(sg, 'GroupId'),
      IpProtocol: '-1',
      SourceSecurityGroupId: getAtt(sg, 'GroupId'),
      Description: 'Tasks on the container instances reach each other',
    },
  });

  const role = names.id('ec2:role', 'InstanceRole');
  stack.addResource(role, {
    Type: 'AWS::IAM::Role',
    Properties: {
      Description: iamDescription(`Container instances of ${app.name}: ECS agent and Session Manager.`),
      AssumeRolePolicyDocument: {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
      },
      ManagedPolicyArns: [
        sub('arn:${AWS::Partition}:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role'),
        sub('arn:${AWS::Partition}:iam::aws:policy/AmazonSSMManagedInstanceCore'),
      ],
      ...(TAGGABLE.has('AWS::IAM::Role') && tagList.length > 0 ? { Tags: tagList } : {}),
    },
  });
  const profile = names.id('ec2:profile', 'InstanceProfile');
  stack.addResource(profile, { Type: 'AWS::IAM::InstanceProfile', Properties: { Roles: [ref(role)] } });

  const template = names.id('ec2:lt', 'InstanceLaunchTemplate');
  stack.addResource(template, {
    Type: 'AWS::EC2::LaunchTemplate',
    Properties: {
      LaunchTemplateData: {
        ImageId: stack.param(imageId),
        InstanceType: stack.param(instanceType),
        IamInstanceProfile: { Arn: getAtt(profile, 'Arn') },
        SecurityGroupIds: [getAtt(sg, 'GroupId')],
        // IMDSv2 only, one hop: containers use their task role, not the instance's.
        MetadataOptions: { HttpTokens: 'required', HttpPutResponseHopLimit: 1, HttpEndpoint: 'enabled' },
        UserData: base64(
          sub(
            [
              '#!/bin/bash',
              'cat >> /etc/ecs/ecs.config <<EOF',
              `ECS_CLUSTER=\${${FIXED.cluster}}`,
              'ECS_ENABLE_AWSLOGS_EXECUTIONROLE_OVERRIDE=true',
              'EOF',
              '',
            ].join('\n'),
          ),
        ),
        TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'Name', Value: `${app.name}-ecs` }, ...tagList.filter((t) => t.Key !== 'Name')] }],
      },
    },
  });

  const asg = names.id('ec2:asg', 'AutoScalingGroup');
  stack.addResource(asg, {
    Type: 'AWS::AutoScaling::AutoScalingGroup',
    Properties: {
      MinSize: '0',
      MaxSize: stack.param(maxInstances),
      VPCZoneIdentifier: stack.param(FIXED.privateSubnets),
      LaunchTemplate: { LaunchTemplateId: ref(template), Version: getAtt(template, 'LatestVersionNumber') },
    },
  });

  const cp = names.id('ec2:cp', 'CapacityProvider');
  stack.addResource(cp, {
    Type: 'AWS::ECS::CapacityProvider',
    Properties: {
      AutoScalingGroupProvider: {
        AutoScalingGroupArn: ref(asg),
        ManagedScaling: { Status: 'ENABLED', TargetCapacity: 100 },
        // Draining moves tasks off an instance before it is removed; termination protection is
        // off so deleting the stack does not wait on protected instances.
        ManagedTerminationProtection: 'DISABLED',
        ManagedDraining: 'ENABLED',
      },
      ...(tagList.length > 0 ? { Tags: tagList } : {}),
    },
  });
  const associations = names.id('ec2:cpa', 'ClusterCapacityProviders');
  stack.addResource(associations, {
    Type: 'AWS::ECS::ClusterCapacityProviderAssociations',
    Properties: {
      Cluster: ref(FIXED.cluster),
      CapacityProviders: [ref(cp)],
      DefaultCapacityProviderStrategy: [{ CapacityProvider: ref(cp), Weight: 1 }],
    },
  });
  return { capacityProvider: cp, associations, instanceSecurityGroup: () => getAtt(sg, 'GroupId') };
}
