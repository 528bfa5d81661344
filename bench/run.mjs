#!/usr/bin/env node
// Benchmarks `ecsify lint` and `ecsify convert` as whole processes (what a user waits for),
// against `node -e 0` as the floor, run before each run of each command. Not a test: run `npm run bench`.
//
// Inputs: a one-service project, and files from ../shared/bench/gen-compose.mjs N for
// N = 10, 100, 1000; and `lint eb://…` of a live environment served by bench/fake-eb.mjs on
// 127.0.0.1 (the AWS SDK's load and four calls) beside `lint` of the same bundle from its
// folder. Each command runs RUNS times; the median wall time is reported, with the median
// of the floor runs between them, the median ratio to the floor, and the peak resident memory
// when /usr/bin/time is available. Where NODE_EXTRA_CA_CERTS is set, which makes every Node
// process slower to start, the floor, `lint` of one service and the largest conversion also run
// without it.
//
// With --instructions, each command instead runs once under valgrind's callgrind and the row
// gives the instructions it executed, Node run with --single-threaded: the collector's and the
// compiler's work is then done, and counted, on the one thread, the same amount whatever else
// the machine runs (counted on helper threads, it varied by 10% with the load). A count varies
// by under 1% between runs where wall time on this host varies by half, so it shows a change of
// a few percent. V8 rejects the bundle's code cache under that flag, so every count includes
// compiling the bundle: `lint` of one service counts 0.91 G so, 0.64 G in a real run. It needs
// valgrind, and takes minutes (a process runs ~50x slower under it).
//
// Usage: node bench/run.mjs [--runs N] [--sizes 10,100,1000] [--instructions] [--json]

import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const shared = path.resolve(root, '../shared');
const bin = path.join(root, 'dist/bundle/ecsify.js');
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i === -1 ? dflt : args[i + 1];
};
const RUNS = Number(opt('--runs', '7'));
const SIZES = String(opt('--sizes', '10,100,1000')).split(',').map(Number);
const asJson = args.includes('--json');
const INSTRUCTIONS = args.includes('--instructions');

if (!existsSync(bin)) {
  process.stderr.write('bench: building first (npm run build)\n');
  execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
}

const tmp = mkdtempSync(path.join(os.tmpdir(), 'ecsify-bench-'));
const timeBin = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

/**
 * One timed run. Output goes to /dev/null, stdout and stderr alike (as if redirected to a file),
 * and /usr/bin/time writes its figure to a file of its own (`-o`). Not to a pipe the bench reads:
 * `convert` writes its diagnostics to stderr, 4 MB for the 1000-service file, and pushing them
 * through a 64 KB pipe to this process added ≈20 ms to that row (medians of 21, interleaved),
 * the reader's cost, not ecsify's. A failed run is run again with stderr kept, for the message.
 */
function once(cmd, cmdArgs, env = process.env) {
  const timeOut = path.join(tmp, 'time.out');
  const started = process.hrtime.bigint();
  const r = timeBin
    ? spawnSync(timeBin, ['-o', timeOut, '-f', '%M', cmd, ...cmdArgs], { cwd: tmp, env, stdio: 'ignore' })
    : spawnSync(cmd, cmdArgs, { cwd: tmp, env, stdio: 'ignore' });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (r.status === 2 || r.error) {
    const again = spawnSync(cmd, cmdArgs, { encoding: 'utf8', cwd: tmp, env, stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 28 });
    throw new Error(`${cmdArgs.join(' ')} failed: ${r.error ?? again.stderr}`);
  }
  // /usr/bin/time's figure is the last line of its file (after "Command exited with non-zero status 1").
  const rssKb = timeBin ? Number((readFileSync(timeOut, 'utf8').trim().split('\n').pop() ?? '').trim()) : NaN;
  return { seconds, rssMb: rssKb / 1024 };
}

/**
 * Runs the command RUNS times, each run right after a run of the floor (`node -e 0`): this host's
 * speed drifts by half within minutes (the floor's median went from 0.19 s to 0.10 s between two
 * runs of this script), so a floor measured once at the start misstates later ratios. `x floor`
 * is the median of each run's time over the floor run just before it.
 */
