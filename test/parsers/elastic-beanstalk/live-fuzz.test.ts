/**
 * eb://ENVIRONMENT against odd answers: seeded random environments (statuses, tiers, platforms,
 * missing fields, several settings sets), random option settings with values from realistic to
 * hostile, failing calls, and real corpus apps (or garbage) as the version's bundle, through
 * `lint` and `convert` with the real SDK and the fake endpoint. Every round must end in
 * diagnostics and exit 0, 1 or 2, never the internal-failure banner, and a secret planted in
 * the properties must never be printed or written.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../support/cli.js';
import { ebAppFolders } from '../../support/corpus.js';
import { fakeAwsEnv, startFakeAws, type FakeAws, type FakeOption, type FakeState } from '../../support/fake-aws.js';
import { listFiles, readTree, tempDir } from '../../support/fs-tree.js';
import { rng } from '../../support/rng.js';
import { zipFiles } from '../../support/zip-writer.js';

const ROUNDS = 40;
const CANARY = 'fuzz-canary-Hq3ZpW8vLx2Rk7Ty';

const OPTIONS: [string, string][] = [
  ['aws:autoscaling:asg', 'MinSize'],
  ['aws:autoscaling:asg', 'MaxSize'],
  ['aws:autoscaling:launchconfiguration', 'InstanceType'],
  ['aws:autoscaling:launchconfiguration', 'SecurityGroups'],
  ['aws:autoscaling:trigger', 'MeasureName'],
  ['aws:autoscaling:trigger', 'UpperThreshold'],
  ['aws:ec2:instances', 'InstanceTypes'],
  ['aws:ec2:instances', 'EnableSpot'],
  ['aws:ec2:vpc', 'VPCId'],
  ['aws:ec2:vpc', 'Subnets'],
  ['aws:ec2:vpc', 'ELBScheme'],
  ['aws:elasticbeanstalk:environment', 'LoadBalancerType'],
  ['aws:elasticbeanstalk:environment', 'EnvironmentType'],
  ['aws:elasticbeanstalk:environment:process:default', 'HealthCheckPath'],
  ['aws:elasticbeanstalk:environment:process:default', 'Port'],
  ['aws:elasticbeanstalk:environment:process:default', 'MatcherHTTPCode'],
  ['aws:elasticbeanstalk:environment:process:admin', 'Port'],
  ['aws:elbv2:listener:443', 'Protocol'],
  ['aws:elbv2:listener:443', 'SSLCertificateArns'],
  ['aws:elbv2:listener:default', 'Rules'],
  ['aws:elbv2:listenerrule:admin', 'PathPatterns'],
  ['aws:elbv2:listenerrule:admin', 'Process'],
  ['aws:elasticbeanstalk:cloudwatch:logs', 'RetentionInDays'],
  ['aws:elasticbeanstalk:command', 'DeploymentPolicy'],
  ['aws:elasticbeanstalk:command', 'BatchSize'],
  ['aws:elasticbeanstalk:sqsd', 'WorkerQueueURL'],
  ['aws:elasticbeanstalk:sqsd', 'HttpPath'],
  ['aws:elasticbeanstalk:sqsd', 'VisibilityTimeout'],
  ['aws:elasticbeanstalk:managedactions', 'ManagedActionsEnabled'],
  ['aws:elasticbeanstalk:application:environmentsecrets', 'DB_PASSWORD'],
  ['aws:rds:dbinstance', 'DBEngine'],
  ['aws:nonexistent:namespace', 'Whatever'],
];

const VALUES = [
  '', '0', '1', '-1', '4', '99999999999999999999', '1.5', 'true', 'false', 'null', 't3.small', 't3.small,m5.large', 'x9.huge',
  '/health', 'HTTP', 'HTTPS', 'application', 'network', 'classic', 'Rolling', 'Immutable', 'AllAtOnce', 'Percentage',
  'vpc-0a1b2c3d4e5f67890', 'subnet-0a1b2c3d,subnet-0e5f6a7b', 'sg-123', 'admin', '/admin/*,/api/*', 'default,admin',
  'arn:aws:acm:eu-west-1:111122223333:certificate/abc', 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:db-AbCdEf',
  'https://sqs.eu-west-1.amazonaws.com/111122223333/awseb-e-x-stack-AWSEBWorkerQueue-1', 'https://sqs.eu-west-1.amazonaws.com/1/q',
  '200-299', '200,302', '7', '8', '13', 'Sun:10:00', 'postgres', '"quoted"', "it's", 'a\nb', '{"x": [1]}', '${VAR}', '#', '- item',
  '🚀', '\u0085\u2028', 'x'.repeat(5000),
];

const PLATFORMS = [
  'arn:aws:elasticbeanstalk:eu-west-1::platform/ECS running on 64bit Amazon Linux 2023/4.3.0',
  'arn:aws:elasticbeanstalk:eu-west-1::platform/Docker running on 64bit Amazon Linux 2023/4.3.0',
  'arn:aws:elasticbeanstalk:eu-west-1::platform/Node.js 20 running on 64bit Amazon Linux 2023/6.1.0',
  'arn:aws:elasticbeanstalk:eu-west-1::platform/Python 3.11 running on 64bit Amazon Linux 2023/4.0.0',
  'arn:aws:elasticbeanstalk:eu-west-1::platform/Something Else/1.0',
  'not an arn',
];

const STATUSES = ['Ready', 'Ready', 'Ready', 'Updating', 'Launching', 'Terminating', 'Terminated', 'LinkingTo'];

let fake: FakeAws;
let state: FakeState;
beforeAll(async () => {
  state = { environments: [] };
  fake = await startFakeAws(state);
});
afterAll(() => fake.close());

describe('eb://ENVIRONMENT with seeded random answers', () => {
  it(`ends every one of ${ROUNDS} rounds in diagnostics and never prints a planted secret`, async () => {
    const apps = ebAppFolders();
    const rand = rng(9021);
    const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
    const failures: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const app = pick(apps);
      const options: FakeOption[] = [{ Namespace: 'aws:elasticbeanstalk:application:environment', OptionName: 'API_TOKEN', Value: CANARY }];
      for (let i = Math.floor(rand() * 14); i > 0; i--) {
        const [ns, opt] = pick(OPTIONS);
        options.push({ Namespace: ns, OptionName: opt, Value: pick(VALUES) });
      }
      if (rand() < 0.3) options.push({ ResourceName: pick(['night', 'a.b c', 'x']), Namespace: 'aws:autoscaling:scheduledaction', OptionName: pick(['Recurrence', 'MinSize', 'MaxSize', 'StartTime']), Value: pick(['0 20 * * 1-5', '2', 'bad cron', '2024-01-01T00:00:00Z', '']) });
      const zip = rand() < 0.15 ? Buffer.from(pick(['not a zip', '{"AWSEBDockerrunVersion": "1", "Image": {"Name": "nginx:1.27"}}', '\u0000\u0001PK'])) : zipFiles(Object.fromEntries(readTree(app)));
      const noVersion = rand() < 0.1;
      state.environments = [
        {
          EnvironmentName: 'fuzz-env',
          ApplicationName: pick(['fuzz', 'My App', 'x'.repeat(100)]),
          ...(noVersion ? {} : { VersionLabel: 'v1' }),
          Status: pick(STATUSES),
          ...(rand() < 0.85 ? { PlatformArn: pick(PLATFORMS) } : {}),
          ...(rand() < 0.8 ? { Tier: pick([{ Name: 'WebServer', Type: 'Standard' }, { Name: 'Worker', Type: 'SQS/HTTP' }, { Name: 'Odd', Type: '?' }]) } : {}),
          settings: rand() < 0.1 ? [] : rand() < 0.2 ? [{ DeploymentStatus: 'failed', OptionSettings: options.slice(1) }, { DeploymentStatus: 'deployed', OptionSettings: options }] : [{ OptionSettings: options }],
          defaults: [{ Namespace: 'aws:autoscaling:asg', Name: 'MinSize', DefaultValue: '1' }],
          tags: rand() < 0.5 ? { team: pick(VALUES) || 'x' } : {},
        },
      ];
      const app0 = state.environments[0]?.ApplicationName as string;
      state.versions = [{ ApplicationName: app0, VersionLabel: 'v1', SourceBundle: { S3Bucket: 'bucket', S3Key: `${app0}/v1${rand() < 0.1 ? '.json' : '.zip'}` } }];
      state.objects = { [`bucket/${app0}/v1.zip`]: zip, [`bucket/${app0}/v1.json`]: zip };
      state.failures = {};
      if (rand() < 0.1) state.failures['DescribeConfigurationOptions'] = { status: 403, code: 'AccessDenied', message: 'no' };
      if (rand() < 0.1) state.failures['ListTagsForResource'] = { status: 500, code: 'InternalFailure', message: 'boom' };
      if (rand() < 0.05) state.failures['GetObject'] = { status: 403, code: 'AccessDenied', message: 'Access Denied' };

      const cwd = tempDir('ecsify-live-fuzz-');
      const label = `round ${round} (${path.basename(app)})`;
      for (const args of [['lint', 'eb://fuzz-env', '--format', 'json'], ['convert', 'eb://fuzz-env', '-o', 'out']]) {
        let r;
        try {
          r = await runCli(args, { cwd, env: fakeAwsEnv(fake, { AWS_MAX_ATTEMPTS: '1' }) });
        } catch (e) {
          failures.push(`${args[0]} ${label}: threw ${(e as Error).stack ?? String(e)}`);
          continue;
        }
        if (r.stderr.includes('internal error') || ![0, 1, 2].includes(r.code)) failures.push(`${args[0]} ${label}: exit ${r.code}: ${r.stderr.trim().split('\n').slice(-4).join(' | ')}`);
        if ((r.stdout + r.stderr).includes(CANARY)) failures.push(`${args[0]} ${label}: printed the planted secret`);
      }
      for (const f of listFiles(cwd)) if (readFileSync(path.join(cwd, f), 'utf8').includes(CANARY)) failures.push(`${label}: ${f} holds the planted secret`);
    }
    expect(failures).toEqual([]);
  }, 120_000);
});
