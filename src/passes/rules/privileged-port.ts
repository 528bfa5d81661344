/**
 * Lint: a container that runs as a non-root user and listens on a port below 1024. Docker lets
 * it bind (it lowers `net.ipv4.ip_unprivileged_port_start` in every container); ECS tasks keep
 * the kernel default, so the bind fails there.
 */
import type { Container, Service } from '../../ir/types.js';
import type { Pass } from '../pass.js';

function isRoot(user: string): boolean {
  const name = user.split(':')[0]?.trim() ?? '';
  return name === 'root' || name === '0';
}

/** The first port that unprivileged users may bind, as set on the container (default 1024). */
function unprivilegedStart(c: Container): number {
  const sc = c.systemControls.find((s) => s.namespace === 'net.ipv4.ip_unprivileged_port_start');
  const v = sc ? Number(sc.value) : NaN;
  return Number.isFinite(v) ? v : 1024;
}

export const privilegedPort: Pass = {
  name: 'privileged-port',
  run(app, ctx) {
    // Indexed loops: in the interpreter, where the lint rules run, `for…of` allocates per item.
    for (let i = 0; i < app.services.length; i++) {
      const s = app.services[i] as Service;
      for (let j = 0; j < s.task.containers.length; j++) {
        const c = s.task.containers[j] as Container;
        if (c.user === undefined || isRoot(c.user)) continue;
        if ((c.linux?.capabilities?.add ?? []).some((cap) => /^(CAP_)?NET_BIND_SERVICE$/i.test(cap))) continue;
        const start = unprivilegedStart(c);
        const low = [...new Set(c.ports.filter((p) => p.containerPort < start).map((p) => p.containerPort))].sort((a, b) => a - b);
        if (low.length === 0) continue;
        ctx.reporter.report('container/privileged-port', `Container ${c.name} runs as user ${c.user} and listens on port ${low.join(', ')}, which only root may bind on ECS.`, {
          origin: c.ports.find((p) => p.containerPort === low[0])?.origin ?? c.origin,
          hint: 'Listen on a port of 1024 or above (the load balancer can still use 80/443), or set sysctls: net.ipv4.ip_unprivileged_port_start=0.',
        });
      }
    }
    return app;
  },
};
