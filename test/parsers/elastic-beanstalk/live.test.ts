/**
 * eb://ENVIRONMENT: the real AWS SDK clients against a fake endpoint on 127.0.0.1
 * (test/support/fake-aws.ts). Settings come from the environment, the app from the running
 * version's bundle in (fake) S3; every failure is a diagnostic and exit 2.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { settingsText } from '../../../src/parsers/elastic-beanstalk/live.js';
import { parseLiveInput } from '../../../src/parsers/live-input.js';
import { optionKey } from '../../../src/parsers/elastic-beanstalk/option-store.js';
import { runCli } from '../../support/cli.js';
import { fakeAwsEnv, startFakeAws, type FakeAws, type FakeEnvironment, type FakeState } from '../../support/fake-aws.js';
import { listFiles, readTree, tempDir } from '../../support/fs-tree.js';
import { REPO_ROOT as ROOT } from '../../support/paths.js';
import { zipFiles } from '../../support/zip-writer.js';
import { rng } from '../../support/rng.js';
import { createReporter } from '../../../src/diagnostics/context.js';
import { sourceFile } from '../../../src/ir/source-file.js';
import { parseYaml } from '../../../src/yaml/parse.js';
import type { YMap } from '../../../src/yaml/node.js';

const EXAMPLE = path.join(ROOT, 'examples/rails-sidekiq-eb');
/** Planted in the environment's properties: must never reach a file, stdout or stderr. */
const CANARY = 'live-canary-Zq8vR2mW7pX4kL9sT3nB';
const PLATFORM = 'arn:aws:elasticbeanstalk:eu-west-1::platform/ECS running on 64bit Amazon Linux 2023/4.3.0';
const BUCKET = 'elasticbeanstalk-eu-west-1-111122223333';

function exampleZip(): Buffer {
  const files = readTree(EXAMPLE);
  return zipFiles(Object.fromEntries(files));
}

function shopProd(over: Partial<FakeEnvironment> = {}): FakeEnvironment {
  return {
    EnvironmentName: 'shop-prod',
    ApplicationName: 'shop',
    VersionLabel: 'shop-2024-05-01.3',
    PlatformArn: PLATFORM,
    Tier: { Name: 'WebServer', Type: 'Standard' },
    CNAME: 'shop-prod.eba-3xk8abcd.eu-west-1.elasticbeanstalk.com',
    settings: [
      {
        OptionSettings: [
          { Namespace: 'aws:elasticbeanstalk:application:environment', OptionName: 'RAILS_ENV', Value: 'production' },
          { Namespace: 'aws:elasticbeanstalk:application:environment', OptionName: 'STRIPE_API_KEY', Value: CANARY },
          { Namespace: 'aws:elasticbeanstalk:application:environment', OptionName: 'FEATURE_FLAGS', Value: 'checkout-v2' },
          { Namespace: 'aws:autoscaling:asg', OptionName: 'MaxSize', Value: '9' },
          { Namespace: 'aws:autoscaling:asg', OptionName: 'MinSize', Value: '1' },
          { Namespace: 'aws:elasticbeanstalk:environment', OptionName: 'EnvironmentType', Value: 'LoadBalanced' },
          { Namespace: 'aws:elasticbeanstalk:environment:process:default', OptionName: 'HealthCheckPath', Value: '/up' },
          { Namespace: 'aws:ec2:vpc', OptionName: 'VPCId', Value: 'vpc-0a1b2c3d4e5f67890' },
          { Namespace: 'aws:elasticbeanstalk:hostmanager', OptionName: 'LogPublicationControl', Value: 'false' },
          { Namespace: 'aws:cloudformation:template:parameter', OptionName: 'EnvironmentVariables', Value: `STRIPE_API_KEY=${CANARY}` },
          { Namespace: 'aws:ec2:instances', OptionName: 'InstanceTypes', Value: '' },
          { ResourceName: 'nightly-stop', Namespace: 'aws:autoscaling:scheduledaction', OptionName: 'Recurrence', Value: '0 20 * * 1-5' },
          { ResourceName: 'nightly-stop', Namespace: 'aws:autoscaling:scheduledaction', OptionName: 'DesiredCapacity', Value: '0' },
          { ResourceName: 'nightly-stop', Namespace: 'aws:autoscaling:scheduledaction', OptionName: 'MinSize', Value: '0' },
          { ResourceName: 'nightly-stop', Namespace: 'aws:autoscaling:scheduledaction', OptionName: 'MaxSize', Value: '0' },
          // A name with a dot and a space still reads as one scheduled action.
          { ResourceName: 'morning start.v2', Namespace: 'aws:autoscaling:scheduledaction', OptionName: 'Recurrence', Value: '0 7 * * 1-5' },
          { ResourceName: 'morning start.v2', Namespace: 'aws:autoscaling:scheduledaction', OptionName: 'MinSize', Value: '1' },
          { ResourceName: 'morning start.v2', Namespace: 'aws:autoscaling:scheduledaction', OptionName: 'MaxSize', Value: '9' },
        ],
      },
    ],
    defaults: [
      { Namespace: 'aws:autoscaling:asg', Name: 'MaxSize', DefaultValue: '4' },
      { Namespace: 'aws:autoscaling:asg', Name: 'MinSize', DefaultValue: '1' },
      { Namespace: 'aws:elasticbeanstalk:environment', Name: 'EnvironmentType', DefaultValue: 'LoadBalanced' },
      { Namespace: 'aws:elasticbeanstalk:environment:process:default', Name: 'HealthCheckPath', DefaultValue: '/' },
      { Namespace: 'aws:elasticbeanstalk:hostmanager', Name: 'LogPublicationControl', DefaultValue: 'false' },
    ],
    tags: { team: 'payments', 'elasticbeanstalk:environment-name': 'shop-prod', Name: 'shop-prod' },
    ...over,
  };
}

