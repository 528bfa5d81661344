import { isRuleId, RULES, ruleIds } from '../diagnostics/catalog.js';
import type { CliIo } from './io.js';

/** `ecsify explain RULE` prints a rule's doc; without RULE, lists every rule. */
export function explainCommand(io: CliIo, rule: string | undefined): number {
  if (!rule) {
    const ids = ruleIds();
    const width = Math.max(...ids.map((id) => id.length));
    for (const id of ids) io.stdout.write(`${id.padEnd(width)}  ${RULES[id].severity.padEnd(7)}  ${RULES[id].title}\n`);
    return 0;
  }
  if (!isRuleId(rule)) {
    const near = ruleIds().filter((id) => id.includes(rule) || rule.includes(id.split('/')[1] ?? id));
    io.stderr.write(`ecsify: unknown rule "${rule}".${near.length > 0 ? ` Did you mean: ${near.slice(0, 5).join(', ')}?` : ''}\n`);
    io.stderr.write('Run `ecsify explain` to list every rule.\n');
    return 2;
  }
  const def = RULES[rule];
  io.stdout.write(`${rule}: ${def.title}\nDefault severity: ${def.severity}\n\n${def.doc}\n`);
  return 0;
}
