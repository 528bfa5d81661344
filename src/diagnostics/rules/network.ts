import { defineRules } from './define.js';

/** Rules about the network: the awsvpc mode (launch-type pass, Fargate and EC2 when chosen), and network ids. */
export const networkRules = defineRules({
  'network/invalid-id': {
    severity: 'warning',
    title: 'VPC or subnet id that cannot exist',
    doc: `What: the network settings (\`x-aws-vpc\`, \`x-ecsify.network\`, EB's \`aws:ec2:vpc\` options)
name a VPC or subnet id that is not \`vpc-\` or \`subnet-\` followed by 8 or 17 hexadecimal
digits, such as the \`vpc-123456\` of an example.
Why: the ids become the defaults of the stack's VPC and subnet parameters, whose types make
CloudFormation look them up in the account: creating the stack fails.
Fix: write the ids of your VPC and subnets, or leave them out and choose them when you deploy.`,
  },
  'awsvpc/links': {
    severity: 'warning',
    title: 'Links in awsvpc mode',
    doc: `What: a container uses Docker links (Compose \`links\`, Dockerrun \`links\`).
Why: links exist only in the bridge network mode. In awsvpc mode (always on Fargate) containers of
one task reach each other on \`localhost:<port>\`, and other services are reached by their name
through Service Connect, so ecsify drops the links.
Fix: where the app connects to a linked container of the same task by its name or alias, use
\`localhost\` instead. Names of other services keep working.`,
  },
  'awsvpc/hostname': {
    severity: 'warning',
    title: 'Container hostname in awsvpc mode',
    doc: `What: a container sets its hostname (Compose \`hostname\`).
Why: in awsvpc mode the task's network interface decides the hostname; ECS rejects \`hostname\`.
ecsify drops it. Other services reach this one by its service name (Service Connect).
Fix: nothing, unless the app reads its own hostname (then pass the value in an environment
variable).`,
  },
  'awsvpc/extra-hosts': {
    severity: 'warning',
    title: '/etc/hosts entries in awsvpc mode',
    doc: `What: a container adds /etc/hosts entries (Compose \`extra_hosts\`).
Why: ECS rejects \`extraHosts\` in awsvpc mode. ecsify drops them. \`host.docker.internal\` /
\`host-gateway\` entries have no meaning on ECS.
Fix: use DNS names (Route 53 private zones, Service Connect names) instead of fixed entries.`,
  },
});
