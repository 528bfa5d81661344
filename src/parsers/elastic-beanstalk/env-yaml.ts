/**
 * The EB CLI project files and environment manifests: `.elasticbeanstalk/config.yml` (application
 * name, Region, platform, deploy artifact), `env.yaml` (environment manifest in the bundle root)
 * and saved configurations (`.elasticbeanstalk/saved_configs/*.cfg.yml`). Manifests and saved
 * configurations share one format; their `OptionSettings` rank above `.ebextensions`.
 */
import { sourceFile } from '../../ir/source-file.js';
import { parseYaml } from '../../yaml/parse.js';
import { childPath, get, type YMap, type YNode } from '../../yaml/node.js';
import { closest } from '../../util/closest.js';
import { noteFile, originOf, scalarString, type EbContext } from './common.js';
import { readOptionSettings, type OptionValue } from './option-store.js';
import { classifyPlatform, type PlatformInfo } from './platform.js';
import type { Origin } from '../../ir/types.js';

export interface CliConfig {
  applicationName?: string;
  region?: string;
  platform?: PlatformInfo;
  /** `deploy.artifact`, relative to the project folder. */
  artifact?: { path: string; origin: Origin };
  /** Environment names from `branch-defaults`. */
  environments: string[];
  file: string;
}

function readYamlRoot(ctx: EbContext, rel: string, given?: string): YMap | undefined {
  const text = given ?? ctx.bundle.readText(rel);
  if (text === undefined) return undefined;
  noteFile(ctx, rel, text);
  const parsed = parseYaml(sourceFile(rel, text), ctx.reporter, { strictKeys: false, duplicateKeys: 'warning', secretPolicy: ctx.secrets.policy });
  const root = parsed.documents[0]?.root;
  return root?.kind === 'map' ? root : undefined;
}

/** Reads `.elasticbeanstalk/config.yml`, falling back to `config.global.yml` for missing keys. */
export function readCliConfig(ctx: EbContext): CliConfig | undefined {
  let out: CliConfig | undefined;
  for (const name of ['config.yml', 'config.global.yml']) {
    const rel = `.elasticbeanstalk/${name}`;
    if (ctx.bundle.kindOf(rel) !== 'file') continue;
    const root = readYamlRoot(ctx, rel);
    if (!root) continue;
    const cfg: CliConfig = out ?? { environments: [], file: rel };
    const global = get(root, 'global');
    const str = (n: YNode | undefined): string | undefined => {
      const s = scalarString(n)?.trim();
      return s ? s : undefined;
    };
    cfg.applicationName ??= str(get(global, 'application_name'));
    cfg.region ??= str(get(global, 'default_region'));
    const platformNode = get(global, 'default_platform') ?? get(global, 'platform_name');
    const platformText = str(platformNode);
    if (!cfg.platform && platformText) {
      const p = classifyPlatform(platformText, rel);
      if (p) cfg.platform = p;
    }
    const artifact = get(root, 'deploy');
    const artifactPath = str(get(artifact, 'artifact'));
    if (!cfg.artifact && artifactPath && artifact?.kind === 'map') {
      const pair = artifact.entries.find((e) => e.key === 'artifact');
      cfg.artifact = { path: artifactPath, origin: pair ? originOf(pair, 'deploy.artifact') : originOf(artifact, 'deploy') };
    }
    const branches = get(root, 'branch-defaults');
    if (branches?.kind === 'map') {
      for (const b of branches.entries) {
        const env = str(get(b.value, 'environment'));
        if (env && !cfg.environments.includes(env)) cfg.environments.push(env);
      }
    }
    out = cfg;
  }
  return out;
}

export interface Manifest {
  file: string;
  platform?: PlatformInfo;
  options: OptionValue[];
  tier?: { worker: boolean; origin: Origin };
  tags: Record<string, string>;
}

const MANIFEST_KEYS = [
  'AWSConfigurationTemplateVersion',
  'Platform',
  'SolutionStack',
  'OptionSettings',
  'EnvironmentTier',
  'Tags',
  'EnvironmentConfigurationMetadata',
  'EnvironmentName',
  'CName',
  'EnvironmentLinks',
  'Description',
];

/**
 * Reads an environment manifest (`env.yaml`) or a saved configuration; `text` gives one that is
 * not in the bundle (a live environment's settings, live.ts).
 */
export function readManifest(ctx: EbContext, rel: string, text?: string): Manifest | undefined {
  const root = readYamlRoot(ctx, rel, text);
  if (!root) return undefined;
  const m: Manifest = { file: rel, options: [], tags: {} };
  for (const e of root.entries) {
    const path = e.key;
    const v = e.value;
    switch (e.key) {
      case 'SolutionStack': {
        const s = scalarString(v);
        const p = s ? classifyPlatform(s, rel) : undefined;
        if (p) m.platform = p;
        break;
      }
      case 'Platform': {
        const arn = scalarString(get(v, 'PlatformArn'));
        const p = arn ? classifyPlatform(arn, rel) : undefined;
        if (p) m.platform = p;
        break;
      }
      case 'OptionSettings':
        m.options.push(...readOptionSettings(ctx, v, 'OptionSettings', rel));
        break;
      case 'EnvironmentTier': {
        const name = scalarString(get(v, 'Name'));
        if (name) m.tier = { worker: /^worker$/i.test(name), origin: originOf(e, path) };
        break;
      }
      case 'Tags':
        if (v.kind === 'map') for (const t of v.entries) m.tags[t.key] = scalarString(t.value) ?? '';
        break;
      case 'EnvironmentLinks':
        if (v.kind === 'map') {
          for (const l of v.entries) {
            ctx.reporter.report('eb/environment-link', `${rel} links environment \`${scalarString(l.value) ?? ''}\` as ${l.key}.`, {
              origin: originOf(l, childPath(path, l.key)),
              hint: `EB set ${l.key} to the linked environment's queue URL or CNAME; set that variable yourself on the services that read it.`,
            });
          }
        }
        break;
      case 'AWSConfigurationTemplateVersion':
      case 'EnvironmentConfigurationMetadata':
      case 'EnvironmentName':
      case 'CName':
      case 'Description':
        break;
      default: {
        const near = closest(e.key, MANIFEST_KEYS);
        ctx.reporter.report('eb/unknown-key', `${rel} has the unknown key \`${e.key}\`.`, {
          origin: originOf(e, path),
          hint: near ? `Did you mean \`${near}\`?` : `Known keys: ${MANIFEST_KEYS.join(', ')}.`,
        });
      }
    }
  }
  return m;
}

/**
 * Picks the saved configuration that applies: the one named after the branch's environment, or
 * the only one. With several and no way to choose, none is used (and the caller says so).
 */
export function savedConfigFiles(ctx: EbContext): string[] {
  const dir = '.elasticbeanstalk/saved_configs';
  if (ctx.bundle.kindOf(dir) !== 'dir') return [];
  return ctx.bundle
    .list(dir)
    .filter((e) => !e.dir && /\.cfg\.ya?ml$/.test(e.name))
    .map((e) => `${dir}/${e.name}`);
}
