/**
 * A live Elastic Beanstalk environment as input: `eb://ENVIRONMENT` (or
 * `eb://APPLICATION/ENVIRONMENT`) read through the AWS API, then converted like a bundle.
 *
 * A bundle alone is only a lower bound of what an environment runs (elastic-beanstalk.md §4.3):
 * settings made in the console, with the EB CLI or the AWS CLI (environment properties, instance
 * type, scaling, certificates) live only in the environment. So ecsify reads:
 * 1. DescribeEnvironments: the application, the running version, platform, tier and status;
 * 2. DescribeConfigurationSettings: the effective option settings (the deployed set);
 * 3. DescribeConfigurationOptions: each option's default, so that options left at their default
 *    (most of the hundreds the API returns) are left out, as in a saved configuration;
 * 4. ListTagsForResource: the environment's own tags;
 * 5. DescribeApplicationVersions and S3 GetObject: the running version's source bundle, held in
 *    memory (`--bundle PATH` reads a local folder or zip instead).
 *
 * The settings become a saved configuration (`eb://ENV/settings.cfg.yml`), a text the EB front end
 * parses like one from `.elasticbeanstalk/saved_configs/`, ranked above every file of the bundle:
 * diagnostics point at its lines, and secrets in it are masked like any input's.
 */
import path from 'node:path';
import type { Reporter } from '../../diagnostics/context.js';
import { closest } from '../../util/closest.js';
import { describeAwsError, ebSdk, elasticBeanstalkClient, s3Client, s3Sdk, type AwsFailure, type AwsSettings, type EbSdk } from '../../aws/clients.js';
import type { LoadResult } from '../detect.js';
import type { LoadOptions } from '../options.js';
import { openBundle, openZipBundle, type OpenedBundle } from './bundle.js';
import { bufferSource, memoryArchive } from './zip.js';
import { zipBundle } from './bundle-fs.js';
import { ENV_NAMESPACE, optionKey, SECRETS_NAMESPACE } from './option-store.js';
import { loadOpenedBundle, type LiveSettings } from './index.js';
import { parseLiveInput } from '../live-input.js';

/** The largest source bundle EB accepts is 500 MB; anything larger is not one. */
const MAX_BUNDLE_BYTES = 512 * 1024 * 1024;

/** Namespaces the API returns that are EB's own bookkeeping, mirrored from other options. */
const INTERNAL_NAMESPACES = new Set(['aws:cloudformation:template:parameter']);

/** Tags EB puts on every environment; not the user's. */
function isEbOwnTag(key: string, environment: string, value: string): boolean {
  return key.startsWith('elasticbeanstalk:') || key.startsWith('aws:') || (key === 'Name' && value === environment);
}

const READ_POLICY_HINT =
  'The reader needs elasticbeanstalk:DescribeEnvironments, DescribeConfigurationSettings, DescribeConfigurationOptions, ' +
  'DescribeApplicationVersions and ListTagsForResource, and s3:GetObject on the version\'s bundle (the AWS managed policy ' +
  'AWSElasticBeanstalkReadOnly grants them).';

function failureHint(f: AwsFailure, region: string | undefined): string {
  switch (f.kind) {
    case 'credentials':
      return 'Give AWS credentials the way the AWS CLI takes them: AWS_PROFILE (after `aws sso login` if it uses SSO), or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.';
    case 'region':
      return 'Name the environment\'s region with --region (or AWS_REGION).';
    case 'access':
      return READ_POLICY_HINT;
    case 'network':
      return `Check the network path to the AWS API${region ? ` in ${region}` : ''} (a proxy, a VPN, AWS_ENDPOINT_URL if you set one).`;
    default:
      return `Check the environment's name and region${region ? ` (${region})` : ''}. ${READ_POLICY_HINT}`;
  }
}

