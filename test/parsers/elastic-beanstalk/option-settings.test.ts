/** Option namespaces → IR: routes and health checks, listeners, scaling, sizing, network, secrets. */
import { describe, expect, it } from 'vitest';
import { compile, defaultLoadOptions } from '../../../src/index.js';
import { toAwsCron } from '../../../src/parsers/elastic-beanstalk/option-settings.js';
import { tempDir } from '../../support/fs-tree.js';
import { dockerrun, loadEb, ofRule, writeTree } from './helpers.js';
import { runCli } from '../../support/cli.js';

const V1 = dockerrun({ AWSEBDockerrunVersion: '1', Image: { Name: 'shop:1' }, Ports: [{ ContainerPort: '3000' }] });
const withConfig = (yaml: string, extra: Record<string, string> = {}) => loadEb({ 'Dockerrun.aws.json': V1, '.ebextensions/01.config': yaml, ...extra });

describe('process settings → routes', () => {
  it("writes EB's health-check defaults explicitly", async () => {
    const l = await withConfig('option_settings: {}\n');
    expect(l.app?.services[0]?.routes).toEqual([
      {
        container: 'web',
        containerPort: 3000,
        deregistrationDelaySeconds: 20,
        healthCheck: { path: '/', protocol: 'HTTP', intervalSeconds: 15, timeoutSeconds: 5, healthyThreshold: 3, unhealthyThreshold: 5, matcher: '200', source: 'eb' },
        origin: expect.objectContaining({ file: 'Dockerrun.aws.json' }),
      },
    ]);
  });

  it('takes path, interval, thresholds, matcher, deregistration delay and stickiness from the process', async () => {
    const l = await withConfig(
      'option_settings:\n  aws:elasticbeanstalk:environment:process:default:\n    HealthCheckPath: up\n    HealthCheckInterval: 30\n    HealthCheckTimeout: 10\n    HealthyThresholdCount: 2\n    UnhealthyThresholdCount: 3\n    MatcherHTTPCode: 200-299\n    DeregistrationDelay: 45\n    StickinessEnabled: true\n',
    );
    const route = l.app?.services[0]?.routes[0];
    expect(route?.healthCheck).toMatchObject({ path: '/up', intervalSeconds: 30, timeoutSeconds: 10, healthyThreshold: 2, unhealthyThreshold: 3, matcher: '200-299', source: 'eb' });
    expect(route?.healthCheck?.origin?.line).toBe(3);
    expect(route?.deregistrationDelaySeconds).toBe(45);
    expect(route?.stickiness).toEqual({ enabled: true, durationSeconds: 86400 });
  });

  it('keeps out-of-range health-check numbers for the health-checks pass, which moves them into range and says why', async () => {
    const config = 'option_settings:\n  aws:elasticbeanstalk:environment:process:default:\n    HealthCheckInterval: 900\n    UnhealthyThresholdCount: 1\n    HealthCheckTimeout: 20\n    HealthyThresholdCount: often\n';
    const l = await withConfig(config);
    expect(l.app?.services[0]?.routes[0]?.healthCheck).toMatchObject({ intervalSeconds: 900, unhealthyThreshold: 1, timeoutSeconds: 20, healthyThreshold: 3 });
    expect(ofRule(l, 'eb/option-value').map((d) => d.message)).toEqual(['Option HealthyThresholdCount (aws:elasticbeanstalk:environment:process:default) is `often`, not a whole number.']);
    // Through the whole pipeline: the target group's check is within the ELB ranges.
    const root = tempDir('ecsify-eb-test-');
    writeTree(root, { 'Dockerrun.aws.json': V1, '.ebextensions/01.config': config });
    const result = await compile(defaultLoadOptions({ cwd: root, path: '.' }));
    expect(result.app?.ingress.targets[0]?.healthCheck).toMatchObject({ intervalSeconds: 300, unhealthyThreshold: 2, timeoutSeconds: 20 });
    expect(result.diagnostics.filter((d) => d.rule === 'health/target-out-of-range').map((d) => d.message)).toEqual([
      'The load-balancer health check of service web (port 3000) is outside the ELB ranges: interval 900 s → 300 s, unhealthy threshold 1 → 2.',
    ]);
  });

  it('says when the timeout is not shorter than the interval', async () => {
    const l = await withConfig('option_settings:\n  aws:elasticbeanstalk:environment:process:default:\n    HealthCheckTimeout: 20\n');
    expect(ofRule(l, 'eb/option-value').map((d) => d.message)).toEqual(['Health check timeout (20 s) of process default is not shorter than its interval (15 s).']);
  });

  it('uses the Classic Load Balancer health check URL and policies', async () => {
    const l = await withConfig(
      'option_settings:\n  aws:elasticbeanstalk:application:\n    Application Healthcheck URL: HTTP:80/health\n  aws:elb:policies:\n    ConnectionDrainingEnabled: true\n    ConnectionDrainingTimeout: 60\n  aws:elb:healthcheck:\n    Interval: 20\n',
    );
    expect(l.app?.services[0]?.routes[0]).toMatchObject({ healthCheck: { path: '/health', intervalSeconds: 20 }, deregistrationDelaySeconds: 60 });
    expect(ofRule(l, 'eb/listener')[0]?.message).toMatch(/Classic Load Balancer/);
  });
});