function measure(label, cmd, cmdArgs, env, floorEnv = process.env) {
  if (INSTRUCTIONS) return counted(label, cmd, cmdArgs, env, floorEnv);
  once(cmd, cmdArgs, env); // warm the file-system cache
  const runs = [];
  const floors = [];
  for (let i = 0; i < RUNS; i++) {
    floors.push(once(process.execPath, ['-e', '0'], floorEnv).seconds);
    runs.push(once(cmd, cmdArgs, env));
  }
  const times = runs.map((r) => r.seconds);
  const peak = Math.max(...runs.map((r) => r.rssMb));
  return {
    label,
    median: median(times),
    min: Math.min(...times),
    max: Math.max(...times),
    floor: median(floors),
    xFloor: median(times.map((t, i) => t / floors[i])),
    peakMb: Number.isFinite(peak) ? peak : undefined,
  };
}

/** Instructions a Node process executes, counted by callgrind (see --instructions). */
function instructions(cmd, cmdArgs, env = process.env) {
  const nodeArgs = cmd === process.execPath ? ['--single-threaded', ...cmdArgs] : cmdArgs;
  const r = spawnSync('valgrind', ['--tool=callgrind', '--callgrind-out-file=/dev/null', cmd, ...nodeArgs], {
    encoding: 'utf8',
    cwd: tmp,
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
    maxBuffer: 1 << 28,
  });
  if (r.error) throw new Error(`--instructions needs valgrind: ${r.error.message}`);
  const m = /Collected : (\d+)/.exec(r.stderr);
  if (!m || r.status === 2) throw new Error(`${cmdArgs.join(' ')} failed under valgrind: ${r.stderr.slice(-2000)}`);
  return Number(m[1]);
}

/** The floor's count by environment, made once: it does not drift as wall time does. */
const floorInstructions = new Map();

function counted(label, cmd, cmdArgs, env, floorEnv) {
  let floor = floorInstructions.get(floorEnv);
  if (floor === undefined) floorInstructions.set(floorEnv, (floor = instructions(process.execPath, ['-e', '0'], floorEnv)));
  const n = instructions(cmd, cmdArgs, env);
  return { label, instructions: n, floorInstructions: floor, xFloor: n / floor };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function project(name, text) {
  const dir = path.join(tmp, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'compose.yaml'), text);
  return dir;
}

/** Drops `mem_reservation:` lines and `reservations:` blocks. */
function withoutReservations(text) {
  const out = [];
  let skipDeeperThan = -1;
  for (const line of text.split('\n')) {
    const indent = line.search(/\S/);
    if (skipDeeperThan >= 0) {
      if (line.trim() === '' || indent > skipDeeperThan) continue;
      skipDeeperThan = -1;
    }
    if (/^\s*reservations:\s*$/.test(line)) {
      skipDeeperThan = indent;
      continue;
    }
    if (/^\s*mem_reservation:/.test(line)) continue;
    out.push(line);
  }
  return out.join('\n');
}

/**
 * Passes the Redis password the way ECS can (see secrets/value-in-field): from an environment
 * variable (a secret reference) that a shell reads, rather than written into the command and the
 * health check.
 */
function withPasswordsFromEnvironment(text) {
  return text
    .replace(
      /^(\s*)command: redis-server (.*)--requirepass \$\{REDIS_PASSWORD:-redispass\}$/gm,
      '$1command: ["sh", "-c", "exec redis-server $2--requirepass \\"$$$$REDIS_PASSWORD\\""]\n$1environment:\n$1  REDIS_PASSWORD: ${REDIS_PASSWORD:-redispass}',
    )
    .replace(/\["CMD", "redis-cli", "-a", "\$\{REDIS_PASSWORD:-redispass\}", "ping"\]/g, '["CMD-SHELL", "redis-cli -a \\"$$$$REDIS_PASSWORD\\" ping"]');
}

/** Starts bench/fake-eb.mjs and resolves with its port and the child to stop. */
function startFakeEb() {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(root, 'bench/fake-eb.mjs')], { stdio: ['ignore', 'pipe', 'inherit'] });
    child.once('error', reject);
    child.stdout.once('data', (d) => resolve({ port: Number(String(d).trim()), child }));
  });
}

