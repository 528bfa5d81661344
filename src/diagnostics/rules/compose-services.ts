import { defineRules } from './define.js';

/**
 * Rules of the Compose → IR mapping (src/parsers/compose/to-ir.ts and the service-*.ts files),
 * and of the schedule spec parser (src/ir/schedule.ts) that `--schedule` and `x-ecsify.schedule`
 * share. Launch-type rules (Fargate rejects privileged, host networking…) belong to the passes.
 */
export const composeServiceRules = defineRules({
  'compose/approximated': {
    severity: 'info',
    title: 'Compose setting converted approximately',
    doc: `What: a Compose setting has an ECS counterpart that behaves a little differently, and
ecsify converted it to the closest one (the message says which and how), e.g. a host port range
becomes one port, \`cpu_shares\` becomes container CPU units, an anonymous volume becomes task
scratch space, a tmpfs without a size gets a default size.
Why: nothing is silently changed; you should know where the ECS service will not behave exactly
like \`docker compose up\`.
Fix: usually nothing. If the difference matters, change the Compose file (see the hint) or edit
the generated files.`,
  },
  'compose/bind-mount': {
    severity: 'warning',
    title: 'Bind mount of a host path on EC2',
    doc: `What: on the EC2 launch type, a service mounts an absolute path of the host
(\`/var/log:/logs\`, \`/var/run/docker.sock:/var/run/docker.sock\`).
Why: on ECS the host is whichever EC2 instance runs the task, not the machine that ran Compose;
the path must exist on every instance of the cluster. (Paths of the project folder, and every host
path on Fargate, cannot be mounted at all: the launch-type checks drop them and say so.)
Fix: create the path on every instance (user data), use a named volume (EFS) for data that must
persist or be shared, or drop the mount if it was only for local development. Mounting the Docker
socket gives the container control of the instance: prefer the AWS APIs and the task role.`,
  },
  'compose/build-image-needed': {
    severity: 'info',
    title: 'Locally built image must be pushed to a registry',
    doc: `What: a service has both \`build:\` and \`image:\`: Compose builds the image and tags it with
that name on your machine.
Why: ECS cannot build; it pulls the image named in \`image\` from a registry, so the image must be
pushed there first. The IR keeps the image reference; the build settings are not carried over.
Fix: build and push the image in your pipeline (e.g. to Amazon ECR), and write the full registry
URI in \`image\`.`,
  },
  'compose/config-not-mapped': {
    severity: 'warning',
    title: 'Compose config has no ECS counterpart',
    doc: `What: a service uses a Compose \`configs\` entry (a file mounted into the container).
Why: ECS has no configs: task definitions cannot mount a file from the deployment machine.
Fix: copy the file into the image at the target path, or store it in SSM Parameter Store / S3 and
read it at start-up (e.g. in the entrypoint). Small settings can become environment variables.`,
  },
  'compose/env-name-syntax': {
    severity: 'warning',
    title: 'Environment entry written like a default outside `${…}`',
    doc: `What: an \`environment\` entry such as \`- DB_PASSWORD:-secret\` has no \`=\`, so Compose reads
the whole text as the name of one variable, looks it up in the shell, does not find it, and
passes nothing. \`:-\`, \`:?\` and \`:+\` mean a default, an error or an alternative only inside
\`\${…}\`.
Why: the variable the entry seems to set never reaches the container. ecsify leaves it out as
Compose does, and never shows or stores what follows the operator, which is often a value.
Fix: write \`DB_PASSWORD=\${DB_PASSWORD:-secret}\` for a default, or \`DB_PASSWORD=value\`.`,
  },
  'compose/env-no-value': {
    severity: 'warning',
    title: 'Environment variable has no value',
    doc: `What: \`environment\` lists a bare name (\`- API_KEY\` or \`API_KEY:\`) and the variable is set
neither in the shell nor in the project's \`.env\` when ecsify runs.
Why: Compose passes such a variable only when it is set, and removes it otherwise (even when an
\`env_file\` defines it). ecsify does the same: the variable is left out, unless its name says it
is a secret, in which case it becomes a secret reference whose value you supply.
Fix: set the variable when you run ecsify, write a value in the file, or declare it a secret
(\`--secret NAME\` or \`x-ecsify: {secrets: [NAME]}\`) so it is read from Secrets Manager or SSM.`,
  },
  'compose/excluded-service': {
    severity: 'info',
    title: 'Provider service left out of the deployment',
    doc: `What: a service is a \`provider\` service: instead of a container, Compose runs a local
plugin that creates something (a model runner, a cloud resource) and passes its details to the
services that depend on it.
Why: there is no container to run on ECS. The service is left out, like an excluded service, and
its host name becomes a deployment parameter.
Fix: create the equivalent resource on AWS and give its endpoint as the parameter's value.`,
  },
  'compose/legacy-key': {
    severity: 'info',
    title: 'Key from an old Compose file format',
    doc: `What: a key of the version 1 or 2.x file formats (\`log_driver\`, \`log_opt\`, \`net\`,
\`dockerfile\`, \`volume_driver\`, \`cgroupns_mode\`…), or a value form of docker-compose 1.x (the
\`service:\` prefix of a \`volumes_from\` entry), that the Compose Specification replaced.
Why: current Docker Compose rejects these keys; ecsify reads them with their old meaning so old
files still convert, and says what the modern key is.
Fix: move to the modern key named in the hint (e.g. \`logging.driver\`, \`network_mode\`,
\`build.dockerfile\`).`,
  },
  'compose/links': {
    severity: 'info',
    title: 'Linked services share one task',
    doc: `What: a service lists \`links\`.
Why: a link ties two containers together (a dependency and a host-name alias). ecsify runs each
linked service as a container of the linking service's task, as Elastic Beanstalk multi-container
Docker and ecs-cli did: one task definition, started and scaled together. In an awsvpc task
(Fargate) the containers share one network namespace and reach each other on \`localhost\`, not by
the link name (\`awsvpc/links\` says what to change); on EC2 (bridge mode) the links are kept.
A service linked from several services joins the task of the first one in the file; the others
call it by name through service discovery.
Fix: point host names at localhost, or set \`x-ecsify: {pack-links: false}\` at the top level to run
each linked service as its own ECS service, reachable by its name and scaled on its own.`,
  },
  'compose/logging-driver': {
    severity: 'warning',
    title: 'Logging driver replaced by CloudWatch Logs',
    doc: `What: a service sets a \`logging\` driver other than \`awslogs\` (\`json-file\`, \`local\`,
\`syslog\`, \`fluentd\`, \`gelf\`, \`splunk\`, \`none\`…), or options of such a driver.
Why: ecsify sends every container's output to CloudWatch Logs (\`awslogs\`), which works on every
launch type; options of other drivers (local rotation such as \`max-size\`) mean nothing there.
\`awslogs\` options (e.g. \`awslogs-datetime-format\`) are kept.
Fix: nothing for local rotation. To ship logs elsewhere, add a FireLens (\`awsfirelens\`) log router
to the generated task definition.`,
  },
  'compose/restart-policy': {
    severity: 'info',
    title: 'Restart policy differs on ECS',
    doc: `What: a service sets \`restart: "no"\`, \`on-failure\`, or a \`deploy.restart_policy\`.
Why: an ECS service always replaces a task that stops, like \`restart: always\`; the number of
attempts, delays and windows have no counterpart.
A one-off task (\`compose/one-off-service\`) runs once and is never retried, whatever the policy:
only \`restart: "no"\` means the same there, and is not reported.
Fix: nothing for long-running services. A one-off command (migrations, seeding) should run as a
standalone task (\`aws ecs run-task\`), not as a service: mark it \`x-ecsify: {role: job}\`, or
let the services that need it wait for it with \`service_completed_successfully\`.`,
  },
  'compose/one-off-service': {
    severity: 'info',
    title: 'Service that runs once becomes a one-off task',
    doc: `What: a service other services wait on to complete successfully (\`depends_on\` with
\`condition: service_completed_successfully\`, typically a database migration), or one marked
\`x-ecsify: {role: job}\`.
Why: Compose runs it once and starts the services that wait for it after it exits with 0. An ECS
service would start it again each time it exits, and ECS cannot make other services wait for it.
ecsify registers its task definition and makes it a job (\`jobs/<name>.json\`), a one-off task
(RunTask) to run before each deploy; the waits on it are dropped. The CloudFormation stack has
no ECS service for it, starts with its services stopped (Running=false) and has an output with
the \`aws ecs run-task\` command that runs it. A service that shares its task with other
containers, or publishes a port, stays a service (the wait is then reported as
\`dependencies/cross-service\`).
Fix: run the job and wait for it to succeed before the services start (then set Running=true)
and before each later update, e.g. as a step of your deploy pipeline.`,
  },
  'compose/secret-file': {
    severity: 'warning',
    title: 'Secret read as a file',
    doc: `What: a service uses a Compose secret, which Compose mounts as a file
(\`/run/secrets/<name>\` by default).
Why: ECS injects secrets from Secrets Manager or SSM as environment variables, not as files. ecsify
records the secret (by name, never its value: the file is not read) and the path the app reads.
ECS itself only injects secrets as environment variables; the task writes the value to the path
the app reads when it starts (see \`secrets/file-init-container\`).
Fix: put the secret's value into Secrets Manager (or SSM) before the service starts.`,
  },
  'compose/sidecar': {
    severity: 'info',
    title: 'Service runs as a sidecar in another service’s task',
    doc: `What: a service shares another service's network (\`network_mode: service:<name>\`) or was
packed with it (\`x-ecsify.task\`, \`x-ecsify.pack-links\`), so both become containers of one ECS
task and one ECS service, named after the service that owns the network.
Why: on ECS, containers share a network namespace only inside one task; they reach each other on
\`localhost\`.
Fix: nothing to do. The owner's replicas, scaling and deployment settings apply to the whole task.`,
  },
  'compose/sidecar-setting-ignored': {
    severity: 'warning',
    title: 'Setting of a sidecar service has no effect',
    doc: `What: a service that runs inside another service's task (a sidecar) sets something that
belongs to the whole ECS service or task: replicas, scaling, deployment, routes, platform, or it
cannot be packed (its owner is excluded, or the owners form a loop).
Why: one task definition and one ECS service hold every container of the task; their settings come
from the owning service.
Fix: move the setting to the owning service, or let the service run on its own.`,
  },
  'compose/undefined-reference': {
    severity: 'error',
    title: 'Reference to something that is not defined',
    doc: `What: a service refers to a service, volume or secret that the project does not define
(\`depends_on\`, \`links\`, \`network_mode: service:x\`, \`volumes_from\`, a named volume, a secret).
Why: Docker Compose refuses such a project (a missing dependency is only a warning when the
dependency is optional); ecsify cannot wire what does not exist.
Fix: define it at the top level, correct the name, or remove the reference. A relative bind mount
must start with \`./\` or \`../\`, otherwise it names a volume.`,
  },
  'compose/x-aws-setting': {
    severity: 'info',
    title: 'x-aws-* key from Docker’s ECS integration is honoured',
    doc: `What: a key of Docker's retired ECS integration (\`docker compose\` with an ECS context):
\`x-aws-cluster\`, \`x-aws-vpc\`, \`x-aws-loadbalancer\`, \`x-aws-cloudformation\`,
\`x-aws-logs_retention\`, \`x-aws-role\`, \`x-aws-policies\`, \`x-aws-pull_credentials\`,
\`x-aws-autoscaling\`, \`x-aws-min_percent\`, \`x-aws-max_percent\`, \`x-aws-protocol\`.
Why: ecsify reads them with the meaning they had there; the message says what each becomes. Keys
about the stack (cluster, VPC, load balancer, overlay, log retention, roles) are used by the
CloudFormation output, not by the bare task definitions.
Fix: nothing to do. ecsify's own settings live under \`x-ecsify\` (see the README).`,
  },
  'compose/x-aws-unsupported': {
    severity: 'warning',
    title: 'x-aws-* key that ecsify does not honour',
    doc: `What: an \`x-aws-*\` key that Docker's ECS integration did not define, that ecsify does not
implement (\`x-aws-keys\`…), or whose value has the wrong shape.
Why: the key has no effect on the output.
Fix: check the spelling against the list in \`compose/x-aws-setting\`, or use an \`x-ecsify\`
setting instead.`,
  },
  'compose/x-ecsify-unknown-key': {
    severity: 'warning',
    title: 'Unknown x-ecsify setting',
    doc: `What: an \`x-ecsify\` block (top level or in a service) has a key ecsify does not know.
Why: a misspelt setting would otherwise be ignored without a word.
Fix: check the spelling against the README's "x-ecsify settings" section; top-level and
per-service settings differ.`,
  },
  'schedule/invalid-spec': {
    severity: 'error',
    title: 'Stop/start schedule cannot be read',
    doc: `What: a \`--schedule\` value or an \`x-ecsify.schedule\` entry is not a schedule ecsify
understands, or its time zone is unknown.
Why: a schedule that is read wrongly could stop production at the wrong time, so ecsify refuses it.
Fix: write running hours as \`[DAYS] HH:MM-HH:MM [TIMEZONE]\` (e.g. \`mon-fri 08:00-20:00
Europe/Paris\`), or explicit actions \`start|stop cron(min hour dom month dow year) [TIMEZONE]\`;
separate several with \`;\`. Time zones are IANA names (\`Europe/Paris\`, \`UTC\`).`,
  },
});