describe('listeners and rules', () => {
  const V2 = dockerrun({
    AWSEBDockerrunVersion: 2,
    containerDefinitions: [
      { name: 'web', image: 'shop:1', memory: 256, portMappings: [{ hostPort: 80, containerPort: 3000 }] },
      { name: 'admin', image: 'admin:1', memory: 256, portMappings: [{ hostPort: 8080, containerPort: 8080 }] },
    ],
  });

  it('maps the default listener, an HTTPS listener and path rules to processes', async () => {
    const l = await loadEb({
      'Dockerrun.aws.json': V2,
      '.ebextensions/lb.config': [
        'option_settings:',
        '  aws:elbv2:listener:default:',
        '    ListenerEnabled: false',
        '  aws:elbv2:listener:443:',
        '    Protocol: HTTPS',
        '    SSLCertificateArns: arn:aws:acm:eu-west-1:111122223333:certificate/abc',
        '    SSLPolicy: ELBSecurityPolicy-TLS13-1-2-2021-06',
        '    Rules: admin',
        '  aws:elasticbeanstalk:environment:process:admin:',
        '    Port: 8080',
        '    HealthCheckPath: /admin/health',
        '  aws:elbv2:listenerrule:admin:',
        '    PathPatterns: /admin/*',
        '    Priority: 2',
        '    Process: admin',
        '',
      ].join('\n'),
    });
    const lb = l.app?.settings.loadBalancer;
    expect(lb?.type).toBe('application');
    expect(lb?.listeners.map((x) => [x.port, x.protocol, x.enabled, x.defaultService, x.certificateArn])).toEqual([
      [80, 'HTTP', false, 'web', undefined],
      [443, 'HTTPS', true, 'web', 'arn:aws:acm:eu-west-1:111122223333:certificate/abc'],
    ]);
    expect(lb?.certificateArn).toBe('arn:aws:acm:eu-west-1:111122223333:certificate/abc');
    expect(lb?.sslPolicy).toBe('ELBSecurityPolicy-TLS13-1-2-2021-06');
    const routes = l.app?.services[0]?.routes ?? [];
    expect(routes.map((r) => [r.container, r.containerPort, r.listenerPort, r.paths, r.priority, r.healthCheck?.path])).toEqual([
      ['web', 3000, undefined, undefined, undefined, '/'],
      ['admin', 8080, 443, ['/admin/*'], 2, '/admin/health'],
    ]);
    expect(l.app?.services[0]?.task.containers[1]?.ports[0]?.public).toBe(false);
  });

  it('reports an HTTPS listener without a certificate and a rule with an unknown process', async () => {
    const l = await loadEb({
      'Dockerrun.aws.json': V2,
      '.ebextensions/lb.config': 'option_settings:\n  aws:elbv2:listener:443:\n    Protocol: HTTPS\n    Rules: r1\n  aws:elbv2:listenerrule:r1:\n    HostHeaders: admin.example.com\n    Process: ghost\n',
    });
    expect(ofRule(l, 'eb/listener').map((d) => d.message)).toEqual([
      'Listener 443 is HTTPS but names no certificate.',
      'Process `ghost` is not defined, so its listener or rule is skipped.',
    ]);
  });

  it('maps a Classic listener with an instance port onto the container that publishes it', async () => {
    const l = await loadEb({ 'Dockerrun.aws.json': V2, '.ebextensions/lb.config': 'option_settings:\n  aws:elb:listener:8080:\n    ListenerProtocol: HTTP\n    InstancePort: 8080\n' });
    expect(l.app?.settings.loadBalancer?.listeners.map((x) => [x.port, x.defaultService])).toEqual([
      [80, 'web'],
      [8080, 'web'],
    ]);
    expect(l.app?.services[0]?.routes.map((r) => [r.container, r.listenerPort])).toEqual([
      ['web', undefined],
      ['admin', 8080],
    ]);
  });

  it('has no load balancer for single-instance and worker environments', async () => {
    const single = await withConfig('option_settings:\n  aws:elasticbeanstalk:environment:\n    EnvironmentType: SingleInstance\n');
    expect(single.app?.settings.loadBalancer?.type).toBe('none');
    expect(single.app?.services[0]?.routes).toEqual([]);
    expect(single.app?.services[0]?.assignPublicIp).toBe(true);
    const worker = await withConfig('option_settings:\n  aws:elasticbeanstalk:sqsd:\n    WorkerQueueURL: https://sqs.eu-west-1.amazonaws.com/111122223333/jobs\n    HttpPath: /work\n');
    expect(worker.app?.services.map((s) => [s.name, s.role])).toEqual([['worker', 'worker']]);
    expect(worker.app?.settings.loadBalancer?.type).toBe('none');
    expect(ofRule(worker, 'eb/worker-tier')[0]?.message).toMatch(/the queue https:\/\/sqs.eu-west-1.amazonaws.com\/111122223333\/jobs and POSTed each message to http:\/\/localhost:80\/work/);
  });

  it('reads the worker tier from env.yaml', async () => {
    const l = await loadEb({ 'Dockerrun.aws.json': V1, 'env.yaml': 'AWSConfigurationTemplateVersion: 1.1.0.0\nEnvironmentTier:\n  Name: Worker\n  Type: SQS/HTTP\nTags:\n  team: shop\n' });
    expect(l.app?.services[0]?.role).toBe('worker');
    expect(l.app?.settings.tags).toEqual({ team: 'shop' });
    expect(ofRule(l, 'eb/worker-tier')[0]?.notes?.[0]).toMatch(/EB created the queue/);
  });
});

