import type { SourceLookup } from '../diagnostics/context.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';

/** What a renderer gets: sorted diagnostics whose `origin.file` is the path to show. */
export interface RenderInput {
  diagnostics: readonly Diagnostic[];
  /**
   * The path to show for a diagnostic's `origin.file`, when it is not that path itself; `sources`
   * is then keyed by `origin.file` (saves copying thousands of diagnostics to rename their file).
   * Read by the stylish renderer only (`convert`); `lint` renames with `forDisplay` instead.
   */
  displayFile?: (file: string) => string;
  /**
   * For a diagnostic with no place: the path (as shown) of the input file it is about, for
   * formats whose consumers need a location for every result (SARIF: GitHub code scanning).
   */
  artifactOf?: (d: Diagnostic) => string | undefined;
  /** Source lines by the same file paths, secrets already masked (for code frames). */
  sources: SourceLookup;
  /** Colour output (TTY and no NO_COLOR). */
  color: boolean;
  /** ecsify version (SARIF). */
  version: string;
}

export type Renderer = (input: RenderInput) => string;
