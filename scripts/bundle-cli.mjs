#!/usr/bin/env node
// Bundles the command line into dist/bundle/ with esbuild, then trains V8's code cache for it.
//
// - ecsify.cjs: the whole CLI (src/cli/main.ts and everything it imports) as one CommonJS
//   script. One file rather than ~100 ES modules: loading many small modules cost ~60 ms at each
//   start, about half of Node's own start-up.
// - ecsify.js: the launcher (src/cli/launcher.ts), the package's `bin`, as CommonJS (with a
//   package.json of `"type": "commonjs"` beside it). It compiles ecsify.cjs
//   with the code cache below; see that file for why and for the figures.
// - ecsify.cjs.cache: V8's code cache for ecsify.cjs, written by the launcher after it ran the
//   bundled examples (lint in every format, convert with every emitter) in one process, so the
//   functions a real run needs are already compiled. It is valid only for this Node binary;
//   another Node rejects it and compiles from source, which is correct, only slower.
// - ecsify.cjs.lint.cache: the same for `lint` alone (the examples in every format), which that
//   command reads instead: without the emitters' functions, it is quicker to deserialize.
//
// The templates of templates/ are precompiled here and bundled with Handlebars' runtime (see
// src/emitters/report/precompiled.ts, which this replaces in the bundle); the full Handlebars,
// with its compiler, stays external, loaded from node_modules only if a template file changed
// after the build. The library entry (dist/index.js) is tsc's output, unbundled.
import { build, transform } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// ECSIFY_BUNDLE_OUT builds elsewhere (the bundle's own test builds into a temporary folder).
const out = path.resolve(process.env.ECSIFY_BUNDLE_OUT ?? path.join(root, 'dist/bundle'));

// Start from an empty folder so files of earlier builds do not pile up.
rmSync(out, { recursive: true, force: true });

/** Every file under templates/, by its path there (`report/MIGRATION.md.hbs`). */
function templateFiles(dir = path.join(root, 'templates'), prefix = '') {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .flatMap((e) => (e.isDirectory() ? templateFiles(path.join(dir, e.name), `${prefix}${e.name}/`) : e.name.endsWith('.hbs') ? [`${prefix}${e.name}`] : []));
}

// The options the unbundled code compiles with, read from their module (TypeScript, no imports).
const optionsSource = await transform(readFileSync(path.join(root, 'src/emitters/report/compile-options.ts'), 'utf8'), { loader: 'ts', format: 'esm' });
const { COMPILE_OPTIONS } = await import(`data:text/javascript,${encodeURIComponent(optionsSource.code)}`);
const require = createRequire(import.meta.url);
const handlebars = require('handlebars');
const precompiledModule = [
  `export const PRECOMPILED = {`,
  ...templateFiles().map((name) => {
    const source = readFileSync(path.join(root, 'templates', name), 'utf8');
    return `  ${JSON.stringify(name)}: { source: ${JSON.stringify(source)}, spec: ${handlebars.precompile(source, COMPILE_OPTIONS)} },`;
  }),
  `};`,
  // An absolute path, so it is bundled (the package name is external) and loaded on first use.
  `export function handlebarsRuntime() { return require(${JSON.stringify(require.resolve('handlebars/runtime'))}); }`,
].join('\n');
const precompiledTemplates = {
  name: 'precompiled-templates',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/]emitters[\\/]report[\\/]precompiled\.ts$/ }, () => ({ contents: precompiledModule, loader: 'js', resolveDir: root }));
  },
};