/**
 * NODE_EXTRA_CA_CERTS, when set: Node 20 reads that file and builds its store of root
 * certificates at start-up, in every process and before any script runs (nodejs/node#40524;
 * OpenSSL 3 parses certificates slowly). On the machine this was written on it is set, and it
 * took 36 of the floor's 60 ms. Every row pays it, so it is shown on its own: the floor, `lint` of
 * one service and the largest conversion are measured again without it (their floor too), as on
 * a machine that does not set it.
 */
const extraCaCerts = Boolean(process.env['NODE_EXTRA_CA_CERTS']);
const noExtraCaCerts = { ...process.env };
delete noExtraCaCerts['NODE_EXTRA_CA_CERTS'];

const results = [];
const fakeEb = await startFakeEb();
try {
  results.push(measure('node -e 0 (floor)', process.execPath, ['-e', '0']));
  if (extraCaCerts) results.push(measure('node -e 0, no NODE_EXTRA_CA_CERTS', process.execPath, ['-e', '0'], noExtraCaCerts, noExtraCaCerts));
  const one = project('one', 'services:\n  web:\n    image: nginx:1.27\n    ports:\n      - "80:80"\n');
  results.push(measure('lint, 1 service', process.execPath, [bin, 'lint', one]));
  if (extraCaCerts) results.push(measure('  the same, no NODE_EXTRA_CA_CERTS', process.execPath, [bin, 'lint', one], noExtraCaCerts, noExtraCaCerts));
  results.push(measure('convert, 1 service', process.execPath, [bin, 'convert', one, '-o', path.join(tmp, 'out-one'), '--force']));
  // Long values (a certificate bundle, a JSON blob): the value scans must stay linear in length.
  const long = `${'ab'.repeat(100000)} http://${'x'.repeat(50000)}`;
  const longValue = project('long', `services:\n  web:\n    image: nginx:1.27\n    environment:\n      BLOB: "${long}"\n      SERVICE_URL: "${long}"\n`);
  results.push(measure('lint, 1 service, two 250 KiB values', process.execPath, [bin, 'lint', longValue]));
  // One file of many documents, each merged into the project so far (as compose-go does): the
  // merge must not redo the whole project for each document.
  const documents = Array.from({ length: 2000 }, (_, i) => `services:\n  s${i}:\n    image: nginx:1.27\n`).join('---\n');
  results.push(measure('lint, 2000 one-service documents', process.execPath, [bin, 'lint', project('documents', documents)]));
  // A live environment: settings from the fake endpoint, the app from the example's folder.
  const example = path.join(root, 'examples/rails-sidekiq-eb');
  const awsEnv = { ...process.env, AWS_ACCESS_KEY_ID: 'bench', AWS_SECRET_ACCESS_KEY: 'bench', AWS_REGION: 'eu-west-1', AWS_ENDPOINT_URL: `http://127.0.0.1:${fakeEb.port}` };
  results.push(measure('lint, EB example folder', process.execPath, [bin, 'lint', example]));
  results.push(measure('lint, eb:// (local fake, --bundle)', process.execPath, [bin, 'lint', 'eb://shop-prod', '--bundle', example], awsEnv));
  for (const n of SIZES) {
    const text = execFileSync(process.execPath, [path.join(shared, 'bench/gen-compose.mjs'), String(n)], { encoding: 'utf8', maxBuffer: 1 << 30 });
    const dir = project(`n${n}`, text);
    const kb = Math.round(Buffer.byteLength(text) / 1024);
    results.push(measure(`lint, ${n} services (${kb} KiB)`, process.execPath, [bin, 'lint', dir, '--format', 'json']));
    results.push(measure(`convert, ${n} services (${kb} KiB)`, process.execPath, [bin, 'convert', dir, '-o', path.join(tmp, `out-${n}`), '--force']));
    if (extraCaCerts && n === Math.max(...SIZES)) {
      results.push(measure('  the same, no NODE_EXTRA_CA_CERTS', process.execPath, [bin, 'convert', dir, '-o', path.join(tmp, `out-${n}`), '--force'], noExtraCaCerts, noExtraCaCerts));
    }
    // The generated files deliberately hold a few memory reservations above their limits, which
    // Docker and ECS reject, and Redis passwords in commands, which ECS cannot inject there, so
    // `convert` stops before writing. Without them it writes every file: that measures the
    // emitters too.
    const clean = project(`n${n}-clean`, withPasswordsFromEnvironment(withoutReservations(text)));
    results.push(measure(`convert, ${n} services, writing files`, process.execPath, [bin, 'convert', clean, '-o', path.join(tmp, `out-${n}-clean`), '--force']));
    // Two conversions of half the size at once, as two processes: what the machine's other
    // cores add. Beside the row of one conversion of n services, it says whether splitting one
    // conversion across threads could pay here (on 2 cores it did not: V8's compiler and
    // collector threads already keep the second core busy; see the README's notes on performance).
    if (n >= 100 && n % 2 === 0 && !INSTRUCTIONS) {
      const half = execFileSync(process.execPath, [path.join(shared, 'bench/gen-compose.mjs'), String(n / 2)], { encoding: 'utf8', maxBuffer: 1 << 30 });
      const dir = project(`halves-of-${n}`, half);
      // Paths as the script's arguments, not in its text (no quoting to get right). It exits 2
      // when either conversion does, as `measure` expects of a failed run.
      const script =
        '"$0" "$1" convert "$2" -o "$3" --force & first=$!; "$0" "$1" convert "$2" -o "$4" --force; second=$?; wait $first; ' +
        'if [ $? -eq 2 ] || [ $second -eq 2 ]; then exit 2; fi';
      const outs = [1, 2].map((i) => path.join(tmp, `out-halves-of-${n}-${i}`));
      results.push(measure(`convert, 2 x ${n / 2} services at once`, '/bin/sh', ['-c', script, process.execPath, bin, dir, ...outs]));
    }
  }
} finally {
  fakeEb.child.kill();
  rmSync(tmp, { recursive: true, force: true });
}

