import { defineRules } from './define.js';

/** Rules of the ports pass (src/passes/ports.ts): published ports → load balancers and discovery. */
export const portRules = defineRules({
  'ports/too-many-target-groups': {
    severity: 'error',
    title: 'More than 5 load-balanced ports on one service',
    doc: `What: one ECS service would be reached through the load balancer on more than five
container ports, each a target group (a port range such as FTP's passive ports makes one per
port).
Why: ECS attaches at most 5 target groups to a service, a limit AWS does not raise; creating the
service fails.
Fix: publish at most five ports; keep the others private (other services still reach them by
name through Service Connect), or give some ports a service of their own. A range of ports does
not suit a load balancer at all.`,
  },
  'ports/load-balancer-limit': {
    severity: 'warning',
    title: 'Load balancer over its listener or target-group quota',
    doc: `What: the application's load balancer needs more than 50 listeners (one per published
port), or, for an Application Load Balancer, forwards to more than 100 target groups.
Why: 50 listeners is the default quota of an Application or a Network Load Balancer (AWS can
raise it on request); 100 target groups per Application Load Balancer cannot be raised. The stack
fails to create beyond them.
Fix: deploy the services as several stacks (convert groups of them separately, excluding the
others with --exclude), publish fewer ports, or ask AWS for a higher listener quota first.`,
  },
  'ports/route-conflict': {
    severity: 'error',
    title: 'Two services claim the same listener and route',
    doc: `What: two services would receive the same traffic: they publish the same port, or ask for
the same host/path on the same load-balancer listener.
Why: a listener forwards a request to exactly one target group; one of the services would never
receive traffic. (Docker Compose would refuse to start the second service too: the host port is
taken.)
Fix: give one of them its own host or path (\`x-ecsify: {route: {paths: ["/api/*"]}}\` on the
service, or an EB \`aws:elbv2:listenerrule\`), or publish it on another port.`,
  },
  'ports/certificate-parameter': {
    severity: 'info',
    title: 'HTTPS listener takes its certificate as a parameter',
    doc: `What: a service publishes port 443 (or an HTTPS listener is configured) and no certificate
ARN is given, so the CloudFormation template asks for one (a parameter).
Why: an HTTPS listener needs exactly one certificate; ecsify cannot create or guess it.
Fix: request or import a certificate in AWS Certificate Manager and pass its ARN when deploying,
or give it in the input (\`x-ecsify: {load-balancer: {certificate-arn: arn:…}}\`, EB
\`SSLCertificateArns\`).`,
  },
  'ports/no-redirect': {
    severity: 'warning',
    title: 'Port 80 stays plain HTTP',
    doc: `What: one service is published on port 80 and another on HTTPS port 443, both with the same
host and path condition (often none). ecsify would normally redirect port 80 to HTTPS and serve its
routes on 443, but here they would collide with the other service's, so port 80 keeps forwarding
plain HTTP to its service.
Why: Compose published the two services on different ports; merging them would leave one of them
unreachable.
Fix: give the services distinct hosts or paths (\`x-ecsify: {route: {hosts: [shop.example.com]}}\`) so
both can be served on 443, or accept plain HTTP for the port 80 service.`,
  },
  'ports/http-redirect': {
    severity: 'info',
    title: 'Port 80 redirects to HTTPS',
    doc: `What: the load balancer has an HTTPS listener on 443, so its port 80 listener answers with a
permanent redirect to HTTPS, and the routes that were on port 80 are served on 443.
Why: serving the same app over plain HTTP and HTTPS exposes sessions and credentials; the redirect
is what every HTTPS site does.
Fix: nothing to do.`,
  },
  'ports/public-tcp': {
    severity: 'info',
    title: 'Non-HTTP port published through a network load balancer',
    doc: `What: a service publishes a TCP or UDP port that is not HTTP (DNS, SMTP, MQTT, a game
server, …). It gets a listener on an internet-facing network load balancer.
Why: application load balancers only carry HTTP(S); network load balancers pass TCP/UDP through.
Fix: nothing to do if the port must be reachable from the internet. If it is only for other
services, use \`expose\` instead of \`ports\`.`,
  },
  'ports/kept-internal': {
    severity: 'warning',
    title: 'Published data-store port kept private',
    doc: `What: a service publishes the port of a database, cache or broker (5432, 3306, 6379, 27017,
9200, 5672, …). ecsify does not put it on a load balancer: other services of the app still reach
it by name, but it is not reachable from the internet.
Why: Compose files publish these ports so developers can connect from their machine; on AWS the
same line would expose the data store to the internet.
Fix: nothing to do. To reach it from outside, use a bastion, AWS Systems Manager port forwarding
or ECS Exec.`,
  },
  'ports/no-load-balancer': {
    severity: 'warning',
    title: 'Published ports without a load balancer',
    doc: `What: the load balancer is turned off (\`x-ecsify: {load-balancer: {type: none}}\`, an EB
single-instance environment) but a service publishes ports.
Why: without a load balancer nothing outside the VPC reaches the service.
Fix: remove the setting to get a load balancer, or reach the service another way.`,
  },
  'ports/web-without-port': {
    severity: 'warning',
    title: 'Web service with no port',
    doc: `What: a service is marked as the web service (e.g. the \`web\` process of a Procfile) but
ecsify found no port it listens on.
Why: without a container port the load balancer has nothing to forward to.
Fix: publish the port the app listens on (\`ports: ["80:3000"]\`), or set \`PORT\`.`,
  },
  'ports/unknown-route-target': {
    severity: 'error',
    title: 'Route names a container that does not exist',
    doc: `What: a routing setting (EB process, \`x-ecsify.route\`) names a container that is not in the
service's task.
Why: the target group would have nothing to register.
Fix: correct the container name.`,
  },
  'ports/listener-disabled': {
    severity: 'warning',
    title: 'Route to a disabled listener',
    doc: `What: a route asks for a listener port that the load-balancer settings disable
(\`ListenerEnabled: false\`).
Why: the route cannot receive traffic; ecsify leaves it out.
Fix: enable the listener or route through another one.`,
  },
  'ports/duplicate-container-port': {
    severity: 'error',
    title: 'Two containers of one task use the same port',
    doc: `What: two containers of the same task declare the same container port and protocol.
Why: in the awsvpc network mode the containers of a task share one network interface, so only one
of them can listen on a port; ECS rejects such a task definition.
Fix: make one of the containers listen on another port.`,
  },
  'ports/discovery-name': {
    severity: 'info',
    title: 'Service discovery name differs from the service name',
    doc: `What: a service name is not a valid Service Connect name (lower-case letters, digits, \`_\`,
\`-\`, at most 64 characters, not starting with \`-\`), so ecsify uses a cleaned-up name.
Why: other services find this one through Service Connect by that name.
Fix: where other services call it by its old name, the client alias still resolves; rename the
service to silence this message.`,
  },
  'ports/inferred': {
    severity: 'info',
    title: 'Port of a called service inferred',
    doc: `What: a service that other services call declares no port (no Compose \`ports\` or
\`expose\`, no Dockerrun \`containerPort\`). ecsify maps the port the callers use: the one in
their URLs (\`redis://redis:6379/0\`, \`api:8080\`) or implied by a URL's scheme
(\`postgres://db/app\` → 5432), else the default port of a known data store image (\`redis\` →
6379).
Why: Compose opens every port between services of a project; ECS only declared ones. Service
Connect publishes a service under its port mappings, and its security group opens those ports
to its callers: without one the name does not resolve and connections are refused.
Fix: declare the port in the input (\`expose: ["6379"]\`) so the conversion does not rest on a
guess.`,
  },
  'ports/unreachable': {
    severity: 'warning',
    title: 'Called service declares no port',
    doc: `What: a service that another service reaches by name (a variable such as \`API_HOST=api\`)
declares no port, and neither the callers' values nor its image tell which one it listens on.
Why: on ECS other services reach a service only on its declared ports: Service Connect publishes
only those, and its security group opens only those. The callers' connections will fail.
Fix: declare the port it listens on (Compose \`expose: ["8080"]\`), or write it in the URL the
callers use.`,
  },
});
