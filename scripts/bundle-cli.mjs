#!/usr/bin/env node
// Bundles the command line into dist/bundle/ecsify.js (+ lazily loaded chunks) with esbuild.
// Why: loading ~100 small ES modules costs ~60 ms at every start, about half of Node's own
// start-up; one bundle with code splitting keeps `ecsify lint` near `node -e 0` while the
// emitters, Handlebars and the AWS SDK stay in chunks loaded only when a command needs them.
// Handlebars (CommonJS) stays external and is imported from node_modules when the report is
// written. The library entry (dist/index.js) is tsc's output, unbundled.
import { build } from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

import { rmSync } from 'node:fs';

// Start from an empty folder so chunks of earlier builds do not pile up.
rmSync(path.join(root, 'dist/bundle'), { recursive: true, force: true });

await build({
  entryPoints: { ecsify: path.join(root, 'src/cli/bin.ts') },
  outdir: path.join(root, 'dist/bundle'),
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  chunkNames: 'chunks/[name]-[hash]',
  external: ['handlebars', '@aws-sdk/*'],
  legalComments: 'none',
  minify: true,
  sourcemap: true,
  logLevel: 'warning',
});