function state(over: Partial<FakeState> = {}): FakeState {
  return {
    environments: [shopProd()],
    versions: [{ ApplicationName: 'shop', VersionLabel: 'shop-2024-05-01.3', SourceBundle: { S3Bucket: BUCKET, S3Key: 'shop/shop-2024-05-01.3.zip' } }],
    objects: { [`${BUCKET}/shop/shop-2024-05-01.3.zip`]: exampleZip() },
    ...over,
  };
}

let fake: FakeAws | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function convert(s: FakeState, args: string[] = [], envExtra: Record<string, string> = {}) {
  fake = await startFakeAws(s);
  const cwd = tempDir();
  const run = await runCli(['convert', 'eb://shop-prod', '-o', 'out', ...args], { cwd, env: fakeAwsEnv(fake, envExtra) });
  return { ...run, cwd, out: path.join(cwd, 'out'), calls: fake.calls };
}

/** The rule ids of a stylish report, in order. */
function rulesIn(report: string): string[] {
  return [...report.matchAll(/^\S+:\d+:\d+: (?:error|warning|info) (\S+):|^(?:error|warning|info) (\S+):/gm)].map((m) => (m[1] ?? m[2]) as string);
}

function everyOutput(dir: string): string {
  return listFiles(dir)
    .map((f) => readFileSync(path.join(dir, f), 'utf8'))
    .join('\n');
}

