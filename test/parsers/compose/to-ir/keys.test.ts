/**
 * Every Compose service key is accounted for: the table in keys.ts lists every key of the
 * official schemas, and converting a service that sets a key changes the IR or raises a
 * diagnostic — nothing is silently dropped.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { keyCounts, SERVICE_KEYS } from '../../../../src/parsers/compose/keys.js';
import { REPO_ROOT } from '../../../support/paths.js';
import { container, convert } from './support.js';

const SCHEMAS = path.resolve(REPO_ROOT, '../shared/schemas');

function serviceKeysOf(file: string): string[] {
  const schema = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  const defs = (schema['definitions'] ?? schema['$defs'] ?? {}) as Record<string, { properties?: Record<string, unknown> }>;
  if (defs['service']?.properties) return Object.keys(defs['service'].properties);
  // File format 1: services at the top level, one schema for every name.
  const pattern = Object.values((schema['patternProperties'] ?? {}) as Record<string, { $ref?: string; properties?: Record<string, unknown> }>)[0];
  const ref = pattern?.$ref?.replace('#/definitions/', '');
  const svc = ref ? defs[ref] : pattern;
  return Object.keys(svc?.properties ?? {});
}

const schemaFiles = [
  path.join(SCHEMAS, 'compose-spec.json'),
  path.join(SCHEMAS, 'compose-spec.compose-go.json'),
  ...['legacy-v1', 'legacy-v2', 'legacy-v3'].flatMap((d) => readdirSync(path.join(SCHEMAS, d)).map((f) => path.join(SCHEMAS, d, f))),
];
const schemaKeys = new Set(schemaFiles.flatMap(serviceKeysOf));

describe('the service key table', () => {
  it('reads every schema (sanity)', () => {
    expect(schemaFiles.length).toBeGreaterThan(15);
    expect(schemaKeys.has('image')).toBe(true);
    expect(schemaKeys.has('log_driver')).toBe(true);
    expect(schemaKeys.has('cgroupns_mode')).toBe(true);
  });
  it('lists every service key of every schema', () => {
    const missing = [...schemaKeys].filter((k) => !(k in SERVICE_KEYS)).sort();
    expect(missing).toEqual([]);
  });
  it('lists no key that no schema has', () => {
    expect(Object.keys(SERVICE_KEYS).filter((k) => !schemaKeys.has(k))).toEqual([]);
  });
  it('counts', () => {
    const counts = keyCounts();
    expect(counts.mapped + counts.approximated + counts.rejected + counts.loader + counts.legacy).toBe(Object.keys(SERVICE_KEYS).length);
  });
});

/** A value for each key, as a user would write it. */
const SAMPLES: Record<string, string> = {
  annotations: '{com.example.a: b}',
  attach: 'false',
  blkio_config: '{weight: 300}',
  build: '.',
  cap_add: '[SYS_PTRACE]',
  cap_drop: '[NET_RAW]',
  cgroup: 'host',
  cgroup_parent: 'my-cgroup',
  command: 'run',
  configs: '[cfg]',
  container_name: 'my-web',
  cpu_count: '2',
  cpu_percent: '50',
  cpu_period: '100000',
  cpu_quota: '50000',
  cpu_rt_period: '1000000',
  cpu_rt_runtime: '950000',
  cpu_shares: '512',
  cpus: '0.5',
  cpuset: '"0-1"',
  credential_spec: '{file: spec.json}',
  depends_on: '[other]',
  deploy: '{replicas: 2}',
  develop: '{watch: [{action: sync, path: ./src, target: /app}]}',
  device_cgroup_rules: '["c 1:3 mr"]',
  devices: '["/dev/fuse"]',
  dns: '8.8.8.8',
  dns_opt: '[use-vc]',
  dns_search: 'example.com',
  domainname: 'example.com',
  entrypoint: '[/bin/sh]',
  env_file: 'app.env',
  environment: '[A=1]',
  expose: '["3000"]',
  extends: '{service: other}',
  external_links: '[redis_1]',
  extra_hosts: '["db=10.0.0.5"]',
  gpus: 'all',
  group_add: '[mail]',
  healthcheck: '{test: ["CMD", "true"]}',
  hostname: 'web1',
  image: 'nginx:2',
  init: 'true',
  ipc: 'host',
  isolation: 'process',
  label_file: 'labels.env',
  labels: '[a=b]',
  links: '[other]',
  logging: '{driver: syslog}',
  mac_address: '"02:42:ac:11:65:43"',
  mem_limit: '512m',
  mem_reservation: '256m',
  mem_swappiness: '10',
  memswap_limit: '1g',
  models: '[llm]',
  network_mode: 'host',
  networks: '{default: {aliases: [web-alias]}}',
  oom_kill_disable: 'true',
  oom_score_adj: '500',
  pid: 'host',
  pids_limit: '100',
  platform: 'linux/arm64',
  ports: '["80:80"]',
  post_start: '[{command: ./init.sh}]',
  pre_stop: '[{command: ./drain.sh}]',
  privileged: 'true',
  profiles: '[debug]',
  provider: '{type: model, options: {model: ai/x}}',
  pull_policy: 'always',
  pull_refresh_after: '1h',
  read_only: 'true',
  restart: '"no"',
  runtime: 'runc',
  scale: '2',
  secrets: '[sec]',
  security_opt: '["no-new-privileges:true"]',
  shm_size: '64m',
  stdin_open: 'true',
  stop_grace_period: '20s',
  stop_signal: 'SIGINT',
  storage_opt: '{size: 20G}',
  sysctls: '{net.core.somaxconn: 1024}',
  tmpfs: '/run',
  tty: 'true',
  ulimits: '{nofile: 1024}',
  use_api_socket: 'true',
  user: 'app',
  userns_mode: 'host',
  uts: 'host',
  volumes: '[data:/data]',
  volumes_from: '[other]',
  working_dir: '/app',
  pre_start: '[{command: ./prep.sh}]',
  dockerfile: 'Dockerfile.alt',
  log_driver: 'syslog',
  log_opt: '{max-size: 10m}',
  net: 'host',
  volume_driver: 'local',
  cgroupns_mode: 'host',
};

