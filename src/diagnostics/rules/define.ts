import type { Severity } from '../diagnostic.js';

/** One catalog entry. `doc` explains what the rule finds, why it matters and how to fix it. */
export interface RuleDef {
  severity: Severity;
  title: string;
  /** Markdown-ish text: what / why / how to fix. Printed by `ecsify explain`. */
  doc: string;
}

/** Identity helper that keeps the literal rule ids as the object's keys for typing. */
export function defineRules<const T extends Record<string, RuleDef>>(rules: T): T {
  return rules;
}
