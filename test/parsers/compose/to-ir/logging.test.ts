import { describe, expect, it } from 'vitest';
import { container, convert, expectNotReported, expectReported } from './support.js';

const log = (yaml: string) => {
  const r = convert(`services:\n  a:\n    image: x\n${yaml.replace(/^/gm, '    ')}\n`);
  return { logging: container(r.app, 'a').logging, diagnostics: r.diagnostics };
};

describe('logging', () => {
  it('awslogs and the options ECS takes are kept; where the logs go is set by ecsify, and said', () => {
    const { logging, diagnostics } = log('logging:\n  driver: awslogs\n  options: {awslogs-group: g, awslogs-datetime-format: "%Y", mode: non-blocking, max-buffer-size: 4m}');
    expect(logging).toEqual({ driver: 'awslogs', options: { 'awslogs-datetime-format': '%Y', 'max-buffer-size': '4m', mode: 'non-blocking' }, origin: expect.anything() });
    expectReported(diagnostics, [['logging/option-replaced', 'services.a.logging.options.awslogs-group']]);
  });
  it('where the logs go is said once per service, naming every such option', () => {
    const { logging, diagnostics } = log('logging:\n  driver: awslogs\n  options: {awslogs-stream-prefix: p, awslogs-group: g, awslogs-region: eu-west-1}');
    expect(logging?.options).toEqual({});
    expectReported(diagnostics, [['logging/option-replaced', 'services.a.logging.options.awslogs-group']]);
    expect(diagnostics[0]?.message).toBe(
      "Service `a`'s logging options `awslogs-group`, `awslogs-region` and `awslogs-stream-prefix` are set by ecsify: every container logs to the application's log group, in the stack's Region, with its service's name as the stream prefix.",
    );
  });
  it('awslogs-* options without a driver are read as awslogs options (Docker ECS integration style), others dropped', () => {
    const { logging, diagnostics } = log('logging:\n  options: {awslogs-multiline-pattern: "^x", max-size: 10m}');
    expect(logging).toMatchObject({ driver: 'awslogs', options: { 'awslogs-multiline-pattern': '^x' } });
    expectReported(diagnostics, [['compose/logging-driver', 'services.a.logging.options.max-size']]);
  });
  it('options the ECS awslogs driver does not take are left out and reported, with the closest one', () => {
    // awslogs-datetime-pattern is in an example of Docker's ECS integration; no awslogs driver takes it.
    const { logging, diagnostics } = log('logging:\n  driver: awslogs\n  options: {awslogs-datetime-pattern: FOO, awslogs-endpoint: "https://x", tag: "{{.Name}}", awslogs-multline-pattern: "^x"}');
    expect(logging?.options).toEqual({});
    expectReported(diagnostics, [
      ['logging/unsupported-option', 'services.a.logging.options.awslogs-datetime-pattern'],
      ['logging/unsupported-option', 'services.a.logging.options.awslogs-endpoint'],
      ['logging/unsupported-option', 'services.a.logging.options.awslogs-multline-pattern'],
      ['logging/unsupported-option', 'services.a.logging.options.tag'],
    ]);
    const hints = Object.fromEntries(diagnostics.map((d) => [d.origin?.path.split('.').pop(), d.hint]));
    expect(hints['awslogs-multline-pattern']).toBe('Did you mean `awslogs-multiline-pattern`?');
    expect(hints['tag']).toMatch(/^ECS takes `awslogs-datetime-format`/);
  });
  it('other drivers are replaced by CloudWatch Logs and reported', () => {
    for (const driver of ['json-file', 'syslog', 'fluentd', 'none', 'splunk']) {
      const { logging, diagnostics } = log(`logging: {driver: ${driver}, options: {x: 1}}`);
      expect(logging).toBeUndefined();
      expectReported(diagnostics, [['compose/logging-driver', 'services.a.logging.driver']]);
    }
  });
  it('version 1 log_driver/log_opt are read as logging', () => {
    const { logging, diagnostics } = log('log_driver: awslogs\nlog_opt: {awslogs-group: old, mode: non-blocking}');
    expect(logging).toMatchObject({ driver: 'awslogs', options: { mode: 'non-blocking' } });
    expectReported(diagnostics, [
      ['compose/legacy-key', 'services.a.log_driver'],
      ['compose/legacy-key', 'services.a.log_opt'],
      ['logging/option-replaced', 'services.a.log_opt.awslogs-group'],
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
