/**
 * IAM roles. One execution role per application (ECS pulls images, writes logs and reads exactly
 * this app's secrets with it) and one task role per service (the application's own permissions:
 * empty unless the input grants some, plus what ECS Exec and EFS need). Role names are left to
 * CloudFormation, so deploying needs only CAPABILITY_IAM.
 */
import type { Service } from '../../ir/types.js';
import { FIXED, TAGGABLE, type Ctx } from './context.js';
import { getAtt, ref, sub } from './intrinsics.js';
import type { SecretAccess } from './secrets.js';

const POLICY_VERSION = '2012-10-17';

/** IAM descriptions take tab, line breaks and U+0020–U+007E, U+00A1–U+00FF; at most 1000 characters. */
export function iamDescription(text: string): string {
  return text.replace(/[^\u0020-\u007E\u00A1-\u00FF]/g, '?').slice(0, 1000);
}

function tags(ctx: Ctx): Record<string, unknown> {
  const t = TAGGABLE.has('AWS::IAM::Role') ? ctx.stack.tagList() : undefined;
  return t ? { Tags: t } : {};
}

export function executionRole(ctx: Ctx, access: SecretAccess): string {
  const { stack, names, app } = ctx;
  const id = names.id('execution-role', FIXED.executionRole);
  const statements: unknown[] = [];
  if (access.secretsManager.length > 0) {
    statements.push({ Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: access.secretsManager });
  }
  if (access.ssmParameters.length > 0) {
    statements.push({ Effect: 'Allow', Action: 'ssm:GetParameters', Resource: access.ssmParameters });
  }
  if (access.kmsKeys.length > 0) {
    statements.push({ Effect: 'Allow', Action: 'kms:Decrypt', Resource: access.kmsKeys });
  }
  stack.addResource(id, {
    Type: 'AWS::IAM::Role',
    Properties: {
      Description: iamDescription(`ECS task execution role of ${app.name}: pulls images, writes logs, reads the app's secrets.`),
      AssumeRolePolicyDocument: {
        Version: POLICY_VERSION,
        Statement: [{ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' }],
      },
      ManagedPolicyArns: [sub('arn:${AWS::Partition}:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy')],
      ...(statements.length > 0 ? { Policies: [{ PolicyName: 'read-secrets', PolicyDocument: { Version: POLICY_VERSION, Statement: statements } }] } : {}),
      ...tags(ctx),
    },
  });
  return id;
}

/** ECS Exec: the task opens SSM message channels (these actions take no resource ARN). */
const EXEC_STATEMENT = {
  Effect: 'Allow',
  Action: ['ssmmessages:CreateControlChannel', 'ssmmessages:CreateDataChannel', 'ssmmessages:OpenControlChannel', 'ssmmessages:OpenDataChannel'],
  Resource: '*',
};

/**
 * The task role of a service: the role ARN the input names, or a new role. Returns the value for
 * `taskRoleArn`.
 */
export function taskRole(ctx: Ctx, service: Service, efsStatements: unknown[], queueStatements: { Action: string[] }[] = []): unknown {
  if (service.taskRole?.arn) {
    const actions = [
      ...efsStatements.flatMap((s) => (s as { Action: string[] }).Action),
      ...(service.enableExecuteCommand ? EXEC_STATEMENT.Action : []),
    ];
    if (actions.length > 0) ctx.facts.existingRoleNeeds.push({ service, actions: [...new Set(actions)] });
    const queueActions = queueStatements.flatMap((s) => s.Action);
    if (queueActions.length > 0) ctx.facts.existingRoleNeeds.push({ service, actions: queueActions });
    return service.taskRole.arn;
  }
  const { stack, names, app } = ctx;
  const id = names.forService(service, 'TaskRole');
  const policies: unknown[] = [];
  const own = service.taskRole?.statements ?? [];
  if (own.length > 0) policies.push({ PolicyName: 'app', PolicyDocument: { Version: POLICY_VERSION, Statement: own } });
  if (service.enableExecuteCommand) policies.push({ PolicyName: 'ecs-exec', PolicyDocument: { Version: POLICY_VERSION, Statement: [EXEC_STATEMENT] } });
  if (efsStatements.length > 0) policies.push({ PolicyName: 'efs', PolicyDocument: { Version: POLICY_VERSION, Statement: efsStatements } });
  if (queueStatements.length > 0) policies.push({ PolicyName: 'worker-queue', PolicyDocument: { Version: POLICY_VERSION, Statement: queueStatements } });
  // `x-aws-policies` may name AWS managed policies without their ARN.
  const managed = [...new Set(service.taskRole?.managedPolicyArns ?? [])].map((p) =>
    p.startsWith('arn:') ? p : sub(`arn:\${AWS::Partition}:iam::aws:policy/${p.replace(/^\/+/, '')}`),
  );
  stack.addResource(id, {
    Type: 'AWS::IAM::Role',
    Properties: {
      Description: iamDescription(`Task role of service ${service.name} of ${app.name}: the permissions of the application code.`),
      AssumeRolePolicyDocument: {
        Version: POLICY_VERSION,
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Service: 'ecs-tasks.amazonaws.com' },
            Action: 'sts:AssumeRole',
            Condition: {
              ArnLike: { 'aws:SourceArn': sub('arn:${AWS::Partition}:ecs:${AWS::Region}:${AWS::AccountId}:*') },
              StringEquals: { 'aws:SourceAccount': ref('AWS::AccountId') },
            },
          },
        ],
      },
      ...(managed.length > 0 ? { ManagedPolicyArns: managed } : {}),
      ...(policies.length > 0 ? { Policies: policies } : {}),
      ...tags(ctx),
    },
  });
  return getAtt(id, 'Arn');
}
