/**
 * What an EB input is: opening it (folder, `.zip` bundle, or one file inside a bundle) and
 * deciding which app definition EB would use — Dockerrun v1/v2, docker-compose.yml on the Docker
 * platform, or a Procfile on a language platform — from the platform named in the EB CLI files
 * or manifests, and failing that from the files themselves. Ambiguity is reported with the
 * reason for the choice.
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import type { Reporter } from '../../diagnostics/context.js';
import type { InputKind, Origin } from '../../ir/types.js';
import { COMPOSE_FILE_NAMES } from '../compose/index.js';
import { folderBundle, zipBundle, type Bundle } from './bundle-fs.js';
import { andList } from '../../util/and-list.js';
import type { EbContext } from './common.js';
import { parseIgnore } from './ebignore.js';
import { guessLanguage, isDockerRuntime, PROCFILE_RUNTIMES, runtimeLabel, type PlatformInfo } from './platform.js';
import { DOCKERRUN_VARIANT, EB_MARKERS } from './markers.js';
import { fileSource, openZip, type ZipProblem, type ZipSource } from './zip.js';

export interface OpenedBundle {
  bundle: Bundle;
  /** Where origins are relative to: the folder (for a zip, the folder holding it). */
  projectDir: string;
  /** Prepended to bundle paths in origins: `app.zip/` for a zip, '' for a folder. */
  originPrefix: string;
  /** Name for messages and the default app name. */
  name: string;
  /** A file named on the command line (relative to the bundle root) that decides the kind. */
  forced?: string;
  /** `.ebextensions`-style files named on the command line instead of the bundle's own. */
  configFiles?: string[];
  close(): void;
}

const MARKERS = EB_MARKERS;

function reportZipProblems(reporter: Reporter, problems: ZipProblem[], zipPath: string): void {
  const origin: Origin = { file: zipPath, line: 1, column: 1, path: '' };
  const file = path.basename(zipPath);
  let backslash = 0;
  for (const p of problems) {
    if (p.kind === 'backslash') {
      backslash++;
      continue;
    }
    const rule = p.kind === 'unsafe-entry' ? 'eb/zip-unsafe-entry' : p.kind === 'limit' ? 'eb/zip-limit' : 'eb/zip-invalid';
    reporter.report(rule, `${file}: ${p.message}.`, {
      origin,
      hint:
        rule === 'eb/zip-unsafe-entry'
          ? 'ecsify skips the entry; rebuild the zip with relative names.'
          : rule === 'eb/zip-limit'
            ? 'Leave build output and dependencies out of the bundle, or point ecsify at the project folder.'
            : 'Recreate the bundle with `zip -r` and try again.',
      ...(p.kind === 'invalid' && /appears twice/.test(p.message) ? { severity: 'warning' as const } : {}),
    });
  }
  if (backslash > 0) {
    reporter.report('eb/bundle-layout', `${file} has ${backslash} entr${backslash === 1 ? 'y' : 'ies'} with \\ as folder separator.`, {
      origin,
      hint: 'EB on Linux does not treat \\ as a folder separator, so files such as .ebextensions\\app.config are not found there; ecsify reads them as folders. Rebuild the zip with a tool that writes /.',
    });
  }
}

/**
 * Opens a zip bundle; a bundle whose files sit in one top folder is re-rooted there (and reported).
 * `at.source` reads the zip from memory (a bundle downloaded from S3) instead of from `abs`.
 */
