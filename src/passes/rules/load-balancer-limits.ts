/**
 * Lint: load-balancer quotas the ports pass can exceed. ECS attaches at most 5 target groups to
 * one service (CreateService refuses more: not adjustable). An Application or Network Load
 * Balancer takes 50 listeners by default (adjustable), and an Application Load Balancer 100 target
 * groups (not adjustable). Sources: ECS guide "Registering multiple target groups with a
 * service"; ELB "Quotas for your Application Load Balancers" and "… Network Load Balancers".
 */
import type { Service, Target } from '../../ir/types.js';
import { andList } from '../../util/and-list.js';
import type { Pass } from '../pass.js';

export const TARGET_GROUPS_PER_SERVICE = 5;
export const LISTENERS_PER_LOAD_BALANCER = 50;
export const TARGET_GROUPS_PER_ALB = 100;

const KIND = { application: 'Application Load Balancer', network: 'Network Load Balancer' } as const;
const SPLIT = 'Deploy the services as several stacks (convert groups of them separately, excluding the others with --exclude)';

export const loadBalancerLimits: Pass = {
  name: 'load-balancer-limits',
  run(app, ctx) {
    const { loadBalancers, targets } = app.ingress;
    if (targets.length === 0) return app;
    const byService = new Map<string, Target[]>();
    for (const t of targets) {
      let list = byService.get(t.service);
      if (!list) byService.set(t.service, (list = []));
      list.push(t);
    }
    for (let i = 0; i < app.services.length; i++) {
      const s = app.services[i] as Service;
      const own = byService.get(s.name) ?? [];
      if (own.length <= TARGET_GROUPS_PER_SERVICE) continue;
      ctx.reporter.report(
        'ports/too-many-target-groups',
        `Service ${s.name} is reached through the load balancer on ${own.length} container ports (${andList(own.map((t) => String(t.containerPort)), 6)}); ECS attaches at most ${TARGET_GROUPS_PER_SERVICE} target groups to one service.`,
        {
          origin: own[TARGET_GROUPS_PER_SERVICE]?.origin ?? s.origin,
          hint: 'Publish at most five ports: keep the others private (other services still reach them by name), or give some ports a service of their own. A port range (FTP passive ports, RTP) does not fit a load balancer.',
        },
      );
    }
    for (const lb of loadBalancers) {
      if (lb.listeners.length > LISTENERS_PER_LOAD_BALANCER) {
        ctx.reporter.report('ports/load-balancer-limit', `The ${KIND[lb.type]} has ${lb.listeners.length} listeners; one takes ${LISTENERS_PER_LOAD_BALANCER} unless AWS raises the quota.`, {
          hint: `${SPLIT}, publish fewer ports, or ask AWS for a higher listener quota before deploying.`,
        });
      }
      if (lb.type !== 'application') continue;
      const groups = new Set<string>();
      for (const l of lb.listeners) {
        if (l.defaultAction.kind === 'forward') groups.add(l.defaultAction.target);
        for (const r of l.rules) if (r.action.kind === 'forward') groups.add(r.action.target);
      }
      if (groups.size > TARGET_GROUPS_PER_ALB) {
        ctx.reporter.report('ports/load-balancer-limit', `The ${KIND[lb.type]} forwards to ${groups.size} target groups; one takes at most ${TARGET_GROUPS_PER_ALB}, a quota AWS does not raise.`, {
          hint: `${SPLIT}, or publish fewer ports.`,
        });
      }
    }
    return app;
  },
};
