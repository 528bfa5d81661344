import { describe, expect, it } from 'vitest';
import { container, convert, expectReported, service } from './support.js';

const one = (yaml: string, opts = {}) => {
  const r = convert(`services:\n  a:\n    image: x\n${yaml.replace(/^/gm, '    ')}\n`, opts);
  return { c: container(r.app, 'a'), s: service(r.app, 'a'), diagnostics: r.diagnostics };
};

describe('runtime settings are mapped as written', () => {
  it('user, working_dir, init, read_only, privileged, tty, stdin_open, stop_grace_period', () => {
    const { c, diagnostics } = one('user: "1000:1000"\nworking_dir: /app\ninit: true\nread_only: "yes"\nprivileged: true\ntty: true\nstdin_open: false\nstop_grace_period: 1m30s');
    expect(c).toMatchObject({ user: '1000:1000', workingDirectory: '/app', readonlyRootFilesystem: true, privileged: true, pseudoTerminal: true, interactive: false, stopTimeoutSeconds: 90 });
    expect(c.linux?.initProcessEnabled).toBe(true);
    expect(diagnostics).toEqual([]);
  });
  it('capabilities, sysctls, ulimits, tmpfs, devices, security options', () => {
    const { c, diagnostics } = one(`cap_add: [SYS_PTRACE, CAP_NET_ADMIN]
cap_drop: [all]
sysctls: {net.core.somaxconn: 1024}
ulimits:
  nofile: {soft: 1024, hard: 4096}
  nproc: 65535
tmpfs: ["/run:size=16m,noexec", /tmp]
devices: ["/dev/fuse", "/dev/sda:/dev/xvda:r", {source: /dev/ttyUSB0, target: /dev/ttyUSB0, permissions: rw}]
security_opt: ["no-new-privileges:true", "label:type:container_t", "apparmor=unconfined"]`, { options: { launchType: 'ec2' } });
    expect(c.linux?.capabilities).toEqual({ add: ['SYS_PTRACE', 'NET_ADMIN'], drop: ['ALL'] });
    expect(c.systemControls).toEqual([{ namespace: 'net.core.somaxconn', value: '1024' }]);
    expect(c.ulimits).toEqual([
      { name: 'nofile', softLimit: 1024, hardLimit: 4096 },
      { name: 'nproc', softLimit: 65535, hardLimit: 65535 },
    ]);
    expect(c.linux?.tmpfs).toEqual([
      { containerPath: '/run', sizeMiB: 16, mountOptions: ['noexec'] },
      { containerPath: '/tmp', sizeMiB: 64, mountOptions: [] },
    ]);
    expect(c.linux?.devices).toEqual([
      { hostPath: '/dev/fuse', permissions: ['read', 'write', 'mknod'] },
      { hostPath: '/dev/sda', containerPath: '/dev/xvda', permissions: ['read'] },
      { hostPath: '/dev/ttyUSB0', containerPath: '/dev/ttyUSB0', permissions: ['read', 'write'] },
    ]);
    expect(c.dockerSecurityOptions).toEqual(['no-new-privileges', 'label:type:container_t', 'apparmor:unconfined']);
    expectReported(diagnostics, [['compose/approximated', 'services.a.tmpfs[1]']]);
  });
  it('sysctls as a list', () => {
    expect(one('sysctls: ["net.ipv4.tcp_syncookies=0", kernel.shmmax]').c.systemControls).toEqual([
      { namespace: 'net.ipv4.tcp_syncookies', value: '0' },
      { namespace: 'kernel.shmmax', value: '' },
    ]);
  });
  it('platform → runtimePlatform', () => {
    expect(one('platform: linux/arm64').s.task.runtimePlatform).toMatchObject({ cpuArchitecture: 'ARM64', operatingSystemFamily: 'LINUX' });
    expect(one('platform: linux/arm64/v8').s.task.runtimePlatform).toMatchObject({ cpuArchitecture: 'ARM64' });
    expect(one('platform: linux/amd64').s.task.runtimePlatform).toMatchObject({ cpuArchitecture: 'X86_64' });
    const win = one('platform: windows/amd64');
    expect(win.s.task.runtimePlatform).toMatchObject({ cpuArchitecture: 'X86_64', windows: true });
    expect(win.diagnostics).toEqual([]); // the platform/windows lint reports it from the IR
    expectReported(one('platform: linux/arm/v7').diagnostics, [['compose/unsupported-key', 'services.a.platform']]);
    expectReported(one('platform: plan9').diagnostics, [['compose/unsupported-key', 'services.a.platform']]);
  });
  it('pid and ipc', () => {
    expect(one('pid: host\nipc: host').s.task).toMatchObject({ pidMode: 'host', ipcMode: 'host' });
    expect(one('ipc: private').s.task.ipcMode).toBe('none');
    expectReported(one('pid: container:foo').diagnostics, [['compose/unsupported-key', 'services.a.pid']]);
  });
  const problems: [string, string, string][] = [
    ['ulimits: {nofile: {soft: 10}}', 'compose/invalid-value', 'services.a.ulimits.nofile'],
    ['ulimits: [nofile]', 'compose/invalid-value', 'services.a.ulimits'],
    ['ulimits: {nofile: lots}', 'compose/invalid-value', 'services.a.ulimits.nofile'],
    // The schema takes any name; Docker and ECS do not.
    ['ulimits: {com.example.label: 10}', 'compose/invalid-value', 'services.a.ulimits["com.example.label"]'],
    ['ulimits: {nofiles: 10}', 'compose/invalid-value', 'services.a.ulimits.nofiles'],
    ['ulimits: {nofile: {soft: 4096, hard: 1024}}', 'compose/invalid-value', 'services.a.ulimits.nofile'],
    ['ulimits: {memlock: {soft: -1, hard: 1024}}', 'compose/invalid-value', 'services.a.ulimits.memlock'],
    ['stop_grace_period: 10', 'compose/invalid-value', 'services.a.stop_grace_period'],
    ['init: maybe', 'compose/invalid-value', 'services.a.init'],
    ['tmpfs: ["/run:size=lots"]', 'compose/invalid-value', 'services.a.tmpfs[0]'],
    ['tmpfs: [run]', 'compose/invalid-value', 'services.a.tmpfs[0]'],
    ['devices: ["vendor.com/gpu=all"]', 'compose/unsupported-key', 'services.a.devices[0]'],
    ['devices: /dev/fuse', 'compose/invalid-value', 'services.a.devices'],
    ['security_opt: ["seccomp:unconfined"]', 'compose/unsupported-key', 'services.a.security_opt[0]'],
    ['user: {name: x}', 'compose/invalid-value', 'services.a.user'],
  ];
  for (const [yaml, rule, path] of problems) {
    it(`${yaml} → ${rule}`, () => expectReported(one(yaml).diagnostics, [[rule, path]]));
  }
  it('ulimits: a name Docker does not know, or soft above hard, is left out; -1 is no limit', () => {
    const r = one('ulimits: {nofiles: 10, memlock: {soft: -1, hard: -1}, core: {soft: 0, hard: -1}, stack: {soft: 9, hard: 8}}');
    expect(r.s.task.containers[0]?.ulimits).toEqual([
      { name: 'memlock', softLimit: -1, hardLimit: -1 },
      { name: 'core', softLimit: 0, hardLimit: -1 },
    ]);
    expect(r.diagnostics.map((d) => d.hint)).toEqual(['Did you mean `nofile`?', 'The soft limit is what is enforced, up to the hard limit: make it at most the hard limit.']);
  });
});

