/**
 * The emitters, by the name `--emit` uses. Each is pure: `(app, options) => EmittedFile[]`.
 */
import { emitIr } from './ir/emit-ir.js';
import { emitTaskDefinitions } from './taskdef/emit-task-definitions.js';
import type { Emitter } from './types.js';

export const EMITTERS = {
  'task-definitions': emitTaskDefinitions,
  ir: emitIr,
} as const satisfies Record<string, Emitter>;

export type EmitKind = keyof typeof EMITTERS;

export const EMIT_KINDS = Object.keys(EMITTERS) as EmitKind[];

export function isEmitKind(s: string): s is EmitKind {
  return Object.prototype.hasOwnProperty.call(EMITTERS, s);
}
