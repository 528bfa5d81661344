/**
 * Logical ids: readable (`WebService`, `WebTargetGroup`), stable (derived from names only, never
 * from positions), alphanumeric, at most 255 characters, and unique in the template even when
 * input names differ only in punctuation (`web-api` and `web_api`).
 *
 * Known limit: names whose bases collide are told apart by which sorts first (see `baseNames`),
 * so adding a colliding name can rename an existing one's resources. Deriving the suffix from
 * each name alone would not help: the plain base would then belong to no colliding name, so the
 * existing one is renamed as soon as a second one appears; and hashing every name would rename
 * every resource of every existing stack. The README tells users to avoid such names.
 */

/** Longest name part kept before a hash suffix is added; leaves room for the resource suffix. */
const MAX_BASE = 64;

/** FNV-1a 32-bit of a string, as 6 base-36 characters: the deterministic disambiguator. */
export function shortHash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(36).padStart(7, '0').slice(-6);
}

/** `web-api` → `WebApi`, `my_db2` → `MyDb2`, `webApp` → `WebApp`; non-ASCII letters are dropped. */
export function pascalCase(name: string): string {
  const out = name
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
  if (out.length <= MAX_BASE) return out;
  return out.slice(0, MAX_BASE - 6) + shortHash(name);
}

/**
 * Bases for a set of names of one kind: `pascalCase`, except that names whose base collides
 * (or is empty) get a hash of the original name appended. Which one keeps the plain base does not
 * depend on input order: the name that sorts first. It does depend on the set: with `web_app`
 * alone it keeps `WebApp`; add `web-app` (which sorts first) and `web_app` becomes
 * `WebApp<hash>`, so its resources get new ids and CloudFormation replaces them.
 */
export function baseNames(names: readonly string[], fallback: string): Map<string, string> {
  const byBase = new Map<string, string[]>();
  for (const n of [...new Set(names)].sort()) {
    const b = pascalCase(n);
    const list = byBase.get(b) ?? [];
    list.push(n);
    byBase.set(b, list);
  }
  const out = new Map<string, string>();
  for (const [b, list] of byBase) {
    list.forEach((n, i) => {
      if (b === '') out.set(n, fallback + shortHash(n));
      else out.set(n, i === 0 ? b : b + shortHash(n));
    });
  }
  return out;
}

/** The template-wide registry: Parameters, Resources, Conditions, Outputs share one namespace here. */
export class LogicalIds {
  private readonly taken = new Set<string>();

  /** Reserves `wanted`; if it is taken, a deterministic suffix from `key` is added. */
  claim(wanted: string, key: string = wanted): string {
    if (!/^[A-Za-z0-9]+$/.test(wanted)) throw new Error(`internal: logical id ${JSON.stringify(wanted)} is not alphanumeric`);
    let id = wanted;
    for (let i = 0; this.taken.has(id); i++) id = wanted + shortHash(i === 0 ? key : `${key}#${i}`);
    if (id.length > 255) throw new Error(`internal: logical id ${id} is longer than 255 characters`);
    this.taken.add(id);
    return id;
  }

  has(id: string): boolean {
    return this.taken.has(id);
  }
}
