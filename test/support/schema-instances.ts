/**
 * Random instances of a JSON schema (the official Compose schema, for generated-compose.test.ts):
 * objects with a few of the properties the schema names, each value of a type the schema allows
 * there, strings drawn from values Compose files really hold. Most instances are valid; with
 * `typeSwaps` some values get a type the schema does not allow there.
 *
 * Understood: `$ref` to `#/definitions/…`, `oneOf`/`anyOf` (one branch taken), `enum`, `const`,
 * `type` (one or a list), `properties`, `patternProperties`, `additionalProperties`, `items`.
 * Everything else (`pattern`, `format`, `minimum`, `required`…) is ignored: the instance may
 * break it, which the caller can check with a validator.
 */

type Schema = Record<string, unknown> | boolean;

export interface InstanceOptions {
  rand: () => number;
  /** Most properties an object of nesting depth 1 gets (deeper ones get at most 3). */
  topProperties: number;
  /** Chance that a value takes a type the schema does not allow (0 for none). */
  typeSwaps: number;
}

/** Strings of the kinds Compose values take: names, ports, sizes, durations, paths, commands… */
const STRINGS = [
  'web', 'db', '8080', '80:80', '127.0.0.1:8080:80/tcp', '1.5', '512m', '10s', '1m30s', '/data:/data:ro', './x:/y',
  'nginx:1.25', 'redis', 'a=b', 'CMD-SHELL', 'echo hi && sleep 1', '${FOO:-bar}', '$$HOME', 'host.docker.internal:host-gateway',
  'unix:///var/run/docker.sock', '', ' ', 'ñ', '0', 'true', 'none', 'bridge', 'default', 'json-file', 'awslogs', 'always',
  'on-failure:3', '0.5', '1g', '100', 'x'.repeat(300),
];
const INTEGERS = [0, 1, 2, -1, 3, 512, 65535, 70000, 2 ** 33];
const NUMBERS = [0, 0.25, 1, 1.5, 2, 4, 1024, -1];
const MAP_KEYS = ['FOO', 'LEVEL', 'x-extra', 'com.example.label', 'svc0', 'svc1', 'PORT'];
const ANY_TYPE = ['string', 'number', 'boolean', 'null', 'array', 'object'];

export function schemaInstance(root: Record<string, unknown>, schema: Schema, options: InstanceOptions): unknown {
  const definitions = (root['definitions'] ?? {}) as Record<string, Schema>;
  const { rand } = options;
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;

  const resolve = (s: Schema | undefined): Schema | undefined => {
    let out = s;
    for (let i = 0; i < 20 && typeof out === 'object' && typeof out['$ref'] === 'string'; i++) {
      out = definitions[(out['$ref'] as string).split('/').pop() as string];
    }
    return out;
  };

  const make = (given: Schema | undefined, depth: number): unknown => {
    const s = resolve(given);
    if (typeof s !== 'object' || depth > 7) return pick(STRINGS);
    if (Array.isArray(s['enum'])) return pick(s['enum'] as unknown[]);
    if ('const' in s) return s['const'];
    const branches = (s['oneOf'] ?? s['anyOf']) as Schema[] | undefined;
    if (branches && rand() < 0.9) return make(pick(branches), depth + 1);
    let type = s['type'] as string | string[] | undefined;
    if (Array.isArray(type)) type = pick(type);
    type ??= s['properties'] || s['patternProperties'] ? 'object' : s['items'] ? 'array' : pick(['string', 'number', 'boolean']);
    if (rand() < options.typeSwaps) type = pick(ANY_TYPE);
    switch (type) {
      case 'integer':
        return pick(INTEGERS);
      case 'number':
        return pick(NUMBERS);
      case 'boolean':
        return rand() < 0.5;
      case 'null':
        return null;
      case 'array':
        return Array.from({ length: Math.floor(rand() * 4) }, () => make(s['items'] as Schema | undefined, depth + 1));
      case 'object': {
        const out: Record<string, unknown> = {};
        const properties = (s['properties'] ?? {}) as Record<string, Schema>;
        const names = Object.keys(properties);
        const count = Math.min(names.length, Math.floor(rand() * (depth === 1 ? options.topProperties : 4)));
        for (let i = 0; i < count; i++) {
          const name = pick(names);
          out[name] = make(properties[name], depth + 1);
        }
        const patterns = s['patternProperties'] as Record<string, Schema> | undefined;
        const extra = patterns ? Object.values(patterns)[0] : typeof s['additionalProperties'] === 'object' ? (s['additionalProperties'] as Schema) : undefined;
        if (extra !== undefined) for (let i = Math.floor(rand() * 3); i > 0; i--) out[pick(MAP_KEYS)] = make(extra, depth + 1);
        return out;
      }
      default:
        return pick(STRINGS);
    }
  };

  return make(schema, 1);
}
