/**
 * One ECS service and what belongs to it alone: its task definition (the task-definition
 * emitter's request, in CloudFormation casing, with intrinsics for deploy-time values), task
 * role, security group and ingress rules, the service itself (private subnets, circuit breaker,
 * load balancers, Service Connect, the Running switch), its scaling and its output.
 */
import type { Container, Service } from '../../ir/types.js';
import { buildTaskDefinition, type TaskDefRefs } from '../taskdef/task-definition.js';
import { apiToCloudFormation } from './casing.js';
import { ecsServiceName, FIXED, groupDescription, TAGGABLE, type Ctx } from './context.js';
import type { Ec2Capacity } from './ec2-capacity.js';
import type { EfsPlan } from './efs.js';
import { taskRole } from './iam.js';
import { getAtt, iff, NO_VALUE, ref, sub, subLiteral } from './intrinsics.js';
import type { LoadBalancingPlan, TargetGroupInfo } from './load-balancing.js';
import { desiredCountDefault, desiredCountParameter, parameterImage, type ImagePlan } from './parameters.js';
import { queueStatements, queueUrl } from './queues.js';
import { scalingOwnsDesiredCount, scalingResources, usesDesiredCount } from './scaling.js';
import type { SecretsPlan } from './secrets.js';
import type { ServiceConnectPlan } from './service-connect.js';

/** Seconds ECS ignores load-balancer health checks after a task starts, unless the IR says. */
const DEFAULT_GRACE_PERIOD_SECONDS = 60;

/** What the services share, planned before them. */
export interface ServiceEnv {
  fargate: boolean;
  /** Image parameters (built images, own released images) and the jobs' companions. */
  images: ImagePlan;
  /** Endpoint parameter of each excluded service, by IR parameter name. */
  excluded: Map<string, string>;
  secrets: SecretsPlan;
  capacity: Ec2Capacity | undefined;
  serviceSecurityGroup(service: Service): unknown;
  lb: LoadBalancingPlan;
  efs: EfsPlan;
  serviceConnect: ServiceConnectPlan;
  /** The services that call a service (`callerIndex`). */
  callers(service: Service): Service[];
  /** The target groups of a service's targets, in `lb.targetGroups` order. */
  targetGroups(service: Service): TargetGroupInfo[];
  execRole: string;
  /** Instance security group rules already added (one per load balancer and port range). */
  instanceIngress: Set<string>;
  useCountParameters: boolean;
  /** The `IsRunning` condition. */
  running: string;
  clusterValue: unknown;
  /** The cluster name inside a `Fn::Sub` string. */
  clusterText: string;
  serviceOutputs: boolean;
  /** What each service's task definition was built with, by service name (jobs.ts copies it). */
  taskDefinitionRefs: Map<string, TaskDefRefs>;
}

/**
 * A container's image in a task definition: its parameter (a built image, or an own released
 * one), in a one-off task's task definition the jobs' parameter when it is set, else the
 * input's fixed reference.
 */
export function imageValue(ctx: Ctx, images: ImagePlan, container: Container, forJob: boolean): unknown {
  const p = images.parameters.get(container);
  if (p === undefined) {
    if (container.image.kind !== 'ref') throw new Error(`internal: no image parameter for container ${container.name}`);
    return container.image.ref;
  }
  return parameterImage(ctx, images, p, forJob);
}

/** `{Tags: […]}` for a resource type that takes the standard tag list, when the input has tags. */
export function tagsFor(ctx: Ctx, type: string): Record<string, unknown> {
  const t = TAGGABLE.has(type) ? ctx.stack.tagList() : undefined;
  return t ? { Tags: t } : {};
}

/** Rewrites an IR env template (`${Param}` = excluded-service endpoint) into a `Fn::Sub` string. */
function subTemplate(template: string, parameterIds: Map<string, string>, allowed: Set<string>): string {
  let out = '';
  let last = 0;
  for (const m of template.matchAll(/\$\{([A-Za-z0-9]+)\}/g)) {
    const name = m[1]!;
    const id = parameterIds.get(name);
    if (!allowed.has(name) || id === undefined) continue;
    out += subLiteral(template.slice(last, m.index)) + `\${${id}}`;
    last = m.index! + m[0].length;
  }
  return out + subLiteral(template.slice(last));
}

