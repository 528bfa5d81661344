/**
 * Hand-built IR for the CloudFormation emitter's unit tests (no parser involved), and helpers
 * that emit, parse back and validate a template and keep a copy for cfn-lint.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { newApplication, newContainer, newService, newSettings } from '../../../src/ir/create.js';
import type { Application, Container, LaunchType, Service } from '../../../src/ir/types.js';
import { renderedTemplate } from '../../../src/emitters/cloudformation/emit.js';
import { parseTemplate } from '../../support/cfn-spec/parse.js';
import { validateTemplate, type Problem } from '../../support/cfn-spec/validate.js';
import { REPO_ROOT } from '../../support/paths.js';

export const VERSION = '0.0.0-test';

/** Where every template the tests emit is written, for `cfn-lint` in CI. */
export const CFN_OUT = path.join(REPO_ROOT, 'out/cfn-templates');

export function container(name: string, image: string | Container['image'], extra: Partial<Container> = {}): Container {
  const c = newContainer(name, typeof image === 'string' ? { kind: 'ref', ref: image } : image);
  return { ...c, ...extra };
}

export function service(app: Application, name: string, containers: Container[], extra: Partial<Service> = {}): Service {
  const s = newService(app.name, name, containers, app.settings.launchType);
  if (app.settings.launchType === 'fargate') {
    s.task.cpu = 256;
    s.task.memory = 512;
  }
  return { ...s, ...extra, task: { ...s.task, ...(extra.task ?? {}) } };
}

export function app(name = 'shop', launchType: LaunchType = 'fargate'): Application {
  return newApplication(name, { kind: 'compose', files: ['compose.yaml'] }, newSettings(launchType));
}

/**
 * web (behind an ALB on 80, health check /healthz) + worker (calls redis) + redis (backend,
 * named port) + an excluded database whose endpoint the web and worker get.
 */
export function webApp(): Application {
  const a = app('shop');
  const web = service(
    a,
    'web',
    [
      container('web', { kind: 'build', context: '.', args: {} }, {
        ports: [{ containerPort: 8000, protocol: 'tcp', public: true, published: 80, name: 'web-8000', appProtocol: 'http' }],
        environment: [
          { name: 'LOG_LEVEL', value: 'info' },
          { name: 'DATABASE_URL', template: 'postgres://app@${DbEndpoint}:5432/app', parameters: ['DbEndpoint'] },
          { name: 'SECRET_KEY', secret: { secret: 'SECRET_KEY' } },
        ],
      }),
    ],
    { role: 'web', calls: ['redis'], desiredCount: 2 },
  );
  const worker = service(
    a,
    'worker',
    [
      container('worker', { kind: 'build', context: '.', args: {} }, {
        command: ['celery', 'worker'],
        environment: [
          { name: 'DATABASE_URL', template: 'postgres://app@${DbEndpoint}:5432/app', parameters: ['DbEndpoint'] },
          { name: 'SECRET_KEY', secret: { secret: 'SECRET_KEY' } },
        ],
      }),
    ],
    { calls: ['redis'] },
  );
  const redis = service(a, 'redis', [container('redis', 'redis:7.2-alpine', { ports: [{ containerPort: 6379, protocol: 'tcp', public: false, name: 'redis-6379' }] })], {
    role: 'backend',
  });
  a.services = [web, worker, redis];
  a.secrets = [{ name: 'SECRET_KEY', reason: 'name' }];
  a.excluded = [{ name: 'db', parameter: 'DbEndpoint', image: 'postgres:16', alternative: 'Amazon RDS for PostgreSQL' }];
  a.ingress = {
    loadBalancers: [
      {
        id: 'alb',
        type: 'application',
        scheme: 'internet-facing',
        listeners: [{ port: 80, protocol: 'HTTP', defaultAction: { kind: 'forward', target: 'web-8000' }, rules: [] }],
      },
    ],
    targets: [
      {
        id: 'web-8000',
        service: 'web',
        container: 'web',
        containerPort: 8000,
        protocol: 'HTTP',
        healthCheck: { path: '/healthz', intervalSeconds: 30, timeoutSeconds: 5, healthyThreshold: 2, unhealthyThreshold: 3, matcher: '200-399' },
      },
    ],
  };
  return a;
}

export interface Emitted {
  text: string;
  template: Record<string, unknown>;
  problems: Problem[];
}

/**
 * Emits, keeps a copy for cfn-lint under out/cfn-templates/<name> (unless `lint` is false, for
 * templates meant to break a limit), parses back and validates.
 */
export function emit(a: Application, name: string, format: 'yaml' | 'json' = 'yaml', lint = true): Emitted {
  // The template file as the emitter writes it (emitCloudFormation adds the release script).
  const text = renderedTemplate(a, { version: VERSION, inputLabel: 'compose.yaml', format }).file.contents;
  if (lint) saveForLint(name, text, format);
  const template = parseTemplate(text, format);
  return { text, template, problems: validateTemplate(template, text) };
}

export function saveForLint(name: string, text: string, format: 'yaml' | 'json'): void {
  mkdirSync(CFN_OUT, { recursive: true });
  writeFileSync(path.join(CFN_OUT, `${name.replace(/[^A-Za-z0-9_.-]+/g, '_')}.${format}`), text);
}

/** The resources of a parsed template. */
export function resources(t: Record<string, unknown>): Record<string, { Type: string; Properties?: Record<string, unknown>; [k: string]: unknown }> {
  return t['Resources'] as Record<string, { Type: string; Properties?: Record<string, unknown> }>;
}

export function props(t: Record<string, unknown>, id: string): Record<string, unknown> {
  const r = resources(t)[id];
  if (!r) throw new Error(`no resource ${id}; have ${Object.keys(resources(t)).join(', ')}`);
  return r.Properties ?? {};
}
