import { defineRules } from './define.js';

/** Rules of the launch-type and sizing passes for the EC2 launch type. */
export const ec2Rules = defineRules({
  'ec2/memory-default': {
    severity: 'warning',
    title: 'Container without memory on EC2',
    doc: `What: on the EC2 launch type a container sets neither a memory limit nor a reservation and
the task sets no memory. ECS requires one of them for every container in that case, so ecsify
gives the container a soft limit (\`memoryReservation\`) of 512 MiB: the scheduler reserves
512 MiB on the instance, and the container may use more when the instance has it free.
Why: without it the task definition is rejected.
Fix: set \`mem_reservation\` or \`deploy.resources.reservations.memory\` (soft) and/or
\`mem_limit\` (hard) to what the container really uses.`,
  },
  'ec2/task-cpu-range': {
    severity: 'error',
    title: 'Task CPU outside the EC2 range',
    doc: `What: the task's CPU is outside 128–196608 units (0.125–192 vCPU).
Why: ECS rejects other values for EC2 tasks.
Fix: use a value in range, or leave the task CPU unset (containers then share by weight).`,
  },
  'ec2/reserved-port': {
    severity: 'error',
    title: 'Host port reserved on ECS container instances',
    doc: `What: a container would bind a host port the ECS agent or the instance reserves: 22, 2375,
2376, 51678, 51679 or 51680 (host network mode, or a fixed published port in bridge mode).
Why: ECS will not place the task (the port is already taken on every instance).
Fix: publish another port, or let ECS choose the host port (bridge mode without a fixed port).`,
  },
  'ec2/project-bind-mount': {
    severity: 'warning',
    title: 'Bind mount of a project folder on EC2',
    doc: `What: a container mounts a path relative to the project (Compose \`./src:/app\`).
Why: on ECS the path would be looked up on the container instance, which does not hold your
project files; Docker would mount an empty folder over the image's files. ecsify drops the mount.
Absolute host paths (\`/var/run/docker.sock\`) are kept on EC2.
Fix: copy the files into the image, or use a named volume for data.`,
  },
  'ec2/cross-task-link': {
    severity: 'warning',
    title: 'Link to a container of another service',
    doc: `What: a container links to a container that runs in another ECS service (Compose \`links\`
between services).
Why: ECS links only connect containers of the same task; ECS rejects a link to anything else.
ecsify drops the link: the other service is reached by its name through Service Connect.
Fix: nothing, unless the app uses the link alias as a host name (then use the service's name).`,
  },
});
