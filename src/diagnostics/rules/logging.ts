import { defineRules } from './define.js';

/** Rules about container logging, whatever the input (src/parsers/logging.ts). */
export const loggingRules = defineRules({
  'logging/unsupported-option': {
    severity: 'warning',
    title: 'Logging option the ECS awslogs driver does not take',
    doc: `What: an \`awslogs\` logging option that is not one of those ECS passes to the driver:
\`awslogs-datetime-format\`, \`awslogs-multiline-pattern\`, \`mode\`, \`max-buffer-size\` (and the
group, Region, stream prefix and create-group options, which ecsify sets itself). Options of
Docker's own awslogs driver that ECS does not document (\`awslogs-endpoint\`, \`tag\`,
\`awslogs-create-stream\`…) and misspellings (\`awslogs-datetime-pattern\`, an example in Docker's
ECS documentation) are such options. ecsify leaves the option out of the task definition.
Why: these are the options ECS documents for its awslogs driver, and the only ones AWS's
CloudFormation linter (cfn-lint) accepts. A misspelt option makes the driver refuse to start the
container; an option only Docker's own driver knows is not one ECS promises to pass on.
Fix: use one of the options above (the hint names the closest), or remove it.`,
  },
  'logging/option-replaced': {
    severity: 'info',
    title: 'Log destination set by ecsify',
    doc: `What: an \`awslogs\` option that says where the logs go: \`awslogs-group\`,
\`awslogs-region\`, \`awslogs-stream-prefix\` or \`awslogs-create-group\`.
Why: ecsify sends every container's logs to the application's log group, which the stack
creates with its retention (\`x-aws-logs_retention\`), in the stack's Region, with the service's
name as the stream prefix (required on Fargate); the group then never needs creating at run time.
Fix: nothing. To log somewhere else, change the log configuration of the generated task
definition.`,
  },
  'logging/driver-replaced': {
    severity: 'warning',
    title: 'Log driver replaced by CloudWatch Logs',
    doc: `What: a container definition names a log driver other than \`awslogs\`, \`awsfirelens\` or
\`splunk\` (e.g. \`json-file\`, \`syslog\`, \`fluentd\`, \`gelf\`), with its options.
Why: those are the drivers ECS runs on Fargate as well as on EC2; ecsify sends the container's
output to CloudWatch Logs (\`awslogs\`) instead, and the driver's options are dropped.
Fix: nothing for local rotation (\`max-size\`). To ship logs elsewhere, use a FireLens
(\`awsfirelens\`) log router.`,
  },
});
