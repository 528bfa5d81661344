import { describe, expect, it } from 'vitest';
import { launchType } from '../../src/passes/launch-type.js';
import type { Container, LinuxParameters } from '../../src/ir/types.js';
import { createReporter } from '../../src/diagnostics/context.js';
import { app, at, check, container, deepFreeze, run, service, task, withTask, type Case } from './support.js';

const linux = (patch: Partial<LinuxParameters>): LinuxParameters => ({ tmpfs: [], devices: [], origin: at('services.web.linux'), ...patch });
const fargate = (patch: Partial<Container>, ref = 'nginx:1.27') => app([service(container('web', ref, patch))]);
const ec2 = (patch: Partial<Container>) => app([service(container('web', 'nginx:1.27', patch), {}, 'ec2')], { launchType: 'ec2' });

describe('launch-type pass: Fargate', () => {
  const cases: Case[] = [
    { name: 'a plain container passes', given: fargate({}), check: (out, ran) => expect(ran.pairs).toEqual([]) },
    { name: 'privileged', given: fargate({ privileged: true }), want: [{ rule: 'fargate/privileged', path: 'services.web' }] },
    { name: 'privileged: false is fine', given: fargate({ privileged: false }), not: ['fargate/privileged'] },
    {
      name: 'host network mode becomes awsvpc',
      given: app([withTask(service(container('web')), { networkMode: 'host' })]),
      want: [{ rule: 'fargate/network-mode', path: 'services.web' }],
      check: (out) => expect(out.services[0]?.task.networkMode).toBe('awsvpc'),
    },
    {
      name: 'bridge network mode becomes awsvpc',
      given: app([withTask(service(container('web')), { networkMode: 'bridge' })]),
      want: [{ rule: 'fargate/network-mode', path: 'services.web' }],
    },
    {
      name: 'links are dropped in awsvpc',
      given: fargate({ links: ['db:database'] }),
      want: [{ rule: 'awsvpc/links', path: 'services.web' }],
      check: (out) => expect(out.services[0]?.task.containers[0]?.links).toEqual([]),
    },
    {
      name: 'host bind mounts are dropped with the volume',
      given: app([
        withTask(
          service(
            container('web', 'nginx:1.27', {
              mounts: [
                { volume: 'src', containerPath: '/app', readOnly: false, origin: at('services.web.volumes[0]') },
                { volume: 'data', containerPath: '/data', readOnly: false, origin: at('services.web.volumes[1]') },
              ],
            }),
          ),
          { volumes: [{ name: 'src', source: { kind: 'host', path: './src' } }, { name: 'data', source: { kind: 'shared', volume: 'data' } }] },
        ),
      ]),
      want: [{ rule: 'fargate/bind-mount', path: 'services.web.volumes[0]' }],
      not: [{ rule: 'fargate/bind-mount', path: 'services.web.volumes[1]' }],
      check: (out) => {
        expect(out.services[0]?.task.volumes.map((v) => v.name)).toEqual(['data']);
        expect(out.services[0]?.task.containers[0]?.mounts.map((m) => m.volume)).toEqual(['data']);
      },
    },
    { name: 'devices', given: fargate({ linux: linux({ devices: [{ hostPath: '/dev/snd', permissions: [] }] }) }), want: [{ rule: 'fargate/devices', path: 'services.web.linux' }] },
    { name: 'capabilities other than SYS_PTRACE', given: fargate({ linux: linux({ capabilities: { add: ['NET_ADMIN', 'SYS_PTRACE'], drop: [] } }) }), want: [{ rule: 'fargate/capability', path: 'services.web.linux' }] },
    { name: 'SYS_PTRACE and drops are allowed', given: fargate({ linux: linux({ capabilities: { add: ['SYS_PTRACE'], drop: ['ALL'] } }) }), not: ['fargate/capability'] },
    {
      name: 'tmpfs becomes task ephemeral storage',
      given: fargate({ linux: linux({ tmpfs: [{ containerPath: '/run', sizeMiB: 64, mountOptions: [] }] }) }),
      want: [{ rule: 'fargate/tmpfs', path: 'services.web.linux' }],
      check: (out) => {
        const t = out.services[0]?.task;
        expect(t?.volumes).toEqual([{ name: 'web-tmpfs-run', source: { kind: 'ephemeral' }, origin: at('services.web.linux') }]);
        expect(t?.containers[0]?.mounts).toEqual([{ volume: 'web-tmpfs-run', containerPath: '/run', readOnly: false, origin: at('services.web.linux') }]);
        expect(t?.containers[0]?.linux?.tmpfs).toEqual([]);
      },
    },
    {
      name: 'shm_size is dropped',
      given: fargate({ linux: linux({ sharedMemorySizeMiB: 256 }) }),
      want: [{ rule: 'fargate/shm-size', path: 'services.web.linux' }],
      check: (out) => expect(out.services[0]?.task.containers[0]?.linux?.sharedMemorySizeMiB).toBeUndefined(),
    },
    { name: 'swap settings are dropped', given: fargate({ linux: linux({ swappiness: 10 }) }), want: [{ rule: 'fargate/swap', path: 'services.web.linux' }] },
    {
      name: 'host kernel sysctls are rejected',
      given: fargate({ systemControls: [{ namespace: 'vm.max_map_count', value: '262144' }] }),
      want: [{ rule: 'fargate/sysctl', path: 'services.web' }],
    },
    {
      name: 'namespaced sysctls are allowed',
      given: fargate({
        systemControls: [
          { namespace: 'net.core.somaxconn', value: '1024' },
          { namespace: 'kernel.shmmax', value: '1' },
          { namespace: 'fs.mqueue.msg_max', value: '10' },
        ],
      }),
      not: ['fargate/sysctl'],
    },
    {
      name: 'stop timeout above 120 s is lowered',
      given: fargate({ stopTimeoutSeconds: 300 }),
      want: [{ rule: 'fargate/stop-timeout', path: 'services.web' }],
      check: (out) => expect(out.services[0]?.task.containers[0]?.stopTimeoutSeconds).toBe(120),
    },
    { name: 'stop timeout of 120 s is fine', given: fargate({ stopTimeoutSeconds: 120 }), not: ['fargate/stop-timeout'] },
    {
      name: 'ulimits other than nofile are dropped',
      given: fargate({
        ulimits: [
          { name: 'nofile', softLimit: 1, hardLimit: 2 },
          { name: 'nproc', softLimit: 1, hardLimit: 2 },
        ],
      }),
      want: [{ rule: 'fargate/ulimit', path: 'services.web' }],
      check: (out) => expect(out.services[0]?.task.containers[0]?.ulimits.map((u) => u.name)).toEqual(['nofile']),
    },
    { name: 'nofile alone is fine', given: fargate({ ulimits: [{ name: 'nofile', softLimit: 1, hardLimit: 2 }] }), not: ['fargate/ulimit'] },
    {
      name: 'nofile above the Fargate maximum is lowered to it, reported at the ulimits key',
      given: fargate({ ulimits: [{ name: 'nofile', softLimit: 65536, hardLimit: 2000000 }], fieldOrigins: { ulimits: at('services.web.ulimits', 7) } }),
      want: [{ rule: 'fargate/ulimit', path: 'services.web.ulimits' }],
      check: (out) => expect(out.services[0]?.task.containers[0]?.ulimits).toEqual([{ name: 'nofile', softLimit: 65536, hardLimit: 1048576 }]),
    },
    {
      name: 'privileged is reported where the input sets it',
      given: fargate({ privileged: true, fieldOrigins: { privileged: at('services.web.privileged', 4) } }),
      want: [{ rule: 'fargate/privileged', path: 'services.web.privileged' }],
    },
    { name: 'security options are dropped', given: fargate({ dockerSecurityOptions: ['no-new-privileges:true'] }), want: [{ rule: 'fargate/security-options', path: 'services.web' }] },
    { name: 'DNS settings are dropped', given: fargate({ dnsServers: ['8.8.8.8'] }), want: [{ rule: 'fargate/dns', path: 'services.web' }] },
    {
      name: 'extra_hosts are dropped in awsvpc',
      given: fargate({ extraHosts: [{ hostname: 'host.docker.internal', ipAddress: 'host-gateway' }] }),
      want: [{ rule: 'awsvpc/extra-hosts', path: 'services.web' }],
    },
    {
      name: 'hostname is dropped in awsvpc',
      given: fargate({ hostname: 'myhost' }),
      want: [{ rule: 'awsvpc/hostname', path: 'services.web' }],
      check: (out) => expect('hostname' in (out.services[0]?.task.containers[0] ?? {})).toBe(false),
    },
    { name: 'pid: host', given: app([withTask(service(container('web')), { pidMode: 'host' })]), want: [{ rule: 'fargate/pid-host', path: 'services.web' }] },
    { name: 'ipc mode is dropped', given: app([withTask(service(container('web')), { ipcMode: 'host' })]), want: [{ rule: 'fargate/ipc-mode', path: 'services.web' }] },
    { name: 'ephemeral storage above 200 GiB', given: app([withTask(service(container('web')), { ephemeralStorageGiB: 300 })]), want: [{ rule: 'fargate/ephemeral-storage', path: 'services.web' }] },
    {
      name: 'ephemeral storage below 21 GiB keeps the default',
      given: app([withTask(service(container('web')), { ephemeralStorageGiB: 10 })]),
      want: [{ rule: 'fargate/ephemeral-storage', path: 'services.web' }],
      check: (out, ran) => {
        expect(out.services[0]?.task.ephemeralStorageGiB).toBeUndefined();
        expect(ran.diagnostics[0]?.severity).toBe('warning');
      },
    },
    {
      name: 'Windows on ARM64',
      given: app([withTask(service(container('web')), { runtimePlatform: { cpuArchitecture: 'ARM64', operatingSystemFamily: 'WINDOWS_SERVER_2022_CORE' } })]),
      want: [{ rule: 'fargate/windows-arm64', path: 'services.web' }],
    },
    {
      name: 'a Windows image gets its Windows Server version as the runtime platform',
      given: app([service(container('web', 'mcr.microsoft.com/windows/servercore:ltsc2019'))]),
      check: (out) => expect(out.services[0]?.task.runtimePlatform).toEqual({ operatingSystemFamily: 'WINDOWS_SERVER_2019_CORE' }),
    },
    {
      name: 'a Windows platform given in the input is kept',
      given: app([withTask(service(container('web', 'mcr.microsoft.com/windows/servercore:ltsc2019')), { runtimePlatform: { operatingSystemFamily: 'WINDOWS_SERVER_2022_FULL' } })]),
      check: (out) => expect(out.services[0]?.task.runtimePlatform).toEqual({ operatingSystemFamily: 'WINDOWS_SERVER_2022_FULL' }),
    },
    {
      name: 'platform windows/amd64 with an image that names no version: Windows Server 2022 Core assumed',
      given: app([withTask(service(container('web', 'acme/app:1.0')), { runtimePlatform: { cpuArchitecture: 'X86_64', windows: true } })]),
      check: (out) => expect(out.services[0]?.task.runtimePlatform).toEqual({ cpuArchitecture: 'X86_64', windows: true, operatingSystemFamily: 'WINDOWS_SERVER_2022_CORE' }),
    },
    { name: 'a Linux image gets no platform', given: app([service(container('web', 'nginx:1.27'))]), check: (out) => expect(out.services[0]?.task.runtimePlatform).toBeUndefined() },
    { name: 'Linux on ARM64 is fine', given: app([withTask(service(container('web')), { runtimePlatform: { cpuArchitecture: 'ARM64' } })]), not: ['fargate/windows-arm64'] },
  ];
  it.each(cases)('$name', (c) => void check(launchType, c));

  it('returns the same object when nothing needs to change', () => {
    const given = fargate({});
    const ran = run(launchType, given);
    expect(ran.out).toEqual(given);
    const frozen = deepFreeze(given);
    expect(launchType.run(frozen, { reporter: createReporter() })).toBe(frozen);
  });
});