export function openZipBundle(
  abs: string,
  label: string,
  reporter: Reporter,
  at?: { projectDir: string; name: string; source?: ZipSource },
): OpenedBundle | undefined {
  // Origins name the zip relative to the project folder: `app.zip/...`, or `build/app.zip/...`
  // for an EB CLI deploy artifact.
  const projectDir = at?.projectDir ?? path.dirname(abs);
  const zipName = at?.name ?? path.basename(abs);
  let src;
  try {
    src = at?.source ?? fileSource(abs);
  } catch {
    reporter.report('input/unreadable', `${label} cannot be read.`, { hint: 'Check the path and its permissions.' });
    return undefined;
  }
  const archive = openZip(src);
  reportZipProblems(reporter, archive.problems, zipName);
  // Nothing readable (the reasons were reported): stop here rather than report a missing app too.
  if (archive.entries.size === 0 && archive.problems.length > 0) {
    archive.close();
    return undefined;
  }
  let bundle = zipBundle(abs, archive);
  const rootNames = bundle.list('');
  const isApp = (b: Bundle): boolean => MARKERS.some((m) => b.kindOf(m) !== undefined) || b.list('').some((e) => !e.dir && DOCKERRUN_VARIANT.test(e.name)) || COMPOSE_FILE_NAMES.some((n) => b.kindOf(n) === 'file') || b.kindOf('Dockerfile') === 'file';
  if (!isApp(bundle) && rootNames.length === 1 && rootNames[0]?.dir) {
    const inner = bundle.withBase(rootNames[0].name);
    if (isApp(inner)) {
      reporter.report('eb/bundle-layout', `${label} holds its files in the folder ${rootNames[0].name}/ instead of at the root.`, {
        origin: { file: zipName, line: 1, column: 1, path: '' },
        hint: 'EB looks for Dockerrun.aws.json, Procfile and .ebextensions at the root of the zip and would not find them; zip the folder\'s contents (`cd app && zip -r ../app.zip .`). ecsify reads the folder.',
      });
      bundle = inner;
    }
  }
  return {
    bundle,
    projectDir,
    originPrefix: `${zipName}/${bundle.base ? `${bundle.base}/` : ''}`,
    name: path.basename(abs).replace(/\.zip$/i, ''),
    close: () => {
      // Problems found while reading entries later are reported by the caller through readProblems.
      archive.close();
    },
  };
}

/** Opens the input named by `target` (absolute) for the EB front end. */
export function openBundle(target: string, label: string, reporter: Reporter): OpenedBundle | undefined {
  let st;
  try {
    st = statSync(target);
  } catch {
    reporter.report('input/unreadable', `${label} does not exist or cannot be read.`, {
      hint: 'Give the folder or .zip source bundle you deploy with `eb deploy`.',
    });
    return undefined;
  }
  if (st.isFile()) {
    if (/\.zip$/i.test(target)) return openZipBundle(target, label, reporter);
    const base = path.basename(target);
    let dir = path.dirname(target);
    const parent = path.basename(dir);
    let rel = base;
    if (parent === '.ebextensions' || parent === '.elasticbeanstalk') {
      rel = `${parent}/${base}`;
      dir = path.dirname(dir);
    }
    const opened = openFolder(dir);
    if (parent === '.ebextensions') return { ...opened, name: path.basename(dir) };
    if (/\.config$/.test(base)) return { ...opened, configFiles: [rel] };
    if (parent === '.elasticbeanstalk' || base === 'env.yaml' || /\.cfg\.ya?ml$/.test(base)) return opened;
    return { ...opened, forced: rel };
  }
  return openFolder(target);
}

function openFolder(dir: string): OpenedBundle {
  let ignore;
  try {
    const text = statSync(path.join(dir, '.ebignore')).isFile() ? folderBundle(dir).readText('.ebignore') : undefined;
    if (text !== undefined) ignore = parseIgnore(text);
  } catch {
    ignore = undefined;
  }
  return { bundle: folderBundle(dir, ignore), projectDir: dir, originPrefix: '', name: path.basename(dir), close: () => undefined };
}

/** The decision: which definition is read, and how it was decided. */
export interface Detection {
  kind?: InputKind;
  /** Relative path of the definition file (Dockerrun, compose file, Procfile), if any. */
  file?: string;
  /** Dockerrun version when `kind` comes from a Dockerrun file (v3 only adds registry auth). */
  dockerrunVersion?: 1 | 2 | 3;
  /** The v3 file next to a compose file. */
  dockerrunV3?: string;
  platform?: PlatformInfo;
  /** How the language platform was guessed (no platform named anywhere). */
  guessed?: string;
  sentence: string;
}

