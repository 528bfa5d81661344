/**
 * Vitest global setup: every temporary folder a test run makes (test helpers, the code under test,
 * CLI subprocesses) goes under one folder for the run, removed at teardown. Node's `os.tmpdir()`
 * reads `TMPDIR` on each call, and the forked workers and their subprocesses inherit it, so
 * nothing is left in the machine's temp folder however a test ends.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export default function setup(): () => void {
  const root = mkdtempSync(path.join(os.tmpdir(), 'ecsify-tests-'));
  const previous = process.env.TMPDIR;
  process.env.TMPDIR = root;
  return () => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    rmSync(root, { recursive: true, force: true });
  };
}
