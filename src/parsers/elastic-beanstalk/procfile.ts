/**
 * Procfile (and Buildfile) apps on the language platforms → one ECS service per process, all
 * from one image that does not exist yet (`ImageSource` kind `platform`, supplied at deploy).
 * `web` (or, failing that, the first entry) is the process behind the load balancer, on the
 * platform's port; the others are workers. A `release` entry beside others is Heroku's release
 * phase, which EB does not have: it becomes a job (see `releaseJob`), not a service.
 */
import { ecsName, newContainer, newService } from '../../ir/create.js';
import type { Origin } from '../../ir/types.js';
import { originAt, sourceFile, type SourceFile } from '../../ir/source-file.js';
import { noteFile, validPort, type EbContext } from './common.js';
import { portInCommand, shellLineToCommand } from './commands.js';
import type { AppDraft } from './draft.js';
import { platformHint, type PlatformInfo, type Runtime } from './platform.js';

export interface ProcfileEntry {
  name: string;
  command: string;
  /** Absent for the platform's default process (there is no file to point at). */
  origin?: Origin;
}

const LINE = /^([A-Za-z0-9_-]+):\s*(\S.*)$/;

/** Parses Procfile/Buildfile text; malformed lines and duplicate names are reported. */
export function parseProcfileText(ctx: EbContext, file: SourceFile, kind: 'Procfile' | 'Buildfile'): ProcfileEntry[] {
  const out: ProcfileEntry[] = [];
  let offset = 0;
  for (const raw of file.text.split('\n')) {
    const start = offset;
    offset += raw.length + 1;
    const line = raw.replace(/\r$/, '');
    if (line.trim() === '' || line.trim().startsWith('#')) continue;
    const m = LINE.exec(line.trim());
    const origin = originAt(file, start + (line.length - line.trimStart().length), '');
    if (!m) {
      ctx.reporter.report('eb/procfile-syntax', `${file.path} line \`${line.trim().slice(0, 60)}\` is not \`<name>: <command>\`.`, {
        origin,
        hint: 'Process names use letters, digits, _ and -, followed by a colon and the command; EB rejects other lines. ecsify skips it.',
      });
      continue;
    }
    const name = m[1] as string;
    const entry = { name, command: (m[2] as string).trim(), origin: { ...origin, path: name } };
    const dup = out.findIndex((e) => e.name === name);
    if (dup !== -1) {
      ctx.reporter.report('eb/procfile-syntax', `${kind} names the process \`${name}\` twice.`, {
        origin: entry.origin,
        hint: 'Only one of them runs; ecsify keeps the last, give the other a different name.',
      });
      out.splice(dup, 1);
    }
    out.push(entry);
  }
  return out;
}

/** The port EB's proxy forwarded to when neither PORT nor the command says (elastic-beanstalk.md §3). */
export function platformDefaultPort(runtime: Runtime): number {
  // PHP: EB's proxy served the app on port 80 (nginx/Apache + php-fpm); ecsify's stand-in, the
  // official php:<version>-apache image, serves on 80 too.
  return runtime === 'python' ? 8000 : runtime === 'php' ? 80 : 5000;
}

export interface ProcfileHints {
  /** Absent when no platform is named and the files do not tell. */
  platform?: PlatformInfo;
  /** The PORT environment property, if set. */
  portProperty?: { value: string; origin: Origin };
  worker: boolean;
}

/** Heroku's name for its release phase, a command run once per deploy before the processes. */
const RELEASE = 'release';

/** Builds the services of a Procfile app (or of the platform's default process). */
export function procfileDraft(ctx: EbContext, appName: string, entries: ProcfileEntry[], hints: ProcfileHints, source: string): AppDraft {
  const draft: AppDraft = { kind: 'eb-procfile', services: [], volumes: [], hostPorts: new Map(), envToAllContainers: true };
  const platform = hints.platform ? platformHint(hints.platform) : 'unknown';
  // Alone, `release` is the app's only process and stays one (EB ran it, restarting it on exit).
  const release = entries.length > 1 ? entries.find((e) => e.name === RELEASE) : undefined;
  if (release) {
    const cmd = shellLineToCommand(release.command);
    draft.release = { command: cmd.words, ...(cmd.viaShell ? { shellWhy: cmd.why } : {}), ...(release.origin ? { origin: release.origin } : {}) };
    entries = entries.filter((e) => e !== release);
  }
  let webEntry = entries.find((e) => e.name === 'web');
  if (!webEntry && entries.length > 0 && !hints.worker) {
    webEntry = entries[0] as ProcfileEntry;
    ctx.reporter.report('eb/procfile-no-web', `${source} has no \`web\` process; EB sends traffic to the first one, \`${webEntry.name}\`.`, {
      origin: webEntry.origin,
      hint: 'Name the process that serves HTTP `web` (the Go and Java SE platforms require it).',
    });
  }
  for (const e of entries) {
    const cmd = shellLineToCommand(e.command);
    if (cmd.viaShell) {
      ctx.reporter.report('eb/shell-command', `Process \`${e.name}\` needs a shell (${cmd.why}), so ecsify runs it with \`sh -c\`.`, {
        origin: e.origin,
        hint: 'ECS does not expand variables in the command list; the shell does it at start-up, as on EB.',
      });
    }
    if (/\/opt\/elasticbeanstalk\/|\/var\/app\/current\b/.test(e.command)) {
      ctx.reporter.report('eb/eb-host-path', `Process \`${e.name}\` uses a path that exists only on EB instances.`, {
        origin: e.origin,
        hint: /pumaconf/.test(e.command)
          ? 'The platform generated that Puma config; ship config/puma.rb with the app and run `bundle exec puma -C config/puma.rb`.'
          : 'Refer to files in the image instead (the app is in the image\'s WORKDIR, not /var/app/current).',
      });
    }
    const name = ecsName(e.name);
    const container = newContainer(name, { kind: 'platform', platform, origin: e.origin });
    container.origin = e.origin;
    container.command = cmd.words;
    const svc = newService(appName, name, [container], ctx.options.launchType);
    svc.origin = e.origin;
    svc.role = e === webEntry ? 'web' : 'worker';
    draft.services.push(svc);
    const ownPort = portInCommand(e.command);
    if (ownPort && e !== webEntry) draft.hostPorts.set(ownPort, { service: name, container: name, containerPort: ownPort, origin: e.origin });
    if (e === webEntry) {
      const port = webPort(ctx, e, hints);
      container.ports.push({ containerPort: port, protocol: 'tcp', public: true, origin: e.origin });
      draft.web = { service: name, container: name, containerPort: port, origin: e.origin };
      draft.hostPorts.set(port, draft.web);
    }
  }
  if (draft.services.length > 0) {
    const first = draft.services[0];
    ctx.reporter.report('eb/platform-image', hints.platform ? `EB built and ran this app on the ${platform} platform; there is no container image yet.` : 'EB built and ran this app on a language platform; there is no container image yet.', {
      origin: first?.origin,
      hint: `Write a Dockerfile from the official ${hints.platform ? `${imageAdvice(hints.platform)} image` : "image of the app's language"} that installs the app's dependencies, build and push it; ecsify takes its URI as a deployment parameter and runs each Procfile process from it.${hints.platform?.runtime === 'php' ? PHP_NOTE : ''}`,
    });
  }
  return draft;
}

