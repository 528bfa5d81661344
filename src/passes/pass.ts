import type { Reporter } from '../diagnostics/context.js';
import type { Application } from '../ir/types.js';

/** What a pass may use besides the IR: the reporter for diagnostics. */
export interface PassContext {
  reporter: Reporter;
}

/**
 * A pass: `run` reads the application and returns it, changed or not. It never mutates its
 * input (return a new object when something changes, the same object when nothing does), and it
 * reports problems through `ctx.reporter`. A lint rule is a pass that only reports.
 */
export interface Pass {
  /** Same as the file name, e.g. `sizing` for `sizing.ts`. */
  name: string;
  run(app: Application, ctx: PassContext): Application;
}
