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

/**
 * Renderers that hand their text over in pieces as they build it (a run with thousands of
 * diagnostics prints megabytes); the others are written whole.
 */
export const STREAMING_RENDERERS: Partial<Record<RenderFormat, (input: RenderInput, write: (chunk: string) => void) => void>> = {
  stylish: writeStylish,
  json: writeJson,
};
export const RENDER_FORMATS = Object.keys(RENDERERS) as RenderFormat[];
