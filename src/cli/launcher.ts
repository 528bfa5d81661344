#!/usr/bin/env node
/**
 * The installed command (`dist/bundle/ecsify.js`). The compiler itself is one CommonJS script
 * beside this file (`ecsify.cjs`, the whole CLI bundled by scripts/bundle-cli.mjs); this
 * launcher compiles it with V8's code cache (`ecsify.cjs.cache`), which the build writes after
 * a training run over the bundled examples, so the bytecode of every function those runs used
 * comes from the cache instead of being compiled again at each start.
 *
 * Why: a run is short and cold, and compiling ~0.9 MB of JavaScript was a large share of it.
 * Measured on a 2-core machine: `lint` of a one-service project 141 → 116 ms (median) and
 * `convert` of a 1,000-service file ≈ 60 ms faster. Node 20 has no compile cache for ES
 * modules (`module.enableCompileCache` arrived in Node 22), hence a script and `node:vm`.
 *
 * The cache is only an accelerator: V8 rejects it when the Node version, its flags or the
 * script differ, and the script is then compiled from source as usual. Nothing is written at
 * run time. `ECSIFY_CODE_CACHE=0` ignores the cache (tests compare both ways); with
 * `ECSIFY_DEBUG` set, the launcher says on stderr whether V8 took the cache.
 *
 * Training (the build only): `ECSIFY_CODE_CACHE_TRAIN=<file>` names a JSON array of argument
 * lists; each is run in this one process with its output discarded, then the cache is written.
 *
 * This file imports nothing of ecsify's own, so it stays tiny and is not bundled with the rest.
 * It is built as CommonJS (dist/bundle/ holds a package.json saying so): Node then starts it
 * without setting up its ES module loader, ≈6–9 ms of a one-service `lint` (≈105 ms). Hence no
 * top-level `await` here, and `import.meta.url` is defined by the build.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import vm from 'node:vm';

interface CliStream {
  write(s: string | Uint8Array): void;
  isTTY?: boolean;
}
interface CliIo {
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  stdout: CliStream;
  stderr: CliStream;
}
type Run = (argv: string[], io: CliIo) => Promise<number>;

const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'ecsify.cjs');
const cacheFile = `${script}.cache`;
const training = process.env['ECSIFY_CODE_CACHE_TRAIN'];

function readCache(): Buffer | undefined {
  if (training !== undefined || process.env['ECSIFY_CODE_CACHE'] === '0') return undefined;
  try {
    return readFileSync(cacheFile);
  } catch {
    return undefined; // no cache (a build without training): compile from source
  }
}

// CommonJS's own wrapper, plus the URL the bundle uses for `import.meta.url` (to find its package).
const cachedData = readCache();
const compiled = new vm.Script(
  `(function (exports, require, module, __filename, __dirname, __ecsifyModuleUrl) {${readFileSync(script, 'utf8')}\n})`,
  {
    filename: script,
    cachedData,
  },
);
const cjs = { exports: {} as { run: Run } };
(compiled.runInThisContext() as (...args: unknown[]) => void)(
  cjs.exports,
  createRequire(script),
  cjs,
  script,
  path.dirname(script),
  pathToFileURL(script).href,
);
const { run } = cjs.exports;
if (process.env['ECSIFY_DEBUG']) {
  const state = cachedData === undefined ? 'not used' : compiled.cachedDataRejected ? 'rejected' : 'accepted';
  process.stderr.write(`ecsify: code cache ${state}\n`);
}

/**
 * `stream` for the CLI, safe when its reader goes away (`ecsify lint big | head -1`): Node
 * reports a write to a closed pipe as an `error` event, which unhandled ends the process with a
 * stack trace. A closed pipe stops the output quietly, as Unix tools do, and the run goes on to
 * its exit code; any other write error stops the output and makes the exit code 2.
 */
function guarded(stream: NodeJS.WriteStream, failed: { code?: string }): CliStream {
  let open = true;
  stream.on('error', (e: NodeJS.ErrnoException) => {
    open = false;
    if (e.code !== 'EPIPE') failed.code ??= e.code ?? 'EIO';
  });
  return {
    write: (s) => {
      if (open) stream.write(s);
    },
    isTTY: stream.isTTY,
  };
}

/**
 * Ends the process once the run is over and its output is out, instead of letting Node wind
 * down by itself: left alone, Node first waits for V8's background work (optimising compiles of
 * functions that will not run again) and runs the garbage collections V8 has scheduled, for a
 * heap about to be dropped. Measured after a 1,000-service `convert`, from the run's end to the
 * process's end: 36 → 32 ms (median of 21, stderr to /dev/null), 41 → 39 ms (to a pipe); under
 * callgrind with V8's background work made deterministic, 37 M fewer instructions.
 *
 * Called through `setImmediate`, so a write error already raised (they arrive on the next tick)
 * has set the exit code first; `process.exit` still runs the `exit` handler above. Output still
 * queued for a pipe is waited for (`drain`). Where no `drain` comes (a stream that failed, or
 * one that never filled its buffer), Node's own exit follows as before.
 */
function leaveWhenWritten(): void {
  for (const stream of [process.stdout, process.stderr]) {
    if (stream.writableLength > 0) {
      stream.once('drain', leaveWhenWritten);
      return;
    }
  }
  process.exit();
}

/** Runs the CLI, or the training runs then writes the cache (the build only). */
async function main(): Promise<void> {
  if (training === undefined) {
    const failed: { code?: string } = {};
    const stderr = guarded(process.stderr, failed);
    // Write errors arrive as events, possibly after the run returned: settled at exit.
    process.on('exit', () => {
      if (failed.code === undefined) return;
      stderr.write(`ecsify: output could not be written (${failed.code}).\n`);
      process.exitCode = 2;
    });
    process.exitCode = await run(process.argv.slice(2), { cwd: process.cwd(), env: process.env, stdout: guarded(process.stdout, failed), stderr });
    setImmediate(leaveWhenWritten);
    return;
  }
  const quiet: CliStream = { write: () => {} };
  for (const argv of JSON.parse(readFileSync(training, 'utf8')) as string[][]) {
    await run(argv, { cwd: process.cwd(), env: { ...process.env, ECSIFY_CODE_CACHE_TRAIN: undefined }, stdout: quiet, stderr: quiet });
  }
  writeFileSync(cacheFile, compiled.createCachedData());
}

// The CLI reports its own failures (exit 2 with a banner); this catches only what escapes it.
main().catch((e: unknown) => {
  process.stderr.write(`ecsify: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 2;
});
