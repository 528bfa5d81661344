/**
 * One Compose service as read by the mapping, before services are grouped into ECS tasks
 * (sidecars join their owner's task) and dependencies are resolved.
 */
import type { Container, Deployment, RouteSpec, RuntimePlatform, Scaling, ScheduledAction, Service, TaskRole, TaskVolume } from '../../ir/types.js';
import type { YMap, YPair } from '../../yaml/node.js';
import type { At } from './to-ir-context.js';

export type DependencyCondition = 'START' | 'HEALTHY' | 'SUCCESS';

export interface DependencyDraft {
  /** Compose name of the service depended on. */
  service: string;
  condition: DependencyCondition;
  /** `required: false`: a missing dependency is only a warning. */
  required: boolean;
  where: At;
}

export interface ServiceDraft {
  /** Compose service name. */
  key: string;
  pair: YPair;
  node: YMap;
  path: string;
  container: Container;
  /** Volumes the container mounts (merged per task later). */
  taskVolumes: TaskVolume[];
  /** `network_mode: host` (other modes follow the launch type). */
  hostNetwork?: At;
  /** This service runs in another service's task. */
  /** `net-container`: the version 1 `net: container:<name>`, which may also name a container outside the project. */
  owner?: { service: string; via: 'network_mode' | 'net-container' | 'x-ecsify.task' | 'links'; where: At };
  pidMode?: { mode: 'host' | 'task'; where: At; service?: string };
  ipcMode?: { mode: 'host' | 'task' | 'none'; where: At; service?: string };
  runtimePlatform?: RuntimePlatform;
  desiredCount: number;
  scaling?: Scaling;
  /** Per-service stop/start schedule (`x-ecsify.schedule`). */
  schedule?: ScheduledAction[];
  deployment?: Deployment;
  routes: RouteSpec[];
  taskRole?: TaskRole;
  spot?: boolean;
  exec?: boolean;
  assignPublicIp?: boolean;
  roleOverride?: Service['role'];
  /** `restart` other than always/unless-stopped, reported once the service's role is known (tasks.ts). */
  restart?: { value: string; where: At };
  dependencies: DependencyDraft[];
  links: { service: string; alias?: string; where: At }[];
  /** Network aliases (discovery names). */
  aliases: string[];
  volumesFrom: { service: string; readOnly: boolean; where: At }[];
  /** Settings that belong to the ECS service or task (ignored, with a warning, on a sidecar). */
  serviceSettings: { what: string; where: At }[];
}
