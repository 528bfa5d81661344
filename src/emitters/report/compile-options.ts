/**
 * Handlebars options of every template: `strict` (a missing variable throws), `noEscape` (we
 * write Markdown and code, not HTML) and only the helpers registered in ./handlebars.ts. A
 * module of its own, importing nothing, because scripts/bundle-cli.mjs reads it too when it
 * precompiles the templates.
 */
export const COMPILE_OPTIONS = { strict: true, noEscape: true, knownHelpers: { code: true, join: true, json: true }, knownHelpersOnly: true };
