/**
 * Constructors for IR nodes with every required field at its neutral default, so parsers only
 * set what their input says.
 */
import type { Application, Container, ImageSource, LaunchType, SecretsBackend, Service, Settings, SourceInfo } from './types.js';

export function newSettings(launchType: LaunchType = 'fargate', secretsBackend: SecretsBackend = 'secretsmanager'): Settings {
  return { launchType, secretsBackend, secretNames: [], notSecretNames: [], exclude: [], tags: {} };
}

export function newApplication(name: string, source: SourceInfo, settings: Settings): Application {
  return {
    name,
    source,
    services: [],
    volumes: [],
    secrets: [],
    ingress: { loadBalancers: [], targets: [] },
    jobs: [],
    excluded: [],
    settings,
  };
}

export function newContainer(name: string, image: ImageSource): Container {
  return {
    name,
    image,
    environment: [],
    ports: [],
    essential: true,
    dependsOn: [],
    mounts: [],
    volumesFrom: [],
    extraHosts: [],
    dnsServers: [],
    dnsSearchDomains: [],
    dockerSecurityOptions: [],
    ulimits: [],
    systemControls: [],
    links: [],
    labels: {},
  };
}

export function newService(appName: string, name: string, containers: Container[], launchType: LaunchType): Service {
  return {
    name,
    role: 'worker',
    task: {
      family: familyName(appName, name),
      networkMode: launchType === 'fargate' ? 'awsvpc' : 'bridge',
      containers,
      volumes: [],
    },
    desiredCount: 1,
    routes: [],
    calls: [],
  };
}

/**
 * Task definition family `<app>-<service>`: up to 255 letters, digits, `_` and `-`. Other
 * characters become `-`; a name that would be empty becomes `app`.
 */
export function familyName(appName: string, serviceName: string): string {
  const joined = `${appName}-${serviceName}`;
  if (joined.length <= 255 && VALID_NAME.test(joined)) return joined; // as in `ecsName`
  const raw = joined.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '');
  return (raw || 'app').slice(0, 255);
}

/** Letters, digits, `_` and `-`, neither first nor last a `-`: what `ecsName` returns unchanged. */
const VALID_NAME = /^[A-Za-z0-9_](?:[A-Za-z0-9_-]*[A-Za-z0-9_])?$/;

/** Container/volume names: 1–255 of letters, digits, `_` and `-`. */
export function ecsName(name: string): string {
  // Most names (service and volume names) are already valid: one test instead of two replaces.
  if (name.length <= 255 && VALID_NAME.test(name)) return name;
  const raw = name.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '');
  return (raw || 'x').slice(0, 255);
}
