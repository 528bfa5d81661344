import { describe, expect, it } from 'vitest';
import { container, convert, expectNotReported, expectReported } from './support.js';

const log = (yaml: string) => {
  const r = convert(`services:\n  a:\n    image: x\n${yaml.replace(/^/gm, '    ')}\n`);
  return { logging: container(r.app, 'a').logging, diagnostics: r.diagnostics };
};

describe('logging', () => {
  it('awslogs and its options are kept', () => {
    const { logging, diagnostics } = log('logging:\n  driver: awslogs\n  options: {awslogs-group: g, awslogs-datetime-format: "%Y", mode: non-blocking}');
    expect(logging).toMatchObject({ driver: 'awslogs', options: { 'awslogs-datetime-format': '%Y', 'awslogs-group': 'g', mode: 'non-blocking' } });
    expect(diagnostics).toEqual([]);
  });
  it('awslogs-* options without a driver are kept (Docker ECS integration style), others dropped', () => {
    const { logging, diagnostics } = log('logging:\n  options: {awslogs-datetime-pattern: FOO, max-size: 10m}');
    expect(logging).toMatchObject({ driver: 'awslogs', options: { 'awslogs-datetime-pattern': 'FOO' } });
    expectReported(diagnostics, [['compose/logging-driver', 'services.a.logging.options.max-size']]);
  });
  it('other drivers are replaced by CloudWatch Logs and reported', () => {
    for (const driver of ['json-file', 'syslog', 'fluentd', 'none', 'splunk']) {
      const { logging, diagnostics } = log(`logging: {driver: ${driver}, options: {x: 1}}`);
      expect(logging).toBeUndefined();
      expectReported(diagnostics, [['compose/logging-driver', 'services.a.logging.driver']]);
    }
  });
  it('version 1 log_driver/log_opt are read as logging', () => {
    const { logging, diagnostics } = log('log_driver: awslogs\nlog_opt: {awslogs-group: old}');
    expect(logging).toMatchObject({ driver: 'awslogs', options: { 'awslogs-group': 'old' } });
    expectReported(diagnostics, [
      ['compose/legacy-key', 'services.a.log_driver'],
      ['compose/legacy-key', 'services.a.log_opt'],
    ]);
  });
  it('no logging key, no logging', () => {
    const { logging, diagnostics } = log('user: app');
    expect(logging).toBeUndefined();
    expectNotReported(diagnostics, 'compose/logging-driver');
  });
  it('a bad shape is an error', () => {
    expectReported(log('logging: [x]').diagnostics, [['compose/invalid-value', 'services.a.logging']]);
    expectReported(log('logging: {drive: x}').diagnostics, [['compose/invalid-value', 'services.a.logging.drive']]);
  });
});
