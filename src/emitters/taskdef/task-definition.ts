/**
 * Builds the ECS RegisterTaskDefinition request (API lowerCamelCase) for one service.
 *
 * Shared by the task-definition JSON emitter and the CloudFormation emitter, so the two agree
 * field for field: everything that differs between them (role ARNs, image URIs for built images,
 * secret ARNs, log group, region, EFS ids) goes through `refs`, which returns plain placeholder
 * strings for JSON files and intrinsic functions for CloudFormation.
 */
import type {
  Application,
  Container,
  EnvVar,
  ExcludedService,
  Secret,
  SecretRef,
  Service,
  TaskVolume,
} from '../../ir/types.js';
import { AWSLOGS_OPTIONS, PORTABLE_LOG_DRIVERS } from '../../ir/logging.js';

/** How values that depend on the deployment are rendered. `V` is string for JSON, any for CFN. */
export interface TaskDefRefs {
  executionRoleArn(): unknown;
  /** Undefined when the service needs no task role. */
  taskRoleArn(service: Service): unknown | undefined;
  /** Image URI of a container: its fixed reference, or a value supplied at deploy time (built images, and in the stack own released ones). */
  image(service: Service, container: Container): unknown;
  /** `valueFrom` of a secret reference. */
  secretValueFrom(secret: Secret): unknown;
  /** `repositoryCredentials.credentialsParameter` for a registry-credentials secret. */
  registryCredentials(secret: Secret): unknown;
  /** A value built from a template with endpoint parameters of excluded services. */
  envTemplate(template: string, parameters: ExcludedService[]): unknown;
  logGroup(): unknown;
  region(): unknown;
  efsFileSystemId(volume: string): unknown;
  efsAccessPointId(volume: string): unknown;
  /** URL of the worker queue (`app.queue`), set in `queue.envVar` of its consumers' containers. */
  queueUrl(): unknown;
}

/** ECS accepts up to 10 containers; the builder does not check (a pass does). */
export function buildTaskDefinition(app: Application, service: Service, refs: TaskDefRefs): Record<string, unknown> {
  const task = service.task;
  const fargate = app.settings.launchType === 'fargate';
  const def: Record<string, unknown> = { family: task.family };
  const taskRole = refs.taskRoleArn(service);
  if (taskRole !== undefined) def['taskRoleArn'] = taskRole;
  def['executionRoleArn'] = refs.executionRoleArn();
  def['networkMode'] = task.networkMode;
  def['requiresCompatibilities'] = [fargate ? 'FARGATE' : 'EC2'];
  if (task.cpu !== undefined) def['cpu'] = String(task.cpu);
  if (task.memory !== undefined) def['memory'] = String(task.memory);
  if (task.runtimePlatform || fargate) {
    def['runtimePlatform'] = {
      cpuArchitecture: task.runtimePlatform?.cpuArchitecture ?? 'X86_64',
      operatingSystemFamily: task.runtimePlatform?.operatingSystemFamily ?? 'LINUX',
    };
  }
  if (task.pidMode) def['pidMode'] = task.pidMode;
  if (task.ipcMode) def['ipcMode'] = task.ipcMode;
  if (task.ephemeralStorageGiB !== undefined) def['ephemeralStorage'] = { sizeInGiB: task.ephemeralStorageGiB };
  if (task.volumes.length > 0) def['volumes'] = task.volumes.map((v) => volume(app, v, refs));
  def['containerDefinitions'] = task.containers.map((c) => containerDefinition(app, service, c, refs));
  return def;
}

/** An existing EFS file system named by an external volume (`fs-0123abcd`). */
export function externalFileSystemId(app: Application, volume: string): string | undefined {
  const v = firstByName(app.volumes).get(volume);
  return v?.external && v.externalName && /^fs-[0-9a-f]+$/.test(v.externalName) ? v.externalName : undefined;
}

function volume(app: Application, v: TaskVolume, refs: TaskDefRefs): Record<string, unknown> {
  switch (v.source.kind) {
    case 'shared': {
      // ecsify creates a file system and an access point per volume; an external volume names an
      // existing file system, mounted at its root with no access point.
      const existing = externalFileSystemId(app, v.source.volume);
      const efs: Record<string, unknown> = {
        fileSystemId: existing ?? refs.efsFileSystemId(v.source.volume),
        transitEncryption: 'ENABLED',
      };
      if (!existing) efs['authorizationConfig'] = { accessPointId: refs.efsAccessPointId(v.source.volume), iam: 'ENABLED' };
      return { name: v.name, efsVolumeConfiguration: efs };
    }
    case 'ephemeral':
      return { name: v.name };
    case 'host':
      return { name: v.name, host: { sourcePath: v.source.path } };
  }
}

