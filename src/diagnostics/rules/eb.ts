import { defineRules } from './define.js';

/** Rules of the Elastic Beanstalk front end (src/parsers/elastic-beanstalk). */
export const ebRules = defineRules({
  'eb/ambiguous-bundle': {
    severity: 'warning',
    title: 'Bundle holds more than one app definition',
    doc: `What: the bundle holds several files that each define the app (for example a
Dockerrun.aws.json and a docker-compose.yml, or a Procfile next to a Dockerrun file), and no
platform is named (.elasticbeanstalk/config.yml \`default_platform\`, env.yaml \`SolutionStack\`).
The message says which file Elastic Beanstalk would use and why, and which one ecsify read.
Why: EB picks one file by platform; the others are usually local-development tooling.
Fix: if ecsify picked the wrong one, name your platform in .elasticbeanstalk/config.yml
(\`global.default_platform\`, as \`eb init\` writes it), or leave the unused file out with .ebignore.`,
  },
  'eb/no-app-definition': {
    severity: 'error',
    title: 'Bundle defines no application',
    doc: `What: the folder or zip looks like an Elastic Beanstalk bundle (.ebextensions, .platform,
.elasticbeanstalk) but holds nothing that says what to run: no Dockerrun.aws.json, docker-compose.yml,
Dockerfile, Procfile, or language files ecsify recognises; or a Dockerrun v3 file with no compose
file; or a platform (Tomcat, PHP, Windows) ecsify does not convert.
Why: there is nothing to turn into an ECS service.
Fix: point ecsify at the folder you deploy (the one holding the files at the root of the source
bundle), or add a Dockerfile and a Procfile for platforms without one.`,
  },
  'eb/unsupported-platform': {
    severity: 'error',
    title: 'Platform that ecsify does not convert',
    doc: `What: the app runs on Tomcat (WAR files) or .NET on Windows Server (IIS). (PHP is converted
like the other Procfile platforms: see eb/default-process.)
Why: these platforms run the app inside a server EB provides; there is no Procfile or container
definition for ecsify to translate.
Fix: write a Dockerfile for the app (for example FROM tomcat), then convert a
Docker Compose file or a Dockerrun.aws.json that uses the image.`,
  },
  'eb/bundle-layout': {
    severity: 'warning',
    title: 'Bundle files are not where Elastic Beanstalk looks',
    doc: `What: the app files sit one folder down inside the zip (EB wants them at the root), or
zip entry names use \`\\\` as folder separator (EB on Linux does not read those as folders), or a
Procfile sits in a sub-folder while the bundle root has none.
Why: EB would not find these files; ecsify reads them anyway so the conversion is useful.
Fix: zip the contents of the folder, not the folder itself (\`cd app && zip -r ../app.zip .\`),
with a tool that writes \`/\` separators.`,
  },
  'eb/zip-invalid': {
    severity: 'error',
    title: 'Source bundle is not a readable zip',
    doc: `What: the .zip cannot be read: no end-of-central-directory record, a damaged directory,
an encrypted or damaged entry, or a compression method other than stored and deflate.
Why: ecsify reads the bundle the way EB unpacks it; a damaged archive cannot be trusted.
Fix: recreate the bundle with \`zip -r\` (or \`eb deploy\`'s own packaging) and try again.`,
  },
  'eb/zip-unsafe-entry': {
    severity: 'warning',
    title: 'Zip entry with an unsafe name was skipped',
    doc: `What: an entry name is absolute, has a drive letter, a NUL, or climbs out of the bundle
with \`..\` ("zip slip").
Why: ecsify never writes zip entries to disk, but refuses such names so no path built from them
can point outside the bundle. EB would refuse or misplace them too.
Fix: rebuild the zip from the bundle folder with relative names.`,
  },
  'eb/zip-limit': {
    severity: 'error',
    title: 'Source bundle exceeds a safety limit',
    doc: `What: the archive is larger than 512 MiB, holds more than 50,000 entries, or a file ecsify
needs (configuration, Dockerrun, Procfile, compose and env files) is over 4 MiB, or the files it
reads unpack to more than 64 MiB in total. Other files of the bundle are never unpacked.
Why: the limits protect against zip bombs; EB itself refuses bundles over 500 MB.
Fix: leave build output and dependencies out of the bundle (.ebignore), or point ecsify at the
project folder instead of the zip.`,
  },
  'eb/ebignore': {
    severity: 'info',
    title: 'File left out by .ebignore',
    doc: `What: a file that would decide how the app is read (a compose file, Dockerfile, Procfile,
Dockerrun.aws.json) is excluded by .ebignore, so the EB CLI does not upload it.
Why: ecsify reads the bundle EB would receive, not the folder.
Fix: nothing, if that is intended; otherwise remove the pattern from .ebignore.`,
  },
  'eb/deploy-artifact': {
    severity: 'info',
    title: 'EB CLI deploys a prebuilt artifact',
    doc: `What: .elasticbeanstalk/config.yml sets \`deploy.artifact\`, so \`eb deploy\` uploads that file
instead of the folder.
Why: the artifact is what runs on EB. ecsify reads it when it exists and is a zip; otherwise it
reads the folder and says so.
Fix: build the artifact before running ecsify, or point ecsify at it directly.`,
  },
  'eb/dockerrun-invalid': {
    severity: 'error',
    title: 'Dockerrun.aws.json cannot be used',
    doc: `What: the file is not valid JSON (EB parses it as strict JSON; template placeholders such as
an unquoted \`ECR_CONTAINER_PORT\` break it), is not a JSON object, has an unknown
AWSEBDockerrunVersion, or defines no containers.
Why: EB would fail the deployment with this file.
Fix: correct the file at the position shown; for templates, run your substitution step first
and point ecsify at the result.`,
  },
  'eb/dockerrun-version': {
    severity: 'warning',
    title: 'AWSEBDockerrunVersion does not match the file',
    doc: `What: the version is missing, written as a number where AWS writes a string (or the other
way round), or says 1 while the body is a version 2 file (containerDefinitions), or the reverse.
Why: EB dispatches on the version; a mismatch usually means the deployment failed or ran
differently from what the body suggests.
Fix: write "AWSEBDockerrunVersion": "1" for single-container files and 2 for multi-container
ones. ecsify reads the body in the format its keys show.`,
  },
  'eb/unknown-key': {
    severity: 'warning',
    title: 'Unknown or misspelled key',
    doc: `What: a key in a Dockerrun.aws.json, an .ebextensions file, env.yaml or a saved configuration
is not one EB documents; the hint suggests the closest known key (\`containerDefintions\` →
\`containerDefinitions\`, \`portMapping\` → \`portMappings\`).
Why: EB ignores unknown Dockerrun keys and skips a whole .ebextensions file that has an unknown
top-level key, so the setting probably never took effect. ecsify reads an obvious misspelling
as the key it resembles (and says so), and ignores other unknown keys.
Fix: correct the spelling, or delete the key.`,
  },
  'eb/invalid-value': {
    severity: 'error',
    title: 'Value has the wrong type or is out of range',
    doc: `What: a value cannot be used: a port that is not a number between 1 and 65535, a memory
size that is not a whole number, a template placeholder (\`<container port>\`, \`@@NAME@@\`),
an option value outside the range EB accepts.
Why: EB would reject the deployment or the option; ecsify cannot guess what was meant.
Fix: correct the value at the location shown; the hint gives the accepted range.`,
  },
  'eb/coerced-value': {
    severity: 'info',
    title: 'Value written as a different type than ECS expects',
    doc: `What: a number is written as a string (\`"memory": "512"\`, \`"containerPort": "80"\`), a boolean
as a string, the Dockerrun version as a number, or a list where EB expects a comma-separated string.
Why: EB converts these itself; the ECS API does not, so ecsify normalises them (ports, memory and
CPU become numbers in the output).
Fix: nothing to do; write the natural type to make the file clearer.`,
  },
  'eb/unsupported-key': {
    severity: 'warning',
    title: 'Setting that ecsify does not carry over',
    doc: `What: a container field (for example \`firelensConfiguration\`, \`environmentFiles\`,
\`resourceRequirements\`) or Dockerrun key that ecsify does not map to the ECS output.
Why: nothing in the input is silently dropped; this setting will not be in the output.
Fix: add it to the generated task definition by hand if it matters on ECS.`,
  },
  'eb/ports': {
    severity: 'info',
    title: 'Port that did not receive load-balancer traffic on EB',
    doc: `What: Dockerrun v1 lists several \`Ports\`, but EB's proxy forwarded traffic only to the first;
or a v2 container publishes a host port that no EB listener used.
Why: ecsify keeps these ports in the container definition but does not put them behind the load
balancer, because they were not reachable that way on EB.
Fix: if another port should be public, add a listener for it (aws:elbv2:listener:<port>).`,
  },
  'eb/registry-auth': {
    severity: 'warning',
    title: 'Private registry credentials must move to Secrets Manager',
    doc: `What: the Dockerrun file (\`Authentication\`/\`authentication\`) reads Docker registry credentials
from a \`.dockercfg\`/\`config.json\` file in S3.
Why: ECS does not read S3 auth files; it pulls private images with \`repositoryCredentials\`: a
Secrets Manager secret holding \`{"username": ..., "password": ...}\` that the task execution
role may read. ecsify adds that secret reference (the value is never read or written) to the
containers whose images are neither in ECR nor Docker Hub official images (those are public, and
another registry's credentials would make their pull fail).
Fix: create the secret from the credentials in the S3 file and give its ARN when you deploy; one
secret holds one registry, so split it if the file covers several. ECR images need no
credentials: the execution role pulls them.`,
  },
  'eb/command-split': {
    severity: 'warning',
    title: 'Command string turned into a list',
    doc: `What: a Dockerrun v1 \`Entrypoint\`/\`Command\` (or a v2 command written as a string) is one string;
ECS wants a list of words.
Why: EB's own splitting rule is not documented. ecsify splits with shell-word rules (quotes group,
no variable expansion); a string with shell operators (\`&&\`, \`|\`, \`;\`, redirections) is run
through \`sh -c\` instead so nothing after the operator is lost.
Fix: check the resulting list in the output; write the command as a JSON list to be explicit.`,
  },
  'eb/shell-command': {
    severity: 'info',
    title: 'Command needs a shell and runs through sh -c',
    doc: `What: a Procfile line (or container command) uses shell features: \`$PORT\`,
\`\${PORT:-5000}\`, \`&&\`, pipes, redirections.
Why: EB ran Procfile lines through a shell. ECS runs the \`command\` list directly, without
expanding variables, so ecsify writes \`["sh", "-c", "<line>"]\` to keep the behaviour.
Fix: nothing to do; the image must contain \`/bin/sh\` (every common base image does).`,
  },
  'eb/host-volume': {
    severity: 'warning',
    title: 'Volume on the EB instance',
    doc: `What: a Dockerrun volume (v1 \`Volumes\`, v2 \`volumes[].host.sourcePath\`) mounts a directory of
the EC2 instance. Paths under /var/app/current are files of the source bundle itself.
Why: ECS on Fargate has no instance to mount from; on EC2 the directory would have to exist on
every container instance.
Fix: bundle files: COPY them into the image in the Dockerfile. Data: use an EFS volume (shared)
or task storage (scratch). ecsify keeps the volume in the output so the launch-type checks can
point at it.`,
  },
  'eb/log-volume': {
    severity: 'info',
    title: 'EB log collection replaced by awslogs',
    doc: `What: Dockerrun v1 \`Logging\`, v2 \`awseb-logs-<container>\` mount points, or Compose mounts of
\${EB_LOG_BASE_DIR} tell EB where to collect log files.
Why: on ECS, containers log to stdout/stderr and the awslogs driver ships that to CloudWatch
Logs; the EB log folders do not exist. ecsify drops these mounts.
Fix: make the app log to stdout/stderr (for Rails: RAILS_LOG_TO_STDOUT=true).`,
  },
  'eb/link': {
    severity: 'warning',
    title: 'Docker link has no awsvpc equivalent',
    doc: `What: a v2 container \`links\` to another. Links only work in Docker's bridge network.
Why: in awsvpc mode (Fargate) containers of one task share a network namespace and reach each
other on \`localhost:<port>\`; services in other tasks are reached by their Service Connect name.
Fix: change the host name the app uses (the message names it) to \`localhost\`, or to the service
name when the container moved to its own service. With --launch-type ec2 (bridge mode) the link
is kept.`,
  },
  'eb/service-split': {
    severity: 'info',
    title: 'Container moved to its own ECS service',
    doc: `What: a Dockerrun v2 container that is clearly a background worker (no ports, nothing links to
it, and it runs the web container's image or a known worker command such as sidekiq or celery)
becomes its own ECS service; containers it linked to (for example a Redis) become a backend
service reached by name.
Why: on EB every instance ran one copy of the whole task; separate services can be sized and
scaled on their own, which is most of the saving of a move to ECS.
Fix: nothing to do; note that a backend that used to run once per instance is now one shared
service.`,
  },
  'eb/no-web-container': {
    severity: 'warning',
    title: 'No container receives load-balancer traffic',
    doc: `What: in a web environment, no v2 container publishes the process port (host port 80 by
default), so ecsify cannot tell which container EB's load balancer reached.
Why: EB sends traffic to the instance port of the default process; a container must publish it.
Fix: publish host port 80 on the web container, or set
aws:elasticbeanstalk:environment:process:default → Port to the container's host port.`,
  },
  'eb/missing-memory': {
    severity: 'warning',
    title: 'Container has neither memory nor memoryReservation',
    doc: `What: a Dockerrun v2 container sets neither \`memory\` nor \`memoryReservation\`.
Why: EB (and ECS on EC2) requires at least one per container because v2 has no task-level memory.
Fix: add \`memoryReservation\` (MiB). On Fargate the sizing step picks a task size anyway.`,
  },
  'eb/procfile-syntax': {
    severity: 'warning',
    title: 'Procfile or Buildfile line that EB does not accept',
    doc: `What: a line is not \`<name>: <command>\` with a name of letters, digits, \`_\` and \`-\`, or a name
is written twice.
Why: EB rejects malformed lines; of a name written twice only one process runs.
Fix: correct the line; comments start with \`#\`.`,
  },
  'eb/procfile-no-web': {
    severity: 'warning',
    title: 'Procfile has no web process',
    doc: `What: no Procfile entry is named \`web\`.
Why: EB sends traffic to the \`web\` process; without one the Go and Java SE platforms refuse the
app and the others use the first entry. ecsify treats the first entry as the web process.
Fix: name the process that serves HTTP \`web\`.`,
  },
  'eb/procfile-release': {
    severity: 'warning',
    title: 'Procfile release entry becomes a one-off task',
    doc: `What: a Procfile entry named \`release\` next to other processes (typically
\`release: bundle exec rails db:migrate\`, carried over from Heroku).
Why: on Heroku \`release\` is the release phase: a command run once per deploy, before the new
processes start. EB has no release phase: it runs every Procfile entry as a long-running process
and restarts it each time it exits, so the command ran again and again; an ECS service whose
container exits is replaced the same way. ecsify makes it a job instead (jobs/release.json): a
one-off task (RunTask) of the web service's task definition with this command, like a leader-only
container command.
Fix: run the job before the services start or are updated, as for a leader-only command
(\`ecsify explain eb/leader-only-job\`). A Procfile whose only entry is \`release\` is left as it
is: that process is the app.`,
  },
  'eb/procfile-port': {
    severity: 'info',
    title: 'Port of the web process',
    doc: `What: how ecsify chose the port the web process listens on: the PORT environment property,
a port in the command (\`-p 3000\`, \`--bind :8000\`), or the platform's default (5000; Python
8000).
Why: EB's proxy forwarded to that port; on ECS the load balancer targets it directly. ecsify
also sets PORT in the web container when EB provided it implicitly.
Fix: if the app listens elsewhere, set PORT in aws:elasticbeanstalk:application:environment.`,
  },
  'eb/buildfile': {
    severity: 'warning',
    title: 'Buildfile commands belong in the image build',
    doc: `What: a Buildfile entry, which EB ran once per deployment on each instance.
Why: ECS runs prebuilt images; build steps must happen when the image is built.
Fix: add the command as a RUN step in the Dockerfile that builds the app's image.`,
  },
  'eb/platform-image': {
    severity: 'info',
    title: 'App has no container image yet',
    doc: `What: a Procfile (or language platform) app: EB built and ran it from source on an instance
of the named platform (e.g. ruby-3.2). There is no image to run on ECS yet.
Why: ECS runs container images; the image URI becomes a deployment parameter.
Fix: write a Dockerfile FROM the language's official image (e.g. ruby:3.2), copy the app, install
its dependencies, and push the image to ECR; the services' commands come from the Procfile.`,
  },
  'eb/default-process': {
    severity: 'info',
    title: 'Process taken from the platform default',
    doc: `What: there is no Procfile, so ecsify uses what the platform would run (Node.js: npm start;
Python: gunicorn serving WSGIPath; Go: the application binary; Java SE: java -jar; PHP:
apache2-foreground, the official php:<version>-apache image's web server on port 80, standing in
for EB's nginx/Apache + php-fpm, reported as a warning since it is an approximation).
Why: EB runs a default process when no Procfile is given.
Fix: add a Procfile to make the command explicit.`,
  },
  'eb/eb-host-path': {
    severity: 'warning',
    title: 'Command uses a path that exists only on EB instances',
    doc: `What: a Procfile process or a leader-only container command (which becomes a one-off job)
refers to /opt/elasticbeanstalk/... (EB's platform scripts and generated config, such as the
platform's Puma config) or to the app folders /var/app/current, /var/app/staging, /var/app/ondeck.
Why: those paths do not exist in a container image.
Fix: use a config file that ships with the app (e.g. config/puma.rb) and the image's WORKDIR.`,
  },
  'eb/config-file': {
    severity: 'warning',
    title: '.ebextensions file cannot be used',
    doc: `What: an .ebextensions file is not a mapping, has an unknown top-level key, or is not named
\`*.config\` (EB reads only \`.ebextensions/*.config\`, not sub-folders).
Why: EB skips such files entirely, so their settings never took effect; ecsify skips them too.
Fix: rename the file to end in .config, or fix the key shown.`,
  },
  'eb/option-unknown': {
    severity: 'warning',
    title: 'Unknown option namespace or option name',
    doc: `What: an option setting names a namespace or option EB does not document (the hint suggests
the closest known one, e.g. aws:asg:launchconfiguration → aws:autoscaling:launchconfiguration).
Why: EB rejects or ignores it, so the setting never took effect.
Fix: correct the spelling; see the EB "General options for all environments" reference.`,
  },
  'eb/option-ignored': {
    severity: 'info',
    title: 'EB option with no ECS counterpart',
    doc: `What: an option that only configures EB itself or its EC2 instances (key pairs, AMIs, root
volumes, managed platform updates, enhanced health, SNS notifications, rolling instance updates).
Why: nothing in ECS corresponds; the message says what takes its place.
Fix: nothing to do unless the message names a manual step.`,
  },
  'eb/option-value': {
    severity: 'warning',
    title: 'Option value cannot be used',
    doc: `What: an option value is not a number where one is needed, outside EB's range, or not one
of the documented choices. The message gives the range.
Why: EB would reject the setting; ecsify keeps EB's default instead.
Fix: correct the value.`,
  },
  'eb/intrinsic-value': {
    severity: 'warning',
    title: 'Value computed by CloudFormation at deploy time',
    doc: `What: an option value is a CloudFormation function (\`Ref\`, \`Fn::GetAtt\`, \`Fn::Join\`,
\`!Ref\`, a backtick \`{"Ref": ...}\` string) that EB resolved in its own stack.
Why: ecsify cannot know the value offline, and the resources it names (AWSEB*) do not exist
outside EB. \`Fn::GetOptionSetting\` is resolved from the other option settings when it can be.
Fix: put the real value in the generated template (or pass it as a parameter).`,
  },
  'eb/instance-section': {
    severity: 'warning',
    title: 'Instance customisation that belongs in the image',
    doc: `What: an .ebextensions \`packages\`, \`groups\`, \`users\`, \`sources\`, \`files\`, \`commands\` or
\`services\` section, which EB ran on every EC2 instance.
Why: ECS does not let you customise the host (Fargate has none); what the app needs must be in
its image.
Fix: move packages, files and setup commands into the Dockerfile (RUN/COPY). Files that
configure EB's nginx or agents have no use on ECS; background processes started by hooks become
their own ECS service.`,
  },
  'eb/container-command': {
    severity: 'warning',
    title: 'Container command that ran on every instance',
    doc: `What: an .ebextensions \`container_commands\` entry without \`leader_only\`.
Why: EB ran it on each instance during every deployment, after unpacking the bundle; ECS has no
such step.
Fix: steps that prepare the app (asset compilation, file permissions) belong in the Dockerfile;
steps needed when the container starts belong in its entrypoint.`,
  },
  'eb/leader-only-job': {
    severity: 'info',
    title: 'Leader-only command becomes a one-off task before each deploy',
    doc: `What: a \`container_commands\` entry with \`leader_only: true\` (typically \`rails db:migrate\`).
Why: EB ran it once per deployment on one instance. ecsify turns it into a job: a one-off ECS task
(RunTask) of the service's task definition with this command, run before the service is updated.
Fix: run the job and wait for it to succeed before the services start or are updated. The
CloudFormation stack starts with its services stopped (Running=false) and has an output per job
(\`Job…Command\`) with the \`aws ecs run-task\` command for its task definitions: run it, then set
Running=true. For each later deploy of a new image, run \`jobs/<name>.json\` (listed in
MIGRATION.md) with \`aws ecs run-task --cli-input-json\` on a task definition registered for that
image, e.g. as a step of your deploy pipeline; ecsify writes no pipeline. A command that ran on
the host (docker run, docker exec) is taken apart and run in the container it named.`,
  },
  'eb/cloudformation-section': {
    severity: 'warning',
    title: 'CloudFormation resources added to the EB stack',
    doc: `What: an .ebextensions \`Resources\`, \`Parameters\`, \`Outputs\` or \`Mappings\` section.
Why: EB merged these into its own stack; references to EB's resources (AWSEBAutoScalingGroup,
AWSEBLoadBalancer, AWSEBSecurityGroup, ...) have no meaning in the new stack. ecsify does not copy
them.
Fix: add the self-contained resources (queues, tables, alarms) to the generated template by hand
and point references at the new resources.`,
  },
  'eb/platform-hook': {
    severity: 'warning',
    title: 'Platform hook that ran on the instance',
    doc: `What: a file under .platform/hooks or .platform/confighooks (prebuild, predeploy,
postdeploy), run by EB as root on each instance during deployments.
Why: ECS has no deployment hooks on the host.
Fix: build-time steps go into the Dockerfile, start-up steps into the container's entrypoint,
once-per-deploy steps (migrations) into a one-off task before the deploy.`,
  },
  'eb/proxy-config': {
    severity: 'warning',
    title: 'Reverse-proxy configuration for EB nginx or Apache',
    doc: `What: .platform/nginx, .platform/httpd, .ebextensions/nginx, or an \`files\` entry that writes
nginx configuration, which customised the proxy EB ran in front of the app.
Why: on ECS the load balancer forwards straight to the container; there is no EB proxy.
Fix: redirects, path routing and fixed responses become ALB listener rules; anything else
(headers, body size limits, static files) needs an nginx sidecar container or app changes.`,
  },
  'eb/static-files': {
    severity: 'warning',
    title: 'Static files served by EB\'s proxy',
    doc: `What: aws:elasticbeanstalk:environment:proxy:staticfiles (or a platform staticfiles
namespace) mapped URL paths to bundle folders served by nginx.
Why: there is no EB proxy on ECS.
Fix: serve the files from the app, an nginx sidecar, or S3 + CloudFront.`,
  },
  'eb/environment-property': {
    severity: 'info',
    title: 'How EB environment properties reach the containers',
    doc: `What: EB passed its environment properties to every container (Dockerrun v1/v2, Procfile
platforms); ecsify writes them into each container's environment (secrets as references). On the
Docker platform with Compose, EB only wrote them to a .env file: ecsify follows the compose
file's \`env_file\` and \`\${VAR}\` references instead.
Why: ECS has no environment-wide properties.
Fix: remove properties a container does not need.`,
  },
  'eb/environment-property-limit': {
    severity: 'warning',
    title: 'Environment property beyond EB\'s limits',
    doc: `What: a property name longer than 128 characters or with characters EB does not allow, a
value longer than 256 characters, or all properties together over 4,096 bytes.
Why: EB rejects such configurations, so this setting did not deploy as written. ECS's limits
are larger, so the conversion keeps it.
Fix: shorten it or move large values to Secrets Manager or SSM.`,
  },
  'eb/secret-reference': {
    severity: 'info',
    title: 'Secret taken from an existing store',
    doc: `What: an environment variable whose value comes from Secrets Manager or SSM Parameter Store:
the aws:elasticbeanstalk:application:environmentsecrets namespace, a
\`{{resolve:secretsmanager:...}}\`/\`{{resolve:ssm:...}}\`/\`{{resolve:ssm-secure:...}}\` dynamic
reference, or a Dockerrun v2 \`secrets\` entry.
Why: ECS reads the same stores natively: the container gets a \`secrets\` entry whose \`valueFrom\`
is the same ARN or parameter, and the execution role needs read access.
Fix: nothing to do; ecsify grants the execution role access to exactly these ARNs.`,
  },
  'eb/listener': {
    severity: 'info',
    title: 'Load-balancer setting mapped with an approximation',
    doc: `What: a Classic Load Balancer setting (aws:elb:*) mapped onto an Application Load Balancer, a
TCP/SSL listener, a listener whose process is not found, or a listener rule with too many
conditions.
Why: ecsify always emits ALB (or NLB) resources.
Fix: check the listener in the generated template.`,
  },
  'eb/scaling': {
    severity: 'info',
    title: 'Auto Scaling mapped with an approximation',
    doc: `What: how EB's instance scaling (aws:autoscaling:asg, aws:autoscaling:trigger,
aws:autoscaling:scheduledaction) became ECS service auto scaling: one task per EB instance, so
MinSize/MaxSize bound the task count; a CPUUtilization trigger becomes a target-tracking target
halfway between the lower and upper thresholds; other metrics are not converted.
Why: ECS scales tasks with target tracking, EB scaled instances with alarm thresholds.
Fix: review the target value; for request-based scaling use ALBRequestCountPerTarget.`,
  },
  'eb/instance-type': {
    severity: 'info',
    title: 'Instance type used as a sizing hint',
    doc: `What: the EC2 instance type EB ran the app on (aws:ec2:instances InstanceTypes, or the
obsolete aws:autoscaling:launchconfiguration InstanceType). Every service of the app shared one
such instance.
Why: it bounds how much CPU and memory the app had; the sizing step uses it to pick task sizes.
Arm (Graviton) types and SupportedArchitectures arm64 make the tasks ARM64; EnableSpot asks for
Spot capacity.
Fix: nothing to do; unknown instance types give no hint.`,
  },
  'eb/worker-tier': {
    severity: 'warning',
    title: 'EB worker environment',
    doc: `What: the environment is a worker tier: EB's sqsd daemon read an SQS queue and POSTed each
message to the app on localhost:80.
Why: ECS has no sqsd. ecsify converts the app as worker services (no load balancer) and keeps the
queue: the stack creates it when EB did (VisibilityTimeout; a dead-letter queue after MaxRetries
receives), gives the workers' task roles sqs:ReceiveMessage, DeleteMessage,
ChangeMessageVisibility and GetQueueAttributes on it, and sets WORKER_QUEUE_URL in their
containers (the placeholder \${WORKER_QUEUE_URL} in task-definitions/). But the messages no longer
arrive by themselves.
Fix: either make the app poll WORKER_QUEUE_URL itself (e.g. Shoryuken, Celery with SQS) and scale
the service on queue depth, or run an sqsd-like sidecar that receives each message, POSTs it to
the app on localhost at HttpPath and deletes it when the app answers 200.`,
  },
  'eb/cron': {
    severity: 'warning',
    title: 'Periodic tasks from cron.yaml',
    doc: `What: cron.yaml defines periodic tasks that EB's worker daemon POSTed to the app.
Why: ECS has no sqsd to do this.
Fix: create EventBridge Scheduler schedules that run a task (or send an SQS message) with the
same schedule.`,
  },
  'eb/rds-coupled': {
    severity: 'warning',
    title: 'Database created by Elastic Beanstalk',
    doc: `What: aws:rds:dbinstance options: EB created an RDS instance inside the environment.
Why: it is deleted with the environment; the ECS app must use a database that lives on its own.
Fix: decouple the database from the environment first (snapshot or "decouple" in the EB console),
then pass its endpoint to the new services (RDS_HOSTNAME etc. are no longer set by EB).`,
  },
  'eb/environment-link': {
    severity: 'info',
    title: 'Environment link from env.yaml',
    doc: `What: env.yaml \`EnvironmentLinks\` told EB to pass another environment's queue URL or CNAME
as an environment variable.
Why: ecsify converts one environment at a time; the linked value is not known here.
Fix: set the variable by hand (for example the worker queue URL) in the generated parameters.`,
  },
  'eb/deployment': {
    severity: 'info',
    title: 'Deployment policy mapped to ECS rolling update settings',
    doc: `What: aws:elasticbeanstalk:command DeploymentPolicy/BatchSize became ECS deployment
minimumHealthyPercent/maximumPercent (AllAtOnce 0/100, Rolling 100-batch/100,
RollingWithAdditionalBatch 100/100+batch, Immutable 100/200). Traffic splitting has no direct
equivalent in a rolling ECS deployment.
Why: ECS replaces tasks, not instances.
Fix: review the percentages; use CodeDeploy blue/green for canary releases.`,
  },
  'eb/live-unavailable': {
    severity: 'error',
    title: 'A live Elastic Beanstalk environment cannot be read',
    doc: `What: an eb://ENVIRONMENT input needs the AWS API, and a call failed: no credentials, no
region, no permission, or no network path. The message names the call and AWS's error code.
Why: without the environment's settings there is nothing to convert; the command exits with 2.
Fix: give credentials as for the AWS CLI (AWS_PROFILE, or AWS_ACCESS_KEY_ID and
AWS_SECRET_ACCESS_KEY) and the region (--region or AWS_REGION). The reader needs
elasticbeanstalk:DescribeEnvironments, DescribeConfigurationSettings,
DescribeConfigurationOptions, DescribeApplicationVersions and ListTagsForResource, and
s3:GetObject on the version's bundle; the managed policy AWSElasticBeanstalkReadOnly has them.`,
  },
  'eb/live-not-found': {
    severity: 'error',
    title: 'No such Elastic Beanstalk environment',
    doc: `What: DescribeEnvironments knows no running environment by the name given in eb://ENVIRONMENT
in that region (and application, with eb://APPLICATION/ENVIRONMENT).
Why: environment names are per region; a terminated environment cannot be read.
Fix: check the name (\`eb list\`, or \`aws elasticbeanstalk describe-environments\`) and the
region (--region). The hint names a close match when there is one.`,
  },
  'eb/live-bundle': {
    severity: 'error',
    title: 'The running version\'s source bundle cannot be read',
    doc: `What: the environment's settings were read, but not the source bundle of the version it
runs: the environment runs EB's sample application, the version's bundle was deleted from S3,
the reader may not s3:GetObject it, or the object is not a bundle.
Why: the app definition (Dockerrun.aws.json, docker-compose.yml, Procfile) is in the bundle.
Fix: give the app folder or .zip the environment runs with --bundle PATH: ecsify then takes the
settings from the environment and the app from there. Or grant s3:GetObject on the bundle.`,
  },
  'eb/live-bundle-mismatch': {
    severity: 'warning',
    title: 'The folder given with --bundle seems to belong elsewhere',
    doc: `What: with eb://ENVIRONMENT --bundle PATH, the folder's .elasticbeanstalk/config.yml names another
application than the environment's, or only other environments in its branch-defaults.
Why: the conversion takes the settings from the environment and the app definition from the
folder; a checkout of another app or branch gives a stack that matches neither.
Fix: give --bundle the checkout of the version the environment runs (the message names it), or
leave --bundle out to read that version's bundle from S3.`,
  },
  'eb/live-drift': {
    severity: 'info',
    title: 'The running environment differs from its bundle',
    doc: `What: an eb://ENVIRONMENT sets options that the bundle's .ebextensions, env.yaml and saved
configurations do not (made in the console or with the EB or AWS CLI), or sets them to other
values. The message names them (environment properties by name only) and points at the first.
Why: the conversion follows the environment, as EB does; the repository no longer describes
what runs, and a rebuild from it would lose those settings.
Fix: nothing to fix for the conversion. Keep the generated stack (or your files) as the one
description of the app from now on.`,
  },
  'eb/live-settings': {
    severity: 'info',
    title: 'Settings read from a live environment',
    doc: `What: an eb://ENVIRONMENT input was read through the AWS API. Its effective option settings
(DescribeConfigurationSettings) are shown as the saved configuration eb://ENV/settings.cfg.yml,
which diagnostics point into; options left at their defaults (DescribeConfigurationOptions) are
left out, as EB leaves them out of a saved configuration.
Why: settings made in the console or with the EB or AWS CLI live only in the environment, and
they win over the bundle's .ebextensions, env.yaml and saved configurations, as on EB.
Fix: nothing to fix; environment properties read this way are classified like any input's, and
secret values never reach an output file.`,
  },
  'eb/live-status': {
    severity: 'warning',
    title: 'The live environment is not in a settled state',
    doc: `What: the environment read is not Ready (it is launching, updating or terminating), or the
settings read are a draft from a pending or failed update rather than the deployed set.
Why: the conversion follows the settings read, which may not be what runs, or soon will not be.
Fix: wait until the environment is Ready (\`eb status\`), or finish or roll back the update,
then convert again.`,
  },
});
