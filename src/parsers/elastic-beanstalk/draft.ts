/**
 * What an app-definition parser (Dockerrun v1/v2, Procfile, Compose) hands to the option-settings
 * step: the services, and which container answered which EB process port.
 */
import type { Container, InputKind, Origin, Service, Volume } from '../../ir/types.js';

/** One container port that EB's load balancer could reach through an instance port. */
export interface PortTarget {
  service: string;
  container: string;
  containerPort: number;
  origin?: Origin;
}

export interface AppDraft {
  kind: InputKind;
  services: Service[];
  volumes: Volume[];
  /** Behind EB's default process (the web container / process), if any. */
  web?: PortTarget;
  /** Instance (host) port → the container port behind it, for named processes and listeners. */
  hostPorts: Map<number, PortTarget>;
  /** EB passed its environment properties to every container (all platforms but Compose). */
  envToAllContainers: boolean;
  /** Registry credentials secret to attach to containers pulling private images, if any. */
  registrySecret?: string;
  /**
   * A Procfile's `release` entry (Heroku's release phase), kept for a job rather than a service;
   * `shellWhy` says why its command runs through `sh -c`, when it does.
   */
  release?: { command: string[]; shellWhy?: string | undefined; origin?: Origin };
}

export function findContainer(draft: AppDraft, service: string, container: string): Container | undefined {
  return draft.services.find((s) => s.name === service)?.task.containers.find((c) => c.name === container);
}

/** Does an image come from ECR (pulled with the execution role, no credentials needed)? */
export function isEcrImage(image: string): boolean {
  return /^\d{12}\.dkr\.ecr(-fips)?\.[a-z0-9-]+\.amazonaws\.com(\.cn)?\//.test(image) || image.startsWith('public.ecr.aws/');
}
