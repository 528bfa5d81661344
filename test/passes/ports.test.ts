import { describe, expect, it } from 'vitest';
import { createReporter } from '../../src/diagnostics/context.js';
import type { Container, HealthCheck, PortMapping, RouteSpec } from '../../src/ir/types.js';
import { DEFAULT_GRACE_PERIOD, discoveryName, ports, routeChunks, TARGET_HEALTH_DEFAULTS } from '../../src/passes/ports.js';
import { rng } from '../support/rng.js';
import { app, at, check, container, deepFreeze, service, task, type Case } from './support.js';

/** `published:target` on all interfaces (or internal when `published` is undefined). */
function port(name: string, i: number, containerPort: number, published?: number, extra: Partial<PortMapping> = {}): PortMapping {
  const p: PortMapping = { containerPort, protocol: 'tcp', public: published !== undefined, origin: at(`services.${name}.ports[${i}]`, 10 + i), ...extra };
  if (published !== undefined) p.published = published;
  return p;
}
function web(name: string, ports: PortMapping[], patch: Partial<Container> = {}, ref = 'ghcr.io/acme/web:1.0') {
  return service(container(name, ref, { ports, ...patch }));
}
const curl = (url: string, more: Partial<HealthCheck> = {}): HealthCheck => ({
  command: ['CMD-SHELL', `curl -f ${url} || exit 1`],
  origin: at('services.web.healthcheck'),
  ...more,
});
const route = (patch: Partial<RouteSpec>): RouteSpec => ({ container: 'web', containerPort: 3000, origin: at('services.web.x-ecsify.route'), ...patch });

