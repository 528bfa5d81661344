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
 * Two caches of the one script: `ecsify.cjs.cache`, trained on every command, which `convert` and
 * any command but `lint` read; and `ecsify.cjs.lint.cache`, trained on `lint` alone, which `lint`
 * reads. V8 deserializes a whole cache at start: the lint cache leaves out the emitters'
 * functions, 1.2 of the 1.7 MB, and every `lint` starts 2–3 ms sooner (measured on a 2-core
 * machine, medians of 41 interleaved runs: one service 87 → 84–85 ms, and 51 → 49 ms without
 * NODE_EXTRA_CA_CERTS; the Elastic Beanstalk example 94 → 91 ms; the 1000-service file 441 → 434
 * ms).
 *
 * Training (the build only): `ECSIFY_CODE_CACHE_TRAIN=<file>` names a JSON object, `{ "command":
 * "lint", "runs": [...] }`: the runs (argument lists) are run in this one process with their output
 * discarded, then the cache that `command` reads is written.
 *
 * This file imports nothing of ecsify's own but fd-output.ts (which imports nothing), so it stays
 * tiny and is not bundled with the rest.
 * It is built as CommonJS (dist/bundle/ holds a package.json saying so): Node then starts it
 * without setting up its ES module loader, ≈6–9 ms of a one-service `lint` (≈105 ms). Hence no
 * top-level `await` here, and `import.meta.url` is defined by the build.
 */
import { fstatSync, readFileSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import vm from 'node:vm';
import { fdOutput } from './fd-output.js';

interface CliStream {
  write(s: string | Uint8Array): void;
  isTTY?: boolean;
}
interface CliIo {
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  stdout: CliStream;
  stderr: CliStream;
  onSource?: (path: string, text: string) => void;
}
type Run = (argv: string[], io: CliIo) => Promise<number>;

const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'ecsify.cjs');
const training = process.env['ECSIFY_CODE_CACHE_TRAIN'];

/** The code cache a command reads (see above). */
function cacheFileFor(command: string | undefined): string {
  return command === 'lint' ? `${script}.lint.cache` : `${script}.cache`;
}

const cacheFile = cacheFileFor(process.argv[2]);

function readCache(): Buffer | undefined {
  if (training !== undefined || process.env['ECSIFY_CODE_CACHE'] === '0') return undefined;
  try {
    return readFileSync(cacheFile);
  } catch {
    return undefined; // no cache (a build without training): compile from source
  }
}

// CommonJS's own wrapper, plus the URL the bundle uses for `import.meta.url` (to find its package).
// Read as Latin-1: the build makes the bundle ASCII (scripts/bundle-cli.mjs), where Latin-1 and
// UTF-8 give the same string, and Latin-1 skips UTF-8's decoding of the 1.1 MB (≈0.8 ms of
// every run, measured on a 2-core machine: 2.8 → 1.9 ms, median of 6).
const cachedData = readCache();
const compiled = new vm.Script(
  `(function (exports, require, module, __filename, __dirname, __ecsifyModuleUrl) {${readFileSync(script, 'latin1')}\n})`,
  {
    filename: script,
    cachedData,
  },
);
// The bundle's `require`, also the launcher's for the modules it loads only when needed (tty, v8).
const requireHere = createRequire(script);
const cjs = { exports: {} as { run: Run } };
(compiled.runInThisContext() as (...args: unknown[]) => void)(
  cjs.exports,
  requireHere,
  cjs,
  script,
  path.dirname(script),
  pathToFileURL(script).href,
);
const { run } = cjs.exports;
if (process.env['ECSIFY_DEBUG']) {
  const state = cachedData === undefined ? 'not used' : compiled.cachedDataRejected ? 'rejected' : 'accepted';
  process.stderr.write(`ecsify: code cache ${state} (${path.basename(cacheFile)})\n`);
}

/**
 * V8 flags for a large input, set at run time: a cheaper TurboFan. A run is over before most
 * optimised code pays for its compile. TurboFan compiles on a background thread while the main
 * thread goes on running the function unoptimised, and on a 2-core machine that thread shares
 * the second core with the garbage collector's helpers: what it gains is how soon optimised code
 * arrives, more than how good it is.
 * - `--no-turbo-inlining`: each hot function is compiled without inlining its callees. With
 *   inlining, the YAML reader's hot functions took 10–27 ms each to compile. Measured on a 2-core
 *   machine, interleaved runs: `convert` of the 1000-service benchmark file (35,000 lines) 646 →
 *   599 ms (median of 31), with every output written 1.61 → 1.55 s (CPU 2.38 → 2.17 s); of a
 *   200-service file (7,000 lines) 221 → 207 ms; of a 100-service file (3,400 lines), no
 *   difference. Smaller inlining budgets gained less.
 * - Then without load and store elimination, control-flow optimisation, jump threading, move
 *   optimisation, escape analysis and loop peeling. Each alone changed nothing measurable; all
 *   seven cut TurboFan's compile time by a fifth (157 → 125 ms of compiles, measured with the
 *   compiles made on the main thread) and the same `convert` 470 → 438 ms and 488 → 456 ms
 *   (medians of 31 and 41, interleaved, two sessions; 3,766 → 3,708 M instructions); with every
 *   output written 1.12 → 1.07 s (median of 15); of 200 and 300 services and of 2,000 one-service
 *   documents, within noise. Dropping any one of the seven from the set kept most of the gain.
 *   Every output, every diagnostic and the exit code are the same bytes with and without them.
 *
 * Set once the input read so far reaches `LARGE_INPUT` lines (`CliIo.onSource`, before that
 * text is parsed), not at every start: `node:v8` loads Node's stream modules (≈2 ms), which a
 * small run does without. Lines, not characters, measure the work: a file of a few long values
 * (a certificate, a JSON blob) is quick to read and gains nothing. V8 reads these flags when it
 * starts an optimising compile (or a phase of one), so flags set mid-run (Node keeps V8's flags
 * writable for `v8.setFlagsFromString`) apply to the compiles that follow. Not every flag is safe
 * to change mid-run: `--concurrent-sparkplug`, `--no-regexp-tier-up` and the collector's
 * `--no-parallel-marking` set so crash Node 20 (a segmentation fault, a failed V8 check). Each of
 * these eight only decides whether one optional phase of a compile runs (V8 tests the flag as it
 * reaches the phase, or when it sets the job up); set between the inputs of one run, after
 * compiles of the first, they gave the same findings in 25 runs out of 25.
 *
 * Not on Node's command line: there any V8 flag makes V8 reject the code cache, which costs
 * more than it saves. Not in training (no `onSource` then): the cache records the flags in
 * force when it is written, and must match the defaults it is read under. Library callers
 * (`dist/index.js`) are left alone: this is the process's setting.
 */
