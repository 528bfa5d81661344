/**
 * Which Elastic Beanstalk platform an app runs on: from a platform ARN, a solution stack name,
 * an EB CLI `default_platform` (friendly or short name), or, failing those, the app's own files.
 * See elastic-beanstalk.md §11 for the classification table this follows.
 */
import type { Bundle } from './bundle-fs.js';

export type Runtime =
  | 'ecs' // ECS running on 64bit Amazon Linux 2/2023 (Dockerrun v2)
  | 'multicontainer-docker' // AL1 Multi-container Docker (Dockerrun v2)
  | 'docker' // Docker running on AL2/AL2023 (compose or Dockerfile/Dockerrun v1)
  | 'docker-al1' // legacy single-container Docker (Dockerfile/Dockerrun v1)
  | 'nodejs'
  | 'python'
  | 'ruby'
  | 'go'
  | 'java-se'
  | 'tomcat'
  | 'dotnet'
  | 'php'
  | 'windows';

export type OsGeneration = 'al2023' | 'al2' | 'al1';

export interface PlatformInfo {
  runtime: Runtime;
  os?: OsGeneration;
  /** Language version as written (`3.2`, `18`), if the name carries one. */
  version?: string;
  /** Where the platform was read from, for the detection line (`.elasticbeanstalk/config.yml`). */
  from: string;
  /** The text it was read from. */
  text: string;
}

/** Procfile platforms ecsify converts (one image per app, built for the language). */
export const PROCFILE_RUNTIMES: readonly Runtime[] = ['nodejs', 'python', 'ruby', 'go', 'java-se', 'dotnet', 'php'];

export function isDockerRuntime(r: Runtime): boolean {
  return r === 'ecs' || r === 'multicontainer-docker' || r === 'docker' || r === 'docker-al1';
}

const RUNTIME_LABEL: Record<Runtime, string> = {
  ecs: 'ECS (multi-container Docker)',
  'multicontainer-docker': 'Multi-container Docker (Amazon Linux AMI)',
  docker: 'Docker',
  'docker-al1': 'Docker (Amazon Linux AMI)',
  nodejs: 'Node.js',
  python: 'Python',
  ruby: 'Ruby',
  go: 'Go',
  'java-se': 'Java SE (Corretto)',
  tomcat: 'Tomcat',
  dotnet: '.NET on Linux',
  php: 'PHP',
  windows: '.NET on Windows Server (IIS)',
};

export function runtimeLabel(r: Runtime): string {
  return RUNTIME_LABEL[r];
}

function osOf(s: string): OsGeneration | undefined {
  if (/Amazon Linux 2023/i.test(s)) return 'al2023';
  if (/Amazon Linux 2(?![0-9])/i.test(s)) return 'al2';
  if (/Amazon Linux\/|Amazon Linux 20\d\d\.\d\d|Amazon Linux AMI/i.test(s)) return 'al1';
  return undefined;
}

/**
 * Classifies a platform ARN, solution stack, friendly name (`Ruby 3.2 running on 64bit Amazon
 * Linux 2023`) or EB CLI short name (`ruby-3.2`, `node.js-18`, `docker`). First match wins, in
 * the order of the doc's table; the OS test runs first so AL1 Docker stacks are not taken for AL2.
 */
export function classifyPlatform(text: string, from: string): PlatformInfo | undefined {
  const raw = text.trim();
  if (!raw) return undefined;
  // ARN: the branch name sits between `platform/` and the version.
  const arn = /^arn:aws[a-z-]*:elasticbeanstalk:[^:]*:[^:]*:platform\/(.+?)(?:\/[0-9][^/]*)?$/i.exec(raw);
  const s = arn ? (arn[1] as string) : raw;
  const running = /\brunning\s+(.+)$/i.exec(s);
  // Stacks say `64bit Amazon Linux 2023 v4.3.0 running Docker`: the runtime is after `running`.
  const subject = /^64bit\b/i.test(s) && running ? (running[1] as string) : s;
  const os = osOf(s) ?? (arn ? osOf(raw) : undefined);
  const base = (runtime: Runtime, version?: string): PlatformInfo => {
    const info: PlatformInfo = { runtime, from, text: raw };
    if (os) info.os = os;
    if (version) info.version = version;
    return info;
  };
  const ver = (re: RegExp): string | undefined => re.exec(subject)?.[1];
  if (/^ECS\b|\bECS running\b|running ECS\b/i.test(s) || /^ecs(-al2(023)?)?$/i.test(subject)) return base('ecs');
  if (/multi-?container/i.test(subject)) return base('multicontainer-docker');
  if (/preconfigured docker/i.test(subject)) return base('docker-al1');
  if (/\bdocker\b/i.test(subject)) return base(os === 'al1' ? 'docker-al1' : 'docker');
  if (/node\.?js/i.test(subject)) return base('nodejs', ver(/node\.?js[\s-]*(\d+(?:\.\d+)?)/i));
  if (/python/i.test(subject)) return base('python', ver(/python[\s-]*(\d+(?:\.\d+)?)/i));
  if (/ruby/i.test(subject)) return base('ruby', ver(/ruby[\s-]*(\d+(?:\.\d+)?)/i));
  if (/^go\b|\bgo[\s-]?\d/i.test(subject)) return base('go', ver(/\bgo[\s-]*(\d+(?:\.\d+)?)/i));
  if (/tomcat/i.test(subject)) return base('tomcat', ver(/tomcat[\s-]*(\d+(?:\.\d+)?)/i));
  if (/corretto|\bjava\b/i.test(subject)) return base('java-se', ver(/(?:corretto|java)[\s-]*(\d+(?:\.\d+)?)/i));
  if (/iis|windows server/i.test(subject)) return base('windows');
  if (/\.net|dotnet/i.test(subject)) return base('dotnet', ver(/(?:\.net|dotnet)(?:\s*core)?[\s-]*(\d+(?:\.\d+)?)/i));
  if (/\bphp\b/i.test(subject)) return base('php', ver(/php[\s-]*(\d+(?:\.\d+)?)/i));
  return undefined;
}