function byName<T extends { name: string }>(a: T, b: T): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/**
 * A list's entries by name (the first of each name, as `find` would give), for `app.secrets` and
 * `app.volumes`: every secret variable and shared volume of every container is looked up, and
 * a scan per lookup made an app with thousands of them quadratic (1000 services with 4 secrets
 * each: ≈170 ms of scans). Keyed by the list itself, which the passes never change in place (a
 * pass that changes the list makes a new one); its length is checked too, for lists grown after
 * a first build.
 */
const nameIndexes = new WeakMap<readonly { name: string }[], { size: number; byName: Map<string, { name: string }> }>();

function firstByName<T extends { name: string }>(list: readonly T[]): Map<string, T> {
  let index = nameIndexes.get(list);
  if (!index || index.size !== list.length) {
    const byName = new Map<string, T>();
    for (const x of list) if (!byName.has(x.name)) byName.set(x.name, x);
    index = { size: list.length, byName };
    nameIndexes.set(list, index);
  }
  return index.byName as Map<string, T>;
}

function secretOf(app: Application, ref: SecretRef): Secret {
  const s = firstByName(app.secrets).get(ref.secret);
  // A reference to an unknown secret is a parser bug, not bad input.
  if (!s) throw new Error(`internal: secret reference ${ref.secret} has no entry in app.secrets`);
  return s;
}

function environment(app: Application, env: EnvVar[], refs: TaskDefRefs) {
  const plain: { name: string; value: unknown }[] = [];
  const secrets: { name: string; valueFrom: unknown }[] = [];
  for (const e of env) {
    if ('secret' in e) secrets.push({ name: e.name, valueFrom: refs.secretValueFrom(secretOf(app, e.secret)) });
    else if ('template' in e) {
      const params = e.parameters.map((p) => {
        const ex = app.excluded.find((x) => x.parameter === p);
        if (!ex) throw new Error(`internal: template parameter ${p} names no excluded service`);
        return ex;
      });
      plain.push({ name: e.name, value: refs.envTemplate(e.template, params) });
    } else plain.push({ name: e.name, value: e.value });
  }
  return { plain: plain.sort(byName), secrets: secrets.sort(byName) };
}

function containerDefinition(app: Application, service: Service, c: Container, refs: TaskDefRefs): Record<string, unknown> {
  const bridge = service.task.networkMode === 'bridge';
  const out: Record<string, unknown> = { name: c.name };
  out['image'] = refs.image(service, c);
  out['essential'] = c.essential;
  if (c.command) out['command'] = c.command;
  if (c.entryPoint) out['entryPoint'] = c.entryPoint;
  if (c.workingDirectory) out['workingDirectory'] = c.workingDirectory;
  if (c.user) out['user'] = c.user;
  const env = environment(app, c.environment, refs);
  const queue = app.queue;
  if (queue && queue.consumers.includes(service.name) && !env.plain.some((e) => e.name === queue.envVar)) {
    env.plain.push({ name: queue.envVar, value: refs.queueUrl() });
    env.plain.sort(byName);
  }
  if (env.plain.length > 0) out['environment'] = env.plain;
  if (env.secrets.length > 0) out['secrets'] = env.secrets;
  if (c.ports.length > 0) {
    out['portMappings'] = c.ports.map((p) => {
      const m: Record<string, unknown> = { containerPort: p.containerPort };
      // awsvpc: host port is the container port (omitted); bridge: omitted = dynamic host port,
      // which lets several tasks share an instance behind the load balancer.
      m['protocol'] = p.protocol;
      if (p.name) m['name'] = p.name;
      if (p.name && p.appProtocol) m['appProtocol'] = p.appProtocol;
      return m;
    });
  }
  if (c.healthCheck) {
    const h: Record<string, unknown> = { command: c.healthCheck.command };
    if (c.healthCheck.intervalSeconds !== undefined) h['interval'] = c.healthCheck.intervalSeconds;
    if (c.healthCheck.timeoutSeconds !== undefined) h['timeout'] = c.healthCheck.timeoutSeconds;
    if (c.healthCheck.retries !== undefined) h['retries'] = c.healthCheck.retries;
    if (c.healthCheck.startPeriodSeconds !== undefined) h['startPeriod'] = c.healthCheck.startPeriodSeconds;
    out['healthCheck'] = h;
  }
  if (c.dependsOn.length > 0) out['dependsOn'] = c.dependsOn.map((d) => ({ containerName: d.container, condition: d.condition }));
  if (c.cpu !== undefined) out['cpu'] = c.cpu;
  if (c.memory?.limit !== undefined) out['memory'] = c.memory.limit;
  if (c.memory?.reservation !== undefined) out['memoryReservation'] = c.memory.reservation;
  if (c.mounts.length > 0) {
    out['mountPoints'] = c.mounts.map((m) => ({ sourceVolume: m.volume, containerPath: m.containerPath, readOnly: m.readOnly }));
  }
  if (c.volumesFrom.length > 0) out['volumesFrom'] = c.volumesFrom.map((v) => ({ sourceContainer: v.sourceContainer, readOnly: v.readOnly }));
  const linux = linuxParameters(c);
  if (linux) out['linuxParameters'] = linux;
  if (c.ulimits.length > 0) out['ulimits'] = c.ulimits.map((u) => ({ name: u.name, softLimit: u.softLimit, hardLimit: u.hardLimit }));
  if (c.systemControls.length > 0) out['systemControls'] = c.systemControls.map((s) => ({ namespace: s.namespace, value: s.value }));
  if (c.stopTimeoutSeconds !== undefined) out['stopTimeout'] = c.stopTimeoutSeconds;
  if (c.readonlyRootFilesystem !== undefined) out['readonlyRootFilesystem'] = c.readonlyRootFilesystem;
  if (c.privileged !== undefined) out['privileged'] = c.privileged;
  if (c.hostname !== undefined) out['hostname'] = c.hostname;
  if (c.extraHosts.length > 0) out['extraHosts'] = c.extraHosts.map((h) => ({ hostname: h.hostname, ipAddress: h.ipAddress }));
  if (c.dnsServers.length > 0) out['dnsServers'] = c.dnsServers;
  if (c.dnsSearchDomains.length > 0) out['dnsSearchDomains'] = c.dnsSearchDomains;
  if (c.dockerSecurityOptions.length > 0) out['dockerSecurityOptions'] = c.dockerSecurityOptions;
  if (bridge && c.links.length > 0) out['links'] = c.links;
  if (c.interactive !== undefined) out['interactive'] = c.interactive;
  if (c.pseudoTerminal !== undefined) out['pseudoTerminal'] = c.pseudoTerminal;
  const labels = Object.keys(c.labels).sort();
  if (labels.length > 0) out['dockerLabels'] = Object.fromEntries(labels.map((k) => [k, c.labels[k] as string]));
  if (c.repositoryCredentials) {
    out['repositoryCredentials'] = { credentialsParameter: refs.registryCredentials(secretOf(app, c.repositoryCredentials)) };
  }
  out['logConfiguration'] = logConfiguration(service, c, refs);
  return out;
}