describe('network keys', () => {
  it('hostname, extra_hosts (list and map), dns, dns_search', () => {
    const { c, diagnostics } = one(`hostname: web1
extra_hosts: ["db.local=10.0.0.5", "myhostv6:::1", "multi=10.0.0.1,10.0.0.2", "gw:host-gateway"]
dns: [8.8.8.8, ""]
dns_search: example.com`);
    expect(c.hostname).toBe('web1');
    expect(c.extraHosts).toEqual([
      { hostname: 'db.local', ipAddress: '10.0.0.5' },
      { hostname: 'myhostv6', ipAddress: '::1' },
      { hostname: 'multi', ipAddress: '10.0.0.1' },
      { hostname: 'multi', ipAddress: '10.0.0.2' },
    ]);
    expect(c.dnsServers).toEqual(['8.8.8.8']);
    expect(c.dnsSearchDomains).toEqual(['example.com']);
    expectReported(diagnostics, [['compose/approximated', 'services.a.extra_hosts[3]']]);
    expect(one('extra_hosts: {a.local: "[fe80::1]", b.local: [10.0.0.1]}').c.extraHosts).toEqual([
      { hostname: 'a.local', ipAddress: 'fe80::1' },
      { hostname: 'b.local', ipAddress: '10.0.0.1' },
    ]);
    expectReported(one('extra_hosts: [nothing]').diagnostics, [['compose/invalid-value', 'services.a.extra_hosts[0]']]);
  });
  it('network_mode host, bridge, none, container:, unknown; net (v1)', () => {
    expect(one('network_mode: host').s.task.networkMode).toBe('host');
    expectReported(one('network_mode: bridge').diagnostics, [['compose/approximated', 'services.a.network_mode']]);
    expect(one('network_mode: bridge', { options: { launchType: 'ec2' } }).diagnostics).toEqual([]);
    expectReported(one('network_mode: none').diagnostics, [['compose/approximated', 'services.a.network_mode']]);
    expectReported(one('network_mode: container:abc').diagnostics, [['compose/unsupported-key', 'services.a.network_mode']]);
    expectReported(one('network_mode: my-plugin').diagnostics, [['compose/unsupported-key', 'services.a.network_mode']]);
    expectReported(one('net: "container:legacy_db_1"').diagnostics, [['compose/unsupported-key', 'services.a.net']]);
    const v1 = one('net: host');
    expect(v1.s.task.networkMode).toBe('host');
    expectReported(v1.diagnostics, [['compose/legacy-key', 'services.a.net']]);
  });
  it('networks: aliases, fixed addresses, undeclared networks; top-level networks', () => {
    const { app, diagnostics } = convert(`
services:
  api:
    image: x
    networks:
      back:
        aliases: [api.internal, backend]
        ipv4_address: 10.5.0.5
        priority: 10
      front:
      default:
  job:
    image: y
    networks: [ghost]
networks:
  back: {internal: true}
  front: {}
  legacy:
    external: true
    name: sg-123abc
  other:
    external: true
`);
    expect(service(app, 'api').discoveryAliases).toEqual(['api.internal', 'backend']);
    expectReported(diagnostics, [
      ['compose/unsupported-key', 'services.api.networks.back.ipv4_address'],
      ['compose/approximated', 'services.api.networks.back.priority'],
      ['compose/undefined-reference', 'services.job.networks[0]'],
      ['compose/approximated', 'networks'],
      ['compose/approximated', 'networks.back'],
      ['compose/unsupported-key', 'networks.legacy'],
      ['compose/unsupported-key', 'networks.other'],
    ]);
    expectReported(convert('services:\n  a: {image: a, networks: {n: {bogus: 1}}}\nnetworks: {n: {}}\n').diagnostics, [['compose/invalid-value', 'services.a.networks.n.bogus']]);
  });
});
