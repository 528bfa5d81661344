import { calledPorts } from './called-ports.js';
import { dependencies } from './dependencies.js';
import { exclude } from './exclude.js';
import { healthChecks } from './health-checks.js';
import { launchType } from './launch-type.js';
import type { Pass } from './pass.js';
import { ports } from './ports.js';
import { buildImage } from './rules/build-image.js';
import { imageTag } from './rules/image-tag.js';
import { jobServiceConnect } from './rules/job-service-connect.js';
import { loadBalancerLimits } from './rules/load-balancer-limits.js';
import { networkIds } from './rules/network-ids.js';
import { privilegedPort } from './rules/privileged-port.js';
import { statefulService } from './rules/stateful-service.js';
import { taskContainers } from './rules/task-containers.js';
import { windowsImage } from './rules/windows-image.js';
import { secretFiles } from './secret-files.js';
import { secretSweep } from './secret-sweep.js';
import { secrets } from './secrets.js';
import { sizing } from './sizing.js';

/**
 * The passes, in the order they run. Each is one file in this folder (lint rules, which only
 * report, in `rules/`) named after it. Parsers produce the IR; these refine and check it;
 * emitters only read the result.
 */
export const PASSES: readonly Pass[] = [
  // First, so no IR dump (`--dump-ir-after`) and no later pass sees a secret value: what later
  // passes copy around (health-check URLs into targets, variables into templates) is masked.
  secretSweep, //     secret values outside their own variable: other variables → references; commands, labels… → error, masked
  secrets, //         plain secrets the parsers missed → references; every reference defined
  exclude, //         excluded services → endpoint parameters (after secrets: prunes theirs)
  dependencies, //    depends_on inside a task → dependsOn; across services → calls + report
  launchType, //      Fargate / awsvpc / EC2 rules: drop or reject what the launch type refuses
  sizing, //          task size (Fargate table), container memory rules (after launch-type fixes)
  secretFiles, //     secrets read as files → an init container writes them (after sizing: adds no size)
  calledPorts, //     called services that declare no port: the port the callers use (after dependencies: calls)
  ports, //           published ports → ALB/NLB listeners and targets, discovery names
  healthChecks, //    container and target health checks within ECS/ELB ranges (after ports)
  statefulService, // lint: data stores run as services
  imageTag, //        lint: images without a version
  buildImage, //      lint: built images with no repository
  privilegedPort, //  lint: non-root containers on ports below 1024
  windowsImage, //    lint: Windows images
  networkIds, //      lint: VPC and subnet ids no VPC or subnet can have
  jobServiceConnect, // lint: one-off jobs that reach other services by Service Connect name (after dependencies: calls)
  taskContainers, //  lint: more containers in a task than ECS takes (after secretFiles adds its init container)
  loadBalancerLimits, // lint: target groups per service, listeners and target groups per load balancer
];