describe('ports pass', () => {
  const cases: Case[] = [
    {
      name: '80:3000 → ALB listener 80 → target group on container port 3000',
      given: app([web('web', [port('web', 0, 3000, 80)])]),
      want: [{ rule: 'health/default-target-check', path: 'services.web' }],
      not: ['ports/route-conflict', 'ports/http-redirect'],
      check: (out) => {
        const [alb] = out.ingress.loadBalancers;
        expect(alb).toMatchObject({ id: 'alb', type: 'application', scheme: 'internet-facing' });
        expect(alb?.listeners).toEqual([
          { port: 80, protocol: 'HTTP', defaultAction: { kind: 'forward', target: 'web-3000' }, rules: [], origin: at('services.web.ports[0]', 10) },
        ]);
        expect(out.ingress.targets).toEqual([
          {
            id: 'web-3000',
            service: 'web',
            container: 'web',
            containerPort: 3000,
            protocol: 'HTTP',
            healthCheck: { ...TARGET_HEALTH_DEFAULTS, protocol: 'HTTP', path: '/', source: 'default' },
            healthCheckGracePeriodSeconds: DEFAULT_GRACE_PERIOD,
            origin: at('services.web.ports[0]', 10),
          },
        ]);
        const s = out.services[0];
        expect(s?.role).toBe('web');
        expect(s?.discoveryName).toBe('web');
        expect(s?.task.containers[0]?.ports[0]).toMatchObject({ name: 'web-3000', appProtocol: 'http' });
      },
    },
    {
      name: 'only exposed ports stay internal (Service Connect)',
      given: app([web('api', [port('api', 0, 4000)])]),
      check: (out, ran) => {
        expect(ran.pairs).toEqual([]);
        expect(out.ingress).toEqual({ loadBalancers: [], targets: [] });
        expect(out.services[0]).toMatchObject({ role: 'backend', discoveryName: 'api' });
        expect(out.services[0]?.task.containers[0]?.ports[0]?.name).toBe('api-4000');
        expect(out.services[0]?.task.containers[0]?.ports[0]?.appProtocol).toBeUndefined();
      },
    },
    {
      name: 'a port published on 127.0.0.1 stays internal',
      given: app([web('web', [port('web', 0, 3000, 3000, { public: false })])]),
      check: (out) => expect(out.ingress.loadBalancers).toEqual([]),
    },
    {
      name: 'a service without ports is a worker and gets no discovery name',
      given: app([service(container('worker'))]),
      check: (out, ran) => {
        expect(out.services[0]?.role).toBe('worker');
        expect(out.services[0]?.discoveryName).toBeUndefined();
        expect(ran.pairs).toEqual([]);
      },
    },
    {
      name: '443 is an HTTPS listener whose certificate is a parameter',
      given: app([web('web', [port('web', 0, 3000, 443)])]),
      want: [{ rule: 'ports/certificate-parameter', path: 'services.web.ports[0]' }],
      check: (out) => {
        const l = out.ingress.loadBalancers[0]?.listeners[0];
        expect(l).toMatchObject({ port: 443, protocol: 'HTTPS', defaultAction: { kind: 'forward', target: 'web-3000' } });
        expect(l?.certificateArn).toBeUndefined();
      },
    },
    {
      name: '80 and 443 published: 80 redirects to 443',
      given: app([web('web', [port('web', 0, 80, 80), port('web', 1, 443, 443)])]),
      want: [{ rule: 'ports/http-redirect', path: 'services.web.ports[1]' }, { rule: 'ports/certificate-parameter', path: 'services.web.ports[1]' }],
      check: (out) => {
        const ls = out.ingress.loadBalancers[0]?.listeners ?? [];
        expect(ls.map((l) => [l.port, l.protocol, l.defaultAction])).toEqual([
          [80, 'HTTP', { kind: 'redirect', protocol: 'HTTPS', port: 443 }],
          [443, 'HTTPS', { kind: 'forward', target: 'web-443' }],
        ]);
        // The container speaks TLS on 443 itself: the target group uses HTTPS.
        expect(out.ingress.targets.map((t) => [t.id, t.protocol])).toEqual([['web-443', 'HTTPS']]);
      },
    },
    {
      name: 'one service on 80 and another on 443: two listeners, no redirect (they would collide on 443)',
      given: app([web('a', [port('a', 0, 3000, 80)]), web('b', [port('b', 0, 4000, 443)])]),
      want: [{ rule: 'ports/no-redirect', path: 'services.a.ports[0]' }, 'ports/certificate-parameter'],
      not: ['ports/route-conflict', 'ports/http-redirect'],
      check: (out) => {
        const ls = out.ingress.loadBalancers[0]?.listeners ?? [];
        expect(ls.map((l) => [l.port, l.protocol, l.defaultAction])).toEqual([
          [80, 'HTTP', { kind: 'forward', target: 'a-3000' }],
          [443, 'HTTPS', { kind: 'forward', target: 'b-4000' }],
        ]);
      },
    },
    {
      name: 'one service on 80 with a path, another on 443: 80 redirects, both served on 443',
      given: app([{ ...web('a', [port('a', 0, 3000, 80)]), routes: [route({ container: 'a', paths: ['/api/*'] })] }, web('b', [port('b', 0, 4000, 443)])]),
      want: ['ports/http-redirect'],
      not: ['ports/route-conflict', 'ports/no-redirect'],
      check: (out) => {
        const ls = out.ingress.loadBalancers[0]?.listeners ?? [];
        expect(ls.map((l) => [l.port, l.defaultAction.kind])).toEqual([
          [80, 'redirect'],
          [443, 'forward'],
        ]);
        expect(ls[1]?.rules.map((r) => [r.paths, r.action])).toEqual([[['/api/*'], { kind: 'forward', target: 'a-3000' }]]);
      },
    },
    {
      name: 'a certificate in the settings adds HTTPS on 443 and redirects 80',
      given: app([web('web', [port('web', 0, 3000, 80)])], { loadBalancer: { certificateArn: 'arn:aws:acm:eu-west-1:111122223333:certificate/abc', listeners: [] } }),
      want: ['ports/http-redirect'],
      not: ['ports/certificate-parameter'],
      check: (out) => {
        const ls = out.ingress.loadBalancers[0]?.listeners ?? [];
        expect(ls.map((l) => [l.port, l.protocol, l.certificateArn])).toEqual([
          [80, 'HTTP', undefined],
          [443, 'HTTPS', 'arn:aws:acm:eu-west-1:111122223333:certificate/abc'],
        ]);
        expect(ls[1]?.defaultAction).toEqual({ kind: 'forward', target: 'web-3000' });
      },
    },
    {
      name: 'two services publishing the same port conflict',
      given: app([web('web', [port('web', 0, 3000, 80)]), web('admin', [port('admin', 0, 4000, 80)])]),
      want: [{ rule: 'ports/route-conflict', path: 'services.admin.ports[0]' }],
      check: (out, ran) => {
        expect(out.ingress.loadBalancers[0]?.listeners[0]?.defaultAction).toEqual({ kind: 'forward', target: 'web-3000' });
        expect(ran.diagnostics.find((d) => d.rule === 'ports/route-conflict')?.message).toBe('Services web and admin both claim listener 80 with no host or path.');
      },
    },
    {
      name: 'services publishing different ports get separate listeners on one ALB',
      given: app([web('web', [port('web', 0, 3000, 80)]), web('admin', [port('admin', 0, 4000, 8080)])]),
      not: ['ports/route-conflict'],
      check: (out) => {
        expect(out.ingress.loadBalancers).toHaveLength(1);
        expect(out.ingress.loadBalancers[0]?.listeners.map((l) => [l.port, l.defaultAction])).toEqual([
          [80, { kind: 'forward', target: 'web-3000' }],
          [8080, { kind: 'forward', target: 'admin-4000' }],
        ]);
      },
    },
    {
      name: 'a second service with a path gets a listener rule; the first keeps the default',
      given: app([
        web('web', [port('web', 0, 3000, 80)]),
        { ...web('api', [port('api', 0, 4000, 80)]), routes: [route({ container: 'api', containerPort: 4000, paths: ['/api/*'], origin: at('services.api.x-ecsify') })] },
      ]),
      not: ['ports/route-conflict'],
      check: (out) => {
        const l = out.ingress.loadBalancers[0]?.listeners[0];
        expect(l?.defaultAction).toEqual({ kind: 'forward', target: 'web-3000' });
        expect(l?.rules).toEqual([{ priority: 1, hosts: [], paths: ['/api/*'], action: { kind: 'forward', target: 'api-4000' }, origin: at('services.api.x-ecsify') }]);
      },
    },
    {
      name: 'two services with the same path conflict',
      given: app([
        { ...web('a', [port('a', 0, 3000)]), routes: [route({ container: 'a', paths: ['/x/*'] })] },
        { ...web('b', [port('b', 0, 3000)]), routes: [route({ container: 'b', paths: ['/x/*'], origin: at('services.b.x-ecsify') })] },
      ]),
      want: [{ rule: 'ports/route-conflict', path: 'services.b.x-ecsify' }],
      check: (out) => expect(out.ingress.loadBalancers[0]?.listeners[0]?.defaultAction).toEqual({ kind: 'fixed-response', statusCode: 404 }),
    },
    {
      name: 'host rules: more specific first, explicit priorities kept',
      given: app([
        { ...web('a', [port('a', 0, 3000)]), routes: [route({ container: 'a', paths: ['/a/*'] })] },
        { ...web('b', [port('b', 0, 3000)]), routes: [route({ container: 'b', hosts: ['b.example.com'], paths: ['/b/*'] })] },
        { ...web('c', [port('c', 0, 3000)]), routes: [route({ container: 'c', hosts: ['c.example.com'], priority: 1 })] },
      ]),
      check: (out) => {
        expect(out.ingress.loadBalancers[0]?.listeners[0]?.rules.map((r) => [r.priority, (r.action as { target: string }).target])).toEqual([
          [1, 'c-3000'],
          [2, 'b-3000'],
          [3, 'a-3000'],
        ]);
      },
    },
    {
      name: 'a route with more hosts and paths than one ALB rule takes becomes several rules, in place',
      given: app([
        { ...web('a', [port('a', 0, 3000)]), routes: [route({ container: 'a', hosts: ['1.example.com', '2.example.com', '3.example.com', '4.example.com'], paths: ['/a/*', '/b/*', '/c/*', '/d/*'] })] },
        { ...web('b', [port('b', 0, 3000)]), routes: [route({ container: 'b', paths: ['/b/*'] })] },
        { ...web('c', [port('c', 0, 3000)]), routes: [route({ container: 'c', hosts: ['c.example.com', 'd.example.com', 'e.example.com', 'f.example.com'], priority: 20 })] },
        { ...web('d', [port('d', 0, 3000)]), routes: [route({ container: 'd', hosts: ['g.example.com'], priority: 21 })] },
      ]),
      not: ['ports/route-conflict'],
      check: (out) => {
        const rules = out.ingress.loadBalancers[0]?.listeners[0]?.rules ?? [];
        expect(rules.map((r) => [r.priority, (r.action as { target: string }).target, r.hosts.length, r.paths.length])).toEqual([
          // Two host chunks × two path chunks, before the less specific route of b.
          [1, 'a-3000', 2, 3],
          [2, 'a-3000', 2, 1],
          [3, 'a-3000', 2, 3],
          [4, 'a-3000', 2, 1],
          [5, 'b-3000', 0, 1],
          // An explicit priority: the route's rules take it and the free ones after (21 is d's).
          [20, 'c-3000', 3, 0],
          [21, 'd-3000', 1, 0],
          [22, 'c-3000', 1, 0],
        ]);
        // Together they match every host and path pair the route named.
        const pairs = rules.filter((r) => (r.action as { target: string }).target === 'a-3000').flatMap((r) => r.hosts.flatMap((h) => r.paths.map((p) => `${h}${p}`)));
        expect(new Set(pairs).size).toBe(16);
      },
    },
    {
      name: 'two routes asking for one priority',
      given: app([
        { ...web('a', [port('a', 0, 3000)]), routes: [route({ container: 'a', paths: ['/a/*'], priority: 5 })] },
        { ...web('b', [port('b', 0, 3000)]), routes: [route({ container: 'b', paths: ['/b/*'], priority: 5, origin: at('services.b.route') })] },
      ]),
      want: [{ rule: 'ports/route-conflict', path: 'services.b.route' }],
    },
    {
      name: 'a published database port is kept private',
      given: app([web('db', [port('db', 0, 5432, 5432)], {}, 'postgres:16')]),
      want: [{ rule: 'ports/kept-internal', path: 'services.db.ports[0]' }],
      check: (out) => {
        expect(out.ingress.loadBalancers).toEqual([]);
        expect(out.services[0]?.role).toBe('backend');
      },
    },
    {
      name: 'any published port of a data-store image is kept private',
      given: app([web('cache', [port('cache', 0, 7000, 7000)], {}, 'redis:7')]),
      want: [{ rule: 'ports/kept-internal', path: 'services.cache.ports[0]' }],
    },
    {
      name: 'UDP goes to the NLB, checked over TCP',
      given: app([web('dns', [port('dns', 0, 53, 53, { protocol: 'udp' })], {}, 'coredns/coredns:1.11')]),
      want: [{ rule: 'ports/public-tcp', path: 'services.dns.ports[0]' }, { rule: 'health/udp-target', path: 'services.dns.ports[0]' }],
      check: (out) => {
        expect(out.ingress.loadBalancers).toMatchObject([{ id: 'nlb', type: 'network', listeners: [{ port: 53, protocol: 'UDP', defaultAction: { kind: 'forward', target: 'dns-53-udp' } }] }]);
        expect(out.ingress.targets[0]).toMatchObject({ id: 'dns-53-udp', protocol: 'UDP', healthCheck: { protocol: 'TCP' } });
      },
    },
    {
      name: 'TCP and UDP on one port share a TCP_UDP listener',
      given: app([web('dns', [port('dns', 0, 53, 53), port('dns', 1, 53, 53, { protocol: 'udp' })], {}, 'coredns/coredns:1.11')]),
      not: ['health/udp-target'],
      check: (out) => {
        expect(out.ingress.loadBalancers[0]?.listeners.map((l) => [l.port, l.protocol])).toEqual([[53, 'TCP_UDP']]);
        expect(out.ingress.targets.map((t) => [t.id, t.protocol])).toEqual([['dns-53', 'TCP_UDP']]);
      },
    },
    {
      name: 'a known non-HTTP TCP port goes to the NLB',
      given: app([web('mc', [port('mc', 0, 25565, 25565)], {}, 'itzg/minecraft-server:2024.1')]),
      want: [{ rule: 'ports/public-tcp', path: 'services.mc.ports[0]' }],
      not: ['health/default-target-check'],
      check: (out) => expect(out.ingress.loadBalancers.map((l) => l.id)).toEqual(['nlb']),
    },
    {
      name: 'target health check from a Compose curl health check',
      given: app([web('web', [port('web', 0, 3000, 80)], { healthCheck: curl('http://localhost:3000/health', { intervalSeconds: 10, timeoutSeconds: 3, retries: 4, startPeriodSeconds: 90 }) })]),
      not: ['health/default-target-check'],
      check: (out) => {
        expect(out.ingress.targets[0]?.healthCheck).toEqual({
          ...TARGET_HEALTH_DEFAULTS,
          protocol: 'HTTP',
          path: '/health',
          intervalSeconds: 10,
          timeoutSeconds: 3,
          unhealthyThreshold: 4,
          source: 'compose-healthcheck',
          origin: at('services.web.healthcheck'),
        });
        expect(out.ingress.targets[0]?.healthCheckGracePeriodSeconds).toBe(90);
      },
    },
    {
      name: 'a health check on another port checks that port',
      given: app([web('web', [port('web', 0, 3000, 80)], { healthCheck: { command: ['CMD', 'wget', '-qO-', 'http://127.0.0.1:9090/ready'] } })]),
      check: (out) => expect(out.ingress.targets[0]?.healthCheck).toMatchObject({ path: '/ready', port: 9090 }),
    },
    {
      name: 'a health check that is not HTTP: default check with a warning',
      given: app([web('web', [port('web', 0, 3000, 80)], { healthCheck: { command: ['CMD', 'pg_isready'], origin: at('services.web.healthcheck') } })]),
      want: [{ rule: 'health/default-target-check', path: 'services.web.healthcheck' }],
    },
    {
      name: 'EB process settings: the route defines the port, listener and health check',
      given: app([{ ...service(container('web', 'x:1')), role: 'web', routes: [route({ containerPort: 5000, healthCheck: { path: '/up', intervalSeconds: 15, healthyThreshold: 3, unhealthyThreshold: 5, source: 'eb' } })] }]),
      not: ['health/default-target-check', 'ports/web-without-port'],
      check: (out) => {
        expect(out.services[0]?.task.containers[0]?.ports).toEqual([
          { containerPort: 5000, protocol: 'tcp', public: false, origin: at('services.web.x-ecsify.route'), name: 'web-5000', appProtocol: 'http' },
        ]);
        expect(out.ingress.loadBalancers[0]?.listeners[0]).toMatchObject({ port: 80, defaultAction: { kind: 'forward', target: 'web-5000' } });
        expect(out.ingress.targets[0]?.healthCheck).toEqual({ ...TARGET_HEALTH_DEFAULTS, protocol: 'HTTP', path: '/up', intervalSeconds: 15, unhealthyThreshold: 5, source: 'eb' });
      },
    },
    {
      name: 'EB listeners: 80 disabled, 443 with a certificate',
      given: app([{ ...service(container('web', 'x:1')), routes: [route({ containerPort: 5000 })] }], {
        loadBalancer: {
          listeners: [
            { port: 80, protocol: 'HTTP', enabled: false, origin: at('option_settings.listener.default') },
            { port: 443, protocol: 'HTTPS', enabled: true, certificateArn: 'arn:aws:acm:us-east-1:1:certificate/x', defaultService: 'web', origin: at('option_settings.listener.443') },
          ],
        },
      }),
      not: ['ports/certificate-parameter', 'ports/listener-disabled', 'ports/http-redirect'],
      check: (out) => {
        expect(out.ingress.loadBalancers[0]?.listeners).toEqual([
          {
            port: 443,
            protocol: 'HTTPS',
            certificateArn: 'arn:aws:acm:us-east-1:1:certificate/x',
            defaultAction: { kind: 'forward', target: 'web-5000' },
            rules: [],
            origin: at('option_settings.listener.443'),
          },
        ]);
      },
    },
    {
      name: 'EB listeners: every enabled listener forwards to its default process',
      given: app([{ ...service(container('web', 'x:1')), routes: [route({ containerPort: 5000, listenerPort: 80 })] }], {
        loadBalancer: {
          listeners: [
            { port: 80, protocol: 'HTTP', enabled: true, defaultService: 'web' },
            { port: 8080, protocol: 'HTTP', enabled: true, defaultService: 'web' },
          ],
        },
      }),
      check: (out) =>
        expect(out.ingress.loadBalancers[0]?.listeners.map((l) => [l.port, l.defaultAction])).toEqual([
          [80, { kind: 'forward', target: 'web-5000' }],
          [8080, { kind: 'forward', target: 'web-5000' }],
        ]),
    },
    {
      name: 'a route to a disabled listener',
      given: app([{ ...service(container('web', 'x:1')), routes: [route({ containerPort: 5000, listenerPort: 8080 })] }], {
        loadBalancer: { listeners: [{ port: 8080, protocol: 'HTTP', enabled: false }] },
      }),
      want: [{ rule: 'ports/listener-disabled', path: 'services.web.x-ecsify.route' }],
    },
    {
      name: 'load balancer turned off',
      given: app([web('web', [port('web', 0, 3000, 80)])], { loadBalancer: { type: 'none', listeners: [] } }),
      want: [{ rule: 'ports/no-load-balancer', path: 'services.web.ports[0]' }],
      check: (out) => expect(out.ingress.loadBalancers).toEqual([]),
    },
    {
      name: 'network load balancer type: HTTP ports become TCP listeners',
      given: app([web('web', [port('web', 0, 3000, 80)])], { loadBalancer: { type: 'network', scheme: 'internal', listeners: [] } }),
      want: ['ports/public-tcp'],
      check: (out) => expect(out.ingress.loadBalancers).toMatchObject([{ id: 'nlb', scheme: 'internal', listeners: [{ port: 80, protocol: 'TCP' }] }]),
    },
    {
      name: 'a route naming an unknown container',
      given: app([{ ...service(container('web', 'x:1')), routes: [route({ container: 'app' })] }]),
      want: [{ rule: 'ports/unknown-route-target', path: 'services.web.x-ecsify.route' }],
    },
    {
      name: 'a web service without a port',
      given: app([{ ...service(container('web', 'x:1')), role: 'web' }]),
      want: [{ rule: 'ports/web-without-port', path: 'services.web' }],
    },
    {
      name: 'a service name that is not a Service Connect name',
      given: app([web('My.API', [port('My.API', 0, 4000)])]),
      want: [{ rule: 'ports/discovery-name', path: 'services.My.API' }],
      check: (out) => expect(out.services[0]?.discoveryName).toBe('my-api'),
    },
    {
      name: 'two containers of one task on the same port',
      given: app([task('web', [container('web', 'x:1', { ports: [port('web', 0, 80)] }), container('proxy', 'y:1', { ports: [port('proxy', 0, 80)] })])]),
      want: [{ rule: 'ports/duplicate-container-port', path: 'services.proxy.ports[0]' }],
    },
    {
      name: 'two containers of one task publishing the same port: the conflict names the containers',
      given: app([task('web', [container('web', 'x:1', { ports: [port('web', 0, 80, 80)] }), container('proxy', 'y:1', { ports: [port('proxy', 0, 80, 80)] })])]),
      want: ['ports/duplicate-container-port', { rule: 'ports/route-conflict', path: 'services.proxy.ports[0]' }],
      check: (_out, ran) => {
        expect(ran.diagnostics.find((d) => d.rule === 'ports/route-conflict')?.message).toBe('Service web sends listener 80 (no host or path) to two containers, web and proxy, both on port 80.');
      },
    },
    {
      name: 'one container publishing two ports on one listener: the conflict names the ports',
      given: app([web('web', [port('web', 0, 3000, 80), port('web', 1, 4000, 80)])]),
      want: [{ rule: 'ports/route-conflict', path: 'services.web.ports[1]' }],
      check: (_out, ran) => {
        expect(ran.diagnostics.find((d) => d.rule === 'ports/route-conflict')?.message).toBe('Service web sends listener 80 (no host or path) to two container ports, 3000 and 4000.');
      },
    },
    {
      name: 'EC2: two containers of one task with the same route on the same port conflict (bridge mode allows the port)',
      given: app(
        [
          task(
            'web',
            [container('web', 'x:1', { ports: [port('web', 0, 80, 80)] }), container('proxy', 'y:1', { ports: [port('proxy', 0, 80, 80)] })],
            { routes: [route({ container: 'web', containerPort: 80, paths: ['/api/*'] }), route({ container: 'proxy', containerPort: 80, paths: ['/api/*'], origin: at('services.proxy.x-ecsify.route') })] },
            'ec2',
          ),
        ],
        { launchType: 'ec2' },
      ),
      want: [{ rule: 'ports/route-conflict', path: 'services.proxy.x-ecsify.route' }],
      not: ['ports/duplicate-container-port'],
      check: (_out, ran) => {
        expect(ran.diagnostics.find((d) => d.rule === 'ports/route-conflict')?.message).toBe('Service web sends listener 80 (path /api/*) to two containers, web and proxy, both on port 80.');
      },
    },
  ];
  it.each(cases)('$name', (c) => void check(ports, c));

  it('returns the same object when nothing changes', () => {
    const given = deepFreeze(app([service(container('worker'))]));
    expect(ports.run(given, { reporter: createReporter() })).toBe(given);
  });

  it('is idempotent', () => {
    const given = app([web('web', [port('web', 0, 3000, 80)]), web('api', [port('api', 0, 4000)])]);
    const once = ports.run(given, { reporter: createReporter() });
    expect(ports.run(once, { reporter: createReporter() })).toBe(once);
  });
});

