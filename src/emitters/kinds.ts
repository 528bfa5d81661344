/** The names `--emit` accepts, in the order files are described to the user. */
export const EMIT_KINDS = ['task-definitions', 'cloudformation', 'cdk', 'report', 'ci', 'ir'] as const;

export type EmitKind = (typeof EMIT_KINDS)[number];

export function isEmitKind(s: string): s is EmitKind {
  return (EMIT_KINDS as readonly string[]).includes(s);
}
