/**
 * The CloudFormation checks (src/emitters/cloudformation/check.ts): each rule in a table with an
 * application that raises it, plus an application that raises none.
 */
import { describe, expect, it } from 'vitest';
import { createReporter } from '../../../src/diagnostics/context.js';
import { checkCloudFormation } from '../../../src/emitters/cloudformation/check.js';
import type { Application } from '../../../src/ir/types.js';
import { ec2App, externalEfsApp, nlbApp, rolesApp, scheduleApp, workerOnlyApp } from './scenarios.js';
import { app, container, emit, service, VERSION, webApp } from './support.js';

const OPTIONS = { version: VERSION, inputLabel: 'compose.yaml', format: 'yaml' as const };

function run(a: Application) {
  const reporter = createReporter();
  checkCloudFormation(a, reporter, OPTIONS);
  return reporter.diagnostics;
}

/** `n` worker services, each with an image built from its own folder. */
function many(n: number): Application {
  const a = app('big');
  for (let i = 0; i < n; i++) a.services.push(service(a, `svc${i}`, [container('main', { kind: 'build', context: `./s${i}`, args: {} })]));
  return a;
}

const cases: { rule: string; build: () => Application; message: RegExp }[] = [
  { rule: 'cloudformation/resource-limit', build: () => many(130), message: /has 5\d\d resources; one stack holds at most 500/ },
  { rule: 'cloudformation/parameter-limit', build: () => many(205), message: /needs 20\d parameters; CloudFormation allows 200/ },
  { rule: 'cloudformation/fixed-desired-counts', build: () => many(120), message: /fixes the desired count of each of the 120 services/ },
  {
    rule: 'cloudformation/fixed-images',
    // 150 built images (required parameters) leave no room for 60 ECR images.
    build: () => {
      const a = many(150);
      for (let i = 0; i < 60; i++) a.services.push(service(a, `ecr${i}`, [container('main', `123456789012.dkr.ecr.eu-west-1.amazonaws.com/r${i}:1`)]));
      return a;
    },
    message: /^The template writes each of the 60 images of the app's own registry as a fixed reference instead of a parameter, to stay within 200 parameters\.$/,
  },
  { rule: 'cloudformation/output-limit', build: () => many(195), message: /does not list the 195 service names as outputs/ },
  { rule: 'cloudformation/template-too-large', build: () => many(420), message: /is \d+ bytes; CloudFormation accepts at most 1000000/ },
  { rule: 'cloudformation/needs-s3-upload', build: () => many(25), message: /more than the 51,200 CloudFormation accepts inline/ },
  { rule: 'cloudformation/starts-stopped', build: webApp, message: /starts with Running=false: the values of SECRET_KEY must be stored/ },
  {
    rule: 'cloudformation/starts-stopped',
    build: () => {
      const a = webApp();
      a.jobs = [{ name: 'migrate', service: 'web', container: 'web', command: ['rake', 'db:migrate'], beforeDeploy: true }];
      return a;
    },
    message: /^The stack starts with Running=false: the values of SECRET_KEY must be stored, and the one-off task `migrate` must run, before the services can start\.$/,
  },
  { rule: 'cloudformation/log-retention-rounded', build: ec2App, message: /Log retention of 45 days .* keeps logs for 60 days/ },
  { rule: 'cloudformation/existing-file-system', build: externalEfsApp, message: /Volume shared is an existing EFS file system; .* open it to files/ },
  {
    rule: 'cloudformation/existing-task-role',
    build: () => {
      const a = rolesApp();
      a.services[1]!.enableExecuteCommand = true;
      return a;
    },
    message: /Service worker uses the existing role arn:aws:iam::123456789012:role\/legacy-worker, which needs ssmmessages:CreateControlChannel/,
  },
  {
    rule: 'cloudformation/requests-scaling-skipped',
    build: () => {
      const a = workerOnlyApp();
      a.services[0]!.scaling = { min: 1, max: 3, targets: [{ metric: 'requests', value: 100 }] };
      return a;
    },
    message: /Service sweeper should scale on requests per target/,
  },
  {
    rule: 'cloudformation/mixed-network-modes',
    build: () => {
      const a = ec2App();
      a.services[0]!.task.networkMode = 'awsvpc';
      return a;
    },
    message: /Service web \(awsvpc\) calls cache \(bridge mode\)/,
  },
  {
    rule: 'cloudformation/existing-load-balancer-ignored',
    build: () => {
      const a = webApp();
      a.ingress.loadBalancers.push(...nlbApp().ingress.loadBalancers);
      a.ingress.targets.push(...nlbApp().ingress.targets.map((t) => ({ ...t, service: 'redis', container: 'redis' })));
      a.settings.loadBalancer = { existingArn: 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/x/1', listeners: [] };
      return a;
    },
    message: /The services need both an application and a network load balancer/,
  },
  {
    rule: 'cloudformation/schedule-utc',
    build: () => {
      const a = webApp();
      a.settings.schedule = [
        { name: 'start', schedule: 'cron(0 8 ? * MON-FRI *)', action: 'start' },
        { name: 'stop', schedule: 'cron(0 20 ? * MON-FRI *)', action: 'stop' },
      ];
      return a;
    },
    message: /^The stop\/start schedule names no time zone, so it runs on UTC: start cron\(0 8 \? \* MON-FRI \*\) and stop cron\(0 20 \? \* MON-FRI \*\)\.$/,
  },
  {
    rule: 'cloudformation/overlay-unknown-resource',
    build: () => {
      const a = webApp();
      a.settings.cloudformationOverlay = { Resources: { WebTCP80TargetGroup: { Properties: { Port: 80 } }, WebService: { Properties: { PlatformVersion: 'LATEST' } } } };
      return a;
    },
    message: /changes resource WebTCP80TargetGroup, which the template does not have/,
  },
];

describe('CloudFormation checks', () => {
  for (const c of cases) {
    it(`raises ${c.rule}`, () => {
      const found = run(c.build()).filter((d) => d.rule === c.rule);
      expect(found.map((d) => d.message)).toContainEqual(expect.stringMatching(c.message));
    });
  }

  it('raises nothing for a stack that needs no attention', () => {
    const a = webApp();
    a.secrets = [];
    for (const s of a.services) for (const c of s.task.containers) c.environment = c.environment.filter((e) => !('secret' in e));
    expect(run(a)).toEqual([]);
  });

  it('says a schedule runs on UTC only where an action with a clock time has no time zone', () => {
    const a = scheduleApp();
    a.services[1]!.scaling!.schedule = [{ name: 'tick', schedule: 'rate(1 day)', action: 'set', min: 1 }];
    const origin = { file: 'compose.yaml', line: 9, column: 7, path: 'services.web.x-ecsify.schedule' };
    a.services[0]!.scaling!.schedule![0]!.origin = origin;
    const found = run(a).filter((d) => d.rule === 'cloudformation/schedule-utc');
    // The app schedule names Europe/Berlin and the worker's is a rate: only web's date is UTC.
    expect(found.map((d) => d.message)).toEqual(['The schedule of service web names no time zone, so it runs on UTC: set at(2030-11-28T06:00:00).']);
    expect(found[0]!.origin).toEqual(origin);
    expect(found[0]!.severity).toBe('info');
  });

  it('points at the input where it can', () => {
    const a = externalEfsApp();
    a.volumes[0]!.origin = { file: 'compose.yaml', line: 12, column: 3, path: 'volumes.shared' };
    const d = run(a).find((x) => x.rule === 'cloudformation/existing-file-system');
    expect(d?.origin).toEqual(a.volumes[0]!.origin);
  });

  it('keeps big templates within the limits it can control, and otherwise valid', () => {
    const e = emit(many(195), 'many-services', 'yaml', false);
    // 195 services cannot fit in 500 resources (checkCloudFormation says so); the rest is valid.
    expect(e.problems.map((p) => p.message)).toEqual([expect.stringMatching(/entries; the limit is 500/)]);
    expect(Object.keys(e.template['Parameters'] as object).length).toBeLessThanOrEqual(200);
    expect(Object.keys(e.template['Outputs'] as object).length).toBeLessThanOrEqual(200);
  });
});
