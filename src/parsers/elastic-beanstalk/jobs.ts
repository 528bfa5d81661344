/**
 * `container_commands` → one-off jobs. A `leader_only` command ran once per deployment (on one
 * instance, before the new version went live): on ECS that is a RunTask of the service's task
 * definition with the command overridden, run before the service is updated. Other container
 * commands ran on every instance and have no ECS step (reported).
 *
 * On Docker platforms container commands ran on the host, so Rails apps write them as
 * `docker run IMAGE cmd` or `docker exec CONTAINER cmd`; those are taken apart so the job runs
 * `cmd` in the container that has that image or name.
 */
import { ecsName } from '../../ir/create.js';
import type { Job } from '../../ir/types.js';
import { splitShellWords } from '../../util/shell-words.js';
import type { EbContext } from './common.js';
import { shellLineToCommand } from './commands.js';
import type { AppDraft } from './draft.js';
import type { ContainerCommand } from './ebextensions.js';

/** Options of `docker run`/`docker exec` that take a value as the next word. */
const VALUE_OPTIONS = new Set([
  '-e',
  '--env',
  '--env-file',
  '-v',
  '--volume',
  '-w',
  '--workdir',
  '-u',
  '--user',
  '--name',
  '--network',
  '--net',
  '-p',
  '--publish',
  '--entrypoint',
  '--link',
  '-l',
  '--label',
  '--mount',
  '--add-host',
  '-m',
  '--memory',
  '--cpus',
  '--log-driver',
  '--log-opt',
  '--restart',
  '-h',
  '--hostname',
  '--platform',
  '--pull',
  '--volumes-from',
]);

interface DockerCommand {
  kind: 'run' | 'exec' | 'compose';
  /** Image (run), container name (exec) or compose service. */
  target?: string;
  command: string[];
}

/** Takes apart `docker run|exec ...` and `docker compose|docker-compose run|exec ...`. */
export function parseDockerCommand(line: string): DockerCommand | undefined {
  const words = splitShellWords(line.trim()).words;
  if (words.length < 2) return undefined;
  let i = 0;
  if (words[0] === 'sudo') i++;
  let kind: DockerCommand['kind'];
  if (words[i] === 'docker' && (words[i + 1] === 'run' || words[i + 1] === 'exec')) {
    kind = words[i + 1] === 'run' ? 'run' : 'exec';
    i += 2;
  } else if ((words[i] === 'docker' && words[i + 1] === 'compose') || words[i] === 'docker-compose') {
    i += words[i] === 'docker' ? 2 : 1;
    while (i < words.length && (words[i] as string).startsWith('-')) i += (words[i] === '-f' || words[i] === '--file' || words[i] === '-p') ? 2 : 1;
    if (words[i] !== 'run' && words[i] !== 'exec') return undefined;
    kind = 'compose';
    i++;
  } else return undefined;
  let target: string | undefined;
  while (i < words.length) {
    const w = words[i] as string;
    if (w === '--') {
      i++;
      break;
    }
    if (w.startsWith('$(') || w.startsWith('`')) {
      // A subshell that finds the container, e.g. $(docker ps -q -f name=web).
      const sub: string[] = [];
      while (i < words.length) {
        const x = words[i] as string;
        sub.push(x);
        i++;
        if (x.endsWith(')') || (x.endsWith('`') && sub.length > 1) || (x.length > 1 && x.startsWith('`') && x.endsWith('`'))) break;
      }
      const name = /name=([A-Za-z0-9_.-]+)/.exec(sub.join(' '));
      if (name) target = name[1];
      break;
    }
    if (w.startsWith('-')) {
      i += VALUE_OPTIONS.has(w) ? 2 : 1;
      continue;
    }
    target = w;
    i++;
    break;
  }
  return { kind, ...(target ? { target } : {}), command: words.slice(i) };
}

function imageMatches(image: string, wanted: string): boolean {
  if (image === wanted) return true;
  const strip = (s: string): string => s.replace(/@sha256:.*$/, '').replace(/:[^/:]*$/, '');
  return strip(image) === strip(wanted);
}

/** The container a job runs in: the web process's, else the first service's first container. */
function jobTarget(draft: AppDraft): { service: string; container: string } | undefined {
  const first = draft.services[0];
  return draft.web ?? (first ? { service: first.name, container: first.task.containers[0]?.name ?? first.name } : undefined);
}

/** `base`, or `base-2`, `base-3`… when taken; the name is then taken. */
function freeJobName(base: string, used: Set<string>): string {
  let name = base;
  for (let n = 2; used.has(name); n++) name = `${base}-${n}`;
  used.add(name);
  return name;
}

/** What to do with the job file `name`. */
function runJobHint(name: string): string {
  return `Run it and wait for it to succeed before the services start or are updated: the first time with the command in the stack's \`Job…Command\` output; for a new image, jobs/${name}.json with \`aws ecs run-task --cli-input-json\` (after filling its placeholders), e.g. as a step of your deploy pipeline.`;
}

/** The note of a command that runs through a shell, and why. */
function shellNote(why: string | undefined): string {
  return `It needs a shell (${why}), so it runs through \`sh -c\`.`;
}