/** Reads a live environment and converts it; every failure is a diagnostic (exit 2: unreadable). */
export async function loadLiveEnvironment(options: LoadOptions, reporter: Reporter): Promise<LoadResult> {
  const projectDir = path.resolve(options.cwd);
  const target = parseLiveInput(options.path);
  if (!target) {
    reporter.report('input/unreadable', `${options.path} is not an Elastic Beanstalk environment.`, {
      hint: 'Write eb://ENVIRONMENT or eb://APPLICATION/ENVIRONMENT; environment names have 4 to 40 letters, digits and hyphens.',
    });
    return { app: undefined, projectDir };
  }
  const env = target.environment;
  const aws: AwsSettings = { env: options.env, ...(options.region ? { region: options.region } : {}) };
  const sdk = ebSdk();
  const eb = elasticBeanstalkClient(aws);
  // The region the client signs for: --region, AWS_REGION, or the profile's (clients.ts).
  const region = await eb.config.region().catch(() => undefined);
  const fail = (call: string, e: unknown): LoadResult => {
    const f = describeAwsError(e);
    reporter.report('eb/live-unavailable', `Cannot read Elastic Beanstalk environment ${env}: ${call} failed${f.code ? ` (${f.code})` : ''}: ${f.message}`, {
      hint: failureHint(f, region),
    });
    return { app: undefined, projectDir };
  };

  try {
    // 1. The environment.
    let found;
    try {
      const out = await eb.send(
        new sdk.DescribeEnvironmentsCommand({ EnvironmentNames: [env], IncludeDeleted: false, ...(target.application ? { ApplicationName: target.application } : {}) }),
      );
      found = (out.Environments ?? []).filter((e) => e.EnvironmentName === env && e.Status !== 'Terminated');
    } catch (e) {
      return fail('DescribeEnvironments', e);
    }
    const described = found[0];
    if (!described || !described.ApplicationName) {
      let near: string | undefined;
      try {
        const all = await eb.send(new sdk.DescribeEnvironmentsCommand({ IncludeDeleted: false, ...(target.application ? { ApplicationName: target.application } : {}) }));
        near = closest(env, (all.Environments ?? []).flatMap((e) => (e.EnvironmentName && e.Status !== 'Terminated' ? [e.EnvironmentName] : [])));
      } catch {
        near = undefined;
      }
      reporter.report('eb/live-not-found', `There is no Elastic Beanstalk environment ${env}${target.application ? ` in application ${target.application}` : ''}${region ? ` in ${region}` : ''}.`, {
        hint: near ? `Did you mean eb://${near}?` : 'Check the name (`eb list` or `aws elasticbeanstalk describe-environments`) and the region (--region).',
      });
      return { app: undefined, projectDir };
    }
    const application = described.ApplicationName;
    const settingsFile = `eb://${env}/settings.cfg.yml`;

    // 2. Its settings: the deployed set (a failed or pending update adds a draft beside it).
    let configured;
    try {
      const out = await eb.send(new sdk.DescribeConfigurationSettingsCommand({ ApplicationName: application, EnvironmentName: env }));
      const sets = out.ConfigurationSettings ?? [];
      configured = sets.find((s) => s.DeploymentStatus === 'deployed') ?? sets[0];
    } catch (e) {
      return fail('DescribeConfigurationSettings', e);
    }
    const notes: string[] = [];

    // 3. The defaults, to leave out what nobody set.
    const defaults = new Map<string, string>();
    try {
      const out = await eb.send(new sdk.DescribeConfigurationOptionsCommand({ ApplicationName: application, EnvironmentName: env }));
      for (const o of out.Options ?? []) if (o.Namespace && o.Name) defaults.set(optionKey(o.Namespace, o.Name), o.DefaultValue ?? '');
    } catch (e) {
      const f = describeAwsError(e);
      notes.push(`its options' defaults could not be read (DescribeConfigurationOptions: ${f.code ?? f.message}), so every option is kept`);
    }

    // 4. Tags.
    const tags: Record<string, string> = {};
    if (described.EnvironmentArn) {
      try {
        const out = await eb.send(new sdk.ListTagsForResourceCommand({ ResourceArn: described.EnvironmentArn }));
        for (const t of out.ResourceTags ?? []) if (t.Key && !isEbOwnTag(t.Key, env, t.Value ?? '')) tags[t.Key] = t.Value ?? '';
      } catch (e) {
        const f = describeAwsError(e);
        notes.push(`its tags could not be read (ListTagsForResource: ${f.code ?? f.message})`);
      }
    }

    const input: SettingsInput = {
      env,
      application,
      region,
      platformArn: configured?.PlatformArn ?? described.PlatformArn,
      solutionStack: configured?.SolutionStackName ?? described.SolutionStackName,
      tier: described.Tier,
      options: (configured?.OptionSettings ?? []).flatMap((o) =>
        o.Namespace && o.OptionName ? [{ namespace: o.Namespace, option: o.OptionName, value: o.Value ?? '', ...(o.ResourceName ? { resource: o.ResourceName } : {}) }] : [],
      ),
      defaults,
      tags,
    };

    // 5. The running version's bundle.
    let opened: OpenedBundle | undefined;
    if (options.bundle) {
      opened = openBundle(path.resolve(options.cwd, options.bundle), options.bundle, reporter);
      if (!opened) return { app: undefined, projectDir };
    } else {
      opened = await downloadBundle(sdk, eb, aws, { env, application, versionLabel: described.VersionLabel, cwd: projectDir }, reporter);
      if (!opened) return { app: undefined, projectDir };
    }

    let built = { text: '', kept: 0, defaulted: 0 };
    const live: LiveSettings = {
      file: settingsFile,
      text: (setByFiles) => (built = settingsText(input, setByFiles)).text,
      applicationName: application,
      region,
      environment: {
        name: env,
        application,
        ...(region ? { region } : {}),
        ...(described.VersionLabel ? { versionLabel: described.VersionLabel } : {}),
        ...(described.CNAME ? { cname: described.CNAME } : {}),
        properties: [...new Set(input.options.filter((o) => o.namespace === ENV_NAMESPACE).map((o) => o.option))].sort(),
      },
    };
    let app;
    try {
      app = await loadOpenedBundle(opened, options, reporter, live);
    } finally {
      opened.close();
    }
    const status = described.Status ?? 'unknown';
    const what =
      `Read Elastic Beanstalk environment ${env} (application ${application}` +
      (described.VersionLabel ? `, version ${described.VersionLabel}` : '') +
      (region ? `, ${region}` : '') +
      `): ${built.kept} option${built.kept === 1 ? '' : 's'} set` +
      (built.defaulted > 0 ? ` (and ${built.defaulted} at ${built.defaulted === 1 ? 'its default, not shown' : 'their defaults, not shown'})` : '') +
      (notes.length > 0 ? `; ${notes.join('; ')}` : '') +
      '.';
    reporter.report('eb/live-settings', what, {
      origin: { file: settingsFile, line: 1, column: 1, path: '' },
      hint: options.bundle
        ? `The settings are the environment's; the app definition comes from ${options.bundle}, so make sure it is the version the environment runs${described.VersionLabel ? ` (${described.VersionLabel})` : ''}.`
        : 'These settings win over the bundle\'s .ebextensions, env.yaml and saved configurations, as they do on EB.',
    });
    if (status !== 'Ready') {
      reporter.report('eb/live-status', `Environment ${env} is ${status}, not Ready: its settings may be about to change.`, {
        origin: { file: settingsFile, line: 1, column: 1, path: '' },
        hint: 'Convert again once the environment is Ready (`eb status`), so the conversion matches what runs.',
      });
    }
    if (configured && configured.DeploymentStatus && configured.DeploymentStatus !== 'deployed') {
      reporter.report('eb/live-status', `The settings of ${env} read are a ${configured.DeploymentStatus} draft, not the deployed set.`, {
        origin: { file: settingsFile, line: 1, column: 1, path: '' },
        hint: 'Finish or roll back the environment\'s update, then convert again.',
      });
    }
    return { app, projectDir: opened.projectDir };
  } finally {
    eb.destroy();
  }
}

