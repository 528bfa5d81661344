import type { Application } from '../ir/types.js';
import { PASSES } from './index.js';
import type { Pass, PassContext } from './pass.js';

export interface PipelineOptions {
  /** Called after each pass with its name, its time in ms and the resulting IR (`--debug`). */
  onPass?: (name: string, ms: number, app: Application) => void;
  passes?: readonly Pass[];
}

/** Runs every pass in order. Passes keep running after errors so one run reports everything. */
export function runPasses(app: Application, ctx: PassContext, options: PipelineOptions = {}): Application {
  let current = app;
  for (const pass of options.passes ?? PASSES) {
    // `process.hrtime`, not `performance.now()`: the global `performance` loads Node's perf_hooks
    // modules on first use (≈13 M instructions, ≈1.5 ms of every run).
    const started = process.hrtime.bigint();
    current = pass.run(current, ctx);
    options.onPass?.(pass.name, Number(process.hrtime.bigint() - started) / 1e6, current);
  }
  return current;
}