describe('scaling, sizing, network, logs, deployment', () => {
  it('bounds the task count by MinSize/MaxSize and tracks CPU halfway between the thresholds', async () => {
    const l = await withConfig('option_settings:\n  aws:autoscaling:asg:\n    MinSize: 2\n    MaxSize: 6\n  aws:autoscaling:trigger:\n    MeasureName: CPUUtilization\n    Unit: Percent\n    UpperThreshold: 80\n    LowerThreshold: 40\n');
    expect(l.app?.services[0]?.desiredCount).toBe(2);
    expect(l.app?.services[0]?.scaling).toMatchObject({ min: 2, max: 6, targets: [{ metric: 'cpu', value: 60 }] });
  });

  it('does not convert other triggers', async () => {
    const l = await withConfig('option_settings:\n  aws:autoscaling:trigger:\n    MeasureName: RequestCount\n    UpperThreshold: 1000\n');
    expect(l.app?.services[0]?.scaling).toBeUndefined();
    expect(ofRule(l, 'eb/scaling')[0]?.hint).toMatch(/ALBRequestCountPerTarget/);
  });

  it('turns scheduled actions into ECS scheduled actions', async () => {
    // The list form and the shorthand form (with the resource before the namespace).
    const both = await loadEb({
      'Dockerrun.aws.json': V1,
      '.ebextensions/01.config': 'option_settings:\n  - namespace: aws:autoscaling:scheduledaction\n    resource_name: NightStop\n    option_name: MinSize\n    value: 0\n  - namespace: aws:autoscaling:scheduledaction\n    resource_name: NightStop\n    option_name: MaxSize\n    value: 0\n  - namespace: aws:autoscaling:scheduledaction\n    resource_name: NightStop\n    option_name: Recurrence\n    value: 0 20 * * 1-5\n',
      '.ebextensions/02.config': 'option_settings:\n  MorningStart.aws:autoscaling:scheduledaction:\n    MinSize: 2\n    MaxSize: 4\n    Recurrence: 0 7 * * 1-5\n    StartTime: 2024-01-01T00:00:00Z\n  Once.aws:autoscaling:scheduledaction:\n    DesiredCapacity: 3\n    StartTime: 2024-12-24T08:00:00Z\n',
    });
    const actions = both.app?.services[0]?.scaling?.schedule?.map(({ origin, ...a }) => a);
    expect(actions).toEqual([
      { name: 'MorningStart', schedule: 'cron(0 7 ? * 2-6 *)', action: 'set', min: 2, max: 4, startTime: '2024-01-01T00:00:00Z' },
      { name: 'NightStop', schedule: 'cron(0 20 ? * 2-6 *)', action: 'stop', min: 0, max: 0 },
      { name: 'Once', schedule: 'at(2024-12-24T08:00:00)', action: 'set', min: 3 },
    ]);
  });

  it('converts Unix cron to AWS cron', () => {
    expect(toAwsCron('0 9 * * *')?.schedule).toBe('cron(0 9 * * ? *)');
    expect(toAwsCron('30 18 1 * *')?.schedule).toBe('cron(30 18 1 * ? *)');
    expect(toAwsCron('0 18 * * 5')?.schedule).toBe('cron(0 18 ? * 6 *)');
    expect(toAwsCron('0 18 * * 0,7')?.schedule).toBe('cron(0 18 ? * 1,1 *)');
    expect(toAwsCron('0 0 1 * MON')).toMatchObject({ schedule: 'cron(0 0 ? * MON *)', note: expect.stringMatching(/either/) });
    expect(toAwsCron('every day')).toBeUndefined();
  });

  it('gives every service a sizing hint from the instance type, ARM for Graviton, Spot when asked', async () => {
    const l = await withConfig('option_settings:\n  aws:ec2:instances:\n    InstanceTypes: m7g.large,m6g.large\n    EnableSpot: true\n');
    const s = l.app?.services[0];
    expect(s?.sizingHint).toMatchObject({ instanceType: 'm7g.large', cpu: 2048, memory: 8192 });
    expect(s?.task.runtimePlatform?.cpuArchitecture).toBe('ARM64');
    expect(s?.spot).toBe(true);
    const legacy = await withConfig('option_settings:\n  aws:autoscaling:launchconfiguration:\n    InstanceType: t3.small\n    IamInstanceProfile: app-profile\n');
    expect(legacy.app?.services[0]?.sizingHint).toMatchObject({ instanceType: 't3.small', cpu: 2048, memory: 2048 });
    expect(ofRule(legacy, 'eb/option-ignored')[0]?.hint).toMatch(/task role/);
    const unknown = await withConfig('option_settings:\n  aws:ec2:instances:\n    InstanceTypes: zz9.huge\n');
    expect(unknown.app?.services[0]?.sizingHint).toBeUndefined();
    expect(ofRule(unknown, 'eb/instance-type')[0]?.severity).toBe('warning');
  });

  it('maps the VPC, the load balancer scheme, log retention and the deployment policy', async () => {
    const l = await withConfig(
      'option_settings:\n  aws:ec2:vpc:\n    VPCId: vpc-1\n    Subnets: subnet-a, subnet-b\n    ELBSubnets: subnet-c,subnet-d\n    ELBScheme: internal\n    AssociatePublicIpAddress: false\n  aws:elasticbeanstalk:cloudwatch:logs:\n    RetentionInDays: 14\n  aws:elasticbeanstalk:command:\n    DeploymentPolicy: RollingWithAdditionalBatch\n    BatchSize: 30\n',
    );
    // Internal scheme: ELBSubnets are not public subnets; the internal load balancer goes into the task subnets.
    expect(l.app?.settings.network).toMatchObject({ vpcId: 'vpc-1', subnets: ['subnet-a', 'subnet-b'], assignPublicIp: false });
    expect(l.app?.settings.network?.publicSubnets).toBeUndefined();
    expect(ofRule(l, 'eb/option-ignored').filter((d) => /ELBSubnets/.test(d.message)).map((d) => d.severity)).toEqual(['warning']);
    expect(l.app?.settings.loadBalancer?.scheme).toBe('internal');
    expect(l.app?.settings.logRetentionDays).toBe(14);
    expect(l.app?.services[0]?.deployment).toMatchObject({ minimumHealthyPercent: 100, maximumPercent: 130 });
    const bad = await withConfig('option_settings:\n  aws:elasticbeanstalk:cloudwatch:logs:\n    RetentionInDays: 10\n');
    expect(bad.app?.settings.logRetentionDays).toBeUndefined();
    expect(bad.rules).toContain('eb/option-value');
  });

  it('takes a fixed batch as a share of the minimum task count, with EB\'s default batch of 100', async () => {
    const one = await withConfig('option_settings:\n  aws:autoscaling:asg:\n    MinSize: 4\n  aws:elasticbeanstalk:command:\n    DeploymentPolicy: Rolling\n    BatchSizeType: Fixed\n    BatchSize: 1\n');
    expect(one.app?.services[0]?.deployment).toMatchObject({ minimumHealthyPercent: 75, maximumPercent: 100 });
    expect(ofRule(one, 'eb/deployment')[0]?.notes).toContain('A fixed batch of 1 instance is taken as 25 % of the minimum task count.');
    const unsized = await withConfig('option_settings:\n  aws:autoscaling:asg:\n    MinSize: 4\n  aws:elasticbeanstalk:command:\n    DeploymentPolicy: Rolling\n    BatchSizeType: Fixed\n');
    expect(unsized.app?.services[0]?.deployment).toMatchObject({ minimumHealthyPercent: 0, maximumPercent: 100 });
    expect(ofRule(unsized, 'eb/deployment')[0]?.notes).toContain('A fixed batch of 100 instances is taken as 100 % of the minimum task count.');
  });

  it('reports unknown namespaces and option names with suggestions', async () => {
    const l = await withConfig('option_settings:\n  aws:autoscalling:asg:\n    MinSize: 2\n  aws:autoscaling:asg:\n    MaxSze: 3\n');
    expect(ofRule(l, 'eb/option-unknown').map((d) => d.hint?.split('?')[0])).toEqual(['Did you mean `aws:autoscaling:asg`', 'Did you mean `MaxSize`']);
    const asg = await withConfig('option_settings:\n  aws:asg:launchconfiguration:\n    InstanceType: t3.small\n');
    expect(ofRule(asg, 'eb/option-unknown')[0]?.hint).toMatch(/^Did you mean `aws:autoscaling:launchconfiguration`/);
  });
});

