/**
 * Every key a Compose service may have (the Compose Specification's service schema plus the keys
 * of the legacy 1/2.x/3.x schemas) and what ecsify does with it. Nothing is silently dropped:
 *
 * - `mapped`: the value goes into the IR (the module named in `by` reads it);
 * - `approximated`: it goes into the IR as the closest ECS setting, with an info/warning saying how;
 * - `rejected`: it has no place on ECS; `compose/unsupported-key` says why and what to do;
 * - `loader`: the loader already applied it (profiles, extends) before the mapping runs;
 * - `legacy`: an old-format key read with its old meaning (`compose/legacy-key`).
 *
 * A test checks that every key of `../shared/schemas` is in this table.
 */
import type { Severity } from '../../diagnostics/diagnostic.js';

/** The file under src/parsers/compose that reads a key. */
export type KeyModule =
  | 'service-image'
  | 'service-command'
  | 'service-environment'
  | 'service-ports'
  | 'service-volumes'
  | 'service-secrets'
  | 'service-healthcheck'
  | 'service-resources'
  | 'service-network'
  | 'service-runtime'
  | 'service-deploy'
  | 'service-logging'
  | 'service-dependencies';

export type KeyTreatment =
  | { kind: 'mapped'; by: KeyModule; note?: string }
  | { kind: 'approximated'; by: KeyModule; note: string }
  | { kind: 'rejected'; severity: Exclude<Severity, 'error'>; why: string; hint: string }
  | { kind: 'loader'; note: string }
  /** `by` absent: the old key has no effect on ECS either (said in the same diagnostic). */
  | { kind: 'legacy'; by?: KeyModule; modern: string };

const rejected = (severity: 'info' | 'warning', why: string, hint: string): KeyTreatment => ({ kind: 'rejected', severity, why, hint });
const mapped = (by: KeyModule, note?: string): KeyTreatment => (note ? { kind: 'mapped', by, note } : { kind: 'mapped', by });
const approx = (by: KeyModule, note: string): KeyTreatment => ({ kind: 'approximated', by, note });

