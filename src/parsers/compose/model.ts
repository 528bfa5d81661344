/**
 * The contract between the Compose loader (files → one merged document) and the Compose
 * to-IR mapping (document → Application).
 */
import type { YMap, YPair } from '../../yaml/node.js';

/**
 * A loaded Compose project, read the way `docker compose config` reads it (../shared/docs/
 * compose.md §2). What the loader guarantees about `root`:
 *
 * Done:
 * - every file and YAML document merged in order with Compose's merge rules (§7.1–7.3);
 *   `!reset`/`!override` applied and no `!reset`/`!override` tag left anywhere;
 * - `include` resolved (key removed; imported services/volumes/networks/secrets/configs/models
 *   merged under the including file's definitions);
 * - `extends` resolved (key removed from every service);
 * - every string value interpolated (`$$` already turned into `$`); strings at the paths
 *   compose-go casts (§6.4: `deploy.replicas`, `init`, `ports[].target`, `cpus`, …) converted
 *   to int/float/bool scalars;
 * - list entries sharing an identity key de-duplicated (§7.3: environment/labels by name,
 *   ports, volumes by target, secrets/configs by target, …), later entry in the earlier place;
 * - `version` removed (its value is in `version`); services switched off by profiles removed;
 * - a version-1 document wrapped under `services`;
 * - relative paths written in a file pulled in by `extends: {file}` or `include` rewritten to
 *   be relative to `projectDir` (build context, env_file, label_file, bind sources,
 *   develop.watch paths, secrets/configs `file`, bind `driver_opts.device`); so every relative
 *   path in `root` resolves against `projectDir`. Rewritten scalars keep the position of the
 *   value as written (their text differs from the source there).
 *
 * Not done (the to-IR mapping reads both forms):
 * - no canonicalisation of short syntaxes: ports, volumes, `build: ./dir`, `depends_on: [a]`,
 *   `env_file: a.env`, `networks: [a]`, secrets `- s` are as written;
 * - `environment`/`labels`/`build.args`/… are a mapping or a `KEY=VALUE` list; when two files
 *   used different forms the result is the mapping form (list entries split at the first `=`,
 *   a bare `KEY` becomes a null value) — the value nodes of the mapping side keep their YAML
 *   type, so Go-style stringification (`go-format.ts`) still applies to them;
 * - no defaults applied, no cross-field checks (image-or-build, undefined networks…), no
 *   unit parsing; non-string scalars in string places are left as they are (use
 *   `goScalarString` to read them the way Compose stringifies them);
 * - old-format service keys (`log_driver`, `net`, `dockerfile`, `volume_driver`,
 *   `cgroupns_mode`, …) are kept as written and are not schema errors.
 *
 * Positions: every node keeps the file and offset where its value was written (for a value
 * from an anchor: the anchor; for a merged value: the file that contributed it). A merged
 * mapping keeps the position of the first file's mapping. Nodes may be shared (aliases):
 * never mutate them.
 */
export interface ComposeModel {
  /** Absolute project folder; `Origin.file` paths are relative to it. */
  projectDir: string;
  /** Normalised project name. */
  name: string;
  /** The merged document (top level: services, volumes, secrets, configs, networks, x-*). */
  root: YMap;
  /**
   * Project environment (shell over `.env`/`--env-file`), for bare `environment` entries and
   * `env_file` interpolation; `COMPOSE_PROJECT_NAME` is set to `name`.
   */
  env: Readonly<Record<string, string>>;
  /** Files read (Compose files, extended and included files), relative to `projectDir`, in order. */
  files: string[];
  /** `version:` as written, if any (legacy lint). */
  version?: string;
  /** A file used the version-1 layout (services at the top level). */
  legacyV1?: boolean;
  /** Active profiles (`--profile`, else `COMPOSE_PROFILES`). */
  activeProfiles?: string[];
  /** Services removed because none of their profiles is active (sorted). */
  disabledServices?: string[];
  /**
   * Those services as written (file order): not mapped, but their secrets (environment, build
   * arguments, command-line passwords) are still masked in code frames, which show the line
   * above the one they point at.
   */
  disabledServiceEntries?: YPair[];
  /**
   * JSON pointers (`/services/web/user`) of the places reported as `compose/schema` errors, or
   * by interpolation as values that cannot be cast to their type (`cpus: ${UNSET}`), so the
   * mapping can avoid reporting the same place twice. Empty when the model is valid.
   */
  schemaErrors?: string[];
}
