import { describe, expect, it } from 'vitest';
import { container, convert, expectNotReported, expectReported } from './support.js';

const svc = (yaml: string, opts = {}) => {
  const r = convert(`services:\n  a:\n    image: x\n${yaml.replace(/^/gm, '    ')}\n`, opts);
  return { c: container(r.app, 'a'), diagnostics: r.diagnostics };
};

describe('cpu and memory', () => {
  it('deploy.resources limits and reservations', () => {
    const { c, diagnostics } = svc('deploy:\n  resources:\n    limits: {cpus: "0.5", memory: 512M}\n    reservations: {memory: 256m}');
    expect(c.cpu).toBe(512);
    expect(c.memory).toMatchObject({ limit: 512, reservation: 256 });
    expect(diagnostics).toEqual([]);
  });
  it('service-level keys; a YAML int memory is bytes (rounded up, reported)', () => {
    const { c, diagnostics } = svc('cpus: 2\nmem_limit: 67108864b\nmem_reservation: 1000000');
    expect(c.cpu).toBe(2048);
    expect(c.memory).toMatchObject({ limit: 64, reservation: 1 });
    expectReported(diagnostics, [['compose/approximated', 'services.a.mem_reservation']]);
  });
  it('cpus 0 means no limit', () => {
    expect(svc('cpus: 0').c.cpu).toBeUndefined();
  });
  it('twins that disagree are an error, twins that agree are fine', () => {
    expectReported(svc('cpus: 1\ndeploy: {resources: {limits: {cpus: "0.5"}}}').diagnostics, [['compose/invalid-value', 'services.a.deploy.resources.limits.cpus']]);
    expectReported(svc('mem_limit: 1g\ndeploy: {resources: {limits: {memory: 512m}}}').diagnostics, [['compose/invalid-value', 'services.a.deploy.resources.limits.memory']]);
    expectReported(svc('mem_reservation: 1g\ndeploy: {resources: {reservations: {memory: 512m}}}').diagnostics, [
      ['compose/invalid-value', 'services.a.deploy.resources.reservations.memory'],
    ]);
    expectNotReported(svc('mem_limit: 1g\ndeploy: {resources: {limits: {memory: 1024m}}}').diagnostics, 'compose/invalid-value');
  });
  it('invalid values are errors at their location', () => {
    expectReported(svc('cpus: lots\nmem_limit: 512x\nmem_reservation: [1]').diagnostics, [
      ['compose/invalid-value', 'services.a.cpus'],
      ['compose/invalid-value', 'services.a.mem_limit'],
      ['compose/invalid-value', 'services.a.mem_reservation'],
    ]);
  });
  it('a CPU reservation alone becomes the CPU units (approximated)', () => {
    const { c, diagnostics } = svc('deploy: {resources: {reservations: {cpus: "0.25"}}}');
    expect(c.cpu).toBe(256);
    expectReported(diagnostics, [['compose/approximated', 'services.a.deploy.resources.reservations.cpus']]);
  });
  it('cpu_shares and cpu_quota/cpu_period are approximated to CPU units', () => {
    expect(svc('cpu_shares: 512').c.cpu).toBe(512);
    expect(svc('cpu_quota: 50000').c.cpu).toBe(512);
    expect(svc('cpu_quota: 200000\ncpu_period: 100000').c.cpu).toBe(2048);
    expectReported(svc('cpus: 1\ncpu_shares: 512').diagnostics, [['compose/approximated', 'services.a.cpu_shares']]);
  });
  it('swap, swappiness, shm', () => {
    const { c, diagnostics } = svc('mem_limit: 512m\nmemswap_limit: 1g\nmem_swappiness: 10\nshm_size: 64m', { options: { launchType: 'ec2' } });
    expect(c.linux).toMatchObject({ maxSwapMiB: 512, swappiness: 10, sharedMemorySizeMiB: 64 });
    expectReported(diagnostics, [['compose/approximated', 'services.a.memswap_limit']]);
    expectReported(svc('memswap_limit: -1').diagnostics, [['compose/approximated', 'services.a.memswap_limit']]);
    expectReported(svc('memswap_limit: 1g').diagnostics, [['compose/approximated', 'services.a.memswap_limit']]);
    expectReported(svc('mem_limit: 1g\nmemswap_limit: 512m').diagnostics, [['compose/invalid-value', 'services.a.memswap_limit']]);
  });
  it('pids and GPU reservations have no ECS counterpart', () => {
    expectReported(svc('deploy:\n  resources:\n    limits: {pids: 100}\n    reservations:\n      devices: [{capabilities: [gpu]}]').diagnostics, [
      ['compose/unsupported-key', 'services.a.deploy.resources.limits.pids'],
      ['compose/unsupported-key', 'services.a.deploy.resources.reservations.devices'],
    ]);
  });
});
