/**
 * The one catalog of diagnostic rules: id, default severity, title and doc.
 *
 * Entries live in one file per area under `rules/` (so each front end and pass owns its part);
 * this module is the single list the CLI (`ecsify explain`), the SARIF renderer and the
 * meta-tests read. Rule ids are `area/kebab-name` and never change once released.
 */
import { cdkRules } from './rules/cdk.js';
import { ciRules } from './rules/ci.js';
import { cliRules } from './rules/cli.js';
import { cloudformationRules } from './rules/cloudformation.js';
import { composeRules } from './rules/compose.js';
import { composeServiceRules } from './rules/compose-services.js';
import type { RuleDef } from './rules/define.js';
import { ebRules } from './rules/eb.js';
import { generalRules } from './rules/general.js';
import { secretRules } from './rules/secrets.js';
import { dependencyRules } from './rules/dependencies.js';
import { ec2Rules } from './rules/ec2.js';
import { fargateRules } from './rules/fargate.js';
import { healthRules } from './rules/health.js';
import { lintRules } from './rules/lint.js';
import { loggingRules } from './rules/logging.js';
import { networkRules } from './rules/network.js';
import { portRules } from './rules/ports.js';
import { serviceRules } from './rules/services.js';
import { sizingRules } from './rules/sizing.js';

const ALL = {
  ...generalRules,
  ...ebRules,
  ...cliRules,
  ...ciRules,
  ...cdkRules,
  ...cloudformationRules,
  ...composeRules,
  ...composeServiceRules,
  ...secretRules,
  ...sizingRules,
  ...fargateRules,
  ...networkRules,
  ...ec2Rules,
  ...portRules,
  ...healthRules,
  ...dependencyRules,
  ...serviceRules,
  ...lintRules,
  ...loggingRules,
} as const;

export type RuleId = keyof typeof ALL;
export type { RuleDef };

/** Every rule, keyed by id. */
export const RULES: Readonly<Record<RuleId, RuleDef>> = ALL;

export function isRuleId(id: string): id is RuleId {
  return Object.prototype.hasOwnProperty.call(ALL, id);
}

/** Rule ids in sorted order (stable output for SARIF and listings). */
export function ruleIds(): RuleId[] {
  return (Object.keys(ALL) as RuleId[]).sort();
}