// Commander requires `node:child_process` when it loads, for subcommands that are separate
// executables (`spawn`), which ecsify has none of; loading it (with the stream, net and dgram
// modules it pulls in) cost every run ≈9 M instructions, ≈1 ms. Loaded on first use instead.
// The build fails if commander no longer reads it this way (an upgrade): look again then.
const lazyChildProcess = {
  name: 'lazy-child-process',
  setup(b) {
    b.onLoad({ filter: /[\\/]node_modules[\\/]commander[\\/]lib[\\/]command\.js$/ }, ({ path: file }) => {
      const source = readFileSync(file, 'utf8');
      const line = "const childProcess = require('node:child_process');";
      const uses = source.match(/\bchildProcess\.\w+/g) ?? [];
      if (!source.includes(line) || uses.some((u) => u !== 'childProcess.spawn')) {
        throw new Error(`${file}: commander no longer requires node:child_process as expected (uses: ${[...new Set(uses)].join(', ')}); update the lazy-child-process plugin`);
      }
      const lazy = "let childProcessModule; const childProcess = { spawn: (...args) => (childProcessModule ??= require('node:child_process')).spawn(...args) };";
      return { contents: source.replace(line, lazy), loader: 'js' };
    });
  },
};

const common = { bundle: true, platform: 'node', target: 'node20', legalComments: 'none', minify: true, logLevel: 'warning' };
await build({
  ...common,
  entryPoints: [path.join(root, 'src/cli/main.ts')],
  outfile: path.join(out, 'ecsify.cjs'),
  format: 'cjs',
  // The AWS SDK (≈25 MB) stays in node_modules, loaded only for an eb:// input.
  external: ['handlebars', '@aws-sdk/*'],
  plugins: [precompiledTemplates, lazyChildProcess],
  // The launcher passes the script's URL (packageRoot() finds templates/ and package.json from it).
  define: { 'import.meta.url': '__ecsifyModuleUrl' },
  sourcemap: true,
});
// The bundle must be ASCII: the launcher reads it into one string, and a single other character
// (esbuild escapes them in strings, not in regular expressions) makes V8 hold all ~0.9 MB of it
// as two-byte text, twice the memory, for the whole run.
{
  const code = readFileSync(path.join(out, 'ecsify.cjs'), 'utf8');
  const at = code.search(/[^\x00-\x7f]/);
  if (at !== -1) {
    throw new Error(`${path.relative(root, path.join(out, 'ecsify.cjs'))} has a non-ASCII character (${JSON.stringify(code.slice(Math.max(0, at - 60), at + 20))}); write it as a \\u escape in the source.`);
  }
}
// The launcher as CommonJS, which Node starts without its ES module loader (see launcher.ts);
// the package.json beside it makes Node read this folder's .js files as CommonJS.
await build({
  ...common,
  entryPoints: [path.join(root, 'src/cli/launcher.ts')],
  outfile: path.join(out, 'ecsify.js'),
  format: 'cjs',
  define: { 'import.meta.url': '__launcherUrl' },
  banner: { js: 'var __launcherUrl = require("node:url").pathToFileURL(__filename).href;' },
});
writeFileSync(path.join(out, 'package.json'), '{ "type": "commonjs" }\n');

// Training: the examples through lint and convert, in one process, then the cache is written;
// and through lint alone, in another, for the smaller cache `lint` reads (see launcher.ts).
const tmp = mkdtempSync(path.join(os.tmpdir(), 'ecsify-train-'));
try {
  const lint = [];
  const all = [];
  for (const example of ['examples/compose-webapp', 'examples/rails-sidekiq-eb']) {
    const input = path.join(root, example);
    const lints = ['stylish', 'json', 'sarif', 'github'].map((format) => ['lint', input, '--format', format]);
    lint.push(...lints);
    all.push(...lints, ['convert', input, '-o', path.join(tmp, path.basename(example)), '--force']);
  }
  for (const training of [{ command: 'convert', runs: all }, { command: 'lint', runs: lint }]) {
    const list = path.join(tmp, `${training.command}.json`);
    writeFileSync(list, JSON.stringify(training));
    execFileSync(process.execPath, [path.join(out, 'ecsify.js')], { cwd: tmp, env: { ...process.env, ECSIFY_CODE_CACHE_TRAIN: list }, stdio: 'inherit' });
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
