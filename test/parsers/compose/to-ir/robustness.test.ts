/**
 * Bad input gives diagnostics, never a crash: every service key, and every key of the nested
 * mappings the mapping reads, with values of every YAML shape.
 */
import { describe, expect, it } from 'vitest';
import { SERVICE_KEYS } from '../../../../src/parsers/compose/keys.js';
import { SERVICE_XECSIFY_KEYS, TOP_LEVEL_XECSIFY_KEYS } from '../../../../src/parsers/compose/x-ecsify.js';
import { convert } from './support.js';

const VALUES = ['null', 'true', '0', '-1', '1.5', '""', 'x', '"service:x"', '[]', '[null]', '[1, a, [b]]', '{}', '{a: null}', '{a: [1], b: {c: d}}', '["a=b", "c"]'];

const NESTED: Record<string, string[]> = {
  deploy: ['mode', 'replicas', 'endpoint_mode', 'labels', 'placement', 'resources', 'restart_policy', 'update_config', 'rollback_config', 'x-aws-autoscaling'],
  'deploy.resources': ['limits', 'reservations'],
  'deploy.resources.limits': ['cpus', 'memory', 'pids'],
  'deploy.resources.reservations': ['cpus', 'memory', 'devices', 'generic_resources'],
  'deploy.update_config': ['parallelism', 'order', 'delay', 'x-aws-min_percent', 'x-aws-max_percent'],
  'deploy.x-aws-autoscaling': ['min', 'max', 'cpu', 'memory'],
  build: ['context', 'dockerfile', 'args', 'target', 'cache_from', 'dockerfile_inline'],
  healthcheck: ['test', 'interval', 'timeout', 'retries', 'start_period', 'start_interval', 'disable'],
  logging: ['driver', 'options'],
  'x-ecsify': [...SERVICE_XECSIFY_KEYS],
  'x-ecsify.route': ['port', 'hosts', 'paths', 'listener-port', 'priority', 'protocol', 'health-check'],
  'x-ecsify.health-check': ['path', 'port', 'protocol', 'interval', 'timeout', 'healthy-threshold', 'unhealthy-threshold', 'matcher'],
  'x-ecsify.scaling': ['min', 'max', 'cpu', 'memory', 'requests'],
  ulimits: ['nofile'],
  'ulimits.nofile': ['soft', 'hard'],
  'depends_on.other': ['condition', 'required', 'restart'],
  'networks.default': ['aliases', 'ipv4_address', 'priority'],
};

/** `a.b.c: v` as nested flow mappings. */
function nest(path: string, value: string): string {
  return path
    .split('.')
    .reverse()
    .reduce((inner, key) => `{${JSON.stringify(key)}: ${inner}}`, value);
}

function project(serviceExtra: string, top = ''): string {
  return `${top}
services:
  web: ${serviceExtra}
  other:
    image: y
volumes: {data: {}}
secrets: {sec: {file: ./s}}
configs: {cfg: {file: ./c}}
networks: {back: {}}
`;
}

const noCrash = (yaml: string) => {
  expect(() => convert(yaml), yaml).not.toThrow();
};

describe('no input crashes the mapping', () => {
  it('every service key with values of every shape', () => {
    for (const key of Object.keys(SERVICE_KEYS)) {
      for (const v of VALUES) noCrash(project(`{image: x, ${JSON.stringify(key)}: ${v}}`));
    }
  });
  it('every nested key with values of every shape', () => {
    for (const [base, keys] of Object.entries(NESTED)) {
      for (const key of keys) for (const v of VALUES) noCrash(project(`{image: x, ${nest(`${base}.${key}`, v).slice(1, -1)}}`));
    }
  });
  it('list items of every shape in ports, volumes, secrets, configs, env_file, devices, tmpfs, extra_hosts', () => {
    for (const key of ['ports', 'expose', 'volumes', 'secrets', 'configs', 'env_file', 'devices', 'tmpfs', 'extra_hosts', 'links', 'volumes_from', 'depends_on', 'networks', 'dns', 'cap_add', 'security_opt', 'sysctls', 'labels', 'environment']) {
      for (const v of VALUES) noCrash(project(`{image: x, ${key}: [${v}]}`));
      for (const sub of ['target', 'published', 'source', 'type', 'mode', 'uid', 'path', 'required', 'format', 'tmpfs', 'bind', 'volume', 'x-aws-protocol', 'x-aws-keys', 'host_ip', 'app_protocol', 'name', 'permissions']) {
        for (const v of VALUES) noCrash(project(`{image: x, ${key}: [{${sub}: ${v}}]}`));
      }
    }
  });
  it('top-level x-ecsify and x-aws-* keys with values of every shape', () => {
    for (const key of [...TOP_LEVEL_XECSIFY_KEYS, 'unknown']) for (const v of VALUES) noCrash(project('{image: x}', `x-ecsify: {${key}: ${v}}`));
    for (const key of ['x-aws-cluster', 'x-aws-vpc', 'x-aws-loadbalancer', 'x-aws-logs_retention', 'x-aws-cloudformation', 'x-aws-other', 'volumes', 'secrets', 'configs', 'networks', 'models']) {
      for (const v of VALUES) noCrash(`${key}: ${v}\nservices:\n  web: {image: x, volumes: [data:/d], secrets: [sec], configs: [cfg], networks: [back]}\n`);
    }
  });
  it('sidecar and dependency shapes', () => {
    const shapes = [
      'a: {image: a, network_mode: "service:b"}\n  b: {image: b, network_mode: "service:c"}\n  c: {image: c, network_mode: "service:a"}',
      'a: {image: a, network_mode: "service:a"}',
      'a: {image: a, links: [b, "b:c", "b:"], depends_on: [b, a]}\n  b: {image: b, links: [a], x-ecsify: {task: a}}',
      'a: {image: a, volumes_from: [a, "b:ro", "b:rw:x"]}\n  b: {image: b, network_mode: "service:a", pid: "service:a", ipc: "service:b"}',
    ];
    for (const s of shapes) {
      noCrash(`services:\n  ${s}\n`);
      noCrash(`x-ecsify: {pack-links: true}\nservices:\n  ${s}\n`);
    }
  });
});