describe('discoveryName', () => {
  /** What it computes for every name; valid names skip it. */
  const reference = (name: string): string =>
    name
      .toLowerCase()
      .replace(/[^a-z0-9_-]+/g, '-')
      .replace(/^-+/, '')
      .slice(0, 64)
      .replace(/-+$/, '') || 'service';

  it('leaves valid names as they are and fixes the others, as the full rewrite does (2,000 random names)', () => {
    const random = rng(20261129);
    const alphabet = 'abz09_-AZ. é/';
    for (let n = 0; n < 2000; n++) {
      const length = n % 10 === 0 ? 60 + Math.floor(random() * 10) : Math.floor(random() * 12);
      let name = '';
      for (let i = 0; i < length; i++) name += alphabet[Math.floor(random() * (n % 3 === 0 ? 6 : alphabet.length))] as string;
      expect(discoveryName(name), JSON.stringify(name)).toBe(reference(name));
    }
  });
});

describe('routeChunks: a route as rules an ALB takes (3 values per condition, 5 per rule, 5 wildcards)', () => {
  const h = (n: number) => Array.from({ length: n }, (_, i) => `h${i}.example.com`);
  const p = (n: number, wild = '/*') => Array.from({ length: n }, (_, i) => `/p${i}${wild}`);
  const shape = (hosts: string[], paths: string[]) => routeChunks(hosts, paths).map((c) => [c.hosts.length, c.paths.length]);
  it.each([
    ['fits: 3 hosts and 2 paths', h(3), p(2), [[3, 2]]],
    ['fits: no hosts, 3 paths', [], p(3), [[0, 3]]],
    ['4 hosts alone', h(4), [], [[3, 0], [1, 0]]],
    ['1 host, 6 paths', h(1), p(6), [[1, 3], [1, 3]]],
    ['3 hosts, 3 paths (6 values)', h(3), p(3), [[2, 3], [1, 3]]],
  ] as [string, string[], string[], number[][]][])('%s', (_name, hosts, paths, want) => expect(shape(hosts, paths)).toEqual(want));

  it('splits values heavy with wildcards one host and one path at a time', () => {
    const chunks = routeChunks(h(1), p(3, '/*/x/*'));
    expect(chunks.map((c) => [c.hosts.length, c.paths.length])).toEqual([[1, 1], [1, 1], [1, 1]]);
  });

  it('every chunk fits and together they cover every host and path pair, on random routes', () => {
    const rand = rng(99);
    for (let n = 0; n < 300; n++) {
      const hosts = h(Math.floor(rand() * 8));
      const paths = p(Math.floor(rand() * 8), rand() < 0.3 ? '/*/*' : '/*');
      const chunks = routeChunks(hosts, paths);
      for (const c of chunks) {
        const wild = [...c.hosts, ...c.paths].join('').split(/[*?]/).length - 1;
        expect(c.hosts.length <= 3 && c.paths.length <= 3 && c.hosts.length + c.paths.length <= 5 && wild <= 5, JSON.stringify(c)).toBe(true);
      }
      const pairs = new Set(chunks.flatMap((c) => (c.hosts.length ? c.hosts : ['*']).flatMap((x) => (c.paths.length ? c.paths : ['*']).map((y) => `${x} ${y}`))));
      expect(pairs.size).toBe(Math.max(hosts.length, 1) * Math.max(paths.length, 1));
    }
  });
});
