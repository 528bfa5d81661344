import { defineRules } from './define.js';

/** Rules about container and load-balancer health checks (health-checks and ports passes). */
export const healthRules = defineRules({
  'health/out-of-range': {
    severity: 'warning',
    title: 'Health-check value outside the ECS range',
    doc: `What: a container health check's interval, timeout, retries or start period is outside what
ECS accepts: interval 5–300 s, timeout 2–60 s, retries 1–10, start period 0–300 s. ecsify moves
the value to the nearest end of the range. An absent value takes the ECS default (interval 30,
timeout 5, retries 3), which may differ from Docker's (timeout 30).
Why: ECS rejects a task definition with values out of range.
Fix: set a value in range in the input.`,
  },
  'health/target-out-of-range': {
    severity: 'warning',
    title: 'Load-balancer health-check value outside the ELB range',
    doc: `What: a target group health-check setting is outside what Elastic Load Balancing accepts:
interval 5–300 s, timeout 2–120 s and shorter than the interval, healthy and unhealthy thresholds
2–10, success codes 200–499. ecsify moves the value into range.
Why: CloudFormation fails to create a target group with values out of range.
Fix: set a value in range (EB process settings, the Compose health check it was derived from).`,
  },
  'health/default-target-check': {
    severity: 'warning',
    title: 'Web service with no HTTP health check',
    doc: `What: a service behind the load balancer has no health check ecsify can turn into a target
group check: no EB process health-check settings, and no Compose health check that calls
\`curl\` or \`wget\` on \`http://localhost:PORT/PATH\`. Its target group checks \`GET /\` on the
traffic port, every 30 s with a 5 s timeout, healthy after 3 and unhealthy after 3 checks, and
accepts codes 200–399. ECS waits 60 s after a task starts before acting on failed checks.
Why: if \`/\` is slow, needs a login, or returns an error, the load balancer will mark every task
unhealthy and ECS will keep replacing them.
Fix: add a health check to the service that calls a cheap endpoint, e.g.
\`healthcheck: {test: ["CMD", "curl", "-f", "http://localhost:3000/health"]}\`, or set the load
balancer's check alone with \`x-ecsify: {health-check: …}\` on the service.`,
  },
  'health/udp-target': {
    severity: 'warning',
    title: 'UDP target checked over TCP',
    doc: `What: a UDP port is published through the network load balancer. Load balancers cannot
check UDP, so the target group checks TCP on the same port.
Why: if the container does not also listen on TCP there, every target is unhealthy.
Fix: make the container answer on TCP on that port (many DNS servers do), or adjust the target
group's health-check port after deploying.`,
  },
});
