/**
 * Load balancers from `app.ingress` (the ports pass): the balancer in the public subnets (or the
 * task subnets when internal), its security group open on the listener ports, listeners, rules
 * and one target group per target (type `ip` for awsvpc tasks, `instance` for bridge mode).
 *
 * HTTPS: an HTTPS/TLS listener in the IR uses its certificate, the input's, or a required
 * `CertificateArn` parameter. An application load balancer with only HTTP on port 80 gets an
 * optional `CertificateArn`: when it is given, the stack adds HTTPS on 443 with the same routing
 * and HTTP redirects to it.
 */
import type { LoadBalancer, Listener, ListenerAction, ListenerRule, Target } from '../../ir/types.js';
import { FIXED, groupDescription, TAGGABLE, type Ctx } from './context.js';
import { equals, getAtt, iff, not, NO_VALUE, ref, sub } from './intrinsics.js';
import { pascalCase } from './logical-ids.js';

export interface TargetGroupInfo {
  id: string;
  target: Target;
  lb: LoadBalancer;
  lbResource: string | undefined;
  /** Literal ARN of an existing load balancer, when attaching to one. */
  lbArn: string | undefined;
}

export interface LoadBalancingPlan {
  /** Target groups by target id (each target is served by one load balancer). */
  targetGroups: Map<string, TargetGroupInfo>;
  /** Resources that attach a target group to its load balancer (ECS needs them first). */
  attachments: Map<string, Set<string>>;
  /** Security group of a load balancer, as a value for `SourceSecurityGroupId`. */
  securityGroup(lbId: string): unknown;
}

const DEFAULT_SSL_POLICY = 'ELBSecurityPolicy-TLS13-1-2-2021-06';

type CertMode = { kind: 'literal'; arn: string } | { kind: 'optional' } | { kind: 'required' };

function tags(ctx: Ctx, type: string): Record<string, unknown> {
  const t = TAGGABLE.has(type) ? ctx.stack.tagList() : undefined;
  return t ? { Tags: t } : {};
}

function ingressProtocols(protocol: Listener['protocol']): ('tcp' | 'udp')[] {
  if (protocol === 'UDP') return ['udp'];
  if (protocol === 'TCP_UDP') return ['tcp', 'udp'];
  return ['tcp'];
}

/** Whether an application load balancer gets the optional HTTPS listener. */
function mirrorsHttps(lb: LoadBalancer): Listener | undefined {
  if (lb.type !== 'application') return undefined;
  if (lb.listeners.some((l) => l.protocol === 'HTTPS' || l.port === 443)) return undefined;
  return lb.listeners.find((l) => l.protocol === 'HTTP' && l.port === 80);
}

function declareCertificate(ctx: Ctx, required: boolean): void {
  ctx.stack.ids.claim(FIXED.certificate);
  ctx.stack.declareParameter(
    FIXED.certificate,
    'Load balancer',
    () =>
      required
        ? {
            Type: 'String',
            Description: 'ARN of the ACM certificate for the HTTPS listeners.',
            AllowedPattern: '^arn:aws[a-z-]*:(acm|iam):.+$',
            ConstraintDescription: 'an ACM (or IAM) certificate ARN',
          }
        : {
            Type: 'String',
            Description:
              'ARN of an ACM certificate (optional). When set, the load balancer also listens for HTTPS on port 443 and redirects HTTP to HTTPS.',
            Default: '',
            AllowedPattern: '^(arn:aws[a-z-]*:(acm|iam):.+)?$',
            ConstraintDescription: 'empty, or an ACM (or IAM) certificate ARN',
          },
    'Certificate ARN',
  );
}

