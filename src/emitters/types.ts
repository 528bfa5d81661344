import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { Application } from '../ir/types.js';
import type { RepositoryLayout } from './ci/github-workflow.js';
import type { EmitKind } from './kinds.js';

/** One output file: a path relative to the output folder and its full contents. */
export interface EmittedFile {
  path: string;
  contents: string;
  /**
   * The same contents in pieces, in order, when the emitter made them that way (large
   * outputs): a writer may encode them one by one rather than read `contents`, which then
   * joins them (see pieces.ts).
   */
  readonly pieces?: readonly string[];
  /**
   * The `${NAME}` placeholders the emitter left in the contents for the user to fill, when it
   * says (task definitions and jobs): the contents may hold `${NAME}` text of the input's own
   * (a command's `${HOME}`), which is no placeholder. See placeholders.ts.
   */
  readonly placeholders?: readonly string[];
}

/** Options every emitter receives. */
export interface EmitOptions {
  /** ecsify version written into headers (tests pin it). */
  version: string;
  /** How the user named the input (as typed, relative), for headers. */
  inputLabel: string;
  /** Serialisation for templates: YAML (default) or JSON. */
  format: 'yaml' | 'json';
  /** The run's diagnostics (sorted, secrets masked), for the migration report. */
  diagnostics?: readonly Diagnostic[];
  /** What the run writes, for the migration report (which names the other files). */
  kinds?: readonly EmitKind[];
  /** Where the output folder stands in the user's Git repository, for the CI workflow (default: `ecs/` at its root). */
  repository?: RepositoryLayout;
}

/**
 * An emitter is pure: the same application and options give byte-identical files. It may be
 * async (to load a heavy module such as Handlebars lazily).
 */
export type Emitter = (app: Application, options: EmitOptions) => EmittedFile[] | Promise<EmittedFile[]>;