export interface Candidates {
  dockerrun?: { rel: string; version?: 1 | 2 | 3 };
  compose?: string;
  dockerfile: boolean;
  procfile?: string;
  procfileCommands: string[];
}

/** Finds the files that can define the app at the bundle root (`.ebignore`d ones excluded). */
export function findCandidates(ctx: EbContext, forced: string | undefined, readVersion: (rel: string) => 1 | 2 | 3 | undefined): Candidates {
  const b = ctx.bundle;
  const c: Candidates = { dockerfile: b.kindOf('Dockerfile') === 'file', procfileCommands: [] };
  const isFile = (rel: string): boolean => b.kindOf(rel) === 'file';
  if (forced) {
    const base = path.posix.basename(forced);
    if (/^Dockerrun/i.test(base)) c.dockerrun = { rel: forced };
    else if (base === 'Procfile' || base === 'Buildfile') c.procfile = forced;
    else if (COMPOSE_FILE_NAMES.includes(base) || /\.ya?ml$/.test(base)) c.compose = forced;
  }
  if (!forced) {
    if (isFile('Dockerrun.aws.json')) c.dockerrun = { rel: 'Dockerrun.aws.json' };
    else {
      // A template (`Dockerrun.aws.json.template`, `.t`, `_v2`) that the build renames.
      const variant = b.list('').find((e) => !e.dir && DOCKERRUN_VARIANT.test(e.name));
      if (variant) {
        c.dockerrun = { rel: variant.name };
        ctx.reporter.report('eb/bundle-layout', `The bundle has no Dockerrun.aws.json, only ${variant.name}.`, {
          origin: { file: variant.name, line: 1, column: 1, path: '' },
          hint: 'EB reads only Dockerrun.aws.json; ecsify reads the variant as if your build had renamed it (fill template placeholders first).',
        });
      }
    }
    c.compose = COMPOSE_FILE_NAMES.slice()
      .sort((x, y) => (x === 'docker-compose.yml' ? -1 : y === 'docker-compose.yml' ? 1 : 0))
      .find(isFile);
    if (isFile('Procfile')) c.procfile = 'Procfile';
  }
  if (c.dockerrun) {
    const v = readVersion(c.dockerrun.rel);
    if (v) c.dockerrun.version = v;
  }
  for (const ignored of ['Dockerrun.aws.json', 'Procfile', 'Dockerfile', ...COMPOSE_FILE_NAMES]) {
    if (b.ignoredSeen.has(ignored)) {
      ctx.reporter.report('eb/ebignore', `.ebignore leaves ${ignored} out of the bundle, so EB never sees it.`, {
        origin: { file: '.ebignore', line: 1, column: 1, path: '' },
        hint: 'ecsify ignores it too; remove the pattern from .ebignore if EB should use it.',
      });
    }
  }
  return c;
}

/** Looks for a Dockerrun template or a Procfile in a sub-folder when the root has none. */
export function findFallbacks(ctx: EbContext, c: Candidates): void {
  const b = ctx.bundle;
  if (!c.dockerrun && !c.compose && !c.procfile && !c.dockerfile) {
    // Two levels down at most, skipping dependency and VCS folders.
    const skip = (n: string): boolean => n.startsWith('.') || n === 'node_modules' || n === 'vendor';
    const nested: string[] = [];
    for (const d of b.list('').filter((e) => e.dir && !skip(e.name))) {
      if (b.kindOf(`${d.name}/Procfile`) === 'file') nested.push(`${d.name}/Procfile`);
    }
    if (nested.length === 0) {
      for (const d of b.list('').filter((e) => e.dir && !skip(e.name))) {
        for (const sub of b.list(d.name).filter((e) => e.dir && !skip(e.name))) {
          if (b.kindOf(`${d.name}/${sub.name}/Procfile`) === 'file') nested.push(`${d.name}/${sub.name}/Procfile`);
        }
      }
    }
    // A folder that also holds a Dockerrun or compose file is a bundle of its own, not build input.
    const otherApp = (f: string): boolean => {
      const dir = f.slice(0, f.lastIndexOf('/'));
      return ['Dockerrun.aws.json', ...COMPOSE_FILE_NAMES].some((n) => b.kindOf(`${dir}/${n}`) === 'file');
    };
    const first = nested.find((f) => !otherApp(f));
    if (first) {
      c.procfile = first;
      ctx.reporter.report('eb/bundle-layout', `The Procfile is at ${first}, not at the root of the bundle.`, {
        origin: { file: first, line: 1, column: 1, path: '' },
        hint: 'EB reads the Procfile only at the root (your build probably copies it there); ecsify reads this one.',
      });
    }
  }
}

