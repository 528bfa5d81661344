import { describe, expect, it } from 'vitest';
import { convert, expectNotReported, expectReported, service } from './support.js';

const svc = (yaml: string) => {
  const r = convert(`services:\n  a:\n    image: x\n${yaml.replace(/^/gm, '    ')}\n`);
  return { s: service(r.app, 'a'), diagnostics: r.diagnostics };
};

describe('deploy, scale, restart', () => {
  it('replicas and scale give desiredCount', () => {
    expect(svc('deploy: {replicas: 3}').s.desiredCount).toBe(3);
    expect(svc('scale: 2').s.desiredCount).toBe(2);
    expect(svc('deploy: {replicas: 0}').s.desiredCount).toBe(0);
    expect(svc('image: y').s.desiredCount).toBe(1);
    expectReported(svc('scale: 2\ndeploy: {replicas: 3}').diagnostics, [['compose/invalid-value', 'services.a.deploy.replicas']]);
    expectReported(svc('deploy: {replicas: -1}').diagnostics, [['compose/invalid-value', 'services.a.deploy.replicas']]);
  });

  it('container_name with more than one replica is an error, as in Compose', () => {
    const named = (yaml: string) => svc(`container_name: web\n${yaml}`).diagnostics.filter((d) => d.rule === 'compose/invalid-value');
    expect(named('scale: 2').map((d) => d.origin?.path)).toEqual(['services.a.scale']);
    expect(named('deploy: {replicas: 3}').map((d) => d.origin?.path)).toEqual(['services.a.deploy.replicas']);
    expect(named('deploy: {replicas: 3}')[0]?.message).toContain('container name must be unique');
    expect(named('scale: 1\ndeploy: {replicas: 1}')).toEqual([]);
    expect(named('deploy: {replicas: 0}')).toEqual([]);
    expectNotReported(svc('deploy: {replicas: 3}').diagnostics, 'compose/invalid-value');
  });

  it('update_config failure_action rollback is the circuit breaker; pause and continue have no counterpart', () => {
    const rollback = svc('deploy: {update_config: {failure_action: rollback}}').diagnostics.filter((d) => d.origin?.path === 'services.a.deploy.update_config.failure_action');
    expect(rollback.map((d) => d.rule)).toEqual(['compose/approximated']);
    expect(rollback[0]?.message).toContain('becomes the ECS deployment circuit breaker');
    const pause = svc('deploy: {update_config: {failure_action: pause}}').diagnostics.find((d) => d.origin?.path === 'services.a.deploy.update_config.failure_action');
    expect(pause?.message).toContain('failure_action has no ECS counterpart');
  });

  it('update_config order and parallelism become deployment percentages', () => {
    expect(svc('deploy: {replicas: 4, update_config: {parallelism: 2, order: start-first}}').s.deployment).toMatchObject({ minimumHealthyPercent: 100, maximumPercent: 150 });
    expect(svc('deploy: {replicas: 4, update_config: {parallelism: 1}}').s.deployment).toMatchObject({ minimumHealthyPercent: 75, maximumPercent: 100 });
    const explicit = svc('deploy: {update_config: {x-aws-min_percent: 50, x-aws-max_percent: 200, delay: 10s}}');
    expect(explicit.s.deployment).toMatchObject({ minimumHealthyPercent: 50, maximumPercent: 200 });
    expectReported(explicit.diagnostics, [
      ['compose/x-aws-setting', 'services.a.deploy.update_config.x-aws-min_percent'],
      ['compose/approximated', 'services.a.deploy.update_config.delay'],
    ]);
    expect(svc('deploy: {update_config: {delay: 10s}}').s.deployment).toBeUndefined();
  });

  it('restart values other than always/unless-stopped are reported', () => {
    expectReported(svc('restart: "no"').diagnostics, [['compose/restart-policy', 'services.a.restart']]);
    expectReported(svc('restart: on-failure:3').diagnostics, [['compose/restart-policy', 'services.a.restart']]);
    expectNotReported(svc('restart: unless-stopped').diagnostics, 'compose/restart-policy');
    expectReported(svc('deploy: {restart_policy: {condition: on-failure, max_attempts: 3}}').diagnostics, [['compose/restart-policy', 'services.a.deploy.restart_policy']]);
    expectNotReported(svc('deploy: {restart_policy: {condition: any}}').diagnostics, 'compose/restart-policy');
  });

  const swarm: [string, string, string][] = [
    ['deploy: {mode: global}', 'compose/approximated', 'services.a.deploy.mode'],
    ['deploy: {mode: replicated-job}', 'compose/unsupported-key', 'services.a.deploy.mode'],
    ['deploy: {mode: sometimes}', 'compose/invalid-value', 'services.a.deploy.mode'],
    ['deploy: {endpoint_mode: dnsrr}', 'compose/unsupported-key', 'services.a.deploy.endpoint_mode'],
    ['deploy: {labels: {a: b}}', 'compose/unsupported-key', 'services.a.deploy.labels'],
    ['deploy: {placement: {constraints: [node.role==manager]}}', 'compose/unsupported-key', 'services.a.deploy.placement'],
    ['deploy: {rollback_config: {parallelism: 1}}', 'compose/unsupported-key', 'services.a.deploy.rollback_config'],
    ['deploy: {colour: blue}', 'compose/invalid-value', 'services.a.deploy.colour'],
    ['deploy: {update_config: {order: sideways}}', 'compose/invalid-value', 'services.a.deploy.update_config.order'],
    ['deploy: {update_config: {x-aws-foo: 1}}', 'compose/x-aws-unsupported', 'services.a.deploy.update_config.x-aws-foo'],
    ['deploy: [1]', 'compose/invalid-value', 'services.a.deploy'],
  ];
  for (const [yaml, rule, path] of swarm) {
    it(`${yaml} → ${rule}`, () => expectReported(svc(yaml).diagnostics, [[rule, path]]));
  }
});
