import { defineRules } from './define.js';

/** Rules of the sizing pass (src/passes/sizing.ts): task and container CPU and memory. */
export const sizingRules = defineRules({
  'sizing/default': {
    severity: 'info',
    title: 'Task size chosen by default',
    doc: `What: no container of the task sets a CPU or a memory amount (Compose \`cpus\`,
\`mem_limit\`, \`deploy.resources\`; Dockerrun \`cpu\`, \`memory\`), so ecsify picks one.
The default is 256 CPU units (0.25 vCPU) and 512 MiB for each container that sets neither,
summed over the task and rounded up to a valid Fargate size: a one-container service gets
0.25 vCPU / 512 MiB, the smallest Fargate task. When some containers of a task set a value and
others do not, each of the others counts the same default in the task size, so that a sidecar's
limit cannot take the whole task from a container that asked for nothing.
Why: Fargate needs a task size; the smallest one is the cheapest starting point.
Fix: if the app needs more, set \`deploy.resources.limits\` (or \`cpus\`/\`mem_limit\`) in Compose, or
\`cpu\`/\`memory\` in a version 2 Dockerrun file, and convert again. A version 1 Dockerrun file and a
Procfile have no size of their own: EB sized them by the instance type, so name it
(\`aws:ec2:instances\` \`InstanceTypes\`) and ecsify sizes the task from it (\`sizing/instance-hint\`),
or change the sizes in the generated files.`,
  },
  'sizing/rounded-up': {
    severity: 'info',
    title: 'Task size rounded up to a valid Fargate size',
    doc: `What: the containers of a task need a CPU/memory total that is not one of the Fargate task
sizes, so ecsify uses the smallest size that holds it. The message shows the total, the size
chosen and why.
Why: Fargate accepts only the CPU/memory pairs of its size table (0.25 vCPU with 0.5–2 GiB up to
16 vCPU with 32–120 GiB); any other pair is rejected when the task definition is registered.
Rows are tried from the smallest CPU up, so the size chosen is also the cheapest one that fits.
Fix: nothing to do. To avoid paying for the difference, size the containers to a valid pair.`,
  },
  'sizing/too-large': {
    severity: 'error',
    title: 'Task needs more than the largest Fargate size',
    doc: `What: the containers of a task together need more CPU or memory than the largest Fargate
task: 16 vCPU / 120 GiB on Linux, 4 vCPU / 30 GiB for Windows containers.
Why: Fargate cannot run the task at all.
Fix: lower the containers' limits, split the containers into several services, or use
\`--launch-type ec2\` with instances large enough.`,
  },
  'sizing/containers-exceed-task': {
    severity: 'error',
    title: "Containers' CPU or memory exceed the task's",
    doc: `What: the task sets a CPU or memory amount and the sum of its containers' values (memory
limits or, without them, reservations) is larger.
Why: ECS rejects a task definition whose containers ask for more than the task has.
Fix: raise the task value or lower the containers' values.`,
  },
  'sizing/reservation-above-limit': {
    severity: 'error',
    title: 'Memory reservation is larger than the memory limit',
    doc: `What: a container's soft memory limit (Compose \`mem_reservation\` /
\`deploy.resources.reservations.memory\`, Dockerrun \`memoryReservation\`) is larger than its hard
limit (\`mem_limit\` / \`deploy.resources.limits.memory\` / \`memory\`).
Why: ECS requires the hard limit to be greater than the reservation; Docker refuses it too.
Fix: lower the reservation or raise the limit.`,
  },
  'sizing/reservation-equals-limit': {
    severity: 'warning',
    title: 'Memory reservation equals the memory limit',
    doc: `What: a container's memory reservation is the same as its memory limit. Docker accepts
this, ECS does not: it requires the limit to be strictly greater than the reservation.
Why: a reservation equal to the limit adds nothing, so ecsify drops the reservation and keeps the
limit, which ECS also uses for placement.
Fix: remove the reservation from the input, or set it below the limit.`,
  },
  'sizing/container-memory-too-small': {
    severity: 'error',
    title: 'Container memory below the ECS minimum',
    doc: `What: a container's memory limit or reservation is below 6 MiB.
Why: ECS (with Docker 20.10 or later) rejects containers with less than 6 MiB; such a small value is
usually a unit mistake (\`mem_limit: 512\` means 512 bytes, not 512 MiB).
Fix: give the size with a unit: \`512m\`, \`1g\`.`,
  },
  'sizing/instance-hint': {
    severity: 'info',
    title: 'Task size taken from the Elastic Beanstalk instance type',
    doc: `What: no container of the task sets a CPU or memory amount, and the app ran on Elastic
Beanstalk on a known instance type (\`aws:ec2:instances\` InstanceTypes, or the older
\`aws:autoscaling:launchconfiguration\` InstanceType). On EB every instance ran one copy of every
service, so each service gets an equal share of that instance: its memory divided by the number of
services, and its vCPUs divided likewise but lowered so that the CPU does not force a larger memory
size than that share (a 1 vCPU / 512 MiB t2.nano gives 0.25 vCPU / 512 MiB, not 1 vCPU / 2 GiB:
burstable instances rarely use their full vCPUs). Both are capped at the largest Fargate size and
rounded up to a valid Fargate size.
Why: the instance is the only size information the app has; its share is what the service had on
EB, so the service keeps the capacity it was running with.
Fix: nothing to do. Once the service runs on ECS, look at its CPU and memory use (Container
Insights) and set sizes in the input to pay only for what it uses.`,
  },
});
