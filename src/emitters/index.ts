/**
 * The emitters, by the name `--emit` uses, each loaded only when asked for (so `lint` never
 * loads an emitter, and `--emit task-definitions` never loads Handlebars).
 */
import type { EmitKind } from './kinds.js';
import type { Emitter } from './types.js';

export { EMIT_KINDS, isEmitKind, type EmitKind } from './kinds.js';

export const EMITTERS: Record<EmitKind, () => Promise<Emitter>> = {
  'task-definitions': async () => (await import('./taskdef/emit-task-definitions.js')).emitTaskDefinitions,
  cloudformation: async () => (await import('./cloudformation/emit.js')).emitCloudFormation,
  cdk: async () => (await import('./cdk/emit-cdk.js')).emitCdk,
  report: async () => (await import('./report/emit-report.js')).emitReport,
  ci: async () => (await import('./ci/github-workflow.js')).emitGithubWorkflow,
  ir: async () => (await import('./ir/emit-ir.js')).emitIr,
};