export function planLoadBalancing(ctx: Ctx, targetTypeOf: (target: Target) => 'ip' | 'instance'): LoadBalancingPlan {
  const { app, stack, names } = ctx;
  const lbSettings = app.settings.loadBalancer;
  const targetsById = new Map(app.ingress.targets.map((t) => [t.id, t]));
  const targetGroups = new Map<string, TargetGroupInfo>();
  const attachments = new Map<string, Set<string>>();
  const securityGroups = new Map<string, unknown>();

  const needsParamCert = app.ingress.loadBalancers.some((lb) =>
    lb.listeners.some((l) => (l.protocol === 'HTTPS' || l.protocol === 'TLS') && !l.certificateArn && !lbSettings?.certificateArn),
  );
  const mirrorCert: CertMode = lbSettings?.certificateArn
    ? { kind: 'literal', arn: lbSettings.certificateArn }
    : needsParamCert
      ? { kind: 'required' }
      : { kind: 'optional' };
  if (needsParamCert) declareCertificate(ctx, true);
  else if (!lbSettings?.certificateArn && app.ingress.loadBalancers.some((lb) => mirrorsHttps(lb))) declareCertificate(ctx, false);

  const certificate = (l: Listener): unknown => l.certificateArn ?? lbSettings?.certificateArn ?? stack.param(FIXED.certificate);

  // A single existing load balancer can be reused (`x-aws-loadbalancer`).
  const existingArn = lbSettings?.existingArn && app.ingress.loadBalancers.length === 1 ? lbSettings.existingArn : undefined;
  if (lbSettings?.existingArn && app.ingress.loadBalancers.length > 1) ctx.facts.existingLoadBalancerIgnored = true;

  for (const lb of app.ingress.loadBalancers) {
    const base = names.loadBalancer(lb.id);
    const lbId = existingArn ? undefined : names.id(`lb:${lb.id}`, `${base}LoadBalancer`);
    const lbValue = existingArn ?? ref(lbId!);
    const mirrored = mirrorsHttps(lb);
    const conditional = mirrored !== undefined && mirrorCert.kind === 'optional';
    const hasCert = conditional
      ? stack.addCondition(FIXED.hasCertificate, not(equals(stack.param(FIXED.certificate), '')))
      : undefined;

    // Security group: open on every listener port, to the internet or to the internal range.
    if (existingArn) {
      const sgParam = names.id(`lb:${lb.id}:sgparam`, 'LoadBalancerSecurityGroupId');
      stack.declareParameter(
        sgParam,
        'Load balancer',
        () => ({
          Type: 'AWS::EC2::SecurityGroup::Id',
          Description: `Security group of the existing load balancer ${existingArn}; the services accept traffic from it.`.slice(0, 4000),
        }),
        'Load balancer security group',
      );
      securityGroups.set(lb.id, stack.param(sgParam));
    } else {
      const sgId = names.id(`lb:${lb.id}:sg`, `${base}SecurityGroup`);
      securityGroups.set(lb.id, getAtt(sgId, 'GroupId'));
      const source =
        lb.scheme === 'internet-facing'
          ? { CidrIp: '0.0.0.0/0' }
          : { CidrIp: stack.param(FIXED.internalCidr) };
      const ingress: unknown[] = [];
      const seen = new Set<string>();
      const openPort = (port: number, protocol: 'tcp' | 'udp', when?: string) => {
        const key = `${protocol}/${port}`;
        if (seen.has(key)) return;
        seen.add(key);
        const rule = { IpProtocol: protocol, FromPort: port, ToPort: port, ...source, Description: groupDescription(`${protocol.toUpperCase()} ${port} to the load balancer`) };
        ingress.push(when ? iff(when, rule, NO_VALUE) : rule);
      };
      for (const l of [...lb.listeners].sort((a, b) => a.port - b.port)) for (const p of ingressProtocols(l.protocol)) openPort(l.port, p);
      if (mirrored) openPort(443, 'tcp', hasCert);
      stack.addResource(sgId, {
        Type: 'AWS::EC2::SecurityGroup',
        Properties: {
          GroupDescription: groupDescription(`${lb.type === 'network' ? 'Network' : 'Application'} load balancer ${lb.id} of ${app.name}`),
          VpcId: stack.param(FIXED.vpc),
          SecurityGroupIngress: ingress,
          ...tags(ctx, 'AWS::EC2::SecurityGroup'),
        },
      });
      const attributes: { Key: string; Value: string }[] = [];
      if (lb.type === 'application') {
        if (lb.idleTimeoutSeconds !== undefined) attributes.push({ Key: 'idle_timeout.timeout_seconds', Value: String(lb.idleTimeoutSeconds) });
        attributes.push({ Key: 'routing.http.drop_invalid_header_fields.enabled', Value: 'true' });
      }
      stack.addResource(lbId!, {
        Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer',
        Properties: {
          Type: lb.type,
          Scheme: lb.scheme,
          Subnets: stack.param(lb.scheme === 'internet-facing' ? FIXED.publicSubnets : FIXED.privateSubnets),
          SecurityGroups: [getAtt(sgId, 'GroupId')],
          ...(attributes.length > 0 ? { LoadBalancerAttributes: attributes } : {}),
          ...tags(ctx, 'AWS::ElasticLoadBalancingV2::LoadBalancer'),
        },
      });
    }

    // Target groups for every target this balancer forwards to.
    const targetGroupOf = (targetId: string): string => {
      const known = targetGroups.get(targetId);
      if (known) {
        if (known.lb !== lb) throw new Error(`internal: target ${targetId} is served by two load balancers`);
        return known.id;
      }
      const target = targetsById.get(targetId);
      if (!target) throw new Error(`internal: listener forwards to unknown target ${targetId}`);
      const id = names.id(`tg:${targetId}`, `${names.target(targetId)}TargetGroup`);
      targetGroups.set(targetId, { id, target, lb, lbResource: lbId, lbArn: existingArn });
      stack.addResource(id, { Type: 'AWS::ElasticLoadBalancingV2::TargetGroup', Properties: targetGroupProperties(ctx, target, lb, targetTypeOf(target)) });
      return id;
    };
    const attach = (targetId: string, resource: string) => {
      const set = attachments.get(targetId) ?? new Set<string>();
      set.add(resource);
      attachments.set(targetId, set);
    };
    const action = (a: ListenerAction, attachedBy: string | undefined): Record<string, unknown> => {
      switch (a.kind) {
        case 'forward': {
          const tg = targetGroupOf(a.target);
          if (attachedBy) attach(a.target, attachedBy);
          return { Type: 'forward', TargetGroupArn: ref(tg) };
        }
        case 'redirect':
          return { Type: 'redirect', RedirectConfig: { Protocol: a.protocol, Port: String(a.port), StatusCode: 'HTTP_301' } };
        case 'fixed-response':
          return {
            Type: 'fixed-response',
            FixedResponseConfig: {
              StatusCode: String(a.statusCode),
              ContentType: 'text/plain',
              ...(a.body !== undefined ? { MessageBody: a.body } : {}),
            },
          };
      }
    };
    const redirectToHttps = { Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' } };

    const listenerId = (protocol: string, port: number) =>
      names.id(`listener:${lb.id}:${protocol}:${port}`, `${base}${pascalCase(protocol.toLowerCase())}${port}Listener`);
    const ruleId = (protocol: string, port: number, priority: number) =>
      names.id(`rule:${lb.id}:${protocol}:${port}:${priority}`, `${base}${pascalCase(protocol.toLowerCase())}${port}Rule${priority}`);

    const waitFor: string[] = [];
    const emitListener = (l: Listener, opts: { https?: boolean; condition?: string; redirectWhen?: string; redirectAlways?: boolean }) => {
      const protocol = opts.https ? 'HTTPS' : l.protocol;
      const port = opts.https ? 443 : l.port;
      const id = listenerId(protocol, port);
      // Resources under a condition cannot be named in DependsOn; they are waited for via a handle.
      const attachedBy = opts.condition ? undefined : id;
      let defaultAction: unknown = action(l.defaultAction, attachedBy);
      if (opts.redirectAlways) defaultAction = redirectToHttps;
      else if (opts.redirectWhen) defaultAction = iff(opts.redirectWhen, redirectToHttps, defaultAction);
      const props: Record<string, unknown> = {
        LoadBalancerArn: lbValue,
        Port: port,
        Protocol: protocol,
        DefaultActions: [defaultAction],
      };
      if (protocol === 'HTTPS' || protocol === 'TLS') {
        props['Certificates'] = [{ CertificateArn: opts.https ? (mirrorCert.kind === 'literal' ? mirrorCert.arn : stack.param(FIXED.certificate)) : certificate(l) }];
        props['SslPolicy'] = l.sslPolicy ?? lbSettings?.sslPolicy ?? DEFAULT_SSL_POLICY;
      }
      stack.addResource(id, {
        Type: 'AWS::ElasticLoadBalancingV2::Listener',
        ...(opts.condition ? { Condition: opts.condition } : {}),
        Properties: props,
      });
      if (opts.condition) waitFor.push(id);
      for (const rule of [...l.rules].sort((a, b) => a.priority - b.priority)) {
        const rid = ruleId(protocol, port, rule.priority);
        let ruleAction: unknown = action(rule.action, opts.condition ? undefined : rid);
        if (opts.redirectAlways) ruleAction = redirectToHttps;
        else if (opts.redirectWhen) ruleAction = iff(opts.redirectWhen, redirectToHttps, ruleAction);
        stack.addResource(rid, {
          Type: 'AWS::ElasticLoadBalancingV2::ListenerRule',
          ...(opts.condition ? { Condition: opts.condition } : {}),
          Properties: {
            ListenerArn: ref(id),
            Priority: rule.priority,
            Conditions: ruleConditions(rule),
            Actions: [ruleAction],
          },
        });
        if (opts.condition) waitFor.push(rid);
      }
      return id;
    };

    for (const l of lb.listeners) {
      if (mirrored === l && mirrorCert) {
        if (mirrorCert.kind !== 'optional') {
          emitListener(l, { redirectAlways: true });
          emitListener(l, { https: true });
        } else if (conditional) {
          emitListener(l, { redirectWhen: hasCert });
          emitListener(l, { https: true, condition: hasCert });
        } else {
          emitListener(l, {});
        }
      } else {
        emitListener(l, {});
      }
    }

    // With the optional certificate, the HTTPS listener and its rules may or may not exist; the
    // services wait for them through this handle, whose metadata refers to them conditionally.
    if (waitFor.length > 0 && hasCert) {
      const handle = names.id(`lb:${lb.id}:https-ready`, `${base}HttpsReady`);
      stack.addResource(handle, {
        Type: 'AWS::CloudFormation::WaitConditionHandle',
        Metadata: {
          Purpose: 'Services behind the load balancer are created after the HTTPS listener and its rules, when a certificate is given.',
          WaitsFor: waitFor.map((r) => iff(hasCert, ref(r), '')),
        },
      });
      for (const [targetId, info] of targetGroups) if (info.lb === lb) attach(targetId, handle);
    }

    // Outputs: the address users open.
    if (lbId) {
      const firstHttp = lb.listeners.find((l) => l.protocol === 'HTTP' || l.protocol === 'HTTPS');
      if (lb.type === 'application' && firstHttp) {
        const url = (scheme: string, port: number) =>
          sub(`${scheme}://\${${lbId}.DNSName}${(scheme === 'http' && port === 80) || (scheme === 'https' && port === 443) ? '' : `:${port}`}`);
        const https = lb.listeners.find((l) => l.protocol === 'HTTPS');
        let value: unknown;
        if (https) value = url('https', https.port);
        else if (mirrored && mirrorCert && mirrorCert.kind !== 'optional') value = url('https', 443);
        else if (mirrored && hasCert) value = iff(hasCert, url('https', 443), url('http', 80));
        else value = url('http', firstHttp.port);
        const output = names.id(`output:lb:${lb.id}`, `${base}Url`);
        stack.addOutput(output, {
          Description: `Address of the ${lb.scheme} application load balancer ${lb.id}.`,
          Value: value,
        });
        if (lb.scheme === 'internet-facing') ctx.facts.publicAddressOutputs.push(output);
      } else {
        const output = names.id(`output:lb:${lb.id}`, `${base}DnsName`);
        stack.addOutput(output, {
          Description: `DNS name of the ${lb.scheme} ${lb.type} load balancer ${lb.id}.`,
          Value: getAtt(lbId, 'DNSName'),
        });
        if (lb.scheme === 'internet-facing') ctx.facts.publicAddressOutputs.push(output);
      }
    }
  }

  return {
    targetGroups,
    attachments,
    securityGroup(lbId: string): unknown {
      const sg = securityGroups.get(lbId);
      if (sg === undefined) throw new Error(`internal: no security group for load balancer ${lbId}`);
      return sg;
    },
  };
}

function ruleConditions(rule: ListenerRule): unknown[] {
  const out: unknown[] = [];
  if (rule.hosts.length > 0) out.push({ Field: 'host-header', HostHeaderConfig: { Values: rule.hosts } });
  if (rule.paths.length > 0) out.push({ Field: 'path-pattern', PathPatternConfig: { Values: rule.paths } });
  if (out.length === 0) out.push({ Field: 'path-pattern', PathPatternConfig: { Values: ['/*'] } });
  return out;
}

function targetGroupProperties(ctx: Ctx, target: Target, lb: LoadBalancer, targetType: 'ip' | 'instance'): Record<string, unknown> {
  const hc = target.healthCheck;
  const httpTarget = target.protocol === 'HTTP' || target.protocol === 'HTTPS';
  const hcProtocol = hc.protocol ?? (httpTarget ? target.protocol : 'TCP');
  const httpCheck = hcProtocol === 'HTTP' || hcProtocol === 'HTTPS';
  const props: Record<string, unknown> = {
    TargetType: targetType,
    Protocol: target.protocol,
    Port: target.containerPort,
    VpcId: ctx.stack.param(FIXED.vpc),
  };
  if (httpTarget && target.protocolVersion) props['ProtocolVersion'] = target.protocolVersion;
  props['HealthCheckEnabled'] = true;
  props['HealthCheckProtocol'] = hcProtocol;
  if (hc.port !== undefined) props['HealthCheckPort'] = String(hc.port);
  if (httpCheck && hc.path !== undefined) props['HealthCheckPath'] = hc.path;
  if (hc.intervalSeconds !== undefined) props['HealthCheckIntervalSeconds'] = hc.intervalSeconds;
  if (hc.timeoutSeconds !== undefined) props['HealthCheckTimeoutSeconds'] = hc.timeoutSeconds;
  if (hc.healthyThreshold !== undefined) props['HealthyThresholdCount'] = hc.healthyThreshold;
  if (hc.unhealthyThreshold !== undefined) props['UnhealthyThresholdCount'] = hc.unhealthyThreshold;
  if (httpCheck && hc.matcher !== undefined) {
    props['Matcher'] = target.protocolVersion === 'GRPC' ? { GrpcCode: hc.matcher } : { HttpCode: hc.matcher };
  }
  const attributes: { Key: string; Value: string }[] = [];
  if (target.deregistrationDelaySeconds !== undefined) {
    attributes.push({ Key: 'deregistration_delay.timeout_seconds', Value: String(target.deregistrationDelaySeconds) });
  }
  if (target.stickiness) {
    attributes.push({ Key: 'stickiness.enabled', Value: String(target.stickiness.enabled) });
    if (target.stickiness.enabled) {
      attributes.push({ Key: 'stickiness.type', Value: lb.type === 'application' ? 'lb_cookie' : 'source_ip' });
      if (lb.type === 'application' && target.stickiness.durationSeconds !== undefined) {
        attributes.push({ Key: 'stickiness.lb_cookie.duration_seconds', Value: String(target.stickiness.durationSeconds) });
      }
    }
  }
  if (attributes.length > 0) props['TargetGroupAttributes'] = attributes;
  const t = ctx.stack.tagList();
  if (t) props['Tags'] = t;
  return props;
}
