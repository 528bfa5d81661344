import { defineRules } from './define.js';

/**
 * Rules of the launch-type pass for Fargate (src/passes/launch-type.ts): settings Fargate
 * rejects. Errors where the app cannot work without the setting; warnings where ecsify drops or
 * approximates it and the app most likely still works.
 */
export const fargateRules = defineRules({
  'fargate/privileged': {
    severity: 'error',
    title: 'Privileged container on Fargate',
    doc: `What: a container runs privileged (Compose \`privileged: true\`).
Why: Fargate never runs privileged containers; registration fails.
Fix: remove \`privileged\` if the app does not need it (add only the capabilities it needs on EC2),
or convert with \`--launch-type ec2\`.`,
  },
  'fargate/network-mode': {
    severity: 'warning',
    title: 'Network mode other than awsvpc on Fargate',
    doc: `What: the service asks for \`network_mode: host\` or \`bridge\`.
Why: Fargate only has the \`awsvpc\` mode: each task gets its own network interface. ecsify switches
the task to awsvpc. Containers of one task still reach each other on localhost; other services are
reached by name through Service Connect.
Fix: nothing, unless the app needs the host's network (then use \`--launch-type ec2\`).`,
  },
  'fargate/bind-mount': {
    severity: 'warning',
    title: 'Host bind mount on Fargate',
    doc: `What: a container mounts a folder or file of the host (Compose \`./src:/app\`,
\`/var/run/docker.sock:/var/run/docker.sock\`, Dockerrun \`host.sourcePath\`).
Why: Fargate tasks have no host to mount from. ecsify drops the mount, so the container sees what
the image holds at that path.
Fix: copy the files into the image (\`COPY\` in the Dockerfile) for code and configuration; use a
named volume (EFS on Fargate) for data that must persist or be shared; use \`--launch-type ec2\` for
host paths such as the Docker socket.`,
  },
  'fargate/devices': {
    severity: 'error',
    title: 'Host devices on Fargate',
    doc: `What: a container maps host devices (Compose \`devices\`).
Why: Fargate gives containers no access to host devices; registration fails.
Fix: use \`--launch-type ec2\` with instances that have the device, or remove the mapping.`,
  },
  'fargate/capability': {
    severity: 'error',
    title: 'Linux capability Fargate does not grant',
    doc: `What: a container adds a Linux capability other than \`SYS_PTRACE\` (Compose \`cap_add\`).
Why: on Fargate the only capability that may be added is SYS_PTRACE; dropping capabilities is
allowed. Registration fails otherwise.
Fix: remove the capability if the app works without it, or use \`--launch-type ec2\`.`,
  },
  'fargate/tmpfs': {
    severity: 'warning',
    title: 'tmpfs mount on Fargate',
    doc: `What: a container mounts a tmpfs (Compose \`tmpfs\` or a \`type: tmpfs\` volume).
Why: Fargate has no tmpfs mounts. ecsify mounts task-scoped ephemeral storage at the same path
instead: writable scratch space that is discarded with the task, but on disk, not in memory, and
without the size limit.
Fix: nothing, unless the app relies on the data being in memory (then use \`--launch-type ec2\`).`,
  },
  'fargate/shm-size': {
    severity: 'warning',
    title: 'Shared memory size on Fargate',
    doc: `What: a container sets the size of /dev/shm (Compose \`shm_size\`).
Why: Fargate does not let a task change /dev/shm (64 MiB). ecsify drops the setting.
Fix: if the app needs more shared memory (browsers, some databases), use \`--launch-type ec2\`.`,
  },
  'fargate/sysctl': {
    severity: 'error',
    title: 'Kernel parameter Fargate does not allow',
    doc: `What: a container sets a kernel parameter (Compose \`sysctls\`) outside the namespaced ones
Fargate accepts: \`net.*\`, \`kernel.msgmax\`, \`kernel.msgmnb\`, \`kernel.msgmni\`, \`kernel.sem\`,
\`kernel.shmall\`, \`kernel.shmmax\`, \`kernel.shmmni\`, \`kernel.shm_rmid_forced\` and \`fs.mqueue.*\`.
Why: other parameters (e.g. \`vm.max_map_count\`) belong to the host kernel; registration fails.
Fix: remove it (Elasticsearch-style images document a setting to skip the check) or use
\`--launch-type ec2\` and set it on the instances.`,
  },
  'fargate/stop-timeout': {
    severity: 'warning',
    title: 'Stop timeout above the Fargate maximum',
    doc: `What: a container's stop timeout (Compose \`stop_grace_period\`) is above 120 seconds.
Why: Fargate waits at most 120 s between SIGTERM and SIGKILL. ecsify lowers it to 120.
Fix: make the app shut down within two minutes, or use \`--launch-type ec2\` (where the agent's
ECS_CONTAINER_STOP_TIMEOUT applies).`,
  },
  'fargate/ulimit': {
    severity: 'warning',
    title: 'ulimit other than nofile on Fargate',
    doc: `What: a container sets a ulimit other than \`nofile\` (Compose \`ulimits\`).
Why: Fargate keeps the operating system's defaults for every limit except \`nofile\`. ecsify drops
the others.
Fix: nothing, unless the app needs the limit (then use \`--launch-type ec2\`).`,
  },
  'fargate/security-options': {
    severity: 'warning',
    title: 'Docker security options on Fargate',
    doc: `What: a container sets Docker security options (Compose \`security_opt\`, e.g.
\`no-new-privileges\`, \`seccomp=…\`, \`apparmor=…\`).
Why: Fargate does not accept \`dockerSecurityOptions\`. ecsify drops them; Fargate applies its own
isolation.
Fix: nothing to do for the conversion; on EC2 they are kept.`,
  },
  'fargate/dns': {
    severity: 'warning',
    title: 'Custom DNS servers or search domains on Fargate',
    doc: `What: a container sets DNS servers or search domains (Compose \`dns\`, \`dns_search\`).
Why: Fargate tasks use the VPC's resolver; the task definition may not set them. ecsify drops
them.
Fix: configure DNS in the VPC (DHCP option set, Route 53 Resolver) or use \`--launch-type ec2\`.`,
  },
  'fargate/pid-host': {
    severity: 'error',
    title: "Host PID namespace on Fargate",
    doc: `What: a service shares the host's process namespace (Compose \`pid: host\`).
Why: Fargate only allows \`pidMode: task\` (containers of one task share processes); monitoring
agents that need the host's processes cannot run there.
Fix: use \`--launch-type ec2\`, or remove \`pid: host\`.`,
  },
  'fargate/ipc-mode': {
    severity: 'warning',
    title: 'IPC mode on Fargate',
    doc: `What: a service sets an IPC mode (Compose \`ipc\`).
Why: Fargate does not support \`ipcMode\`. ecsify drops it.
Fix: nothing, unless containers share memory over IPC (then use \`--launch-type ec2\`).`,
  },
  'fargate/swap': {
    severity: 'warning',
    title: 'Swap settings on Fargate',
    doc: `What: a container sets swap (Compose \`memswap_limit\`, \`mem_swappiness\`).
Why: Fargate has no swap. ecsify drops the settings.
Fix: give the container enough memory instead.`,
  },
  'fargate/ephemeral-storage': {
    severity: 'error',
    title: 'Ephemeral storage outside the Fargate range',
    doc: `What: the task asks for ephemeral storage outside 21–200 GiB.
Why: Fargate tasks get 20 GiB by default and accept 21 to 200 GiB. Above 200 is an error; below 21
ecsify keeps the 20 GiB default (a warning).
Fix: ask for at most 200 GiB, or put large data on a named volume (EFS).`,
  },
  'fargate/windows-arm64': {
    severity: 'error',
    title: 'Windows on ARM64 on Fargate',
    doc: `What: a task is both Windows and ARM64.
Why: Windows containers on Fargate run on X86_64 only.
Fix: use an X86_64 (linux/amd64 or Windows x64) image and platform.`,
  },
});
