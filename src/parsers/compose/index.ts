/**
 * Compose front end: discover and load the files (loader), then map them to the IR (to-ir).
 * TODO(#2): placeholder until the loader lands; see model.ts for the contract.
 */
import type { Reporter } from '../../diagnostics/context.js';
import type { LoadResult } from '../detect.js';
import type { LoadOptions } from '../options.js';

/** File names looked for in a folder, in Docker Compose's order of preference. */
export const COMPOSE_FILE_NAMES: readonly string[] = ['compose.yaml', 'compose.yml', 'docker-compose.yml', 'docker-compose.yaml'];

export async function loadComposeProject(options: LoadOptions, reporter: Reporter): Promise<LoadResult> {
  void reporter;
  throw new Error(`compose loader not implemented yet for ${options.path}`);
}