const PHP_NOTE =
  " EB's PHP platform served the app through nginx (or Apache) and php-fpm on port 80, with the document root and php.ini settings of aws:elasticbeanstalk:container:php:phpini; the php:<version>-apache image serves /var/www/html with Apache and mod_php on port 80, so copy the app there (or point DocumentRoot at it) and install the extensions and php.ini settings the app needs.";

function imageAdvice(p: PlatformInfo): string {
  const v = p.version;
  switch (p.runtime) {
    case 'nodejs':
      return `node${v ? `:${v}` : ''}`;
    case 'python':
      return `python${v ? `:${v}` : ''}`;
    case 'ruby':
      return `ruby${v ? `:${v}` : ''}`;
    case 'go':
      return `golang${v ? `:${v}` : ''}`;
    case 'java-se':
      return `amazoncorretto${v ? `:${v}` : ''}`;
    case 'dotnet':
      return `mcr.microsoft.com/dotnet/aspnet${v ? `:${v}` : ''}`;
    case 'php':
      return `php:${v ? `${v}-` : ''}apache`;
    default:
      return p.runtime;
  }
}

/** PORT property, then a port in the command, then the platform default. */
function webPort(ctx: EbContext, e: ProcfileEntry, hints: ProcfileHints): number {
  const prop = hints.portProperty;
  if (prop) {
    const n = Number(prop.value.trim());
    if (Number.isInteger(n) && validPort(n)) {
      ctx.reporter.report('eb/procfile-port', `Process \`${e.name}\` listens on port ${n}, the PORT environment property.`, {
        origin: prop.origin,
        hint: 'The load balancer targets this port on ECS.',
      });
      return n;
    }
    ctx.reporter.report('eb/invalid-value', `The PORT environment property \`${prop.value}\` is not a port number.`, {
      origin: prop.origin,
      severity: 'warning',
      hint: 'EB needs a number from 1 to 65535; ecsify ignores it.',
    });
  }
  const fromCommand = portInCommand(e.command);
  const fallback = hints.platform ? platformDefaultPort(hints.platform.runtime) : 5000;
  const platformName = hints.platform ? `the ${hints.platform.runtime} platform default` : "EB's usual default";
  if (fromCommand) {
    ctx.reporter.report('eb/procfile-port', `Process \`${e.name}\` listens on port ${fromCommand}, the port its command binds.`, {
      origin: e.origin,
      hint:
        fromCommand === fallback
          ? 'It is also the platform default; ecsify sets PORT to it in the container.'
          : `EB's proxy forwarded to ${fallback} unless PORT was set; ecsify targets ${fromCommand} and sets PORT to it in the container.`,
    });
    return fromCommand;
  }
  ctx.reporter.report('eb/procfile-port', `Process \`${e.name}\` is taken to listen on port ${fallback}, ${platformName}.`, {
    origin: e.origin,
    hint: 'ecsify sets PORT to it in the container; set the PORT environment property if the app listens elsewhere.',
  });
  return fallback;
}

/** Reads a Procfile or Buildfile from the bundle. */
export function readProcfile(ctx: EbContext, rel: string, kind: 'Procfile' | 'Buildfile'): ProcfileEntry[] | undefined {
  const text = ctx.bundle.readText(rel);
  if (text === undefined) return undefined;
  noteFile(ctx, rel, text);
  return parseProcfileText(ctx, sourceFile(rel, text), kind);
}

/** Reports Buildfile entries: build steps that belong in the image build. */
export function reportBuildfile(ctx: EbContext, entries: ProcfileEntry[]): void {
  for (const e of entries) {
    ctx.reporter.report('eb/buildfile', `Buildfile step \`${e.name}\` (\`${e.command}\`) ran on every instance at each deployment.`, {
      origin: e.origin,
      hint: `Run it as a RUN step in the Dockerfile that builds the app's image: RUN ${e.command}`,
    });
  }
}