/** Builds the jobs (named apart from `taken`) and reports the container commands that have no ECS counterpart. */
export function containerCommandJobs(ctx: EbContext, commands: ContainerCommand[], draft: AppDraft, dockerPlatform: boolean, taken: readonly Job[] = []): Job[] {
  const jobs: Job[] = [];
  // Names of jobs the app has already (a Compose service that runs once): files are named after them.
  const used = new Set(taken.map((j) => j.name));
  const web = jobTarget(draft);
  for (const cc of commands) {
    const line = typeof cc.command === 'string' ? cc.command : cc.command.join(' ');
    if (!cc.leaderOnly) {
      ctx.reporter.report('eb/container-command', `Container command \`${cc.name}\` ran on every instance at each deployment.`, {
        origin: cc.origin,
        hint: /\b(assets:precompile|collectstatic|npm run build|yarn build|chmod|chown|mkdir|cp|ln)\b/.test(line)
          ? 'It prepares files: do it in the Dockerfile (RUN ...) so the image already has them.'
          : 'Build-time steps belong in the Dockerfile; steps needed at each container start belong in its entrypoint.',
      });
      continue;
    }
    if (!web) {
      ctx.reporter.report('eb/container-command', `Leader-only command \`${cc.name}\` has no service to run in.`, {
        origin: cc.origin,
        hint: 'Define the app (Dockerrun, Procfile or compose file) so ecsify knows which image the command needs.',
      });
      continue;
    }
    let service = web.service;
    let container = web.container;
    let command: string[];
    const notes: string[] = [];
    const docker = typeof cc.command === 'string' ? parseDockerCommand(cc.command) : undefined;
    if (docker && docker.command.length > 0) {
      const match = draft.services
        .flatMap((s) => s.task.containers.map((c) => ({ s, c })))
        .find(({ s, c }) =>
          docker.kind === 'run'
            ? c.image.kind === 'ref' && docker.target !== undefined && imageMatches(c.image.ref, docker.target)
            : docker.target !== undefined && (c.name === docker.target || s.name === docker.target),
        );
      if (match) {
        service = match.s.name;
        container = match.c.name;
      } else if (docker.target) {
        notes.push(`No container has the ${docker.kind === 'run' ? 'image' : 'name'} \`${docker.target}\`; the job runs in \`${container}\`.`);
      }
      command = docker.command;
      notes.push(`EB ran \`docker ${docker.kind === 'compose' ? 'compose ' : ''}${docker.kind === 'compose' ? 'run/exec' : docker.kind}\` on the host; the job runs the inner command in the container itself.`);
    } else if (typeof cc.command === 'string') {
      const c = shellLineToCommand(cc.command);
      command = c.words;
      if (c.viaShell) notes.push(shellNote(c.why));
      if (dockerPlatform) notes.push('On Docker platforms EB ran container commands on the host; the job runs it inside the container instead.');
    } else {
      command = cc.command;
    }
    const inner = docker && docker.command.length > 0 ? docker.command.join(' ') : line;
    const hostPath = /\/var\/app\/(staging|current|ondeck)\b/.exec(inner)?.[0];
    const ebScripts = /\/opt\/elasticbeanstalk\//.test(inner);
    if (hostPath || ebScripts) {
      ctx.reporter.report('eb/eb-host-path', `Leader-only command \`${cc.name}\` uses ${hostPath ?? '/opt/elasticbeanstalk'}, a path that exists only on EB instances.`, {
        origin: cc.origin,
        hint: hostPath
          ? `The job runs in the image, where the app is in its WORKDIR, not ${hostPath}: drop the \`cd ${hostPath}\` (or use the WORKDIR path) in the job's command.`
          : 'Refer to files in the image instead; EB\'s platform scripts are not in it.',
      });
    }
    if (docker && !ebScripts && /--env-file\b/.test(line)) notes.push('It passed EB\'s environment file to docker; the job gets the same variables from the task definition.');
    if (cc.cwd) notes.push(`It ran in ${cc.cwd}; the job runs in the image's working directory.`);
    if (cc.test) notes.push(`EB ran it only when \`${cc.test}\` succeeded; the job always runs.`);
    if (cc.hasEnv) notes.push('Its `env` variables are not carried over; add them to the job\'s overrides.');
    if (cc.ignoreErrors) notes.push('EB ignored its failures (ignoreErrors); a failing job stops the deployment.');
    const name = freeJobName(ecsName(cc.name), used);
    jobs.push({ name, service, container, command, beforeDeploy: true, origin: cc.origin });
    ctx.reporter.report('eb/leader-only-job', `Leader-only command \`${cc.name}\` becomes a one-off task of \`${service}\` that runs ${JSON.stringify(command)} before each deploy.`, {
      origin: cc.origin,
      hint: runJobHint(name),
      notes,
    });
  }
  return jobs;
}

/**
 * The job of a Procfile's `release` entry (Heroku's release phase, usually migrations): a one-off
 * task of the web service, before each deploy, named apart from the container-command jobs.
 */
export function releaseJob(ctx: EbContext, draft: AppDraft, jobs: readonly Job[]): Job | undefined {
  const release = draft.release;
  if (!release) return undefined;
  const web = jobTarget(draft);
  if (!web) return undefined;
  const name = freeJobName('release', new Set(jobs.map((j) => j.name)));
  const notes = ['EB has no release phase: it ran `release` like any Procfile process, restarting it each time it exited, as an ECS service would.'];
  if (release.shellWhy !== undefined) notes.push(shellNote(release.shellWhy));
  ctx.reporter.report('eb/procfile-release', `Procfile process \`release\` becomes a one-off task of \`${web.service}\` that runs ${JSON.stringify(release.command)} before each deploy, not a service.`, {
    origin: release.origin,
    hint: runJobHint(name),
    notes,
  });
  return { name, service: web.service, container: web.container, command: release.command, beforeDeploy: true, ...(release.origin ? { origin: release.origin } : {}) };
}
