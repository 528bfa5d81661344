import { describe, expect, it } from 'vitest';
import { createReporter } from '../../src/diagnostics/context.js';
import { sourceFile } from '../../src/ir/source-file.js';
import { redactAssignments, redactUnread, redactUnreadTree } from '../../src/secrets/unread.js';
import { parseYaml } from '../../src/yaml/parse.js';

/** The lines of `text` as code frames show them after `redactAssignments`. */
function shown(text: string, policy?: { secretNames: string[]; notSecretNames: string[] }): string[] {
  const reporter = createReporter();
  reporter.addSource('f', text);
  redactAssignments(text, reporter, policy);
  return text.split('\n').map((_, i) => reporter.sources.line('f', i + 1) ?? '');
}

describe('redactAssignments: secrets in a file no parser could read', () => {
  it.each([
    ['YAML mapping entry', '      DB_PASSWORD: hunter2-canary', '      DB_PASSWORD: ****'],
    ['quoted, with a comment', '  API_TOKEN: "tok-canary-123" # rotate', '  API_TOKEN: "****" # rotate'],
    ['list entry NAME=value', '      - SESSION_SECRET=sess-canary-9', '      - SESSION_SECRET=****'],
    ['env file line', 'STRIPE_SECRET_KEY=canary-key-777', 'STRIPE_SECRET_KEY=****'],
    ['JSON member with a trailing comma', '    "GITHUB_TOKEN": "ghtok-canary-42",', '    "GITHUB_TOKEN": "****",'],
    ['Dockerrun environment entry', '  { "name": "DB_PASS", "value": "dockerrun-canary" },', '  { "name": "DB_PASS", "value": "****" },'],
    ['a value of distinctive shape under any name', '  BILLING: sk_live_4eC39HqLyjWDarjtT1zdp7dc', '  BILLING: ****'],
  ])('masks a %s', (_, line, masked) => {
    expect(shown(`x: 1\n${line}\ny: [\n`)[1]).toBe(masked);
  });

  it.each([
    ['a plain name', '  LOG_LEVEL: debug-canary'],
    ['a variable the shell fills in', '  DB_PASSWORD: ${DB_PASSWORD:-x}'],
    ['a mapping that follows', '  DB_PASSWORD:'],
    ['a block scalar', '  DB_PASSWORD: |'],
    ['an alias', '  DB_PASSWORD: *pw'],
  ])('leaves %s as written', (_, line) => {
    expect(shown(`x: 1\n${line}\ny: [\n`)[1]).toBe(line);
  });

  it('follows the policy: --not-secret and --secret names', () => {
    const text = 'DB_PASSWORD: local-dev-only\nBILLING_ID: acct-canary-55\n';
    expect(shown(text, { secretNames: ['BILLING_ID'], notSecretNames: ['DB_PASSWORD'] }).slice(0, 2)).toEqual(['DB_PASSWORD: local-dev-only', 'BILLING_ID: ****']);
  });

  it('redactUnread judges one name and value', () => {
    const reporter = createReporter();
    reporter.addSource('f', 'A_TOKEN: token-canary-1\nNAME: web-canary\n');
    redactUnread('A_TOKEN', 'token-canary-1', reporter);
    redactUnread('NAME', 'web-canary', reporter);
    expect([reporter.sources.line('f', 1), reporter.sources.line('f', 2)]).toEqual(['A_TOKEN: ****', 'NAME: web-canary']);
  });
});

describe('redactUnreadTree: secrets under a part of a file that is shown but not read', () => {
  it('judges name: value entries, the lines of strings, and passwords given as options', () => {
    const text = [
      'section:',
      '  ADMIN_PASSWORD: tree-canary-1',
      '  PORT: 5432',
      '  content: |',
      '    API_TOKEN=tree-canary-2',
      '    LEVEL=debug',
      '  steps:',
      '    - redis-cli -a tree-canary-3 ping',
      '    - echo done',
      '',
    ].join('\n');
    const reporter = createReporter();
    reporter.addSource('f', text);
    const root = parseYaml(sourceFile('f', text), reporter).documents[0]?.root;
    if (!root) throw new Error('no document');
    redactUnreadTree(root, reporter);
    const lines = text.split('\n').map((_, i) => reporter.sources.line('f', i + 1));
    expect(lines.slice(1, 9)).toEqual([
      '  ADMIN_PASSWORD: ****',
      '  PORT: 5432',
      '  content: |',
      '    API_TOKEN=****',
      '    LEVEL=debug',
      '  steps:',
      '    - redis-cli -a **** ping',
      '    - echo done',
    ]);
  });
});

describe('parseYaml masks the values it does not hand on', () => {
  it('every secret assignment of a file with a syntax error, shown in its code frame', () => {
    const text = 'services:\n  web:\n    environment:\n      DB_PASSWORD: hunter2-syntax-canary\n     bad: x\n';
    const reporter = createReporter();
    reporter.addSource('compose.yaml', text);
    expect(parseYaml(sourceFile('compose.yaml', text), reporter).ok).toBe(false);
    expect(reporter.diagnostics.map((d) => [d.rule, d.origin?.line])).toEqual([['yaml/syntax', 5]]);
    expect(reporter.sources.line('compose.yaml', 4)).toBe('      DB_PASSWORD: ****');
  });

  it('the first value of a key written twice, which the second replaces', () => {
    const text = 'environment:\n  DB_PASSWORD: first-canary-value\n  DB_PASSWORD: second-canary-value\n  LEVEL: info\n  LEVEL: debug\n';
    const reporter = createReporter();
    reporter.addSource('compose.yaml', text);
    const parsed = parseYaml(sourceFile('compose.yaml', text), reporter);
    expect(reporter.diagnostics.map((d) => [d.rule, d.origin?.line])).toEqual([['yaml/duplicate-key', 3], ['yaml/duplicate-key', 5]]);
    expect(reporter.sources.line('compose.yaml', 2)).toBe('  DB_PASSWORD: ****');
    // The value kept is the parser's to judge (here nobody does); a plain one stays.
    expect(reporter.sources.line('compose.yaml', 3)).toBe('  DB_PASSWORD: second-canary-value');
    expect(reporter.sources.line('compose.yaml', 4)).toBe('  LEVEL: info');
    expect(parsed.documents[0]?.root).toBeDefined();
  });

  it('the secrets of a section written twice, which the second replaces (EB keeps the last)', () => {
    const text = 'option_settings:\n  aws:elasticbeanstalk:application:environment:\n    STRIPE_SECRET: first-canary-section\n  aws:elasticbeanstalk:application:environment:\n    LEVEL: info\n';
    const reporter = createReporter();
    reporter.addSource('01.config', text);
    parseYaml(sourceFile('01.config', text), reporter, { duplicateKeys: 'warning' });
    expect(reporter.diagnostics.map((d) => [d.rule, d.severity, d.origin?.line])).toEqual([['yaml/duplicate-key', 'warning', 4]]);
    expect(reporter.sources.line('01.config', 3)).toBe('    STRIPE_SECRET: ****');
  });

  it('says JSON for a .json file', () => {
    const text = '{\n  "a": 1\n  "b": 2\n}\n';
    const reporter = createReporter();
    parseYaml(sourceFile('Dockerrun.aws.json', text), reporter);
    expect(reporter.diagnostics[0]?.message).toMatch(/^Dockerrun\.aws\.json is not valid JSON: /);
    expect(reporter.diagnostics[0]?.hint).toContain('JSON needs a comma between entries');
  });
});