export const SERVICE_KEYS: Readonly<Record<string, KeyTreatment>> = {
  annotations: rejected('info', 'container annotations have no ECS counterpart', 'Use `labels` (they become Docker labels) if a tool reads them.'),
  attach: rejected('info', 'it only controls whether `docker compose up` shows the logs', 'Nothing to do: on ECS every container logs to CloudWatch Logs.'),
  blkio_config: rejected('warning', 'ECS cannot limit block I/O', 'Remove it; choose faster storage (EBS volume types, EFS throughput modes) instead.'),
  build: mapped('service-image', 'build context kept (the image URI becomes a parameter); with `image`, reported (compose/build-image-needed)'),
  cap_add: mapped('service-runtime'),
  cap_drop: mapped('service-runtime'),
  cgroup: rejected('info', 'ECS does not expose the cgroup namespace mode', 'Remove it.'),
  cgroup_parent: rejected('warning', 'ECS places each task in its own cgroup', 'Remove it.'),
  command: mapped('service-command'),
  configs: approx('service-secrets', 'reported (compose/config-not-mapped): bake into the image or read from SSM/S3'),
  container_name: approx('service-network', 'ECS names containers itself; the name stays reachable as a discovery alias'),
  cpu_count: rejected('info', 'it is a Windows-only CPU setting', 'Use `cpus` (or `deploy.resources.limits.cpus`).'),
  cpu_percent: rejected('info', 'it is a Windows-only CPU setting', 'Use `cpus` (or `deploy.resources.limits.cpus`).'),
  cpu_period: approx('service-resources', 'with cpu_quota: CPUs = quota / period → container CPU units'),
  cpu_quota: approx('service-resources', 'with cpu_period: CPUs = quota / period → container CPU units'),
  cpu_rt_period: rejected('warning', 'ECS cannot reserve real-time CPU time', 'Remove it.'),
  cpu_rt_runtime: rejected('warning', 'ECS cannot reserve real-time CPU time', 'Remove it.'),
  cpu_shares: approx('service-resources', 'relative weight → container CPU units (ECS CPU units are Docker CPU shares)'),
  cpus: mapped('service-resources'),
  cpuset: rejected('warning', 'ECS cannot pin containers to CPUs', 'Remove it; size the task with `cpus` instead.'),
  credential_spec: rejected('warning', 'gMSA credential specs (Windows Active Directory) are not converted', 'Add `credentialSpecs` to the generated task definition by hand.'),
  depends_on: mapped('service-dependencies', 'container dependsOn inside one task; Service.calls across services'),
  deploy: mapped('service-deploy', 'replicas, resources, update_config, restart_policy; Swarm-only parts reported'),
  develop: rejected('info', 'it configures `docker compose watch` for local development', 'Nothing to do: deploy a new image instead of syncing files.'),
  device_cgroup_rules: rejected('warning', 'ECS has no device cgroup rules', 'Use `devices` (EC2 only) or remove it.'),
  devices: mapped('service-runtime'),
  dns: mapped('service-network'),
  dns_opt: rejected('warning', 'ECS task definitions have no DNS options', 'Remove it, or set the options in the image (`/etc/resolv.conf` is managed by ECS).'),
  dns_search: mapped('service-network'),
  domainname: rejected('info', 'ECS sets no container domain name', 'Remove it; use fully qualified names in your configuration.'),
  entrypoint: mapped('service-command'),
  env_file: mapped('service-environment'),
  environment: mapped('service-environment'),
  expose: mapped('service-ports'),
  extends: { kind: 'loader', note: 'resolved by the loader before the mapping' },
  external_links: rejected('warning', 'it links to containers outside the project, which do not exist on ECS', 'Reach those services by a host name (make it a setting of the app).'),
  extra_hosts: mapped('service-network'),
  gpus: rejected('warning', 'GPUs are not converted yet', 'Run on EC2 GPU instances and add `resourceRequirements` (type GPU) to the generated task definition.'),
  group_add: rejected('warning', 'ECS cannot add supplementary groups to the container user', 'Add the user to the groups in the image (Dockerfile).'),
  healthcheck: mapped('service-healthcheck'),
  hostname: mapped('service-network'),
  image: mapped('service-image'),
  init: mapped('service-runtime'),
  ipc: approx('service-runtime', 'host → ipcMode host; shareable/service: → task; private → none'),
  isolation: rejected('info', 'it is a Windows container isolation setting', 'Remove it.'),
  label_file: mapped('service-environment'),
  labels: mapped('service-runtime'),
  links: approx('service-network', 'calls through service discovery; aliases become discovery names (compose/links)'),
  logging: approx('service-logging', 'awslogs kept; other drivers replaced by CloudWatch Logs (compose/logging-driver)'),
  mac_address: rejected('warning', 'ECS assigns network interfaces and their MAC addresses', 'Remove it.'),
  mem_limit: mapped('service-resources'),
  mem_reservation: mapped('service-resources'),
  mem_swappiness: mapped('service-resources'),
  memswap_limit: approx('service-resources', 'memory+swap total → ECS maxSwap (swap only)'),
  models: rejected('warning', 'Docker Model Runner models cannot run on ECS', 'Call a hosted model (e.g. Amazon Bedrock) and pass its endpoint as a setting.'),
  network_mode: approx('service-network', 'service:x → sidecar in x’s task; host kept; bridge/none → the launch type’s mode'),
  networks: approx('service-network', 'aliases → discovery names; addresses and per-network segmentation reported'),
  oom_kill_disable: rejected('warning', 'ECS cannot disable the OOM killer', 'Give the container more memory instead.'),
  oom_score_adj: rejected('info', 'ECS cannot adjust the OOM score', 'Remove it.'),
  pid: approx('service-runtime', 'host → pidMode host; service: in the same task → task'),
  pids_limit: rejected('warning', 'ECS cannot limit the number of processes', 'Remove it.'),
  platform: mapped('service-runtime', 'runtimePlatform'),
  ports: mapped('service-ports'),
  post_start: rejected('warning', 'ECS has no lifecycle hooks', 'Run the command from the container entrypoint instead.'),
  pre_stop: rejected('warning', 'ECS has no lifecycle hooks', 'Handle SIGTERM in the application instead.'),
  privileged: mapped('service-runtime'),
  profiles: { kind: 'loader', note: 'applied by the loader (disabled services are not in the model)' },
  provider: rejected('warning', 'provider services run a local plugin, not a container', 'Create the resource on AWS yourself; the service is left out and its host name becomes a parameter.'),
  pull_policy: approx('service-image', 'ECS pulls the image at every task start'),
  pull_refresh_after: rejected('info', 'ECS pulls the image at every task start', 'Remove it.'),
  read_only: mapped('service-runtime'),
  restart: approx('service-deploy', 'ECS services always replace stopped tasks (compose/restart-policy)'),
  runtime: rejected('warning', 'ECS does not select OCI runtimes', 'Remove it; for GPUs use EC2 GPU instances with `resourceRequirements`.'),
  scale: mapped('service-deploy', 'desiredCount'),
  secrets: approx('service-secrets', 'secret references (never values); file paths recorded (compose/secret-file)'),
  security_opt: mapped('service-runtime', 'dockerSecurityOptions; seccomp reported'),
  shm_size: mapped('service-resources'),
  stdin_open: mapped('service-runtime'),
  stop_grace_period: mapped('service-runtime'),
  stop_signal: rejected('info', 'ECS sends the image’s STOPSIGNAL (SIGTERM by default)', 'Set `STOPSIGNAL` in the Dockerfile.'),
  storage_opt: rejected('warning', 'ECS cannot set storage driver options', 'Remove it; on Fargate size the task’s ephemeral storage instead.'),
  sysctls: mapped('service-runtime'),
  tmpfs: mapped('service-runtime'),
  tty: mapped('service-runtime'),
  ulimits: mapped('service-runtime'),
  use_api_socket: rejected('warning', 'there is no Docker API socket on ECS', 'Call the AWS APIs from the container instead (grant them to the task role).'),
  user: mapped('service-runtime'),
  userns_mode: rejected('warning', 'ECS does not support user-namespace modes', 'Remove it.'),
  uts: rejected('warning', 'ECS cannot share the host’s UTS namespace', 'Remove it.'),
  volumes: mapped('service-volumes', 'named → shared volumes; bind → host volumes (compose/bind-mount); anonymous → task scratch space'),
  volumes_from: approx('service-volumes', 'volumesFrom inside one task; across services reported'),
  working_dir: mapped('service-runtime'),
  // Only in compose-go's copy of the schema.
  pre_start: rejected('warning', 'ECS has no lifecycle hooks', 'Run the command from the container entrypoint instead.'),
  // Legacy schemas (file format 1, 2.x, 3.9+).
  dockerfile: { kind: 'legacy', by: 'service-image', modern: 'build.dockerfile' },
  log_driver: { kind: 'legacy', by: 'service-logging', modern: 'logging.driver' },
  log_opt: { kind: 'legacy', by: 'service-logging', modern: 'logging.options' },
  net: { kind: 'legacy', by: 'service-network', modern: 'network_mode' },
  volume_driver: { kind: 'legacy', modern: 'a `driver` on each top-level volume' },
  cgroupns_mode: { kind: 'legacy', modern: 'cgroup' },
};

/** Top-level keys of a Compose file and who handles them. */
export const TOP_LEVEL_KEYS: Readonly<Record<string, string>> = {
  services: 'services',
  volumes: 'top-level volumes → app.volumes',
  networks: 'networks: one VPC; external names and drivers reported',
  secrets: 'secrets referenced by services',
  configs: 'configs referenced by services (reported)',
  name: 'project name (loader)',
  version: 'obsolete (loader)',
  include: 'resolved by the loader',
  models: 'Docker Model Runner models (reported)',
};

/**
 * The table as a Map: every key of every service is looked up (1000 services, ~12k keys), and a
 * Map lookup is one call where `hasOwnProperty.call` + an indexed read on the record were two.
 */
const TREATMENTS: ReadonlyMap<string, KeyTreatment> = new Map(Object.entries(SERVICE_KEYS));

export function keyTreatment(key: string): KeyTreatment | undefined {
  return TREATMENTS.get(key);
}

/** How many keys of each kind, for the report and the README. */
export function keyCounts(): Record<KeyTreatment['kind'], number> {
  const counts = { mapped: 0, approximated: 0, rejected: 0, loader: 0, legacy: 0 };
  for (const t of Object.values(SERVICE_KEYS)) counts[t.kind]++;
  return counts;
}
