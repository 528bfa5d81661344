import { describe, expect, it } from 'vitest';
import { parseVolumeSpec } from '../../../../src/parsers/compose/service-volumes.js';
import { container, convert, expectNotReported, expectReported, service } from './support.js';

describe('parseVolumeSpec follows compose-go (compose.md §9.5)', () => {
  const table: [string, object][] = [
    ['/data', { type: 'volume', target: '/data', readOnly: false }],
    ['data:/data', { type: 'volume', source: 'data', target: '/data', readOnly: false }],
    ['./data:/data', { type: 'bind', source: './data', target: '/data' }],
    ['.:/app', { type: 'bind', source: '.', target: '/app' }],
    ['../x:/x:ro', { type: 'bind', source: '../x', target: '/x', readOnly: true }],
    ['~/x:/x', { type: 'bind', source: '~/x', target: '/x' }],
    ['db-data:/var/lib/db:ro,nocopy', { type: 'volume', source: 'db-data', readOnly: true, ignored: ['nocopy'] }],
    ['./src:/app:cached', { type: 'bind', source: './src', target: '/app', ignored: [] }],
    ['./src:/app:delegated,Z', { type: 'bind', ignored: ['Z'] }],
    ['C:\\Users\\me:/data', { type: 'bind', source: 'C:\\Users\\me', target: '/data' }],
    ['a:b:c:d', { type: 'bind', source: 'a:b', target: 'c:d' }],
    ['v:/data', { type: 'volume', target: 'v:/data' }],
    ['/data/:/x/', { type: 'bind', source: '/data/', target: '/x' }],
    ['x', { type: 'volume', target: 'x' }],
  ];
  for (const [input, want] of table) {
    it(input, () => expect(parseVolumeSpec(input)).toMatchObject(want));
  }
  it('a:b:c:d:e keeps `e` as an (ignored) option, like compose-go', () => expect(parseVolumeSpec('a:b:c:d:e')).toMatchObject({ source: 'a:b', target: 'c:d' }));
  it('v:/data has no source (a one-letter name reads as a drive)', () => expect(parseVolumeSpec('v:/data')).not.toHaveProperty('source'));
  for (const bad of [':/data', 'ab::c', 'xx:yy:zz:ww']) {
    it(`${bad} is an error`, () => expect(parseVolumeSpec(bad)).toHaveProperty('error'));
  }
});

