/**
 * Secrets the app reads as files (Compose `secrets:`, mounted at `/run/secrets/<name>`). ECS
 * injects secrets only as environment variables, so each task that needs such files gets a small
 * init container: it receives the secrets as environment variables from Secrets Manager (or
 * SSM), writes each one to its path in a task-scoped volume, and exits; the app containers mount
 * that volume read-only and start once it has succeeded. The app keeps reading the same paths.
 *
 * Runs after sizing: the init container asks for no CPU of its own and only a token memory
 * reservation (needed on EC2), so it does not change the task size.
 */
import { newContainer } from '../ir/create.js';
import type { Container, EnvVar, SecretFile, Service, TaskVolume } from '../ir/types.js';
import { updateServices } from './lib/update.js';
import { shellQuote } from '../util/shell-words.js';
import { uniqueName } from '../util/unique-name.js';
import type { Pass, PassContext } from './pass.js';

/** A pinned, small image with a POSIX shell, from the ECR Public mirror of Docker official images. */
export const SECRET_FILES_IMAGE = 'public.ecr.aws/docker/library/busybox:1.36.1';
/** Compose's default file mode for secrets. */
const DEFAULT_MODE = 0o444;
/** Memory reservation of the init container (EC2 requires one; it exits within a second). */
const INIT_MEMORY_MIB = 16;

function dirname(p: string): string {
  const i = p.lastIndexOf('/');
  return i <= 0 ? '/' : p.slice(0, i);
}

function unique(base: string, taken: Set<string>): string {
  const name = uniqueName(base, taken);
  taken.add(name);
  return name;
}

function withInitContainer(service: Service, ec2: boolean, ctx: PassContext): Service {
  // Most services read no secret file: a loop finds that without building a list.
  let any = false;
  for (let i = 0; i < service.task.containers.length; i++) if (((service.task.containers[i] as Container).secretFiles ?? []).length > 0) any = true;
  if (!any) return service;
  const users = service.task.containers.filter((c) => (c.secretFiles ?? []).length > 0);

  const containerNames = new Set(service.task.containers.map((c) => c.name));
  const volumeNames = new Set(service.task.volumes.map((v) => v.name));
  const initName = unique('secret-files', containerNames);

  // One task volume per directory the files live in.
  const files: SecretFile[] = users.flatMap((c) => c.secretFiles ?? []);
  const dirs = [...new Set(files.map((f) => dirname(f.path)))].sort();
  const volumeOf = new Map(dirs.map((d, i) => [d, unique(`secret-files-${i + 1}`, volumeNames)]));
  const volumes: TaskVolume[] = dirs.map((d) => ({ name: volumeOf.get(d) as string, source: { kind: 'ephemeral' } }));

  // One variable per secret; one write per distinct path (the first container's settings win).
  const variableOf = new Map<string, string>();
  const environment: EnvVar[] = [];
  const lines = ['set -e', 'umask 077'];
  const written = new Set<string>();
  for (const file of files) {
    let variable = variableOf.get(file.secret);
    if (!variable) {
      variable = `SECRET_FILE_${variableOf.size + 1}`;
      variableOf.set(file.secret, variable);
      environment.push({ name: variable, secret: { secret: file.secret }, ...(file.origin ? { origin: file.origin } : {}) });
    }
    if (written.has(file.path)) continue;
    written.add(file.path);
    const target = shellQuote(file.path);
    lines.push(`printf '%s' "$${variable}" > ${target}`);
    lines.push(`chmod ${(file.mode ?? DEFAULT_MODE).toString(8).padStart(4, '0')} ${target}`);
    if (file.uid !== undefined || file.gid !== undefined) lines.push(`chown ${file.uid ?? '0'}:${file.gid ?? '0'} ${target}`);
  }

  const init = newContainer(initName, { kind: 'ref', ref: SECRET_FILES_IMAGE });
  init.essential = false;
  init.entryPoint = ['sh', '-c'];
  init.command = [lines.join('\n')];
  init.environment = environment;
  init.mounts = dirs.map((d) => ({ volume: volumeOf.get(d) as string, containerPath: d, readOnly: false }));
  if (ec2) init.memory = { reservation: INIT_MEMORY_MIB };

  const containers = service.task.containers.map((c) => {
    const own = c.secretFiles ?? [];
    if (own.length === 0) return c;
    const needed = [...new Set(own.map((f) => dirname(f.path)))].sort();
    return {
      ...c,
      mounts: [...c.mounts, ...needed.map((d) => ({ volume: volumeOf.get(d) as string, containerPath: d, readOnly: true }))],
      dependsOn: [...c.dependsOn, { container: initName, condition: 'SUCCESS' as const }],
    };
  });
  const paths = [...written].sort();
  ctx.reporter.report(
    'secrets/file-init-container',
    `Service ${service.name} reads ${paths.length === 1 ? 'the secret file' : 'the secret files'} ${paths.join(', ')}; a short-lived init container writes ${paths.length === 1 ? 'it' : 'them'} there from the secret store when each task starts.`,
    {
      origin: files[0]?.origin ?? service.origin,
      notes: [`The init container (${SECRET_FILES_IMAGE}) gets the values as ECS secrets, writes the files into a task-scoped volume and exits; the app containers mount it read-only and start after it succeeds.`],
    },
  );
  return {
    ...service,
    task: { ...service.task, containers: [init, ...containers], volumes: [...service.task.volumes, ...volumes] },
  };
}

export const secretFiles: Pass = {
  name: 'secret-files',
  run(app, ctx) {
    const ec2 = app.settings.launchType === 'ec2';
    return updateServices(app, (service) => withInitContainer(service, ec2, ctx));
  },
};
