/**
 * ECS API names (lowerCamelCase, as in a RegisterTaskDefinition request) to CloudFormation
 * property names (PascalCase). Almost always the first letter upper-cased; the exceptions are
 * listed in ../shared/docs/ecs.md §1. Map-typed members keep their keys verbatim.
 */
import { Intrinsic } from './intrinsics.js';

/** Members whose value is a string map: their keys are data, not property names. */
const MAP_MEMBERS = new Set(['dockerLabels', 'options', 'driverOpts', 'labels']);

const RENAMED: Record<string, string> = {
  efsVolumeConfiguration: 'EFSVolumeConfiguration',
  fileSystemId: 'FilesystemId',
  iam: 'IAM',
  fsxWindowsFileServerVolumeConfiguration: 'FSxWindowsFileServerVolumeConfiguration',
};

/** Renamed only inside a given parent member. */
const RENAMED_IN: Record<string, Record<string, string>> = {
  proxyConfiguration: { properties: 'ProxyConfigurationProperties' },
};

function pascal(key: string): string {
  return key.charAt(0).toUpperCase() + key.slice(1);
}

/** The property name of each API member name met so far (a few dozen, met for every container). */
const NAMES = new Map<string, string>();

/** `RENAMED[key] ?? pascal(key)`, remembered. */
function propertyName(key: string): string {
  let name = NAMES.get(key);
  if (name === undefined) {
    name = RENAMED[key] ?? pascal(key);
    NAMES.set(key, name);
  }
  return name;
}

/** Converts an API-shaped value to CloudFormation property casing; intrinsics pass through. */
export function apiToCloudFormation(value: unknown, parent = ''): unknown {
  if (value instanceof Intrinsic) return value;
  if (Array.isArray(value)) return value.map((v) => apiToCloudFormation(v, parent));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const v = (value as Record<string, unknown>)[key];
    if (v === undefined) continue;
    const name = RENAMED_IN[parent]?.[key] ?? propertyName(key);
    if (MAP_MEMBERS.has(key) && v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Intrinsic)) {
      out[name] = { ...(v as Record<string, unknown>) };
    } else {
      out[name] = apiToCloudFormation(v, key);
    }
  }
  return out;
}