function dockerrunLabel(v: number | undefined): string {
  return v === 2 ? 'Dockerrun.aws.json version 2' : v === 3 ? 'Dockerrun.aws.json version 3' : 'Dockerrun.aws.json version 1';
}

/**
 * Decides the kind. With a platform named, EB's own rule for that platform; without one, the file
 * that only works on one platform wins: Dockerrun v2 (ECS platform) > docker-compose.yml (Docker
 * platform) > Dockerrun v1/Dockerfile > Procfile > the language the files show.
 */
export function decide(ctx: EbContext, c: Candidates, platform: PlatformInfo | undefined): Detection {
  const r = ctx.reporter;
  const present: string[] = [];
  if (c.dockerrun) present.push(c.dockerrun.rel);
  if (c.compose) present.push(c.compose);
  if (c.procfile) present.push(c.procfile);
  const at = (rel: string | undefined): Origin | undefined => (rel && ctx.bundle.kindOf(rel) === 'file' ? { file: rel, line: 1, column: 1, path: '' } : undefined);
  const from = platform ? ` (platform \`${platform.text}\` from ${platform.from})` : '';
  const v = c.dockerrun?.version;

  if (platform) {
    const rt = platform.runtime;
    if (rt === 'tomcat' || rt === 'windows') {
      r.report('eb/unsupported-platform', `The app runs on the ${runtimeLabel(rt)} platform${from}, which ecsify does not convert.`, {
        origin: at(platform.from),
        hint: 'Write a Dockerfile for the app and convert a Dockerrun.aws.json or compose file that uses its image.',
      });
      return { platform, sentence: `${runtimeLabel(rt)} platform${from}: not converted.` };
    }
    if (rt === 'ecs' || rt === 'multicontainer-docker') {
      if (c.dockerrun && v === 2) {
        ignoredOthers(ctx, c, c.dockerrun.rel, `the ${runtimeLabel(rt)} platform reads only Dockerrun.aws.json`, platform);
        return { kind: 'eb-dockerrun-v2', file: c.dockerrun.rel, dockerrunVersion: 2, platform, sentence: `Dockerrun.aws.json version 2 on the ${runtimeLabel(rt)} platform${from}.` };
      }
      r.report('eb/no-app-definition', `The ${runtimeLabel(rt)} platform${from} needs a version 2 Dockerrun.aws.json, and the bundle has ${c.dockerrun ? `a ${dockerrunLabel(v)}` : 'none'}.`, {
        origin: at(c.dockerrun?.rel ?? platform.from),
        hint: 'EB would fail this deployment. ecsify reads what the bundle has instead.',
      });
      return decide(ctx, c, undefined);
    }
    if (rt === 'docker' || rt === 'docker-al1') {
      if (c.compose && rt === 'docker') {
        const det: Detection = { kind: 'eb-docker-compose', file: c.compose, platform, sentence: `${c.compose} on the Docker platform${from}.` };
        if (c.dockerrun && v === 3) det.dockerrunV3 = c.dockerrun.rel;
        else if (c.dockerrun) ignoredOthers(ctx, c, c.compose, 'the Docker platform runs docker-compose.yml when the bundle has one', platform);
        if (c.procfile) ignoredOthers(ctx, { ...c, dockerrun: undefined }, c.compose, 'Docker platforms do not run a Procfile', platform);
        return det;
      }
      if ((c.dockerrun && v === 1) || c.dockerfile) {
        if (c.procfile) ignoredOthers(ctx, { ...c, compose: undefined, dockerrun: undefined }, c.dockerrun?.rel ?? 'Dockerfile', 'Docker platforms do not run a Procfile', platform);
        return {
          kind: 'eb-dockerrun-v1',
          ...(c.dockerrun && v === 1 ? { file: c.dockerrun.rel, dockerrunVersion: 1 as const } : {}),
          platform,
          sentence: `${c.dockerrun && v === 1 ? 'Dockerrun.aws.json version 1' : 'Dockerfile'} on the ${runtimeLabel(rt)} platform${from}.`,
        };
      }
      r.report('eb/no-app-definition', `The ${runtimeLabel(rt)} platform${from} needs ${rt === 'docker' ? 'docker-compose.yml, ' : ''}a Dockerfile or a version 1 Dockerrun.aws.json, and the bundle has none of them.`, {
        origin: at(c.dockerrun?.rel ?? platform.from),
        hint: 'EB would fail this deployment. ecsify reads what the bundle has instead.',
      });
      return decide(ctx, c, undefined);
    }
    // A language platform: the Procfile (or the platform's default process).
    if (c.dockerrun || c.compose) {
      const others = [c.dockerrun?.rel, c.compose].filter((x): x is string => !!x);
      r.report('eb/ambiguous-bundle', `The bundle has ${andList(others)}, but the ${runtimeLabel(rt)} platform${from} does not read ${others.length === 1 ? 'it' : 'them'}.`, {
        origin: at(others[0]),
        hint: `ecsify converts the ${c.procfile ? 'Procfile' : "platform's default process"} as EB ran it; ${others.length === 1 ? 'that file is' : 'those files are'} probably for local development.`,
      });
    }
    return { kind: 'eb-procfile', ...(c.procfile ? { file: c.procfile } : {}), platform, sentence: `${c.procfile ?? 'No Procfile (platform default process)'} on the ${runtimeLabel(rt)}${platform.version ? ` ${platform.version}` : ''} platform${from}.` };
  }

  // No platform named anywhere: the file that only one platform reads decides.
  const guess = (): { platform?: PlatformInfo; why?: string } => {
    const g = guessLanguage(ctx.bundle, c.procfileCommands);
    if (!g) return {};
    return { platform: { runtime: g.runtime, ...(g.version ? { version: g.version } : {}), from: g.evidence, text: g.runtime }, why: g.evidence };
  };
  if (c.dockerrun && v === 2) {
    if (c.compose || c.procfile) {
      const others = [c.compose, c.procfile].filter((x): x is string => !!x);
      r.report('eb/ambiguous-bundle', `The bundle has ${andList([c.dockerrun.rel, ...others])}; ecsify reads ${c.dockerrun.rel}.`, {
        origin: at(c.dockerrun.rel),
        hint: 'A version 2 Dockerrun file only works on the ECS (multi-container) platform, which ignores docker-compose.yml and Procfile; on the Docker platform EB would use docker-compose.yml instead. Name your platform in .elasticbeanstalk/config.yml (default_platform) to settle it.',
      });
    }
    return { kind: 'eb-dockerrun-v2', file: c.dockerrun.rel, dockerrunVersion: 2, sentence: 'Dockerrun.aws.json version 2: multi-container Docker on the ECS platform (no platform named; the version 2 file only works there).' };
  }
  if (c.compose) {
    if ((c.dockerrun && v !== 3) || c.procfile) {
      const others = [c.dockerrun && v !== 3 ? c.dockerrun.rel : undefined, c.procfile].filter((x): x is string => !!x);
      r.report('eb/ambiguous-bundle', `The bundle has ${andList([c.compose, ...others])}; ecsify reads ${c.compose}.`, {
        origin: at(c.compose),
        hint: 'On the Docker platform (Amazon Linux 2 and 2023) EB runs docker-compose.yml when the bundle has one and ignores a version 1 Dockerrun file and the Procfile; on a language platform EB would run the Procfile instead. Name your platform in .elasticbeanstalk/config.yml (default_platform), or leave the unused file out with .ebignore.',
      });
    }
    const det: Detection = { kind: 'eb-docker-compose', file: c.compose, sentence: `${c.compose} on the Docker platform (no platform named; EB's Docker platform runs a bundled compose file).` };
    if (c.dockerrun && v === 3) det.dockerrunV3 = c.dockerrun.rel;
    return det;
  }
  if ((c.dockerrun && v === 1) || c.dockerfile) {
    if (c.procfile) {
      r.report('eb/ambiguous-bundle', `The bundle has ${andList([c.dockerrun?.rel ?? 'Dockerfile', c.procfile])}; ecsify reads ${c.dockerrun?.rel ?? 'the Dockerfile'}.`, {
        origin: at(c.dockerrun?.rel ?? 'Dockerfile'),
        hint: 'The Docker platform ignores the Procfile; a language platform would run the Procfile and ignore the Docker files. Name your platform in .elasticbeanstalk/config.yml (default_platform) to settle it.',
      });
    }
    return {
      kind: 'eb-dockerrun-v1',
      ...(c.dockerrun && v === 1 ? { file: c.dockerrun.rel, dockerrunVersion: 1 as const } : {}),
      sentence: `${c.dockerrun && v === 1 ? 'Dockerrun.aws.json version 1' : 'Dockerfile'}: single-container Docker platform (no platform named).`,
    };
  }
  if (c.dockerrun && v === 3) {
    r.report('eb/no-app-definition', `${c.dockerrun.rel} is a version 3 file, which only adds registry credentials to a docker-compose.yml, and the bundle has none.`, {
      origin: at(c.dockerrun.rel),
      hint: 'Add the docker-compose.yml that the Docker platform runs.',
    });
  }
  const g = guess();
  if (c.procfile || g.platform) {
    const p = g.platform;
    if (p && !PROCFILE_RUNTIMES.includes(p.runtime) && !isDockerRuntime(p.runtime)) {
      r.report('eb/unsupported-platform', `The app looks like a ${runtimeLabel(p.runtime)} app (${g.why}), a platform ecsify does not convert.`, {
        origin: at(g.why),
        hint: 'Write a Dockerfile for the app and convert a Dockerrun.aws.json or compose file that uses its image.',
      });
      return { platform: p, sentence: `${runtimeLabel(p.runtime)} app (from ${g.why}): not converted.` };
    }
    const det: Detection = {
      kind: 'eb-procfile',
      ...(c.procfile ? { file: c.procfile } : {}),
      ...(p ? { platform: p, guessed: g.why as string } : {}),
      sentence: `${c.procfile ?? 'No Procfile (platform default process)'} on ${p ? `the ${runtimeLabel(p.runtime)}${p.version ? ` ${p.version}` : ''} platform (guessed from ${g.why})` : 'a language platform ecsify cannot tell'}.`,
    };
    return det;
  }
  return { sentence: 'No app definition found.' };
}

/** Reports files EB ignores on the chosen platform. */
function ignoredOthers(ctx: EbContext, c: Candidates, chosen: string, why: string, platform: PlatformInfo): void {
  const others = [c.dockerrun?.rel, c.compose, c.procfile].filter((x): x is string => !!x && x !== chosen);
  if (others.length === 0) return;
  ctx.reporter.report('eb/ambiguous-bundle', `The bundle has ${andList([chosen, ...others])}; EB uses ${chosen} because ${why} (platform from ${platform.from}).`, {
    origin: { file: others[0] as string, line: 1, column: 1, path: '' },
    hint: `ecsify reads ${chosen} too; ${others.length === 1 ? 'the other file is' : 'the other files are'} probably for local development.`,
  });
}