const V8_FLAGS = [
  '--no-turbo-inlining',
  '--no-turbo-load-elimination',
  '--no-turbo-store-elimination',
  '--no-turbo-cf-optimization',
  '--no-turbo-jt',
  '--no-turbo-move-optimization',
  '--no-turbo-escape',
  '--no-turbo-loop-peeling',
].join(' ');
const LARGE_INPUT = 4000;
let linesRead = 0;

function onSource(_path: string, text: string): void {
  if (linesRead >= LARGE_INPUT) return;
  for (let i = text.indexOf('\n'); i !== -1 && linesRead < LARGE_INPUT; i = text.indexOf('\n', i + 1)) linesRead++;
  if (linesRead < LARGE_INPUT) return;
  // Only an accelerator: where the runtime refuses (a Node-compatible one whose `node:v8` lacks
  // it or throws), the run goes on as it would have.
  try {
    (requireHere('node:v8') as typeof import('node:v8')).setFlagsFromString(V8_FLAGS);
  } catch {
    return;
  }
  if (process.env['ECSIFY_DEBUG']) process.stderr.write(`ecsify: large input, V8 flags set: ${V8_FLAGS}\n`);
}

/** Standard output or error for the run (see fd-output.ts). */
function output(fd: 1 | 2, failed: { code?: string }): CliStream {
  return fdOutput(fd, failed, {
    writeText: (to, text) => writeSync(to, text),
    writeBytes: (to, bytes, offset, length) => writeSync(to, bytes, offset, length),
    stream: () => {
      const stream = fd === 1 ? process.stdout : process.stderr;
      streams.push(stream);
      return stream;
    },
    isTerminal,
  });
}

/** The Node streams `output` fell back to, which `leaveWhenWritten` waits for. */
const streams: NodeJS.WriteStream[] = [];

/**
 * Whether `fd` is a terminal, without loading `tty` (and the stream modules it needs) for a pipe,
 * a file or /dev/null: only a character device can be a terminal, and /dev/null, the one commonly
 * given, is told by its device number.
 */
function isTerminal(fd: number): boolean {
  let rdev: number;
  try {
    const st = fstatSync(fd);
    if (!st.isCharacterDevice()) return false;
    rdev = st.rdev;
  } catch {
    return false;
  }
  if (rdev === devNull()) return false;
  return (requireHere('node:tty') as typeof import('node:tty')).isatty(fd);
}

/** The device number of /dev/null; undefined where there is none (Windows). */
function devNull(): number | undefined {
  try {
    return statSync('/dev/null').rdev;
  } catch {
    return undefined;
  }
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
 * has set the exit code first; `process.exit` still runs the `exit` handler above. Output
 * `output` wrote itself is out already; output still queued in a Node stream it fell back to is
 * waited for (`drain`). Where no `drain` comes (a stream that failed, or one that never filled
 * its buffer), Node's own exit follows as before.
 */
function leaveWhenWritten(): void {
  for (const stream of streams) {
    if (stream.writableLength > 0) {
      stream.once('drain', leaveWhenWritten);
      return;
    }
  }
  process.exit();
}

/** What a training run is given (`ECSIFY_CODE_CACHE_TRAIN`, see above). */
interface Training {
  command: string;
  runs: string[][];
}

/** Runs the CLI, or the training runs then writes the cache (the build only). */
async function main(): Promise<void> {
  if (training === undefined) {
    const failed: { code?: string } = {};
    const stderr = output(2, failed);
    // Write errors arrive as events, possibly after the run returned: settled at exit.
    process.on('exit', () => {
      if (failed.code === undefined) return;
      stderr.write(`ecsify: output could not be written (${failed.code}).\n`);
      process.exitCode = 2;
    });
    process.exitCode = await run(process.argv.slice(2), { cwd: process.cwd(), env: process.env, stdout: output(1, failed), stderr, onSource });
    setImmediate(leaveWhenWritten);
    return;
  }
  const quiet: CliStream = { write: () => {} };
  const { command, runs } = JSON.parse(readFileSync(training, 'utf8')) as Training;
  for (const argv of runs) {
    await run(argv, { cwd: process.cwd(), env: { ...process.env, ECSIFY_CODE_CACHE_TRAIN: undefined }, stdout: quiet, stderr: quiet });
  }
  writeFileSync(cacheFileFor(command), compiled.createCachedData());
}

// The CLI reports its own failures (exit 2 with a banner); this catches only what escapes it.
main().catch((e: unknown) => {
  process.stderr.write(`ecsify: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 2;
});
