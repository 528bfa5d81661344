/**
 * Templates compiled when the CLI is bundled: `scripts/bundle-cli.mjs` replaces this module, in
 * the bundle only, with each template of `templates/` precompiled by Handlebars (the source it
 * was compiled from, and the compiled spec). Here (tests, the library build) the table is empty
 * and templates are compiled when first used.
 *
 * Why: compiling the report template and loading the Handlebars compiler took ≈40 ms of a
 * one-service `convert` (≈170 ms); the bundle needs only Handlebars' runtime, compiled with
 * the rest of the CLI under its code cache.
 */
export interface PrecompiledTemplate {
  /** The template text the spec was compiled from: used only while templates/ still holds it. */
  source: string;
  /** What `Handlebars.precompile` returned, evaluated (an object for `Handlebars.template`). */
  spec: unknown;
}

export const PRECOMPILED: Readonly<Record<string, PrecompiledTemplate>> = {};

/** Handlebars' runtime (no compiler), or undefined where it is not bundled. */
export function handlebarsRuntime(): unknown {
  return undefined;
}