export function emitService(ctx: Ctx, service: Service, env: ServiceEnv): void {
  const { app, stack, names, facts } = ctx;
  const { fargate, images, excluded, secrets, capacity, serviceSecurityGroup, lb, efs, serviceConnect, callers, execRole, instanceIngress, useCountParameters, running, clusterValue, clusterText, serviceOutputs } = env;
  const awsvpc = (s: Service) => s.task.networkMode === 'awsvpc';
  const base = names.service(service.name);
  const serviceId = names.forService(service, 'Service');
  const taskRoleArn = taskRole(ctx, service, efs.statements(service), queueStatements(ctx, service));
  const refs: TaskDefRefs = {
    executionRoleArn: () => getAtt(execRole, 'Arn'),
    taskRoleArn: () => taskRoleArn,
    // A one-off task's own task definition runs the jobs' image (parameters.ts `parameterImage`).
    image: (_s, container) => imageValue(ctx, images, container, service.role === 'job'),
    secretValueFrom: (secret) => secrets.valueFrom(secret),
    registryCredentials: (secret) => secrets.registryCredentials(secret),
    envTemplate: (template, parameters) => {
      for (const p of parameters) stack.param(excluded.get(p.parameter)!);
      return sub(subTemplate(template, excluded, new Set(parameters.map((p) => p.parameter))));
    },
    logGroup: () => ref(FIXED.logGroup),
    region: () => ref('AWS::Region'),
    efsFileSystemId: (volume) => {
      const v = efs.volumes.get(volume);
      if (!v) throw new Error(`internal: volume ${volume} has no file system`);
      return v.fileSystemId;
    },
    efsAccessPointId: (volume) => {
      const v = efs.volumes.get(volume);
      if (!v || v.accessPointId === undefined) throw new Error(`internal: volume ${volume} has no access point`);
      return v.accessPointId;
    },
    queueUrl: () => queueUrl(ctx, ctx.app.queue!),
  };
  env.taskDefinitionRefs.set(service.name, refs);
  const taskDefinitionId = names.forService(service, 'TaskDefinition');
  const taskDefinition = apiToCloudFormation(buildTaskDefinition(app, service, refs)) as Record<string, unknown>;
  stack.addResource(taskDefinitionId, {
    Type: 'AWS::ECS::TaskDefinition',
    Properties: { ...taskDefinition, ...tagsFor(ctx, 'AWS::ECS::TaskDefinition') },
  });

  // Network: a security group per awsvpc service, open to its load balancers and callers.
  const targets = env.targetGroups(service);
  const ports = [...new Map(service.task.containers.flatMap((c) => c.ports).map((p) => [`${p.protocol}/${p.containerPort}`, p])).values()].sort(
    (a, b) => a.containerPort - b.containerPort || (a.protocol < b.protocol ? -1 : 1),
  );
  if (awsvpc(service)) {
    const sg = names.forService(service, 'SecurityGroup');
    stack.addResource(sg, {
      Type: 'AWS::EC2::SecurityGroup',
      Properties: {
        GroupDescription: groupDescription(`Service ${service.name} of ${app.name}`),
        VpcId: stack.param(FIXED.vpc),
        ...tagsFor(ctx, 'AWS::EC2::SecurityGroup'),
      },
    });
    // From each load balancer: the target port, and the health-check port when it differs.
    const seen = new Set<string>();
    for (const t of targets) {
      // Health checks are TCP/HTTP(S), also for UDP targets.
      const trafficProtocol = t.target.protocol === 'UDP' ? 'udp' : 'tcp';
      const checkPort = t.target.healthCheck.port ?? t.target.containerPort;
      const openings: ['tcp' | 'udp', number][] = [[trafficProtocol, t.target.containerPort]];
      if (trafficProtocol === 'udp' || checkPort !== t.target.containerPort) openings.push(['tcp', checkPort]);
      for (const [protocol, port] of openings) {
        const key = `${t.lb.id}/${protocol}/${port}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const lbBase = names.loadBalancer(t.lb.id);
        stack.addResource(names.id(`ingress:${service.name}:lb:${key}`, `${base}From${lbBase}${protocol === 'udp' ? 'Udp' : ''}${port}Ingress`), {
          Type: 'AWS::EC2::SecurityGroupIngress',
          Properties: {
            GroupId: getAtt(sg, 'GroupId'),
            IpProtocol: protocol,
            FromPort: port,
            ToPort: port,
            SourceSecurityGroupId: lb.securityGroup(t.lb.id),
            Description: groupDescription(`From load balancer ${t.lb.id} to ${service.name}:${port}`),
          },
        });
      }
    }
    for (const caller of callers(service)) {
      for (const p of ports) {
        stack.addResource(
          names.id(
            `ingress:${service.name}:from:${caller.name}:${p.protocol}/${p.containerPort}`,
            `${base}From${names.service(caller.name)}${p.protocol === 'udp' ? 'Udp' : ''}${p.containerPort}Ingress`,
          ),
          {
            Type: 'AWS::EC2::SecurityGroupIngress',
            Properties: {
              GroupId: getAtt(sg, 'GroupId'),
              IpProtocol: p.protocol,
              FromPort: p.containerPort,
              ToPort: p.containerPort,
              SourceSecurityGroupId: serviceSecurityGroup(caller),
              Description: groupDescription(`From service ${caller.name} to ${service.name}:${p.containerPort}`),
            },
          },
        );
      }
    }
  } else if (capacity) {
    for (const caller of callers(service)) if (awsvpc(caller)) facts.mixedNetworkModes.push({ service, caller });
    // Bridge/host mode: the load balancer reaches the instances on the tasks' host ports
    // (the dynamic range in bridge mode).
    for (const t of targets) {
      const bridge = service.task.networkMode === 'bridge';
      const from = bridge ? 32768 : t.target.containerPort;
      const to = bridge ? 65535 : t.target.containerPort;
      const key = `${t.lb.id}/${from}-${to}`;
      if (instanceIngress.has(key)) continue;
      instanceIngress.add(key);
      const lbBase = names.loadBalancer(t.lb.id);
      stack.addResource(names.id(`ingress:instances:${key}`, `InstancesFrom${lbBase}${bridge ? 'DynamicPorts' : from}Ingress`), {
        Type: 'AWS::EC2::SecurityGroupIngress',
        Properties: {
          GroupId: capacity.instanceSecurityGroup(),
          IpProtocol: 'tcp',
          FromPort: from,
          ToPort: to,
          SourceSecurityGroupId: lb.securityGroup(t.lb.id),
          Description: groupDescription(`From load balancer ${t.lb.id} to the task host ports`),
        },
      });
    }
  }

  // A one-off task (role `job`) has its task definition, security group and roles, and no ECS
  // service: its stack output runs it (jobs.ts).
  if (service.role === 'job') return;

  // The service. With a scalable target the count is left to Application Auto Scaling while
  // Running is true, so a stack update does not reset it (see scalingOwnsDesiredCount).
  let desiredValue: unknown;
  if (usesDesiredCount(ctx, service)) {
    const desiredParam = desiredCountParameter(ctx, service, useCountParameters);
    desiredValue = desiredParam ? stack.param(desiredParam) : desiredCountDefault(service);
  }
  const props: Record<string, unknown> = {
    Cluster: clusterValue,
    ServiceName: ecsServiceName(service.name),
    TaskDefinition: ref(taskDefinitionId),
    DesiredCount: iff(running, scalingOwnsDesiredCount(ctx, service) ? NO_VALUE : desiredValue, 0),
  };
  Object.assign(props, placement(ctx, service, fargate, capacity));
  const dependsOn: string[] = [];
  if (targets.length > 0) {
    props['LoadBalancers'] = targets.map((t) => ({
      ContainerName: t.target.container,
      ContainerPort: t.target.containerPort,
      TargetGroupArn: ref(t.id),
    }));
    const grace = targets.map((t) => t.target.healthCheckGracePeriodSeconds).filter((g): g is number => g !== undefined);
    props['HealthCheckGracePeriodSeconds'] = grace.length > 0 ? Math.max(...grace) : DEFAULT_GRACE_PERIOD_SECONDS;
    for (const t of targets) for (const r of lb.attachments.get(t.target.id) ?? []) dependsOn.push(r);
  }
  const deployment: Record<string, unknown> = { DeploymentCircuitBreaker: { Enable: true, Rollback: true } };
  if (service.deployment?.maximumPercent !== undefined) deployment['MaximumPercent'] = service.deployment.maximumPercent;
  if (service.deployment?.minimumHealthyPercent !== undefined) deployment['MinimumHealthyPercent'] = service.deployment.minimumHealthyPercent;
  props['DeploymentConfiguration'] = deployment;
  if (service.enableExecuteCommand) props['EnableExecuteCommand'] = true;
  const sc = serviceConnect.configuration(service);
  if (sc) props['ServiceConnectConfiguration'] = sc;
  props['EnableECSManagedTags'] = true;
  props['PropagateTags'] = 'SERVICE';
  Object.assign(props, tagsFor(ctx, 'AWS::ECS::Service'));
  if (capacity?.associations) dependsOn.push(capacity.associations);
  dependsOn.push(...efs.dependencies(service));
  stack.addResource(serviceId, { Type: 'AWS::ECS::Service', DependsOn: dependsOn, Properties: props });

  scalingResources(ctx, service, {
    serviceId,
    clusterText,
    isRunning: running,
    desiredCount: desiredValue,
    albTargets: targets.filter((t) => t.lb.type === 'application'),
  });

  if (serviceOutputs) {
    stack.addOutput(names.forService(service, 'ServiceName'), {
      Description: `ECS service name of ${service.name}.`,
      Value: getAtt(serviceId, 'Name'),
    });
  }
}

/**
 * Where a service's tasks run: launch type or capacity providers, placement, and the awsvpc
 * network configuration. Its jobs run the same way (jobs.ts), except on Fargate Spot.
 */
export function placement(ctx: Ctx, service: Service, fargate: boolean, capacity: Ec2Capacity | undefined): Record<string, unknown> {
  const { app, stack, names } = ctx;
  const props: Record<string, unknown> = {};
  if (fargate) {
    if (service.spot) {
      props['CapacityProviderStrategy'] = [
        { CapacityProvider: 'FARGATE', Base: 1, Weight: 0 },
        { CapacityProvider: 'FARGATE_SPOT', Weight: 1 },
      ];
    } else props['LaunchType'] = 'FARGATE';
  } else if (capacity?.capacityProvider) {
    props['CapacityProviderStrategy'] = [{ CapacityProvider: ref(capacity.capacityProvider), Weight: 1 }];
    props['PlacementStrategies'] = [
      { Type: 'spread', Field: 'attribute:ecs.availability-zone' },
      { Type: 'binpack', Field: 'memory' },
    ];
  } else {
    props['LaunchType'] = 'EC2';
  }
  if (service.task.networkMode === 'awsvpc') {
    const publicIp = service.assignPublicIp ?? app.settings.network?.assignPublicIp ?? false;
    props['NetworkConfiguration'] = {
      AwsvpcConfiguration: {
        AssignPublicIp: publicIp ? 'ENABLED' : 'DISABLED',
        SecurityGroups: [getAtt(names.forService(service, 'SecurityGroup'), 'GroupId')],
        Subnets: stack.param(publicIp ? FIXED.publicSubnets : FIXED.privateSubnets),
      },
    };
  }
  return props;
}
