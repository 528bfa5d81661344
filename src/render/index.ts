import { renderGithub } from './github.js';
import { renderJson, writeJson } from './json.js';
import { renderSarif } from './sarif.js';
import { renderStylish, writeStylish } from './stylish.js';
import type { Renderer, RenderInput } from './types.js';

export const RENDERERS = {
  stylish: renderStylish,
  json: renderJson,
  sarif: renderSarif,
  github: renderGithub,
} as const satisfies Record<string, Renderer>;

export type RenderFormat = keyof typeof RENDERERS;
export const RENDER_FORMATS = Object.keys(RENDERERS) as RenderFormat[];

/**
 * Each format as a writer, for the CLI: stylish and json hand their text over in pieces as they
 * build it (a run with thousands of diagnostics prints megabytes); the others are written whole.
 * A piece is a string or UTF-8 bytes (stylish), as streams take either.
 */
export const WRITERS = {
  stylish: writeStylish,
  json: writeJson,
  sarif: (input, write) => write(renderSarif(input)),
  github: (input, write) => write(renderGithub(input)),
} as const satisfies Record<RenderFormat, (input: RenderInput, write: (chunk: string | Uint8Array) => void) => void>;
