import { defineRules } from './define.js';

/** Rules about which services are deployed (exclude pass, stateful-service lint rule). */
export const serviceRules = defineRules({
  'services/task-definition-too-large': {
    severity: 'error',
    title: 'Task definition larger than ECS takes',
    doc: `What: the task definition of one ECS service, as ecsify writes it, is larger than 65,536
bytes of JSON, mostly from environment variables (a large \`env_file\`), long commands or labels.
The size is measured with ecsify's placeholders (\`\${EXECUTION_ROLE_ARN}\`…); the real ARNs are a
little longer.
Why: ECS refuses to register a task definition over 64 KiB, so neither the files nor the stack
deploy.
Fix: move configuration out of environment variables (a file in the image, an env file on S3
with \`environmentFiles\`, one secret holding JSON), or split the containers into services.`,
  },
  'services/too-many-containers': {
    severity: 'error',
    title: 'More than 10 containers in one task',
    doc: `What: one ECS service's task would hold more than 10 containers. A task gathers the
containers of an EB Dockerrun v2 file, Compose sidecars (\`network_mode: service:…\`, links) and
the init container ecsify adds to write secret files.
Why: ECS takes at most 10 containers in one task definition, a quota AWS does not raise;
RegisterTaskDefinition (and so the stack) fails.
Fix: give the containers that need not share a task their own services (remove the
\`network_mode: service:…\` or the link that puts them together; in a Dockerrun v2 file, move them
to a second environment), or merge some into one image.`,
  },
  'services/stateful': {
    severity: 'warning',
    title: 'Data store run as an ECS service',
    doc: `What: a service runs a database, cache, search engine or broker image (postgres, mysql,
mariadb, mongo, redis, elasticsearch, rabbitmq, kafka, …). The message names the managed AWS
service that does the same job.
Why: on ECS, containers are replaced at every deploy and on failure; the data store's files vanish
unless they sit on a volume, and on Fargate that volume is EFS, which many data stores run slowly
on or do not support. Backups, failover and upgrades become your job.
Fix: use the managed service and leave this one out: \`ecsify convert --exclude NAME\` or
\`x-ecsify: {exclude: [NAME]}\`. ecsify then drops the service and gives the services that used it a
parameter for its endpoint. To keep it on ECS anyway, give it a named volume. When the data store
is one container of a task with others (an EB Dockerrun v2 task whose containers share volumes),
excluding the service would drop the app too: move the container out of the task first, or point
the app at the managed service.`,
  },
  'services/excluded': {
    severity: 'info',
    title: 'Service left out of the deployment',
    doc: `What: a service was excluded (\`--exclude\`, \`x-ecsify.exclude\`). It gets no task definition
or ECS service; a deployment parameter holds its endpoint (a host name), which the services that
used it receive instead (see \`services/endpoint-parameter\`).
Why: the service is meant to run elsewhere (a managed database, an existing server).
Fix: give the parameter its value when you deploy.`,
  },
  'services/endpoint-parameter': {
    severity: 'info',
    title: "Variable rewritten to an excluded service's endpoint",
    doc: `What: an environment value names an excluded service as a host (\`postgres://app@db:5432/app\`,
\`redis:6379\`, \`DB_HOST=db\`). ecsify replaces the host name with the service's endpoint parameter,
so the value is built when you deploy. Only host positions change: \`POSTGRES_DB=db\` (a database
called db) stays. Values ecsify treats as secrets are not visible to it: when a service that calls
the excluded one holds secrets, this rule also says so, and you update their stored values.
Why: the excluded service's name no longer resolves on ECS.
Fix: nothing for plain values; update secret values that name the excluded service.`,
  },
  'services/unknown-exclude': {
    severity: 'warning',
    title: 'Excluded service does not exist',
    doc: `What: \`--exclude\` or \`x-ecsify.exclude\` names a service the input does not have.
Why: probably a typo; nothing was excluded for this name.
Fix: use the service's name as written in the input.`,
  },
});