describe('launch-type pass: EC2', () => {
  const cases: Case[] = [
    {
      name: 'EC2 keeps privileged, devices, host paths, links inside the task',
      given: app(
        [
          withTask(
            task(
              'web',
              [
                container('web', 'x:1', { privileged: true, links: ['sidecar'], mounts: [{ volume: 'sock', containerPath: '/var/run/docker.sock', readOnly: true }] }),
                container('sidecar'),
              ],
              {},
              'ec2',
            ),
            { volumes: [{ name: 'sock', source: { kind: 'host', path: '/var/run/docker.sock' } }] },
          ),
        ],
        { launchType: 'ec2' },
      ),
      check: (out, ran) => {
        expect(ran.pairs).toEqual([]);
        expect(out.services[0]?.task.containers[0]?.links).toEqual(['sidecar']);
        expect(out.services[0]?.task.volumes).toHaveLength(1);
      },
    },
    {
      name: 'relative bind mounts are dropped on EC2',
      given: app(
        [
          withTask(service(container('web', 'x:1', { mounts: [{ volume: 'src', containerPath: '/app', readOnly: false, origin: at('services.web.volumes[0]') }] }), {}, 'ec2'), {
            volumes: [{ name: 'src', source: { kind: 'host', path: './src' } }],
          }),
        ],
        { launchType: 'ec2' },
      ),
      want: [{ rule: 'ec2/project-bind-mount', path: 'services.web.volumes[0]' }],
      not: ['fargate/bind-mount'],
    },
    {
      name: 'links to another service are dropped in bridge mode',
      given: app([service(container('web', 'x:1', { links: ['db:database'] }), {}, 'ec2'), service(container('db', 'postgres:16'), {}, 'ec2')], { launchType: 'ec2' }),
      want: [{ rule: 'ec2/cross-task-link', path: 'services.web' }],
      check: (out) => expect(out.services[0]?.task.containers[0]?.links).toEqual([]),
    },
    {
      name: 'reserved host port in bridge mode',
      given: ec2({ ports: [{ containerPort: 22, protocol: 'tcp', published: 2375, public: true, origin: at('services.web.ports[0]') }] }),
      want: [{ rule: 'ec2/reserved-port', path: 'services.web.ports[0]' }],
    },
    {
      name: 'reserved container port in host mode',
      given: app([withTask(service(container('web', 'x:1', { ports: [{ containerPort: 22, protocol: 'tcp', public: false, origin: at('services.web.ports[0]') }] }), {}, 'ec2'), { networkMode: 'host' })], { launchType: 'ec2' }),
      want: [{ rule: 'ec2/reserved-port', path: 'services.web.ports[0]' }],
    },
    {
      name: 'container port 22 in bridge mode without a fixed host port is fine',
      given: ec2({ ports: [{ containerPort: 22, protocol: 'tcp', public: false }] }),
      not: ['ec2/reserved-port'],
    },
    { name: 'task CPU out of range', given: app([withTask(service(container('web'), {}, 'ec2'), { cpu: 64 })], { launchType: 'ec2' }), want: [{ rule: 'ec2/task-cpu-range', path: 'services.web' }] },
    {
      name: 'Fargate-only rules do not fire on EC2',
      given: ec2({ privileged: true, stopTimeoutSeconds: 600, dockerSecurityOptions: ['no-new-privileges'], hostname: 'x', ulimits: [{ name: 'nproc', softLimit: 1, hardLimit: 1 }] }),
      not: ['fargate/privileged', 'fargate/stop-timeout', 'fargate/security-options', 'awsvpc/hostname', 'fargate/ulimit'],
    },
    {
      name: 'awsvpc rules apply to EC2 tasks in awsvpc mode',
      given: app([withTask(service(container('web', 'x:1', { hostname: 'x' }), {}, 'ec2'), { networkMode: 'awsvpc' })], { launchType: 'ec2' }),
      want: [{ rule: 'awsvpc/hostname', path: 'services.web' }],
    },
  ];
  it.each(cases)('$name', (c) => void check(launchType, c));
});
