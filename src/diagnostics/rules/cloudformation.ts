import { defineRules } from './define.js';

/** Rules of the CloudFormation emitter's checks (src/emitters/cloudformation/check.ts). */
export const cloudformationRules = defineRules({
  'cloudformation/resource-limit': {
    severity: 'warning',
    title: 'Template has more resources than a stack may hold',
    doc: `What: the generated template declares more than 500 resources, the most one CloudFormation
stack accepts. Each service brings about eight (service, task definition, task role, security
group and its rules, target group, scaling).
Why: CloudFormation rejects the template when the stack is created.
Fix: deploy the application as several stacks: convert groups of services separately and leave
the others out with --exclude (their endpoints become parameters), or split the Compose file.`,
  },
  'cloudformation/parameter-limit': {
    severity: 'warning',
    title: 'Template has more parameters than CloudFormation allows',
    doc: `What: the template needs more than 200 parameters (one image per built container, one
endpoint per service left out, plus the network parameters), even with desired counts fixed.
Why: CloudFormation rejects templates with more than 200 parameters.
Fix: give containers fixed image references instead of build sections, or split the application
into several stacks.`,
  },
  'cloudformation/fixed-desired-counts': {
    severity: 'info',
    title: 'Desired counts are fixed values, not parameters',
    doc: `What: with a parameter per service the template would pass CloudFormation's limit of 200
parameters, so each service's desired count is written as a number.
Why: the template must stay deployable; the Running switch still stops and starts everything.
Fix: nothing to do; change the counts in the input, or in the template before deploying.`,
  },
  'cloudformation/fixed-images': {
    severity: 'info',
    title: "The app's own images are fixed references, not parameters",
    doc: `What: images of the app's own registry (a private ECR repository, or pulled with registry
credentials) are normally stack parameters, so CI can deploy a new version with
\`--parameter-overrides\`. Here a parameter per image would pass CloudFormation's limit of 200
parameters, so each is written as the input's reference.
Why: the template must stay deployable; built images must be parameters and come first.
Fix: change the image tags in the input and convert again, or split the application into
several stacks (convert groups of services with --exclude).`,
  },
  'cloudformation/output-limit': {
    severity: 'info',
    title: 'Service name outputs left out',
    doc: `What: an output per service would pass CloudFormation's limit of 200 outputs, so the
template does not list the service names as outputs.
Why: the template must stay deployable. The ECS service names are the input's service names.
Fix: nothing to do.`,
  },
  'cloudformation/template-too-large': {
    severity: 'warning',
    title: 'Template is larger than CloudFormation accepts',
    doc: `What: the serialised template is larger than 1 MB, the most CloudFormation accepts even
from S3.
Why: the stack cannot be created from it.
Fix: split the application into several stacks (convert groups of services separately).`,
  },
  'cloudformation/needs-s3-upload': {
    severity: 'info',
    title: 'Template must be uploaded through S3',
    doc: `What: the template is larger than 51,200 bytes, the most CloudFormation accepts inline.
Why: \`aws cloudformation deploy\` then needs a bucket to upload it to.
Fix: add \`--s3-bucket BUCKET\` to the deploy command.`,
  },
  'cloudformation/starts-stopped': {
    severity: 'info',
    title: 'Stack starts with its services stopped',
    doc: `What: something must happen between the first deploy and the start of the services, so the
template's Running parameter defaults to false and the first deploy creates everything but starts
no task. Either the application reads secrets that the stack cannot fill in (a Secrets Manager
secret it creates empty, or SSM SecureString parameters it expects), or it has one-off tasks that
ran before the app started on Elastic Beanstalk (leader-only commands, a Procfile \`release\`
entry, such as database migrations), which run on the task definitions the stack registers.
Why: tasks whose secrets have no value fail to start, and ECS would retry and roll the deployment
back; an app started before its migrations ran may fail or corrupt data.
Fix: deploy, store the values and run each job with the command of its stack output (the
\`Job…Command\` outputs), then update the stack with Running=true. \`sh
cloudformation/release.sh <stack> --start\` runs the jobs, waits for each and checks that it
exited with 0, then sets Running=true.`,
  },
  'cloudformation/log-retention-rounded': {
    severity: 'info',
    title: 'Log retention rounded up',
    doc: `What: the input asks for a log retention CloudWatch Logs does not offer; the log group keeps
logs for the next longer period it does (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400,
545, 731, 1096, 1827, 2192, 2557, 2922, 3288 or 3653 days).
Why: CloudFormation rejects other values.
Fix: write one of those values.`,
  },
  'cloudformation/schedule-utc': {
    severity: 'info',
    title: 'Stop/start schedule runs on UTC',
    doc: `What: a stop/start schedule (--schedule, x-ecsify.schedule, or an Elastic Beanstalk scheduled
action) names no time zone. Its scheduled actions get no Timezone, so Application Auto Scaling
reads their times as UTC: \`mon-fri 08:00-20:00\` starts at 08:00 UTC, which is 09:00 or 10:00
in Paris and 03:00 or 04:00 in New York.
Why: services would start and stop hours away from the working day the schedule describes, and
the offset changes with daylight saving time.
Fix: nothing to do if UTC is meant; otherwise add an IANA time zone to the schedule, e.g.
\`mon-fri 08:00-20:00 Europe/Paris\` (or \`timezone:\` in a YAML schedule entry).`,
  },
  'cloudformation/existing-file-system': {
    severity: 'warning',
    title: 'Existing EFS file system must be reachable',
    doc: `What: a volume is an existing EFS file system (an external volume). The stack creates an access
point on it and mounts it with IAM authorisation, but it does not create its mount targets or
change its security groups.
Why: without a mount target in each task subnet's Availability Zone that accepts NFS (TCP 2049)
from the services' security groups, the tasks fail to start.
Fix: add mount targets in the task subnets and allow NFS from the security groups of the
services listed in the message (the stack's outputs and the console show them).`,
  },
  'cloudformation/existing-task-role': {
    severity: 'warning',
    title: 'Existing task role needs permissions the stack cannot add',
    doc: `What: a service runs with an existing IAM role (x-aws-role as an ARN, an EB instance
profile), and it mounts an EFS volume or has ECS Exec enabled.
Why: the stack adds those permissions only to roles it creates. Without
\`elasticfilesystem:ClientMount\` (and \`ClientWrite\`) the volume does not mount; without the
\`ssmmessages\` channel actions \`aws ecs execute-command\` fails.
Fix: add the permissions named in the message to the role, or let ecsify create the role.`,
  },
  'cloudformation/requests-scaling-skipped': {
    severity: 'warning',
    title: 'Request-count scaling left out',
    doc: `What: a service should scale on requests per target, but it is not behind an application
load balancer the stack creates.
Why: the ALBRequestCountPerTarget metric needs the load balancer and target group of the stack.
Fix: scale it on CPU or memory instead, or route it through the application load balancer.`,
  },
  'cloudformation/overlay-unknown-resource': {
    severity: 'warning',
    title: 'x-aws-cloudformation changes a resource the template does not have',
    doc: `What: the x-aws-cloudformation fragment sets properties of a resource name that ecsify does not
generate, and gives it no Type.
Why: the merged resource has no type, so CloudFormation rejects the template. ecsify's names
differ from those of Docker's ECS integration for some resources.
Fix: look up the logical id in the generated template and use it, or give the new resource a
Type.`,
  },
  'cloudformation/mixed-network-modes': {
    severity: 'warning',
    title: 'Security groups cannot connect a bridge-mode service to its callers',
    doc: `What: a service in bridge or host network mode is called by a service in awsvpc mode. The
bridge-mode tasks share the container instances' security group, which the stack does not open
to the awsvpc service.
Why: the calls are blocked by the security group.
Fix: use one network mode for the services that talk to each other, or add an ingress rule to
the instances' security group.`,
  },
  'cloudformation/existing-load-balancer-ignored': {
    severity: 'warning',
    title: 'Existing load balancer not used',
    doc: `What: the input names an existing load balancer (x-aws-loadbalancer), but the services need
more than one load balancer (application and network), so the stack creates its own.
Why: one existing load balancer cannot serve both HTTP and TCP/UDP listeners.
Fix: remove x-aws-loadbalancer, or publish only ports of one kind.`,
  },
});
