/**
 * The one Handlebars set-up for prose and code output: `strict` (a missing variable throws),
 * `noEscape` (we write Markdown and code, not HTML), `knownHelpersOnly`, and helpers that throw
 * on `undefined` themselves (strict mode does not check helper arguments). Loaded lazily.
 *
 * The bundled CLI carries the templates precompiled (see ./precompiled.ts) and needs only
 * Handlebars' runtime; elsewhere, or when a template file no longer holds the text it was
 * compiled from, the template is compiled on first use.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { packageRoot } from '../../util/package-root.js';
import { COMPILE_OPTIONS } from './compile-options.js';
import { handlebarsRuntime, PRECOMPILED } from './precompiled.js';

type HandlebarsModule = typeof import('handlebars');
type Template = (context: unknown) => string;
type Helpers = Pick<HandlebarsModule, 'registerHelper'>;
type Runtime = Helpers & { create(): Runtime; template(spec: unknown): Template };


function defined(name: string, value: unknown): unknown {
  if (value === undefined) throw new Error(`template helper ${name} got undefined`);
  return value;
}

function withHelpers<T extends Helpers>(hb: T): T {
  hb.registerHelper('code', (v: unknown) => `\`${String(defined('code', v))}\``);
  hb.registerHelper('join', (v: unknown, sep: unknown) => (defined('join', v) as unknown[]).join(typeof sep === 'string' ? sep : ', '));
  hb.registerHelper('json', (v: unknown) => JSON.stringify(defined('json', v)));
  return hb;
}

let compiler: HandlebarsModule | undefined;
let runtime: Runtime | undefined;
const cache = new Map<string, Template>();

function compile(source: string): Template {
  if (!compiler) {
    // Handlebars is CommonJS: `require` it (the bundled CLI is a script, where `import()` of a
    // package would need Node's experimental loader hooks).
    const mod = createRequire(import.meta.url)('handlebars') as HandlebarsModule & { default?: HandlebarsModule };
    compiler = withHelpers((mod.default ?? mod).create() as unknown as HandlebarsModule);
  }
  return compiler.compile(source, COMPILE_OPTIONS);
}

/** `templates/<name>`: precompiled while the file holds the text it was compiled from, else compiled now. */
function templateFor(name: string): Template {
  const source = readFileSync(path.join(packageRoot(), 'templates', name), 'utf8');
  const pre = PRECOMPILED[name];
  const base = pre && pre.source === source ? (handlebarsRuntime() as Runtime | undefined) : undefined;
  if (pre && base) {
    runtime ??= withHelpers(base.create());
    return runtime.template(pre.spec);
  }
  return compile(source);
}

/** Renders `templates/<name>` with a view model of ready-to-print values. */
export async function renderTemplate(name: string, view: unknown): Promise<string> {
  let template = cache.get(name);
  if (!template) {
    template = templateFor(name);
    cache.set(name, template);
  }
  return template(view);
}
