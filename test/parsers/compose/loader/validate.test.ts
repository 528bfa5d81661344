/** Schema messages: one clear diagnostic per place, whatever Ajv reports for a oneOf. */
import { describe, expect, it } from 'vitest';
import { loadFiles } from './helpers.js';

const svc = (body: string): string => `services:\n  web:\n    image: a\n${body.replace(/^/gm, '    ')}\n`;

describe('compose/schema messages', () => {
  const table: [string, string, string][] = [
    ['wrong type in a oneOf (string or list)', 'command: {a: 1}', 'services.web.command must be null, a string or a list, not a mapping.'],
    ['unknown key in a oneOf branch that matched the type', 'build: {context: ., contxt: x}', 'services.web.build has the key contxt, which the Compose Specification does not define there.'],
    ['bad list item', 'ports: [[80]]', 'services.web.ports[0] must be a number, a string or a mapping, not a list.'],
    ['enum', 'depends_on: {db: {condition: when_ready}}', 'services.web.depends_on.db.condition must be one of "service_started", "service_healthy", "service_completed_successfully".'],
    ['required', 'depends_on: {db: {required: true}}', 'services.web.depends_on.db is missing the key condition.'],
    ['duplicate list entry', 'security_opt: [a, a]', 'services.web.security_opt lists the same entry twice (items 0 and 1).'],
    ['pattern', 'container_name: "-x"', 'services.web.container_name does not have the form the Compose Specification requires (pattern [a-zA-Z0-9][a-zA-Z0-9_.-]+).'],
    ['minimum', 'cpu_count: -1', 'services.web.cpu_count must be >= 0.'],
    ['maximum', 'oom_score_adj: 2000', 'services.web.oom_score_adj must be <= 1000.'],
  ];
  for (const [name, body, message] of table) {
    it(name, async () => {
      const l = await loadFiles({ 'compose.yaml': svc(body) });
      expect(l.diagnostics.filter((d) => d.rule === 'compose/schema').map((d) => d.message)).toEqual([message]);
    });
  }

  it('caps the number of schema diagnostics and says how many more there are', async () => {
    const services = Array.from({ length: 60 }, (_, i) => `  s${i}: {image: a, user: ${i}}`).join('\n');
    const l = await loadFiles({ 'compose.yaml': `services:\n${services}\n` });
    const schema = l.diagnostics.filter((d) => d.rule === 'compose/schema');
    expect(schema).toHaveLength(51);
    expect(schema[50]?.message).toBe('10 more places do not match the Compose schema.');
  });
});