describe('eb://ENVIRONMENT input', () => {
  it('reads the settings and the running version from the AWS API and converts them', async () => {
    const r = await convert(state());
    expect(r.stderr).not.toContain('internal');
    expect(r.code, r.stderr).toBe(0);
    // The calls, in order, each signed for the region.
    expect(r.calls.map((c) => `${c.service}:${c.action}`)).toEqual([
      'elasticbeanstalk:DescribeEnvironments',
      'elasticbeanstalk:DescribeConfigurationSettings',
      'elasticbeanstalk:DescribeConfigurationOptions',
      'elasticbeanstalk:ListTagsForResource',
      'elasticbeanstalk:DescribeApplicationVersions',
      's3:GetObject',
    ]);
    expect(new Set(r.calls.map((c) => c.region))).toEqual(new Set(['eu-west-1']));
    expect(r.calls[0]?.params['EnvironmentNames.member.1']).toBe('shop-prod');
    expect(r.calls[5]?.params).toEqual({ Bucket: BUCKET, Key: 'shop/shop-2024-05-01.3.zip' });

    expect(r.stderr).toContain('eb://shop-prod/settings.cfg.yml:1:1');
    expect(r.stderr).toMatch(/Read Elastic Beanstalk environment shop-prod \(application shop, version shop-2024-05-01\.3, eu-west-1\): 14 options set \(and 3 at their defaults, not shown\)\./);
    // A secret among the live properties: named where it is, its value never shown.
    expect(r.stderr).toMatch(/eb:\/\/shop-prod\/settings\.cfg\.yml:\d+:\d+: warning secrets\/plaintext-value: Variable STRIPE_API_KEY/);
    expect(r.stderr).not.toContain(CANARY);
    expect(r.stdout).not.toContain(CANARY);
    expect(r.stderr).toContain("until you remove it from the environment's properties. Use --not-secret STRIPE_API_KEY if it is not secret.");

    const ir = JSON.parse(readFileSync(path.join(r.out, 'ir.json'), 'utf8')).application;
    expect(ir.name).toBe('shop');
    expect(ir.settings.region).toBe('eu-west-1');
    expect(ir.settings.tags).toMatchObject({ team: 'payments' });
    expect(ir.settings.tags).not.toHaveProperty('Name');
    expect(ir.settings.tags).not.toHaveProperty('elasticbeanstalk:environment-name');
    expect(ir.source.files).toContain('eb://shop-prod/settings.cfg.yml');
    expect(ir.source.files).toContain('eb://shop-prod/shop-2024-05-01.3.zip/Dockerrun.aws.json');
    const web = ir.services.find((s: { name: string }) => s.name === 'web');
    const env = Object.fromEntries(web.task.containers[0].environment.map((e: { name: string; value?: string; secret?: unknown }) => [e.name, e.value ?? e.secret]));
    // Live properties win over and add to the bundle's .ebextensions ones.
    expect(env['FEATURE_FLAGS']).toBe('checkout-v2');
    expect(env['STRIPE_API_KEY']).toEqual({ secret: 'STRIPE_API_KEY' });
    expect(env['RACK_ENV']).toBe('production');
    // The live MaxSize (9) wins over the bundle's (6); so does MinSize 1, though it is EB's
    // default, because the bundle sets 2.
    expect(web.scaling.max).toBe(9);
    expect(web.scaling.min).toBe(1);
    expect(readFileSync(path.join(r.out, 'ir.json'), 'utf8')).not.toContain('LogPublicationControl');

    expect(everyOutput(r.out)).not.toContain(CANARY);
    expect(everyOutput(r.out)).toContain('checkout-v2');
    expect(r.stderr).not.toContain('eb/option-unknown');
    // What the environment changed by hand, by name only.
    expect(r.stderr).toContain(
      "eb://shop-prod/settings.cfg.yml:13:5: info eb/live-drift: The environment has drifted from its bundle: 2 options have other values than the bundle's files give (aws:autoscaling:asg MaxSize and aws:autoscaling:asg MinSize); 10 are set only in the environment (aws:ec2:vpc VPCId, FEATURE_FLAGS, STRIPE_API_KEY,",
    );
    expect(JSON.stringify(ir)).toContain('morning start.v2');
    expect(ir.source.environment).toEqual({
      name: 'shop-prod',
      application: 'shop',
      region: 'eu-west-1',
      versionLabel: 'shop-2024-05-01.3',
      cname: 'shop-prod.eba-3xk8abcd.eu-west-1.elasticbeanstalk.com',
      properties: ['FEATURE_FLAGS', 'RAILS_ENV', 'STRIPE_API_KEY'],
    });
    expect(readFileSync(path.join(r.out, 'MIGRATION.md'), 'utf8')).toContain(
      'instead of at the environment `shop-prod` (`shop-prod.eba-3xk8abcd.eu-west-1.elasticbeanstalk.com`)',
    );
    // Settings made only in the environment reach the stack: its VPC.
    expect(readFileSync(path.join(r.out, 'cloudformation/template.yaml'), 'utf8')).toMatch(/Default: vpc-0a1b2c3d4e5f67890/);
  });

  it('writes secrets-from-eb.sh when the environment holds every secret value, and names it in MIGRATION.md', async () => {
    const env = shopProd();
    // As on EB, the effective settings hold the properties the bundle's .ebextensions set too.
    env.settings[0]!.OptionSettings.push(
      { Namespace: 'aws:elasticbeanstalk:application:environment', OptionName: 'DATABASE_URL', Value: 'postgres://shop:pw-live@db:5432/shop' },
      { Namespace: 'aws:elasticbeanstalk:application:environment', OptionName: 'SECRET_KEY_BASE', Value: 'live-skb-0123456789abcdef' },
    );
    const r = await convert(state({ environments: [env] }));
    expect(r.code, r.stderr).toBe(0);
    const script = readFileSync(path.join(r.out, 'cloudformation/secrets-from-eb.sh'), 'utf8');
    expect(script).toContain("--region 'eu-west-1' --application-name 'shop' --environment-name 'shop-prod'");
    expect(script).toContain('"DATABASE_URL": [?OptionName==');
    expect(readFileSync(path.join(r.out, 'MIGRATION.md'), 'utf8')).toContain('copies them (`DATABASE_URL`, `SECRET_KEY_BASE` and `STRIPE_API_KEY`) from the environment `shop-prod`');
    expect(r.stderr).toMatch(/info cloudformation\/starts-stopped: .*\n(?:.*\n)*? {2}hint: Deploy, store the values \(`sh cloudformation\/secrets-from-eb\.sh <stack>` copies them from the environment\), run the job/);
    for (const v of [CANARY, 'pw-live', 'live-skb-0123456789abcdef']) expect(everyOutput(r.out) + r.stderr + r.stdout).not.toContain(v);
    // Secrets only the bundle holds (the fake environment lacks them): no script.
    const partial = await convert(state());
    expect(listFiles(partial.out)).not.toContain('cloudformation/secrets-from-eb.sh');
  });

  it('gives the same files for the same environment', async () => {
    const a = await convert(state());
    const first = readTree(a.out);
    await fake?.close();
    const b = await convert(state());
    expect(readTree(b.out)).toEqual(first);
  });

  it('writes several environments of one application into a folder each, named after the environment', async () => {
    const staging = shopProd({ EnvironmentName: 'shop-staging' });
    fake = await startFakeAws(state({ environments: [shopProd(), staging] }));
    const cwd = tempDir();
    const r = await runCli(['convert', 'eb://shop-prod', 'eb://shop/shop-staging', '-o', 'out', '--emit', 'task-definitions'], { cwd, env: fakeAwsEnv(fake) });
    expect(r.code, r.stderr).toBe(0);
    expect(listFiles(path.join(cwd, 'out'))).toEqual(expect.arrayContaining(['shop-prod/task-definitions/shop-web.json', 'shop-staging/task-definitions/shop-web.json']));
  });

  it('takes the region from --region over AWS_REGION and signs for it', async () => {
    const r = await convert(state(), ['--region', 'us-east-2']);
    expect(r.code, r.stderr).toBe(0);
    expect(new Set(r.calls.map((c) => c.region))).toEqual(new Set(['us-east-2']));
  });

  it('takes the region of the AWS profile when neither --region nor AWS_REGION names one', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'config'), '[profile shop]\nregion = ap-south-1\n');
    vi.stubEnv('AWS_CONFIG_FILE', path.join(dir, 'config'));
    vi.stubEnv('AWS_PROFILE', 'shop');
    vi.stubEnv('AWS_REGION', undefined);
    vi.stubEnv('AWS_DEFAULT_REGION', undefined);
    try {
      fake = await startFakeAws(state());
      const r = await runCli(['convert', 'eb://shop-prod', '-o', 'out'], { cwd: tempDir(), env: { ...fakeAwsEnv(fake), AWS_REGION: '', AWS_PROFILE: 'shop' } });
      expect(r.code, r.stderr).toBe(0);
      expect(new Set(fake.calls.map((c) => c.region))).toEqual(new Set(['ap-south-1']));
      expect(r.stderr).toContain('version shop-2024-05-01.3, ap-south-1)');
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('reads the app from --bundle instead of S3', async () => {
    const r = await convert(state({ objects: {} }), ['--bundle', EXAMPLE]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.calls.some((c) => c.service === 's3')).toBe(false);
    expect(r.calls.some((c) => c.action === 'DescribeApplicationVersions')).toBe(false);
    expect(r.stderr).toContain(`the app definition comes from ${EXAMPLE}, so make sure it is the version the environment runs (shop-2024-05-01.3).`);
    // The example's EB CLI config deploys its main branch to shop-production, not shop-prod.
    expect(r.stderr).toMatch(/\.elasticbeanstalk\/config\.yml:1:1: warning eb\/live-bundle-mismatch: \.elasticbeanstalk\/config\.yml deploys to shop-production, not to shop-prod\./);
    await fake?.close();
    fake = await startFakeAws(state({ objects: {}, environments: [shopProd({ EnvironmentName: 'shop-production' })] }));
    const matching = await runCli(['convert', 'eb://shop-production', '-o', 'out', '--bundle', EXAMPLE], { cwd: tempDir(), env: fakeAwsEnv(fake) });
    expect(matching.code, matching.stderr).toBe(0);
    expect(matching.stderr).not.toContain(' eb/live-bundle-mismatch:');
    await fake.close();
    const otherApp = await convert(state({ objects: {}, environments: [shopProd({ ApplicationName: 'billing' })] }), ['--bundle', EXAMPLE]);
    expect(otherApp.stderr).toContain('warning eb/live-bundle-mismatch: .elasticbeanstalk/config.yml belongs to the application shop, but the environment shop-prod runs billing.');
    const ir = JSON.parse(readFileSync(path.join(r.out, 'ir.json'), 'utf8')).application;
    expect(ir.source.files).toContain('eb://shop-prod/settings.cfg.yml');
    expect(ir.source.files.some((f: string) => f.endsWith('Dockerrun.aws.json') && !f.startsWith('eb://'))).toBe(true);
  });

  it('reads a lone Dockerrun.aws.json uploaded as the version', async () => {
    const dockerrun = readFileSync(path.join(EXAMPLE, 'Dockerrun.aws.json'));
    const s = state({
      versions: [{ ApplicationName: 'shop', VersionLabel: 'shop-2024-05-01.3', SourceBundle: { S3Bucket: BUCKET, S3Key: 'shop/Dockerrun.aws.json' } }],
      objects: { [`${BUCKET}/shop/Dockerrun.aws.json`]: dockerrun },
    });
    const r = await convert(s);
    expect(r.code, r.stderr).toBe(0);
    const ir = JSON.parse(readFileSync(path.join(r.out, 'ir.json'), 'utf8')).application;
    expect(ir.services.map((x: { name: string }) => x.name).sort()).toContain('web');
    expect(ir.source.files).toContain('eb://shop-prod/Dockerrun.aws.json');
  });

  it('warns when the environment is not Ready or its settings are a draft', async () => {
    const env = shopProd({ Status: 'Updating' });
    env.settings = [{ DeploymentStatus: 'pending', OptionSettings: env.settings[0]?.OptionSettings ?? [] }];
    const r = await convert(state({ environments: [env] }));
    expect(rulesIn(r.stderr).filter((x) => x === 'eb/live-status')).toHaveLength(2);
    expect(r.stderr).toMatch(/warning eb\/live-status: Environment shop-prod is Updating, not Ready/);
    expect(r.stderr).toMatch(/warning eb\/live-status: The settings of shop-prod read are a pending draft/);
  });

  it('lints an environment like any input, with its diagnostics in every format', async () => {
    fake = await startFakeAws(state());
    const cwd = tempDir();
    const r = await runCli(['lint', 'eb://shop-prod', '--format', 'sarif'], { cwd, env: fakeAwsEnv(fake) });
    const sarif = JSON.parse(r.stdout);
    const uris = new Set(sarif.runs[0].results.map((x: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) => x.locations[0]?.physicalLocation.artifactLocation.uri));
    expect(uris).toContain('eb://shop-prod/settings.cfg.yml');
    expect(r.stdout).not.toContain(CANARY);
  });
});

