/**
 * `task-definitions/<family>.json`: one RegisterTaskDefinition request per ECS service, as
 * `aws ecs register-task-definition --cli-input-json file://…` takes it, and
 * `jobs/<name>.json`: a RunTask request per one-off job (e.g. a database migration).
 *
 * Values that only exist once the infrastructure does (role ARNs, images built from source,
 * the secret's ARN, EFS ids, the region, the account of a secret named without its ARN) are
 * `${NAME}` placeholders, so the files can be filled with `envsubst` or by a pipeline. Each file
 * lists its own (`EmittedFile.placeholders`), which `placeholders()` gathers for the user: the
 * input's own `${NAME}` text (a command's `${HOME}`) is no placeholder.
 */
import type { Application, Container, Secret, Service } from '../../ir/types.js';
import { imageGroups, imageOwner, type ImageGroup } from '../images.js';
import type { EmitOptions, EmittedFile } from '../types.js';
import { buildTaskDefinition, type TaskDefRefs } from './task-definition.js';
import { existingSecretStore } from '../secret-store.js';

/** `web-app` → `WEB_APP`. */
export function upperSnake(...parts: string[]): string {
  return parts
    .join('_')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

/**
 * Image placeholder of a container built at deploy time: `<SERVICE>_IMAGE` (or
 * `<SERVICE>_<CONTAINER>_IMAGE` for a sidecar), after the first service that uses the same image
 * (`groups` is `imageGroups(app)`).
 */
export function imagePlaceholder(groups: ReadonlyMap<string, ImageGroup>, service: Service, container: Container): string {
  const owner = imageOwner(groups, container) ?? { service, container };
  return owner.container.name === owner.service.name
    ? `${upperSnake(owner.service.name)}_IMAGE`
    : `${upperSnake(owner.service.name, owner.container.name)}_IMAGE`;
}

/** The log group ecsify uses for an application. */
export function logGroupName(app: Application): string {
  return `/ecs/${app.name}`;
}

/**
 * `valueFrom` (or `credentialsParameter`) of a secret the input names. ARNs and SSM parameter
 * names are kept as written (ECS takes a parameter's name in the task's Region). A Secrets
 * Manager secret given by name becomes its partial ARN (no random suffix, which ECS accepts)
 * with `${AWS_REGION}` and `${AWS_ACCOUNT_ID}` placeholders: ECS takes only ARNs for Secrets
 * Manager. The partition is `aws`; edit it for China or GovCloud Regions.
 */
export function existingSecretReference(app: Application, secret: Secret, placeholder?: (name: string) => void): string {
  const { arn, jsonKey } = secret.existing!;
  const selector = jsonKey ? `:${jsonKey}::` : '';
  if (arn.startsWith('arn:') || existingSecretStore(app, secret) === 'ssm') return `${arn}${selector}`;
  placeholder?.('AWS_REGION');
  placeholder?.('AWS_ACCOUNT_ID');
  return `arn:aws:secretsmanager:\${AWS_REGION}:\${AWS_ACCOUNT_ID}:secret:${arn}${selector}`;
}

/**
 * The references of the JSON files: `${NAME}` placeholders where a value only exists once the
 * infrastructure does. Each placeholder made is told to `placeholder` (so the caller can tell its
 * own placeholders from `${NAME}` text of the input's, which a command may hold).
 */
export function jsonRefs(app: Application, placeholder: (name: string) => void = () => {}): TaskDefRefs {
  const groups = imageGroups(app);
  const ph = (name: string): string => {
    placeholder(name);
    return `\${${name}}`;
  };
  return {
    executionRoleArn: () => ph('EXECUTION_ROLE_ARN'),
    // Every service gets its own task role (empty unless it needs permissions), as in the
    // CloudFormation stack, so permissions can be added later without a new revision.
    taskRoleArn: (service) => service.taskRole?.arn ?? ph(`${upperSnake(service.name)}_TASK_ROLE_ARN`),
    image: (service, container) => (container.image.kind === 'ref' ? container.image.ref : ph(imagePlaceholder(groups, service, container))),
    secretValueFrom: (secret) => {
      if (secret.existing) return existingSecretReference(app, secret, placeholder);
      if (app.settings.secretsBackend === 'ssm') return `/${app.name}/${secret.name}`;
      return `${ph('SECRET_ARN')}:${secret.name}::`;
    },
    registryCredentials: (secret) => (secret.existing ? existingSecretReference(app, secret, placeholder) : ph('REGISTRY_CREDENTIALS_SECRET_ARN')),
    envTemplate: (template) => template.replace(/\$\{([A-Za-z0-9]+)\}/g, (_m, p: string) => ph(upperSnake(p))),
    logGroup: () => logGroupName(app),
    region: () => ph('AWS_REGION'),
    efsFileSystemId: (volume) => ph(`${upperSnake(volume)}_FILE_SYSTEM_ID`),
    efsAccessPointId: (volume) => ph(`${upperSnake(volume)}_ACCESS_POINT_ID`),
    // Called only for an app with a queue.
    queueUrl: () => app.queue!.url ?? ph(app.queue!.envVar),
  };
}

function json(value: unknown): string {
  return JSON.stringify(value, null, 2) + '\n';
}

/**
 * The services' task definition files, one per service in order: made once for the check
 * (check.ts, which measures them) and the emitter, and kept between the two only (the emitter
 * takes them).
 */
export function serviceTaskDefinitionFiles(app: Application): EmittedFile[] {
  const kept = made.get(app);
  if (kept) return kept;
  // The placeholders the references make, gathered per file.
  let used = new Set<string>();
  const refs = jsonRefs(app, (name) => used.add(name));
  const madeHere = (): string[] => {
    const names = [...used].sort();
    used = new Set();
    return names;
  };
  const files: EmittedFile[] = app.services.map((service) => {
    const contents = json(buildTaskDefinition(app, service, refs));
    return { path: `task-definitions/${service.task.family}.json`, contents, placeholders: madeHere() };
  });
  made.set(app, files);
  return files;
}

/** The files `serviceTaskDefinitionFiles` made for the check, until the emitter takes them. */
const made = new WeakMap<Application, EmittedFile[]>();

export function emitTaskDefinitions(app: Application, _options: EmitOptions): EmittedFile[] {
  const files = [...serviceTaskDefinitionFiles(app)];
  made.delete(app);
  for (const job of app.jobs) {
    const service = app.services.find((s) => s.name === job.service);
    if (!service) continue;
    const fargate = app.settings.launchType === 'fargate';
    const made: string[] = [];
    const ph = (name: string): string => {
      made.push(name);
      return `\${${name}}`;
    };
    const request: Record<string, unknown> = {
      cluster: ph('CLUSTER'),
      taskDefinition: service.task.family,
      count: 1,
      launchType: fargate ? 'FARGATE' : 'EC2',
    };
    if (service.task.networkMode === 'awsvpc') {
      request['networkConfiguration'] = {
        awsvpcConfiguration: {
          subnets: [ph('SUBNET_ID')],
          securityGroups: [ph('SECURITY_GROUP_ID')],
          // As its service: a task in a public subnet without a public IP cannot pull its image.
          assignPublicIp: (service.assignPublicIp ?? app.settings.network?.assignPublicIp ?? false) ? 'ENABLED' : 'DISABLED',
        },
      };
    }
    // A job of its own task definition (role `job`) runs the container's own command.
    if (job.command) request['overrides'] = { containerOverrides: [{ name: job.container, command: job.command }] };
    files.push({ path: `jobs/${job.name}.json`, contents: json(request), placeholders: made });
  }
  return files;
}
