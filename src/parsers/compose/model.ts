/**
 * The contract between the Compose loader (files → one merged document) and the Compose
 * to-IR mapping (document → Application).
 */
import type { YMap } from '../../yaml/node.js';

/**
 * A loaded Compose project, read the way `docker compose config` reads it: every file and
 * document merged in order, `include` and `extends` resolved, `!reset`/`!override` applied,
 * values interpolated, profiles applied (disabled services removed), a version-1 file wrapped
 * under `services`. Short syntaxes are NOT canonicalised here (to-IR reads both forms). Nodes
 * keep the position where each value was written (in whichever file).
 */
export interface ComposeModel {
  /** Absolute project folder; `Origin.file` paths are relative to it. */
  projectDir: string;
  /** Normalised project name. */
  name: string;
  /** The merged document (top level: services, volumes, secrets, configs, networks, x-*). */
  root: YMap;
  /** Project environment (shell over `.env`/`--env-file`), for bare `environment` entries. */
  env: Readonly<Record<string, string>>;
  /** Files read, relative to `projectDir`, in order. */
  files: string[];
  /** `version:` as written, if any (legacy lint). */
  version?: string;
  /** The file used the version-1 layout (services at the top level). */
  legacyV1?: boolean;
}