/** The IR's platform hint: `ruby-3.2`, `nodejs-18`, `docker-al2023`, `ecs-al2`, `python`. */
export function platformHint(p: PlatformInfo): string {
  if (isDockerRuntime(p.runtime)) return p.os && p.runtime !== 'docker-al1' ? `${p.runtime}-${p.os}` : p.runtime;
  return p.version ? `${p.runtime}-${p.version}` : p.runtime;
}

/** What the app's own files say about its language (used when no platform is named anywhere). */
export interface LanguageGuess {
  runtime: Runtime;
  version?: string;
  /** The file that decided it. */
  evidence: string;
}

function firstMatch(text: string | undefined, re: RegExp): string | undefined {
  if (!text) return undefined;
  return re.exec(text)?.[1];
}

function majorMinor(v: string | undefined): string | undefined {
  if (!v) return undefined;
  const m = /(\d+)(?:\.(\d+))?/.exec(v);
  if (!m) return undefined;
  return m[2] !== undefined ? `${m[1]}.${m[2]}` : m[1];
}

/** Guesses the language from marker files at the bundle root (first rule that matches wins). */
export function guessLanguage(bundle: Bundle, procfileCommands: string[]): LanguageGuess | undefined {
  const names = new Set(bundle.list('').filter((e) => !e.dir).map((e) => e.name));
  const has = (n: string): boolean => names.has(n);
  const any = (re: RegExp): string | undefined => [...names].find((n) => re.test(n));
  if (has('Gemfile') || has('config.ru')) {
    const v =
      majorMinor(bundle.readText('.ruby-version')?.trim().replace(/^ruby-/, '')) ??
      majorMinor(firstMatch(bundle.readText('Gemfile'), /^\s*ruby\s+['"]([0-9.]+)['"]/m));
    return { runtime: 'ruby', ...(v ? { version: v } : {}), evidence: has('Gemfile') ? 'Gemfile' : 'config.ru' };
  }
  if (has('package.json')) {
    let v = bundle.readText('.nvmrc')?.trim() ?? bundle.readText('.node-version')?.trim();
    if (!v) v = firstMatch(bundle.readText('package.json'), /"node"\s*:\s*"[^0-9"]*(\d+)/);
    const major = v ? /(\d+)/.exec(v)?.[1] : undefined;
    return { runtime: 'nodejs', ...(major ? { version: major } : {}), evidence: 'package.json' };
  }
  const py = ['requirements.txt', 'Pipfile', 'pyproject.toml', 'application.py', 'setup.py', 'manage.py'].find(has);
  if (py) {
    const v =
      majorMinor(bundle.readText('.python-version')?.trim()) ?? majorMinor(firstMatch(bundle.readText('runtime.txt'), /python-([0-9.]+)/));
    return { runtime: 'python', ...(v ? { version: v } : {}), evidence: py };
  }
  const go = has('go.mod') ? 'go.mod' : has('application.go') ? 'application.go' : any(/\.go$/);
  if (go) {
    const v = majorMinor(firstMatch(bundle.readText('go.mod'), /^go\s+([0-9.]+)/m));
    return { runtime: 'go', ...(v ? { version: v } : {}), evidence: go };
  }
  const war = any(/\.war$/);
  if (war) return { runtime: 'tomcat', evidence: war };
  const java = any(/\.jar$/) ?? ['pom.xml', 'build.gradle', 'build.gradle.kts'].find(has);
  if (java) return { runtime: 'java-se', evidence: java };
  const dotnet = any(/\.(csproj|fsproj|sln)$|\.runtimeconfig\.json$|\.dll$/);
  if (dotnet) return { runtime: 'dotnet', evidence: dotnet };
  const php = has('composer.json') ? 'composer.json' : has('index.php') ? 'index.php' : undefined;
  if (php) return { runtime: 'php', evidence: php };
  // Last resort: what the Procfile runs.
  const cmds = procfileCommands.join('\n');
  const byCommand: [RegExp, Runtime][] = [
    [/\b(bundle|puma|rails|rake|sidekiq|passenger|ruby)\b/, 'ruby'],
    [/\b(node|npm|yarn|pnpm|npx)\b/, 'nodejs'],
    [/\b(gunicorn|uwsgi|python3?|celery|daphne|uvicorn|flask|django-admin)\b/, 'python'],
    [/\bjava\b|\.jar\b/, 'java-se'],
    [/\bdotnet\b/, 'dotnet'],
    [/\bphp\b/, 'php'],
    [/(^|\s)(\.\/)?(bin\/)?application(\s|$)/m, 'go'],
  ];
  for (const [re, runtime] of byCommand) if (re.test(cmds)) return { runtime, evidence: 'the Procfile commands' };
  return undefined;
}
