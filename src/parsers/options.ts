import type { LaunchType, SecretsBackend } from '../ir/types.js';

/** Everything a parser may need from the command line or the library caller. */
export interface LoadOptions {
  /** The input: a folder, a file or a `.zip` bundle (relative to `cwd`). */
  path: string;
  /** Directory relative paths are resolved against. */
  cwd: string;
  /** Compose files named with `-f` (relative to `cwd`); overrides discovery. */
  composeFiles: string[];
  /** `--env-file` files (relative to `cwd`). */
  envFiles: string[];
  /** `--profile` names. */
  profiles: string[];
  /** `-p` project name. */
  projectName?: string;
  /** The process environment used for interpolation (tests pass their own). */
  env: Readonly<Record<string, string | undefined>>;
  launchType: LaunchType;
  secretsBackend: SecretsBackend;
  /**
   * Which of `launchType`/`secretsBackend` the user chose (a flag) rather than left at the
   * default; a setting in the input file (`x-ecsify`) only overrides the defaults.
   */
  explicit?: { launchType?: boolean; secretsBackend?: boolean };
  /** `--secret NAME`: treat as secret. */
  secretNames: string[];
  /** `--not-secret NAME`: never treat as secret. */
  notSecretNames: string[];
  /** `--exclude NAME`: leave these services out. */
  exclude: string[];
  /** `--schedule SPEC` values (see the README). */
  schedule: string[];
  /** `--region`: the AWS region of an `eb://` input (else AWS_REGION, AWS_DEFAULT_REGION, the profile's). */
  region?: string;
  /** `--bundle PATH`: with an `eb://` input, the app folder or `.zip` to read instead of downloading the running version's. */
  bundle?: string;
  /**
   * Told of each input text as it is read, before it is parsed (by `compile`, through its
   * reporter: `ReporterOptions.onSource`). The CLI's launcher uses it to tune V8 for a large input.
   */
  onSource?: (path: string, text: string) => void;
}

export function defaultLoadOptions(partial: Partial<LoadOptions> & { cwd: string }): LoadOptions {
  return {
    path: '.',
    composeFiles: [],
    envFiles: [],
    profiles: [],
    env: {},
    launchType: 'fargate',
    secretsBackend: 'secretsmanager',
    secretNames: [],
    notSecretNames: [],
    exclude: [],
    schedule: [],
    ...partial,
  };
}
