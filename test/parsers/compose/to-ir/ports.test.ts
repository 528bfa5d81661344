import { describe, expect, it } from 'vitest';
import { parsePortSpec, type PortSpec } from '../../../../src/parsers/compose/service-ports.js';
import { container, convert, expectNotReported, expectReported, service } from './support.js';

describe('parsePortSpec follows go-connections (compose.md §9.3)', () => {
  const ok: [string, PortSpec[]][] = [
    ['3000', [{ target: 3000, protocol: 'tcp' }]],
    ['3000-3002', [3000, 3001, 3002].map((target) => ({ target, protocol: 'tcp' }))],
    ['8000:8000', [{ target: 8000, published: '8000', protocol: 'tcp' }]],
    [
      '9090-9091:8080-8081',
      [
        { target: 8080, published: '9090', protocol: 'tcp' },
        { target: 8081, published: '9091', protocol: 'tcp' },
      ],
    ],
    ['49100:22', [{ target: 22, published: '49100', protocol: 'tcp' }]],
    ['8000-9000:80', [{ target: 80, published: '8000-9000', protocol: 'tcp' }]],
    ['127.0.0.1:8001:8001', [{ target: 8001, published: '8001', hostIp: '127.0.0.1', protocol: 'tcp' }]],
    ['::1:6000:6000', [{ target: 6000, published: '6000', hostIp: '::1', protocol: 'tcp' }]],
    ['[::1]:6001:6001', [{ target: 6001, published: '6001', hostIp: '::1', protocol: 'tcp' }]],
    ['6060:6060/udp', [{ target: 6060, published: '6060', protocol: 'udp' }]],
    ['6060:6060/UDP', [{ target: 6060, published: '6060', protocol: 'udp' }]],
    ['80/sctp', [{ target: 80, protocol: 'sctp' }]],
    ['0.0.0.0::80', [{ target: 80, hostIp: '0.0.0.0', protocol: 'tcp' }]],
    ['127.0.0.1::5000', [{ target: 5000, hostIp: '127.0.0.1', protocol: 'tcp' }]],
  ];
  for (const [input, want] of ok) {
    it(`${input}`, () => expect(parsePortSpec(input)).toEqual({ ports: want }));
  }
  it('127.0.0.1:5000-5010:5000-5010 gives 11 mappings on 127.0.0.1', () => {
    const r = parsePortSpec('127.0.0.1:5000-5010:5000-5010');
    expect('ports' in r && r.ports.length).toBe(11);
    expect('ports' in r && r.ports.every((p) => p.hostIp === '127.0.0.1' && p.published === String(p.target))).toBe(true);
  });
  for (const bad of ['8000:80-81', '1-3:4-7', '80/http', '70000', '80:', 'abc', '300.1.1.1:80:80']) {
    it(`${bad} is an error`, () => expect(parsePortSpec(bad)).toHaveProperty('error'));
  }
});

