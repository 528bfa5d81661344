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

/**
 * A container with every field, the optional ones `undefined` until a parser or a pass sets
 * them: all containers then share one hidden class, whatever their input sets and in whatever
 * order. Set only when present, the 1000-service benchmark file's containers had 240 shapes,
 * and every read of a container field in the passes went through V8's megamorphic lookup.
 * (Serialised, an `undefined` field is no field: `ir.json` and the emitters are unchanged.)
 */
export function newContainer(name: string, image: ImageSource): Container {
  return {
    name,
    origin: undefined,
    image,
    command: undefined,
    entryPoint: undefined,
    workingDirectory: undefined,
    user: undefined,
    environment: [],
    ports: [],
    healthCheck: undefined,
    cpu: undefined,
    memory: undefined,
    essential: true,
    dependsOn: [],
    mounts: [],
    volumesFrom: [],
    logging: undefined,
    linux: undefined,
    stopTimeoutSeconds: undefined,
    readonlyRootFilesystem: undefined,
    privileged: undefined,
    hostname: undefined,
    extraHosts: [],
    dnsServers: [],
    dnsSearchDomains: [],
    dockerSecurityOptions: [],
    ulimits: [],
    systemControls: [],
    links: [],
    interactive: undefined,
    pseudoTerminal: undefined,
    labels: {},
    repositoryCredentials: undefined,
    secretFiles: undefined,
    fieldOrigins: undefined,
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