const caNote = extraCaCerts
  ? '\nNODE_EXTRA_CA_CERTS is set here: Node loads it (and its own root certificates) at the start of every process,\n' +
    'so every row includes that; the rows marked "no NODE_EXTRA_CA_CERTS" run without it, as on a machine that does not set it.\n'
  : '';
if (asJson) {
  process.stdout.write(JSON.stringify({ runs: INSTRUCTIONS ? 1 : RUNS, node: process.version, cpus: os.cpus().length, results }, null, 2) + '\n');
} else if (INSTRUCTIONS) {
  process.stdout.write(`ecsify benchmarks — instructions executed (callgrind, node --single-threaded, no code cache); node ${process.version}\n\n`);
  process.stdout.write(`${'command'.padEnd(36)} ${'G instr'.padStart(8)} ${'floor'.padStart(8)} ${'x floor'.padStart(8)}\n`);
  for (const r of results) {
    process.stdout.write(`${r.label.padEnd(36)} ${(r.instructions / 1e9).toFixed(3).padStart(8)} ${(r.floorInstructions / 1e9).toFixed(3).padStart(8)} ${r.xFloor.toFixed(2).padStart(8)}\n`);
  }
  process.stdout.write(caNote);
} else {
  process.stdout.write(`ecsify benchmarks — ${RUNS} runs each, median wall time; node ${process.version}, ${os.cpus().length} CPUs\n\n`);
  process.stdout.write(`${'command'.padEnd(36)} ${'median'.padStart(8)} ${'min'.padStart(8)} ${'max'.padStart(8)} ${'floor'.padStart(8)} ${'x floor'.padStart(8)} ${'peak MB'.padStart(8)}\n`);
  for (const r of results) {
    process.stdout.write(
      `${r.label.padEnd(36)} ${r.median.toFixed(3).padStart(8)} ${r.min.toFixed(3).padStart(8)} ${r.max.toFixed(3).padStart(8)} ` +
        `${r.floor.toFixed(3).padStart(8)} ${r.xFloor.toFixed(2).padStart(8)} ${(r.peakMb === undefined ? '-' : r.peakMb.toFixed(0)).padStart(8)}\n`,
    );
  }
  process.stdout.write(caNote);
}