describe('ports and expose in the IR', () => {
  it('maps short and long syntax, loopback bindings and expose', () => {
    const { app, diagnostics } = convert(`
services:
  web:
    image: nginx
    ports:
      - "8080:80"
      - 443
      - "127.0.0.1:9000:9000"
      - target: 53
        published: "5353"
        protocol: udp
      - target: 50051
        app_protocol: grpc
        name: rpc
    expose: ["3000", "80", 7000-7001/udp]
`);
    expect(container(app, 'web').ports).toMatchObject([
      { containerPort: 80, protocol: 'tcp', published: 8080, public: true },
      { containerPort: 443, protocol: 'tcp', public: true },
      { containerPort: 9000, protocol: 'tcp', published: 9000, public: false },
      { containerPort: 53, protocol: 'udp', published: 5353, public: true },
      { containerPort: 50051, protocol: 'tcp', public: true, appProtocol: 'grpc', name: 'rpc' },
      { containerPort: 3000, protocol: 'tcp', public: false },
      { containerPort: 7000, protocol: 'udp', public: false },
      { containerPort: 7001, protocol: 'udp', public: false },
    ]);
    expect(container(app, 'web').ports[1]).not.toHaveProperty('published');
    expect(service(app, 'web').role).toBe('web');
    expect(diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
  });

  const table: { name: string; ports: string; must: [string, string][]; mustNot?: string[] }[] = [
    { name: 'a bad port is an error at the entry', ports: '["80/http"]', must: [['compose/invalid-value', 'services.web.ports[0]']] },
    { name: 'a host range is approximated', ports: '["8000-9000:80"]', must: [['compose/approximated', 'services.web.ports[0]']] },
    { name: 'sctp has no ECS counterpart', ports: '["9000/sctp"]', must: [['compose/unsupported-key', 'services.web.ports[0]']] },
    { name: 'a specific host address is approximated', ports: '["10.0.0.5:80:80"]', must: [['compose/approximated', 'services.web.ports[0]']] },
    { name: 'loopback is private without a report', ports: '["127.0.0.1:80:80"]', must: [], mustNot: ['compose/approximated'] },
    { name: 'a port published twice keeps the first', ports: '["80:80", "8080:80"]', must: [['compose/approximated', 'services.web.ports[1]']] },
    { name: 'mode host is approximated', ports: '[{target: 80, mode: host}]', must: [['compose/approximated', 'services.web.ports[0].mode']] },
    { name: 'an unknown mode (ECS ComposeX writes awsvpc) is ignored, as Compose ignores it', ports: '[{target: 80, published: 80, mode: awsvpc}]', must: [['compose/invalid-value', 'services.web.ports[0].mode']] },
    { name: 'a long entry needs a target', ports: '[{published: 80}]', must: [['compose/invalid-value', 'services.web.ports[0]']] },
    { name: 'an unknown app_protocol is dropped', ports: '[{target: 80, app_protocol: websocket}]', must: [['compose/approximated', 'services.web.ports[0].app_protocol']] },
    { name: 'an unknown x-aws key on a port', ports: '[{target: 80, x-aws-foo: 1}]', must: [['compose/x-aws-unsupported', 'services.web.ports[0].x-aws-foo']] },
  ];
  it('an unknown mode is a warning, not an error: the port is still published', () => {
    const { app, diagnostics } = convert('services:\n  web:\n    image: nginx\n    ports: [{target: 80, published: 80, mode: awsvpc}]\n');
    expect(diagnostics.filter((d) => d.rule === 'compose/invalid-value').map((d) => d.severity)).toEqual(['warning']);
    expect(diagnostics.some((d) => d.severity === 'error')).toBe(false);
    expect(app.services[0]?.task.containers[0]?.ports.map((p) => p.containerPort)).toEqual([80]);
  });

  for (const t of table) {
    it(t.name, () => {
      const { diagnostics } = convert(`services:\n  web:\n    image: nginx\n    ports: ${t.ports}\n`);
      expectReported(diagnostics, t.must);
      for (const r of t.mustNot ?? []) expectNotReported(diagnostics, r);
    });
  }

  it('caps a huge range at 100 ports', () => {
    const { app, diagnostics } = convert(`services:\n  rtp:\n    image: x\n    ports: ["10000-10999:10000-10999/udp"]\n`);
    expect(container(app, 'rtp').ports).toHaveLength(100);
    expectReported(diagnostics, [['compose/approximated', 'services.rtp.ports[0]']]);
  });

  it('x-aws-protocol asks for a load-balancer route with that protocol', () => {
    const { app, diagnostics } = convert(`services:\n  web:\n    image: nginx\n    ports:\n      - target: 8080\n        x-aws-protocol: http\n      - target: 9000\n        x-aws-protocol: carrier-pigeon\n`);
    expect(service(app, 'web').routes).toMatchObject([{ container: 'web', containerPort: 8080, listenerPort: 8080, protocol: 'HTTP' }]);
    expectReported(diagnostics, [
      ['compose/x-aws-setting', 'services.web.ports[0].x-aws-protocol'],
      ['compose/x-aws-unsupported', 'services.web.ports[1].x-aws-protocol'],
    ]);
  });

  it('roles: web with a public port, backend when exposed or depended on, worker otherwise', () => {
    const { app } = convert(`
services:
  web: {image: a, ports: ["80:80"], depends_on: [api]}
  api: {image: b, expose: ["3000"]}
  cache: {image: c}
  job: {image: d, depends_on: [cache]}
  local: {image: e, ports: ["127.0.0.1:5000:5000"]}
`);
    expect(app.services.map((s) => [s.name, s.role])).toEqual([
      ['web', 'web'],
      ['api', 'backend'],
      ['cache', 'backend'],
      ['job', 'worker'],
      ['local', 'backend'],
    ]);
  });
});
