import { describe, expect, it } from 'vitest';
import { createReporter } from '../../../../src/diagnostics/context.js';
import { explicitScheduleAction, parseScheduleSpec } from '../../../../src/ir/schedule.js';

const origin = { file: 'compose.yaml', line: 3, column: 5, path: 'x-ecsify.schedule' };

function parse(spec: string) {
  const reporter = createReporter();
  const actions = parseScheduleSpec(spec, origin, reporter);
  return { actions, diagnostics: reporter.diagnostics };
}

describe('schedule specs', () => {
  const table: [string, [string, string, string, string | undefined][]][] = [
    [
      'mon-fri 08:00-20:00 Europe/Paris',
      [
        ['start-mon-fri-0800', 'start', 'cron(0 8 ? * MON-FRI *)', 'Europe/Paris'],
        ['stop-mon-fri-2000', 'stop', 'cron(0 20 ? * MON-FRI *)', 'Europe/Paris'],
      ],
    ],
    [
      '07:30-19:15',
      [
        ['start-daily-0730', 'start', 'cron(30 7 ? * * *)', undefined],
        ['stop-daily-1915', 'stop', 'cron(15 19 ? * * *)', undefined],
      ],
    ],
    [
      'weekends 10:00-16:00 UTC',
      [
        ['start-sun-sat-1000', 'start', 'cron(0 10 ? * SUN,SAT *)', 'UTC'],
        ['stop-sun-sat-1600', 'stop', 'cron(0 16 ? * SUN,SAT *)', 'UTC'],
      ],
    ],
    [
      'Monday,Wednesday,FRI 9:00-17:00',
      [
        ['start-mon-wed-fri-0900', 'start', 'cron(0 9 ? * MON,WED,FRI *)', undefined],
        ['stop-mon-wed-fri-1700', 'stop', 'cron(0 17 ? * MON,WED,FRI *)', undefined],
      ],
    ],
    [
      // Overnight: stops the next morning, so the stop days shift by one.
      'mon-fri 22:00-06:00 America/New_York',
      [
        ['start-mon-fri-2200', 'start', 'cron(0 22 ? * MON-FRI *)', 'America/New_York'],
        ['stop-tue-sat-0600', 'stop', 'cron(0 6 ? * TUE-SAT *)', 'America/New_York'],
      ],
    ],
    [
      // Ranges wrap over the week-end.
      'fri-mon 12:00-13:00',
      [
        ['start-sun-mon-fri-sat-1200', 'start', 'cron(0 12 ? * SUN,MON,FRI,SAT *)', undefined],
        ['stop-sun-mon-fri-sat-1300', 'stop', 'cron(0 13 ? * SUN,MON,FRI,SAT *)', undefined],
      ],
    ],
    [
      'stop cron(0 20 ? * MON-FRI *) Europe/Paris; start cron(0 8 ? * MON-FRI *) Europe/Paris',
      [
        ['stop-cron-0-20-mon-fri', 'stop', 'cron(0 20 ? * MON-FRI *)', 'Europe/Paris'],
        ['start-cron-0-8-mon-fri', 'start', 'cron(0 8 ? * MON-FRI *)', 'Europe/Paris'],
      ],
    ],
    [
      'stop at(2030-01-01T00:00:00); daily 08:00-09:00; daily 08:00-09:00',
      [
        ['stop-at-2030-01-01t00-00-00', 'stop', 'at(2030-01-01T00:00:00)', undefined],
        ['start-daily-0800', 'start', 'cron(0 8 ? * * *)', undefined],
        ['stop-daily-0900', 'stop', 'cron(0 9 ? * * *)', undefined],
        ['start-daily-0800-2', 'start', 'cron(0 8 ? * * *)', undefined],
        ['stop-daily-0900-2', 'stop', 'cron(0 9 ? * * *)', undefined],
      ],
    ],
  ];
  for (const [spec, want] of table) {
    it(spec, () => {
      const { actions, diagnostics } = parse(spec);
      expect(diagnostics).toEqual([]);
      expect(actions?.map((a) => [a.name, a.action, a.schedule, a.timezone])).toEqual(want);
      for (const a of actions ?? []) {
        if (a.action === 'stop') expect([a.min, a.max]).toEqual([0, 0]);
        else expect(a.min).toBeUndefined();
        expect(a.origin).toEqual(origin);
      }
    });
  }

  const bad = [
    '',
    'sometimes',
    'mon-fri 8-20',
    'mon-fri 08:00-25:00',
    'mon-fri 08:00-08:00',
    'funday 08:00-20:00',
    'mon-fri-sat 08:00-20:00',
    'mon-fri 08:00-20:00 Mars/Olympus',
    'pause cron(0 1 ? * * *)',
    'stop cron(0 1 * * *)',
    'stop cron(0 1 * * MON *)',
    'stop cron(x 1 ? * * *)',
    'stop at(tomorrow)',
    'stop rate(5 fortnights)',
  ];
  for (const spec of bad) {
    it(`${JSON.stringify(spec)} is refused`, () => {
      const { actions, diagnostics } = parse(spec);
      expect(actions).toBeUndefined();
      expect(diagnostics.map((d) => [d.rule, d.severity])).toEqual([['schedule/invalid-spec', 'error']]);
      expect(diagnostics[0]?.origin).toEqual(origin);
    });
  }

  it('explicit entries take the six cron fields alone, and canonical time zone names', () => {
    const reporter = createReporter();
    expect(explicitScheduleAction({ action: 'STOP', expression: '0 20 ? * MON-FRI *', timezone: 'europe/paris' }, undefined, reporter)).toMatchObject({
      action: 'stop',
      schedule: 'cron(0 20 ? * MON-FRI *)',
      timezone: 'Europe/Paris',
      min: 0,
      max: 0,
    });
    expect(explicitScheduleAction({ action: 'start', expression: 'rate(1 day)' }, undefined, reporter)).toMatchObject({ schedule: 'rate(1 day)' });
    expect(reporter.diagnostics).toEqual([]);
  });

  it('--schedule values reach the settings (no origin)', async () => {
    const { convert } = await import('./support.js');
    const { app, diagnostics } = convert('services:\n  a: {image: x}\n', { options: { schedule: ['mon-fri 08:00-20:00', 'nonsense'] } });
    expect(app.settings.schedule?.map((a) => a.schedule)).toEqual(['cron(0 8 ? * MON-FRI *)', 'cron(0 20 ? * MON-FRI *)']);
    expect(diagnostics.map((d) => [d.rule, d.origin])).toEqual([['schedule/invalid-spec', undefined]]);
  });
});