const project = (extra: string) => `
services:
  web:
    image: nginx:1
${extra}
  other:
    image: busybox
volumes: {data: {}}
secrets: {sec: {file: ./sec.txt}}
configs: {cfg: {file: ./cfg.txt}}
`;
const files = { 'app.env': 'FROM_FILE=1\n', 'labels.env': 'a=1\n' };

describe('nothing is silently dropped', () => {
  const base = convert(project(''), { files });
  const baseIr = JSON.stringify(base.app.services.map((s) => ({ ...s, origin: undefined })));
  expect(base.diagnostics).toEqual([]);

  for (const key of Object.keys(SERVICE_KEYS)) {
    it(key, () => {
      const sample = SAMPLES[key];
      expect(sample, `a sample value for ${key}`).toBeDefined();
      const extra = key === 'dockerfile' ? `    build: .\n    ${key}: ${sample}` : `    ${key}: ${sample}`;
      const r = convert(project(extra), { files });
      const ir = JSON.stringify(r.app.services.map((s) => ({ ...s, origin: undefined })));
      const treatment = SERVICE_KEYS[key];
      const mentioned = r.diagnostics.some((d) => (d.origin?.path ?? '').startsWith(`services.web.${key}`) || (key === 'provider' && d.rule === 'compose/excluded-service'));
      if (treatment?.kind === 'loader') {
        // Applied by the loader before the mapping; the mapping leaves it alone.
        expect(r.diagnostics).toEqual([]);
        return;
      }
      expect(ir !== baseIr || mentioned, `${key} changed nothing and raised nothing`).toBe(true);
      if (treatment?.kind === 'rejected' || treatment?.kind === 'legacy') expect(mentioned, `${key} is reported`).toBe(true);
    });
  }
});

describe('container field origins', () => {
  it('are kept for the keys that set a field, the first key winning, and for no other key', () => {
    const { app } = convert('services:\n  a:\n    image: x\n    constructor: 1\n    toString: 2\n    cap_add: [NET_ADMIN]\n    cap_drop: [ALL]\n    privileged: true\n    hostname: h\n');
    const c = container(app, 'a');
    expect(Object.keys(c.fieldOrigins ?? {})).toEqual(['capabilities', 'privileged', 'hostname']);
    expect(c.fieldOrigins?.capabilities?.path).toBe('services.a.cap_add');
    expect(c.fieldOrigins?.privileged?.line).toBe(8);
  });
});
