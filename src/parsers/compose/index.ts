/**
 * Compose front end: load the files into one merged document (load.ts → ComposeModel), then
 * map it to the IR (to-ir.ts).
 */
import type { Reporter } from '../../diagnostics/context.js';
import type { LoadResult } from '../detect.js';
import type { LoadOptions } from '../options.js';
import path from 'node:path';
import { loadComposeModel } from './load.js';
import { composeToIR, maskLeftOutServices } from './to-ir.js';
import { get } from '../../yaml/node.js';

export { COMPOSE_FILE_NAMES } from './project.js';
export type { ComposeModel } from './model.js';

/**
 * Loads the Compose project of `options` (files, `.env`, profiles, project name) and maps it
 * to the IR. `app` is undefined when there was nothing to convert (reported).
 */
export async function loadComposeProject(options: LoadOptions, reporter: Reporter): Promise<LoadResult> {
  const model = await loadComposeModel(options, reporter);
  if (!model) return { app: undefined, projectDir: path.resolve(options.cwd, options.path) };
  const services = get(model.root, 'services');
  if (!services || services.kind !== 'map' || services.entries.length === 0) {
    maskLeftOutServices(model, options, reporter);
    return { app: undefined, projectDir: model.projectDir };
  }
  return { app: composeToIR(model, options, reporter), projectDir: model.projectDir };
}