describe('eb://ENVIRONMENT failures are diagnostics with exit 2', () => {
  it('names a close environment when the name is wrong', async () => {
    fake = await startFakeAws(state());
    const r = await runCli(['lint', 'eb://shop-prd'], { cwd: tempDir(), env: fakeAwsEnv(fake) });
    expect(r.code).toBe(2);
    expect(rulesIn(r.stdout)).toEqual(['eb/live-not-found']);
    expect(r.stdout).toMatch(/error eb\/live-not-found: There is no Elastic Beanstalk environment shop-prd in eu-west-1\./);
    expect(r.stdout).toContain('Did you mean eb://shop-prod?');
  });

  it('reports a refused call with its code and the permissions needed', async () => {
    const r = await convert(state({ failures: { DescribeConfigurationSettings: { status: 403, code: 'InsufficientPrivilegesException', message: 'User is not authorized to perform: elasticbeanstalk:DescribeConfigurationSettings' } } }));
    expect(r.code).toBe(2);
    expect(rulesIn(r.stderr)).toEqual(['eb/live-unavailable']);
    expect(r.stderr).toMatch(/error eb\/live-unavailable: Cannot read Elastic Beanstalk environment shop-prod: DescribeConfigurationSettings failed \(InsufficientPrivilegesException\): User is not authorized/);
    expect(r.stderr).toContain('AWSElasticBeanstalkReadOnly');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(listFiles(r.cwd)).toEqual([]);
  });

  it('reports a bundle S3 refuses, and suggests --bundle', async () => {
    const r = await convert(state({ failures: { GetObject: { status: 403, code: 'AccessDenied', message: 'Access Denied' } } }));
    expect(r.code).toBe(2);
    expect(rulesIn(r.stderr)).toEqual(['eb/live-bundle']);
    expect(r.stderr).toMatch(/error eb\/live-bundle: Cannot read the source bundle of environment shop-prod: s3:GetObject of s3:\/\/elasticbeanstalk-eu-west-1-111122223333\/shop\/shop-2024-05-01\.3\.zip failed \(AccessDenied\)/);
    expect(r.stderr).toContain('--bundle PATH');
  });

  it('reports an environment that runs no version (the sample application)', async () => {
    const env = shopProd();
    delete env.VersionLabel;
    const r = await convert(state({ environments: [env] }));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/eb\/live-bundle: .*runs no application version/);
  });

  it('reports missing credentials and an unreachable endpoint without a stack trace', async () => {
    fake = await startFakeAws(state());
    const url = fake.url;
    await fake.close();
    fake = undefined;
    const r = await runCli(['lint', 'eb://shop-prod'], { cwd: tempDir(), env: { AWS_REGION: 'eu-west-1', AWS_ACCESS_KEY_ID: 'AKIAFAKE', AWS_SECRET_ACCESS_KEY: 'x', AWS_ENDPOINT_URL: url, AWS_MAX_ATTEMPTS: '1' } });
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/eb\/live-unavailable: .*DescribeEnvironments failed/);
    expect(r.stdout).toContain('network path');
    expect(r.stdout + r.stderr).not.toMatch(/\n\s+at /);
  });

  it('reports that no credentials were found, with how to give them', async () => {
    // The SDK's default chain reads the process environment and ~/.aws: point it at nothing, and
    // keep it off the instance metadata endpoint (no network beyond 127.0.0.1 in tests).
    for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE', 'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI', 'AWS_CONTAINER_CREDENTIALS_FULL_URI', 'AWS_WEB_IDENTITY_TOKEN_FILE']) {
      vi.stubEnv(name, undefined);
    }
    vi.stubEnv('AWS_EC2_METADATA_DISABLED', 'true');
    vi.stubEnv('AWS_CONFIG_FILE', '/nonexistent/ecsify-test/config');
    vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', '/nonexistent/ecsify-test/credentials');
    try {
      fake = await startFakeAws(state());
      const r = await runCli(['lint', 'eb://shop-prod'], { cwd: tempDir(), env: { AWS_REGION: 'eu-west-1', AWS_ENDPOINT_URL: fake.url } });
      expect(r.code).toBe(2);
      expect(r.stdout).toMatch(/error eb\/live-unavailable: Cannot read Elastic Beanstalk environment shop-prod: DescribeEnvironments failed \(CredentialsProviderError\)/);
      expect(r.stdout).toContain('AWS_PROFILE');
      expect(fake.calls).toEqual([]);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('reports a missing region', async () => {
    fake = await startFakeAws(state());
    vi.stubEnv('AWS_CONFIG_FILE', '/nonexistent/ecsify-test/config');
    vi.stubEnv('AWS_REGION', undefined);
    vi.stubEnv('AWS_DEFAULT_REGION', undefined);
    try {
      const r = await runCli(['lint', 'eb://shop-prod'], { cwd: tempDir(), env: { AWS_ACCESS_KEY_ID: 'AKIAFAKE', AWS_SECRET_ACCESS_KEY: 'x', AWS_ENDPOINT_URL: fake.url } });
      expect(r.code).toBe(2);
      expect(r.stdout).toMatch(/eb\/live-unavailable: .*Region is missing/);
      expect(r.stdout).toContain('--region');
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('refuses a malformed eb:// input and --bundle without one', async () => {
    const bad = await runCli(['lint', 'eb://x'], { cwd: tempDir(), env: {} });
    expect(bad.code).toBe(2);
    expect(bad.stdout).toContain('eb://x is not an Elastic Beanstalk environment');
    const stray = await runCli(['lint', EXAMPLE, '--bundle', EXAMPLE], { cwd: tempDir(), env: {} });
    expect(stray.code).toBe(2);
    expect(stray.stdout).toContain('--bundle goes with an eb://ENVIRONMENT input');
  });
});

describe('parseLiveInput', () => {
  it.each([
    ['eb://shop-prod', { environment: 'shop-prod' }],
    ['EB://shop-prod/', { environment: 'shop-prod' }],
    ['eb://shop/shop-prod', { application: 'shop', environment: 'shop-prod' }],
    ['eb://my%20app/shop-prod', { application: 'my app', environment: 'shop-prod' }],
    ['eb://abc', undefined],
    ['eb://-shop', undefined],
    ['eb://shop_prod', undefined],
    ['eb://a/b/c-env', undefined],
    ['eb://', undefined],
    ['eb://%E0%A4%A/shop-prod', undefined],
    ['eb://%2F/shop-prod', { application: '/', environment: 'shop-prod' }],
    ['./eb-app', undefined],
  ])('%s', (input, expected) => {
    expect(parseLiveInput(input)).toEqual(expected);
  });
});

describe('settingsText', () => {
  const base = { env: 'shop-prod', application: 'shop', region: 'eu-west-1', versionLabel: 'v1', platformArn: PLATFORM, solutionStack: undefined, tier: { Name: 'Worker', Type: 'SQS/HTTP' }, tags: {} };

  it('leaves out defaults, empty values and EB\'s mirror namespace, but never properties or scheduled actions', () => {
    const r = settingsText({
      ...base,
      options: [
        { namespace: 'aws:autoscaling:asg', option: 'MaxSize', value: '4' },
        { namespace: 'aws:autoscaling:asg', option: 'MinSize', value: '2' },
        { namespace: 'aws:ec2:instances', option: 'InstanceTypes', value: '' },
        { namespace: 'aws:cloudformation:template:parameter', option: 'InstancePort', value: '80' },
        { namespace: 'aws:elasticbeanstalk:application:environment', option: 'EMPTY', value: '' },
        { namespace: 'aws:autoscaling:scheduledaction', option: 'MinSize', value: '1', resource: 'night' },
      ],
      defaults: new Map([
        [optionKey('aws:autoscaling:asg', 'MaxSize'), '4'],
        [optionKey('aws:autoscaling:asg', 'MinSize'), '1'],
        [optionKey('aws:elasticbeanstalk:application:environment', 'EMPTY'), ''],
        [optionKey('aws:autoscaling:scheduledaction', 'MinSize'), '1'],
      ]),
    });
    expect(r).toEqual({
      kept: 3,
      defaulted: 2,
      text: [
        '# Settings of Elastic Beanstalk environment shop-prod (application shop, eu-west-1),',
        '# as DescribeConfigurationSettings gives them; options at their defaults are not shown.',
        'AWSConfigurationTemplateVersion: 1.1.0.0',
        'Platform:',
        `  PlatformArn: "${PLATFORM}"`,
        'EnvironmentTier:',
        '  Name: "Worker"',
        '  Type: "SQS/HTTP"',
        'OptionSettings:',
        '  "aws:autoscaling:asg":',
        '    "MinSize": "2"',
        '  "aws:elasticbeanstalk:application:environment":',
        '    "EMPTY": ""',
        '  "night.aws:autoscaling:scheduledaction":',
        '    "MinSize": "1"',
        '',
      ].join('\n'),
    });
  });

  it('quotes values YAML would otherwise read as something else', () => {
    const r = settingsText({ ...base, tier: undefined, platformArn: undefined, solutionStack: '64bit Amazon Linux 2023 v4.3.0 running Docker', defaults: new Map(), options: [
      { namespace: 'aws:elasticbeanstalk:application:environment', option: 'A', value: 'on' },
      { namespace: 'aws:elasticbeanstalk:application:environment', option: 'B', value: '# not a comment: "x"\n' },
    ] });
    expect(r.text).toContain('SolutionStack: "64bit Amazon Linux 2023 v4.3.0 running Docker"');
    expect(r.text).toContain('    "A": "on"');
    expect(r.text).toContain('    "B": "# not a comment: \\"x\\"\\n"');
  });

  it('reads back every name and value exactly, whatever characters the API returns', () => {
    // Quotes, backslashes, YAML indicators, line breaks (also U+0085 and U+2028), control
    // characters, a lone surrogate, non-ASCII.
    const alphabet = ['a', 'Z', '0', ' ', '"', "'", '\\', '#', ':', '- ', '{', '}', '[', '&', '*', '!', '|', '>', '%', '@', '`', '\n', '\r\n', '\t', '\u0085', '\u2028', '\u0001', '\ud800', 'é', '🚀', '${X}', 'null', 'true', '0x1F', '1e3', '~'];
    const next = rng(20261127);
    const word = (min: number) => {
      let out = '';
      const n = min + Math.floor(next() * 8);
      for (let i = 0; i < n; i++) out += alphabet[Math.floor(next() * alphabet.length)];
      return out;
    };
    for (let round = 0; round < 200; round++) {
      const options = Array.from({ length: 6 }, (_, i) => ({
        namespace: i % 2 ? 'aws:elasticbeanstalk:application:environment' : `aws:x${i}:${word(1).replace(/[.\s]/g, '')}`,
        option: word(1),
        value: word(0),
      }));
      const { text } = settingsText({ ...base, tags: { [word(1)]: word(0) }, defaults: new Map(), options });
      const reporter = createReporter();
      const root = parseYaml(sourceFile('s.cfg.yml', text), reporter, { strictKeys: false, duplicateKeys: 'warning' }).documents[0]?.root as YMap;
      expect(reporter.diagnostics.filter((d) => d.severity === 'error'), text).toEqual([]);
      const settings = root.entries.find((e) => e.key === 'OptionSettings')?.value as YMap;
      const read = new Map<string, string>();
      for (const ns of settings.entries) for (const o of (ns.value as YMap).entries) read.set(`${ns.key}\u0000${o.key}`, String((o.value as { value: unknown }).value));
      const expected = new Map<string, string>();
      // Empty values are unset options, left out but for environment properties.
      for (const o of options) if (o.value !== '' || o.namespace.endsWith(':environment')) expected.set(`${o.namespace}\u0000${o.option}`, o.value);
      expect(read, text).toEqual(expected);
    }
  });
});