interface SettingsInput {
  env: string;
  application: string;
  region: string | undefined;
  platformArn: string | undefined;
  solutionStack: string | undefined;
  tier: { Name?: string | undefined; Type?: string | undefined } | undefined;
  options: { namespace: string; option: string; value: string; resource?: string }[];
  defaults: ReadonlyMap<string, string>;
  tags: Record<string, string>;
}

/**
 * The settings as a saved configuration (elastic-beanstalk.md §7): namespace → option → value,
 * scheduled actions under `RESOURCE.aws:autoscaling:scheduledaction`. Every scalar is written as
 * a JSON string, which YAML reads back unchanged (`"on"`, `"0800"` and `"1e3"` stay text). Sorted,
 * so the same environment gives the same text.
 *
 * An option at its default is left out unless `setByFiles` has it: the bundle's .ebextensions
 * set `MinSize: 2` and someone set 1 (the default) in the console, and 1 is what runs.
 */
export function settingsText(input: SettingsInput, setByFiles: ReadonlySet<string> = new Set()): { text: string; kept: number; defaulted: number } {
  const groups = new Map<string, Map<string, string>>();
  let kept = 0;
  let defaulted = 0;
  for (const o of input.options) {
    if (INTERNAL_NAMESPACES.has(o.namespace)) continue;
    const always = o.namespace === ENV_NAMESPACE || o.namespace === SECRETS_NAMESPACE || o.resource !== undefined;
    if (!always) {
      const key = optionKey(o.namespace, o.option);
      const d = input.defaults.get(key);
      if (o.value === '' || (d !== undefined && d === o.value && !setByFiles.has(key))) {
        defaulted++;
        continue;
      }
    }
    const key = o.resource ? `${o.resource}.${o.namespace}` : o.namespace;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = new Map()));
    if (!g.has(o.option)) kept++;
    g.set(o.option, o.value);
  }
  const q = (s: string): string => JSON.stringify(s);
  const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  const lines = [
    `# Settings of Elastic Beanstalk environment ${input.env} (application ${input.application}${input.region ? `, ${input.region}` : ''}),`,
    '# as DescribeConfigurationSettings gives them; options at their defaults are not shown.',
    'AWSConfigurationTemplateVersion: 1.1.0.0',
  ];
  if (input.platformArn) lines.push('Platform:', `  PlatformArn: ${q(input.platformArn)}`);
  else if (input.solutionStack) lines.push(`SolutionStack: ${q(input.solutionStack)}`);
  if (input.tier?.Name) lines.push('EnvironmentTier:', `  Name: ${q(input.tier.Name)}`, ...(input.tier.Type ? [`  Type: ${q(input.tier.Type)}`] : []));
  const tagKeys = Object.keys(input.tags).sort(byName);
  if (tagKeys.length > 0) lines.push('Tags:', ...tagKeys.map((k) => `  ${q(k)}: ${q(input.tags[k] as string)}`));
  if (groups.size > 0) {
    lines.push('OptionSettings:');
    for (const ns of [...groups.keys()].sort(byName)) {
      lines.push(`  ${q(ns)}:`);
      const g = groups.get(ns) as Map<string, string>;
      for (const opt of [...g.keys()].sort(byName)) lines.push(`    ${q(opt)}: ${q(g.get(opt) as string)}`);
    }
  }
  return { text: lines.join('\n') + '\n', kept, defaulted };
}