describe('volumes in the IR', () => {
  it('named, bind, anonymous and tmpfs volumes', () => {
    const { app, diagnostics } = convert(`
services:
  web:
    image: nginx
    volumes:
      - data:/var/lib/data:ro
      - ./conf:/etc/nginx/conf.d
      - /cache
      - type: tmpfs
        target: /run
        tmpfs: {size: 16m, mode: 01777}
      - type: volume
        source: data
        target: /backup
volumes:
  data:
    driver: local
  logs:
    external: true
    name: fs-1234
`);
    const web = container(app, 'web');
    expect(web.mounts).toMatchObject([
      { volume: 'data', containerPath: '/var/lib/data', readOnly: true },
      { volume: 'bind-conf', containerPath: '/etc/nginx/conf.d', readOnly: false },
      { volume: 'anon-cache', containerPath: '/cache', readOnly: false },
      { volume: 'data', containerPath: '/backup', readOnly: false },
    ]);
    expect(service(app, 'web').task.volumes).toMatchObject([
      { name: 'data', source: { kind: 'shared', volume: 'data' } },
      { name: 'bind-conf', source: { kind: 'host', path: './conf' } },
      { name: 'anon-cache', source: { kind: 'ephemeral' } },
    ]);
    expect(web.linux?.tmpfs).toEqual([{ containerPath: '/run', sizeMiB: 16, mountOptions: ['mode=1777'] }]);
    expect(app.volumes).toMatchObject([
      { name: 'data', external: false, driver: 'local' },
      { name: 'logs', external: true, externalName: 'fs-1234' },
    ]);
    expectReported(diagnostics, [['compose/approximated', 'services.web.volumes[2]']]);
    // On Fargate the launch-type pass drops the bind mount and reports it; nothing to add here.
    expectNotReported(diagnostics, 'compose/bind-mount');
  });

  it('two binds whose names collide get different task volumes', () => {
    const { app } = convert(`services:\n  web:\n    image: x\n    volumes: ["./a.b:/one", "/a-b:/two"]\n`);
    expect(service(app, 'web').task.volumes.map((v) => [v.name, v.source])).toEqual([
      ['bind-a-b', { kind: 'host', path: './a.b' }],
      ['bind-a-b-2', { kind: 'host', path: '/a-b' }],
    ]);
    expect(container(app, 'web').mounts.map((m) => m.volume)).toEqual(['bind-a-b', 'bind-a-b-2']);
  });

  const table: { name: string; yaml: string; must: [string, string | undefined][]; ec2?: boolean }[] = [
    { name: 'an undeclared named volume', yaml: 'volumes: ["data/app:/app"]', must: [['compose/undefined-reference', 'services.web.volumes[0]']] },
    { name: 'an unreadable short volume', yaml: 'volumes: [":/data"]', must: [['compose/invalid-value', 'services.web.volumes[0]']] },
    { name: 'a relative target', yaml: 'volumes: ["./x:data"]', must: [['compose/invalid-value', 'services.web.volumes[0]']] },
    { name: 'a host path on EC2', yaml: 'volumes: ["/var/run/docker.sock:/var/run/docker.sock"]', must: [['compose/bind-mount', 'services.web.volumes[0]']], ec2: true },
    { name: 'SELinux and nocopy options', yaml: 'volumes: ["./x:/x:z"]', must: [['compose/approximated', 'services.web.volumes[0]']] },
    { name: 'a tmpfs without size on EC2', yaml: 'volumes: [{type: tmpfs, target: /tmp}]', must: [['compose/approximated', 'services.web.volumes[0]']], ec2: true },
    { name: 'an npipe', yaml: 'volumes: [{type: npipe, source: x, target: /x}]', must: [['compose/unsupported-key', 'services.web.volumes[0]']] },
    { name: 'a long volume without target', yaml: 'volumes: [{type: volume, source: x}]', must: [['compose/invalid-value', 'services.web.volumes[0]']] },
    { name: 'a subpath', yaml: 'volumes: [{type: bind, source: ./x, target: /x, volume: {subpath: a}}]', must: [['compose/approximated', 'services.web.volumes[0].volume.subpath']] },
    { name: 'volumes_from a container', yaml: 'volumes_from: ["container:legacy"]', must: [['compose/unsupported-key', 'services.web.volumes_from[0]']] },
    { name: 'volumes_from an unknown service', yaml: 'volumes_from: [nope]', must: [['compose/undefined-reference', 'services.web.volumes_from[0]']] },
    { name: 'volumes_from another ECS service', yaml: 'volumes_from: ["other:ro"]', must: [['compose/unsupported-key', 'services.web.volumes_from[0]']] },
  ];
  for (const t of table) {
    it(t.name, () => {
      const { diagnostics } = convert(`services:\n  web:\n    image: nginx\n    ${t.yaml}\n  other:\n    image: x\n`, t.ec2 ? { options: { launchType: 'ec2' } } : {});
      expectReported(diagnostics, t.must);
    });
  }

  it('project paths on EC2 and every host path on Fargate are left to the launch-type pass', () => {
    expectNotReported(convert('services:\n  web: {image: x, volumes: ["./src:/app"]}\n', { options: { launchType: 'ec2' } }).diagnostics, 'compose/bind-mount');
    expectNotReported(convert('services:\n  web: {image: x, volumes: ["/var/log:/logs"]}\n').diagnostics, 'compose/bind-mount');
  });

  it('volumes_from inside one task', () => {
    const { app } = convert(`services:\n  web:\n    image: a\n  helper:\n    image: b\n    network_mode: service:web\n    volumes_from: ["web:ro"]\n`);
    expect(container(app, 'helper').volumesFrom).toEqual([{ sourceContainer: 'web', readOnly: true }]);
  });

  it("volumes_from with docker-compose 1.x's `service:` prefix is read as the service, and said", () => {
    const { app, diagnostics } = convert(`services:\n  web:\n    image: a\n  helper:\n    image: b\n    network_mode: service:web\n    volumes_from: ["service:web:ro", "service:web"]\n`);
    expect(container(app, 'helper').volumesFrom).toEqual([
      { sourceContainer: 'web', readOnly: true },
      { sourceContainer: 'web', readOnly: false },
    ]);
    expectReported(diagnostics, [
      ['compose/legacy-key', 'services.helper.volumes_from[0]'],
      ['compose/legacy-key', 'services.helper.volumes_from[1]'],
    ]);
    expectNotReported(diagnostics, 'compose/invalid-value');
    // `service:ro` keeps its modern meaning: the service called `service`, read-only.
    const modern = convert(`services:\n  service:\n    image: a\n  helper:\n    image: b\n    network_mode: service:service\n    volumes_from: ["service:ro"]\n`);
    expect(container(modern.app, 'helper').volumesFrom).toEqual([{ sourceContainer: 'service', readOnly: true }]);
    expectNotReported(modern.diagnostics, 'compose/legacy-key');
  });

  it('top-level volume keys: deprecated external name, labels, a Docker name', () => {
    const { app, diagnostics } = convert(`
services:
  web: {image: a}
volumes:
  old:
    external: {name: shared-data}
  tagged:
    labels: {team: a}
    name: my-tagged
    driver_opts: {performance_mode: maxIO, uid: 0}
`);
    expect(app.volumes).toMatchObject([
      { name: 'old', external: true, externalName: 'shared-data' },
      { name: 'tagged', external: false, driverOptions: { performance_mode: 'maxIO', uid: '0' } },
    ]);
    expectReported(diagnostics, [
      ['compose/approximated', 'volumes.tagged.labels'],
      ['compose/approximated', 'volumes.tagged.name'],
    ]);
  });
});