function logConfiguration(service: Service, c: Container, refs: TaskDefRefs): Record<string, unknown> {
  if (c.logging && c.logging.driver !== 'awslogs' && PORTABLE_LOG_DRIVERS.has(c.logging.driver)) {
    const keys = Object.keys(c.logging.options).sort();
    return { logDriver: c.logging.driver, options: Object.fromEntries(keys.map((k) => [k, c.logging!.options[k] as string])) };
  }
  const options: Record<string, unknown> = {
    'awslogs-group': refs.logGroup(),
    'awslogs-region': refs.region(),
    'awslogs-stream-prefix': service.name,
  };
  if (c.logging?.driver === 'awslogs') {
    // The options ECS's driver takes besides where the logs go; the front ends reported the others.
    for (const k of Object.keys(c.logging.options).sort()) {
      if (AWSLOGS_OPTIONS.includes(k)) options[k] = c.logging.options[k];
    }
  }
  return { logDriver: 'awslogs', options };
}

function linuxParameters(c: Container): Record<string, unknown> | undefined {
  const l = c.linux;
  if (!l) return undefined;
  const out: Record<string, unknown> = {};
  if (l.capabilities && (l.capabilities.add.length > 0 || l.capabilities.drop.length > 0)) {
    const caps: Record<string, unknown> = {};
    if (l.capabilities.add.length > 0) caps['add'] = l.capabilities.add;
    if (l.capabilities.drop.length > 0) caps['drop'] = l.capabilities.drop;
    out['capabilities'] = caps;
  }
  if (l.devices.length > 0) {
    out['devices'] = l.devices.map((d) => {
      const dev: Record<string, unknown> = { hostPath: d.hostPath };
      if (d.containerPath) dev['containerPath'] = d.containerPath;
      if (d.permissions.length > 0) dev['permissions'] = d.permissions;
      return dev;
    });
  }
  if (l.initProcessEnabled !== undefined) out['initProcessEnabled'] = l.initProcessEnabled;
  if (l.sharedMemorySizeMiB !== undefined) out['sharedMemorySize'] = l.sharedMemorySizeMiB;
  if (l.tmpfs.length > 0) {
    out['tmpfs'] = l.tmpfs.map((t) => {
      const m: Record<string, unknown> = { containerPath: t.containerPath, size: t.sizeMiB };
      if (t.mountOptions.length > 0) m['mountOptions'] = t.mountOptions;
      return m;
    });
  }
  if (l.maxSwapMiB !== undefined) out['maxSwap'] = l.maxSwapMiB;
  if (l.swappiness !== undefined) out['swappiness'] = l.swappiness;
  return Object.keys(out).length > 0 ? out : undefined;
}