/** The running version's source bundle from S3, in memory; undefined (reported) when it cannot be had. */
async function downloadBundle(
  sdk: EbSdk,
  eb: import('@aws-sdk/client-elastic-beanstalk').ElasticBeanstalkClient,
  aws: AwsSettings,
  where: { env: string; application: string; versionLabel: string | undefined; cwd: string },
  reporter: Reporter,
): Promise<OpenedBundle | undefined> {
  const noBundle = (why: string, hint?: string): undefined => {
    reporter.report('eb/live-bundle', `Cannot read the source bundle of environment ${where.env}: ${why}.`, {
      hint: hint ?? 'Give the app folder or .zip the environment runs with --bundle PATH; ecsify then takes the settings from the environment and the app from there.',
    });
    return undefined;
  };
  if (!where.versionLabel) return noBundle('it runs no application version (EB\'s sample application)');
  let bucket: string | undefined;
  let key: string | undefined;
  try {
    const out = await eb.send(new sdk.DescribeApplicationVersionsCommand({ ApplicationName: where.application, VersionLabels: [where.versionLabel] }));
    const version = (out.ApplicationVersions ?? []).find((v) => v.VersionLabel === where.versionLabel);
    bucket = version?.SourceBundle?.S3Bucket;
    key = version?.SourceBundle?.S3Key;
  } catch (e) {
    const f = describeAwsError(e);
    return noBundle(`DescribeApplicationVersions failed${f.code ? ` (${f.code})` : ''}: ${f.message}`);
  }
  if (!bucket || !key) return noBundle(`version ${where.versionLabel} has no source bundle in S3 (it was deleted, or the version is an image EB built)`);
  const s3sdk = s3Sdk();
  const s3 = s3Client(aws);
  let bytes: Buffer;
  try {
    const out = await s3.send(new s3sdk.GetObjectCommand({ Bucket: bucket, Key: key }));
    if ((out.ContentLength ?? 0) > MAX_BUNDLE_BYTES) return noBundle(`s3://${bucket}/${key} is larger than the 500 MB EB accepts`);
    if (!out.Body) return noBundle(`s3://${bucket}/${key} came back empty`);
    bytes = Buffer.from(await out.Body.transformToByteArray());
  } catch (e) {
    const f = describeAwsError(e);
    return noBundle(
      `s3:GetObject of s3://${bucket}/${key} failed${f.code ? ` (${f.code})` : ''}: ${f.message}`,
      f.kind === 'access'
        ? `The reader needs s3:GetObject on s3://${bucket}/${key}; or give the app folder or .zip the environment runs with --bundle PATH.`
        : undefined,
    );
  } finally {
    s3.destroy();
  }
  const keyName = key.split('/').pop() || 'bundle.zip';
  const label = `eb://${where.env}/${keyName}`;
  if (bytes.subarray(0, 2).toString('latin1') === 'PK') {
    return openZipBundle(label, label, reporter, { projectDir: where.cwd, name: label, source: bufferSource(bytes) });
  }
  // EB also takes a lone Dockerrun.aws.json (or docker-compose.yml) as a version's bundle.
  const single = /\.json$/i.test(keyName) || bytes.subarray(0, 1).toString('latin1') === '{' ? 'Dockerrun.aws.json' : /\.ya?ml$/i.test(keyName) ? 'docker-compose.yml' : undefined;
  if (!single) return noBundle(`s3://${bucket}/${key} is neither a .zip bundle nor a Dockerrun.aws.json`);
  const bundle = zipBundle(label, memoryArchive(new Map([[single, bytes]])));
  return { bundle, projectDir: where.cwd, originPrefix: `eb://${where.env}/`, name: where.application, close: () => undefined };
}
