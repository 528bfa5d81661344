/**
 * The one Handlebars instance for prose and code output: `strict` (a missing variable throws),
 * `noEscape` (we write Markdown and code, not HTML), `knownHelpersOnly`, and helpers that throw
 * on `undefined` themselves (strict mode does not check helper arguments). Loaded lazily.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { packageRoot } from '../../util/package-root.js';

type HandlebarsModule = typeof import('handlebars');
type Template = (context: unknown) => string;

let instance: Promise<{ hb: HandlebarsModule; cache: Map<string, Template> }> | undefined;

function defined(name: string, value: unknown): unknown {
  if (value === undefined) throw new Error(`template helper ${name} got undefined`);
  return value;
}

async function load() {
  // Handlebars is CommonJS: `require` it (the bundled CLI is a script, where `import()` of a
  // package would need Node's experimental loader hooks).
  const mod = createRequire(import.meta.url)('handlebars') as HandlebarsModule & { default?: HandlebarsModule };
  const hb = (mod.default ?? mod).create() as unknown as HandlebarsModule;
  hb.registerHelper('code', (v: unknown) => `\`${String(defined('code', v))}\``);
  hb.registerHelper('join', (v: unknown, sep: unknown) => (defined('join', v) as unknown[]).join(typeof sep === 'string' ? sep : ', '));
  hb.registerHelper('json', (v: unknown) => JSON.stringify(defined('json', v)));
  return { hb, cache: new Map<string, Template>() };
}

/** Renders `templates/<name>` with a view model of ready-to-print values. */
export async function renderTemplate(name: string, view: unknown): Promise<string> {
  instance ??= load();
  const { hb, cache } = await instance;
  let template = cache.get(name);
  if (!template) {
    const source = readFileSync(path.join(packageRoot(), 'templates', name), 'utf8');
    template = hb.compile(source, { strict: true, noEscape: true, knownHelpers: { code: true, join: true, json: true }, knownHelpersOnly: true });
    cache.set(name, template);
  }
  return template(view);
}
