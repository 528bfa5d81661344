import type { Pass } from './pass.js';

/**
 * The passes, in the order they run. Each is one file in this folder named after it.
 * Parsers produce the IR; these refine and check it; emitters only read the result.
 */
export const PASSES: readonly Pass[] = [];