describe('environment properties and secrets', () => {
  it('reaches every container, classifies secrets and drops their values', async () => {
    const l = await withConfig(
      'option_settings:\n  aws:elasticbeanstalk:application:environment:\n    RAILS_ENV: production\n    DATABASE_URL: postgres://app:canary-pw-1234@db:5432/app\n    STRIPE_KEY: "{{resolve:secretsmanager:arn:aws:secretsmanager:eu-west-1:111122223333:secret:stripe-AbCdEf:SecretString:key}}"\n    FEATURE: "{{resolve:ssm:/shop/feature:3}}"\n    DB_PASSWORD: "{{resolve:ssm-secure:/shop/db-password}}"\n    MAIL_KEY: "{{resolve:secretsmanager:shop/mail:SecretString:key}}"\n  aws:elasticbeanstalk:application:environmentsecrets:\n    API_TOKEN: arn:aws:secretsmanager:eu-west-1:111122223333:secret:api-AbCdEf:token\n',
    );
    const c = l.app?.services[0]?.task.containers[0];
    expect(c?.environment.map((e) => ('secret' in e ? `${e.name}→${e.secret.secret}` : e.name))).toEqual(['RAILS_ENV', 'DATABASE_URL→DATABASE_URL', 'STRIPE_KEY→STRIPE_KEY', 'FEATURE→FEATURE', 'DB_PASSWORD→DB_PASSWORD', 'MAIL_KEY→MAIL_KEY', 'API_TOKEN→API_TOKEN']);
    expect(l.app?.secrets.map((s) => [s.name, s.reason, s.existing])).toEqual([
      ['API_TOKEN', 'eb-environmentsecrets', { arn: 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:api-AbCdEf', jsonKey: 'token' }],
      ['DATABASE_URL', 'value', undefined],
      ['DB_PASSWORD', 'dynamic-reference', { arn: '/shop/db-password', store: 'ssm' }],
      ['FEATURE', 'dynamic-reference', { arn: '/shop/feature', store: 'ssm' }],
      ['MAIL_KEY', 'dynamic-reference', { arn: 'shop/mail', jsonKey: 'key', store: 'secretsmanager' }],
      ['STRIPE_KEY', 'dynamic-reference', { arn: 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:stripe-AbCdEf', jsonKey: 'key', store: 'secretsmanager' }],
    ]);
    const text = JSON.stringify(l.app) + JSON.stringify(l.diagnostics);
    expect(text).not.toContain('canary-pw-1234');
  });

  it("keeps a container's own variable over the property of the same name", async () => {
    const l = await loadEb({
      'Dockerrun.aws.json': dockerrun({ AWSEBDockerrunVersion: 2, containerDefinitions: [{ name: 'web', image: 'x:1', memory: 64, portMappings: [{ hostPort: 80, containerPort: 80 }], environment: [{ name: 'MODE', value: 'container' }] }] }),
      '.ebextensions/01.config': 'option_settings:\n  aws:elasticbeanstalk:application:environment:\n    MODE: property\n    OTHER: x\n',
    });
    expect(l.app?.services[0]?.task.containers[0]?.environment.map((e) => ('value' in e ? `${e.name}=${e.value}` : e.name))).toEqual(['MODE=container', 'OTHER=x']);
  });

  it('checks the property limits EB enforces', async () => {
    const many = Array.from({ length: 40 }, (_, i) => `    VAR_${i}: ${'v'.repeat(120)}`).join('\n');
    const l = await withConfig(`option_settings:\n  aws:elasticbeanstalk:application:environment:\n${many}\n    "bad name!": x\n`);
    expect(ofRule(l, 'eb/environment-property-limit').map((d) => d.message)).toEqual([
      'Environment property name `bad name!` is longer than 128 characters or uses characters EB does not allow.',
      expect.stringMatching(/add up to \d+ bytes, over EB's 4,096-byte limit/),
    ]);
  });
});

describe('secret option values outside the environment properties', () => {
  it('masks the RDS master password and secret-named custom options in every code frame and format', async () => {
    const root = tempDir('ecsify-eb-rds-');
    writeTree(root, {
      'Dockerrun.aws.json': V1,
      '.ebextensions/db.config':
        'option_settings:\n  aws:rds:dbinstance:\n    DBPassword: Hunter2-Secret-Pass-9876\n    DBEngine: postgres\n  aws:elasticbeanstalk:customoption:\n    EnableSecrets: "true"\n    ApiToken: tok-abcdef123456\n',
    });
    for (const format of ['stylish', 'json', 'sarif', 'github']) {
      const r = await runCli(['lint', root, '--format', format], { cwd: root });
      expect(r.stdout).not.toContain('Hunter2-Secret-Pass-9876');
      expect(r.stdout).not.toContain('tok-abcdef123456');
      expect(r.stdout).toContain('eb/rds-coupled');
    }
    const stylish = (await runCli(['lint', root], { cwd: root })).stdout;
    expect(stylish).toContain(' > 3 |     DBPassword: ****\n');
    const convert = await runCli(['convert', root, '-o', 'out'], { cwd: root });
    expect(convert.stderr).not.toContain('Hunter2-Secret-Pass-9876');
  });
});
