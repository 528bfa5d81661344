import { defineRules } from './define.js';

/** General lint rules (src/passes/rules/*): images, platforms, users. */
export const lintRules = defineRules({
  'image/invalid-reference': {
    severity: 'error',
    title: 'Image reference Docker cannot read',
    doc: `What: a container's image is not a well-formed reference \`[registry/]repository[:tag][@digest]\`:
upper-case letters in the repository, a space, an empty tag (\`nginx:\`), two tags, a URL
scheme (\`https://\`), a digest of the wrong length.
Why: ECS pulls images with Docker's reference rules; the task definition registers, but every
task fails to start with CannotPullContainerError ("invalid reference format"). Docker Compose
fails the same way at pull time.
Fix: write the reference in lower case without a scheme, e.g. \`nginx:1.27\`,
\`ghcr.io/org/app:2.1\` or \`123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:1.0\`. Template
placeholders left in an EB bundle are reported by the EB reader instead.`,
  },
  'image/untagged': {
    severity: 'warning',
    title: 'Image without a version tag',
    doc: `What: a container's image has no tag, or the tag \`latest\` (\`nginx\`, \`myapp:latest\`).
Why: ECS pulls the tag when a task starts; \`latest\` changes under you, so two tasks of one
deployment, or a task replaced at night, may run different code, and rolling back is impossible.
Fix: use a version tag (\`nginx:1.27\`) or a digest (\`nginx@sha256:…\`); for your own images, tag
each build (a git SHA).`,
  },
  'image/build-only': {
    severity: 'warning',
    title: 'Image built from source without a repository',
    doc: `What: a service is built from source (Compose \`build\`, a Dockerfile in an EB bundle) and
names no image repository to push to.
Why: ECS runs images from a registry; it cannot build. The task definition takes the image URI
as a parameter (a placeholder in the JSON files).
Fix: build and push the image to Amazon ECR (the generated CI workflow does it), then pass its URI;
or add \`image: <account>.dkr.ecr.<region>.amazonaws.com/<repo>:<tag>\` next to \`build\`.`,
  },
  'container/privileged-port': {
    severity: 'warning',
    title: 'Non-root container listening on a port below 1024',
    doc: `What: a container runs as a non-root user (\`user:\`) and listens on a port below 1024.
Why: Docker lets any user bind low ports inside a container; ECS tasks (Fargate in particular)
keep the Linux rule that only root may, so the app fails to start with "permission denied".
Fix: make the app listen on a port of 1024 or above (the load balancer can still listen on 80/443),
or set the kernel parameter \`net.ipv4.ip_unprivileged_port_start=0\` (Compose \`sysctls\`).`,
  },
  'platform/windows': {
    severity: 'warning',
    title: 'Windows container image',
    doc: `What: a service runs a Windows image (\`mcr.microsoft.com/windows/…\`, \`…servercore…\`,
\`…nanoserver…\`) or asks for a Windows platform.
Why: ECS runs Windows containers only on Windows Server platforms, which must be named in the task
definition (\`runtimePlatform.operatingSystemFamily\`, e.g. WINDOWS_SERVER_2022_CORE), need at least
1 vCPU on Fargate and ignore the Linux-only settings (\`user\`, Linux parameters, read-only root).
ecsify's output assumes Linux unless the platform says otherwise.
Fix: set the Windows Server version in the task definition's \`runtimePlatform\` and check the
converted settings by hand.`,
  },
  'jobs/service-connect': {
    severity: 'warning',
    title: 'One-off task outside Service Connect',
    doc: `What: a one-off task (a leader-only command or a Procfile \`release\` entry) reuses the task
definition of a service that reaches other services of the app by name (\`redis\`,
\`db:5432\`), through ECS Service Connect.
Why: ECS gives Service Connect names only to the tasks its services start. A task started with
RunTask has no Service Connect proxy, so those names do not resolve in it: a migration that
connects to \`db\` fails with a name-resolution error. A job that does not use them is unaffected.
Fix: give what the job connects to an address that resolves in any task of the VPC: the endpoint
of a managed service (Amazon RDS, ElastiCache; \`--exclude\` the service and pass its endpoint)
or a Cloud Map DNS name. Or run the step when the service's container starts, before the app.`,
  },
});
