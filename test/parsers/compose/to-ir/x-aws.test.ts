import { describe, expect, it } from 'vitest';
import { container, convert, expectReported, service } from './support.js';

describe("x-aws-* keys of Docker's ECS integration", () => {
  it('top-level keys become settings', () => {
    const { app, diagnostics } = convert(`
x-aws-cluster: my-cluster
x-aws-vpc: vpc-25435e
x-aws-loadbalancer: arn:aws:elasticloadbalancing:eu-west-3:123456789012:loadbalancer/app/lb/50dc6c495c0c9188
x-aws-logs_retention: 30
x-aws-cloudformation:
  Resources:
    AppTCP80TargetGroup:
      Properties:
        HealthCheckPath: /health
x-aws-securitygroup: sg-1
services:
  app: {image: nginx}
`);
    expect(app.settings).toMatchObject({
      cluster: { name: 'my-cluster' },
      network: { vpcId: 'vpc-25435e' },
      loadBalancer: { existingArn: 'arn:aws:elasticloadbalancing:eu-west-3:123456789012:loadbalancer/app/lb/50dc6c495c0c9188', listeners: [] },
      logRetentionDays: 30,
      cloudformationOverlay: { Resources: { AppTCP80TargetGroup: { Properties: { HealthCheckPath: '/health' } } } },
    });
    expectReported(diagnostics, [
      ['compose/x-aws-setting', 'x-aws-cluster'],
      ['compose/x-aws-setting', 'x-aws-vpc'],
      ['compose/x-aws-setting', 'x-aws-loadbalancer'],
      ['compose/x-aws-setting', 'x-aws-logs_retention'],
      ['compose/x-aws-setting', 'x-aws-cloudformation'],
      ['compose/x-aws-unsupported', 'x-aws-securitygroup'],
    ]);
  });

  it('a retention CloudWatch does not accept is rounded up', () => {
    const { app, diagnostics } = convert('x-aws-logs_retention: 10\nservices:\n  a: {image: x}\n');
    expect(app.settings.logRetentionDays).toBe(14);
    expectReported(diagnostics, [['compose/approximated', 'x-aws-logs_retention']]);
  });

  it('service keys: role (document or ARN), policies, pull credentials', () => {
    const { app, diagnostics } = convert(`
services:
  worker:
    image: private/worker
    x-aws-pull_credentials: arn:aws:secretsmanager:eu-west-3:123456789012:secret:pullcred
    x-aws-policies: ["arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"]
    x-aws-role:
      Version: "2012-10-17"
      Statement:
        - Effect: Allow
          Action: sqs:*
          Resource: arn:aws:sqs:us-east-1:123456789012:queue
  other:
    image: x
    x-aws-role: arn:aws:iam::123456789012:role/existing
`);
    const worker = service(app, 'worker');
    expect(worker.taskRole).toMatchObject({
      managedPolicyArns: ['arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess'],
      statements: [{ Effect: 'Allow', Action: 'sqs:*', Resource: 'arn:aws:sqs:us-east-1:123456789012:queue' }],
    });
    expect(service(app, 'other').taskRole).toMatchObject({ arn: 'arn:aws:iam::123456789012:role/existing', managedPolicyArns: [], statements: [] });
    expect(container(app, 'worker').repositoryCredentials).toEqual({ secret: 'worker-registry-credentials' });
    expect(app.secrets).toMatchObject([{ name: 'worker-registry-credentials', reason: 'registry-credentials', existing: { arn: 'arn:aws:secretsmanager:eu-west-3:123456789012:secret:pullcred' } }]);
    expectReported(diagnostics, [
      ['compose/x-aws-setting', 'services.worker.x-aws-pull_credentials'],
      ['compose/x-aws-setting', 'services.worker.x-aws-policies'],
      ['compose/x-aws-setting', 'services.worker.x-aws-role'],
      ['compose/x-aws-setting', 'services.other.x-aws-role'],
    ]);
  });

  it('deploy.x-aws-autoscaling → scaling', () => {
    const { app, diagnostics } = convert('services:\n  a:\n    image: x\n    deploy:\n      replicas: 2\n      x-aws-autoscaling: {max: 10, cpu: 75, memory: 80}\n');
    expect(service(app, 'a').scaling).toMatchObject({ min: 2, max: 10, targets: [{ metric: 'cpu', value: 75 }, { metric: 'memory', value: 80 }] });
    expectReported(diagnostics, [['compose/x-aws-setting', 'services.a.deploy.x-aws-autoscaling']]);
  });

  const problems: [string, string, string][] = [
    ['services:\n  a: {image: x, deploy: {x-aws-autoscaling: {cpu: 50}}}\n', 'compose/invalid-value', 'services.a.deploy.x-aws-autoscaling'],
    ['services:\n  a: {image: x, deploy: {x-aws-autoscaling: {min: 5, max: 2}}}\n', 'compose/invalid-value', 'services.a.deploy.x-aws-autoscaling'],
    ['services:\n  a: {image: x, deploy: {x-aws-autoscaling: 3}}\n', 'compose/x-aws-unsupported', 'services.a.deploy.x-aws-autoscaling'],
    ['services:\n  a: {image: x, deploy: {x-aws-autoscaling: {max: 3, requests: 5}}}\n', 'compose/x-aws-unsupported', 'services.a.deploy.x-aws-autoscaling.requests'],
    ['services:\n  a: {image: x, deploy: {x-aws-other: 1}}\n', 'compose/x-aws-unsupported', 'services.a.deploy.x-aws-other'],
    ['services:\n  a: {image: x, x-aws-autoscaling: {max: 2}}\n', 'compose/x-aws-unsupported', 'services.a.x-aws-autoscaling'],
    ['services:\n  a: {image: x, x-aws-min_percent: 50}\n', 'compose/x-aws-unsupported', 'services.a.x-aws-min_percent'],
    ['services:\n  a: {image: x, x-aws-keys: [a]}\n', 'compose/x-aws-unsupported', 'services.a.x-aws-keys'],
    ['services:\n  a: {image: x, x-aws-role: {Version: "2012-10-17"}}\n', 'compose/x-aws-unsupported', 'services.a.x-aws-role'],
    ['x-aws-cloudformation: [x]\nservices:\n  a: {image: x}\n', 'compose/x-aws-unsupported', 'x-aws-cloudformation'],
    ['x-aws-logs_retention: forever\nservices:\n  a: {image: x}\n', 'compose/invalid-value', 'x-aws-logs_retention'],
  ];
  for (const [input, rule, path] of problems) {
    it(`${rule} at ${path}`, () => expectReported(convert(input).diagnostics, [[rule, path]]));
  }
});
