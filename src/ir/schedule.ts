/**
 * Stop/start schedules (`--schedule SPEC`, `x-ecsify.schedule`) → Application Auto Scaling
 * scheduled actions.
 *
 * A spec is one or more parts separated by `;`. Each part is either
 *
 * - a window of running hours: `[DAYS] HH:MM-HH:MM [TIMEZONE]`, e.g. `mon-fri 08:00-20:00
 *   Europe/Paris` — start at 08:00 and stop at 20:00 on weekdays, Paris time. DAYS is `daily`
 *   (the default), `weekdays`, `weekends`, or days (`mon`…`sun`, full names too) joined with `,`
 *   and `-` ranges (`mon-fri`, `mon,wed,fri`, `fri-mon` wraps over the week-end). A window that
 *   ends before it starts (`22:00-06:00`) runs overnight: it stops on the next day;
 * - an explicit action: `start|stop EXPRESSION [TIMEZONE]`, where EXPRESSION is an Application
 *   Auto Scaling expression `cron(min hour dom month dow year)`, `at(yyyy-mm-ddThh:mm:ss)` or
 *   `rate(N unit)`.
 *
 * TIMEZONE is an IANA name (`Europe/Paris`, `America/New_York`, `UTC`); without one the times
 * are UTC. A `stop` action sets the service's capacity to 0; a `start` action restores the
 * service's own minimum and maximum. Problems are `schedule/invalid-spec` diagnostics.
 */
import type { Reporter } from '../diagnostics/context.js';
import type { Origin, ScheduledAction } from './types.js';

/** AWS cron day-of-week names, in AWS order (1 = SUN … 7 = SAT). */
const DAY_NAMES = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] as const;

const DAY_WORDS: Record<string, number> = {
  sun: 0,
  sunday: 0,
  mon: 1,
  monday: 1,
  tue: 2,
  tues: 2,
  tuesday: 2,
  wed: 3,
  wednesday: 3,
  thu: 4,
  thur: 4,
  thurs: 4,
  thursday: 4,
  fri: 5,
  friday: 5,
  sat: 6,
  saturday: 6,
};

const SPEC_FORMS =
  'Write running hours as `[DAYS] HH:MM-HH:MM [TIMEZONE]` (e.g. `mon-fri 08:00-20:00 Europe/Paris`), ' +
  'or an explicit action `start|stop cron(min hour dom month dow year) [TIMEZONE]`; separate several with `;`.';

/** Parses a schedule spec; returns undefined (after reporting) when any part is invalid. */
export function parseScheduleSpec(text: string, origin: Origin | undefined, reporter: Reporter): ScheduledAction[] | undefined {
  const parts = text
    .split(';')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  if (parts.length === 0) {
    invalid(reporter, origin, `The schedule ${JSON.stringify(text)} is empty.`, SPEC_FORMS);
    return undefined;
  }
  const out: ScheduledAction[] = [];
  let ok = true;
  for (const part of parts) {
    const actions = parsePart(part, origin, reporter);
    if (actions) out.push(...actions);
    else ok = false;
  }
  return ok ? uniqueNames(out) : undefined;
}

/** An explicit action given as data (`{action: stop, cron: "0 20 ? * MON-FRI *"}` in YAML). */
export interface ExplicitSchedule {
  action: string;
  /** `cron(...)`, `at(...)`, `rate(...)`, or the six cron fields alone. */
  expression: string;
  timezone?: string;
}

/** Validates one explicit action; returns undefined (after reporting) when it is invalid. */
export function explicitScheduleAction(entry: ExplicitSchedule, origin: Origin | undefined, reporter: Reporter): ScheduledAction | undefined {
  const kind = entry.action.trim().toLowerCase();
  if (kind !== 'start' && kind !== 'stop') {
    invalid(reporter, origin, `The schedule action ${JSON.stringify(entry.action)} is neither \`start\` nor \`stop\`.`, SPEC_FORMS);
    return undefined;
  }
  let expr = entry.expression.trim();
  if (!/^(cron|at|rate)\(/.test(expr)) expr = `cron(${expr})`;
  const why = checkExpression(expr);
  if (why) {
    invalid(reporter, origin, `The schedule expression ${JSON.stringify(entry.expression)} is not valid: ${why}.`, SPEC_FORMS);
    return undefined;
  }
  const tz = entry.timezone === undefined ? undefined : checkTimezone(entry.timezone, origin, reporter);
  if (tz === null) return undefined;
  return makeAction(kind, expr, tz, `${kind}-${slug(expr)}`, origin);
}

/** Gives every action a unique name (`-2`, `-3`… on repeats), keeping order. */
export function uniqueNames(actions: ScheduledAction[]): ScheduledAction[] {
  const seen = new Map<string, number>();
  return actions.map((a) => {
    const n = (seen.get(a.name) ?? 0) + 1;
    seen.set(a.name, n);
    return n === 1 ? a : { ...a, name: `${a.name}-${n}` };
  });
}

function parsePart(part: string, origin: Origin | undefined, reporter: Reporter): ScheduledAction[] | undefined {
  const explicit = /^(start|stop)\s+((?:cron|at|rate)\([^)]*\))(?:\s+(\S+))?$/i.exec(part);
  if (explicit) {
    const entry: ExplicitSchedule = { action: explicit[1] as string, expression: explicit[2] as string };
    if (explicit[3] !== undefined) entry.timezone = explicit[3];
    const a = explicitScheduleAction(entry, origin, reporter);
    return a ? [a] : undefined;
  }
  const window = /^(?:(\S+)\s+)?(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})(?:\s+(\S+))?$/.exec(part);
  if (!window) {
    invalid(reporter, origin, `The schedule ${JSON.stringify(part)} is neither running hours nor a start/stop action.`, SPEC_FORMS);
    return undefined;
  }
  const days = parseDays(window[1] ?? 'daily');
  if (typeof days === 'string') {
    invalid(reporter, origin, `In the schedule ${JSON.stringify(part)}, ${days}.`, SPEC_FORMS);
    return undefined;
  }
  const start = clock(window[2] as string, window[3] as string);
  const stop = clock(window[4] as string, window[5] as string);
  if (!start || !stop) {
    invalid(reporter, origin, `In the schedule ${JSON.stringify(part)}, a time is not a 24-hour HH:MM time.`, SPEC_FORMS);
    return undefined;
  }
  if (start.h === stop.h && start.m === stop.m) {
    invalid(reporter, origin, `The schedule ${JSON.stringify(part)} starts and stops at the same time.`, 'Give different start and stop times, or no schedule to run all the time.');
    return undefined;
  }
  const tz = window[6] === undefined ? undefined : checkTimezone(window[6], origin, reporter);
  if (tz === null) return undefined;
  // A window that ends at or before its start runs overnight: the stop falls on the next day.
  const overnight = stop.h * 60 + stop.m < start.h * 60 + start.m;
  const stopDays = overnight ? new Set([...days].map((d) => (d + 1) % 7)) : days;
  const startDow = dayField(days);
  const stopDow = dayField(stopDays);
  return [
    makeAction('start', `cron(${start.m} ${start.h} ? * ${startDow} *)`, tz, `start-${daySlug(startDow)}-${hhmm(start)}`, origin),
    makeAction('stop', `cron(${stop.m} ${stop.h} ? * ${stopDow} *)`, tz, `stop-${daySlug(stopDow)}-${hhmm(stop)}`, origin),
  ];
}

function makeAction(kind: 'start' | 'stop', schedule: string, timezone: string | undefined, name: string, origin: Origin | undefined): ScheduledAction {
  const a: ScheduledAction = { name, schedule, action: kind };
  if (timezone !== undefined) a.timezone = timezone;
  if (kind === 'stop') {
    a.min = 0;
    a.max = 0;
  }
  if (origin) a.origin = origin;
  return a;
}

/** Day set (0 = SUN … 6 = SAT), or why the text is not one. */
function parseDays(text: string): Set<number> | string {
  const t = text.toLowerCase();
  if (t === 'daily' || t === 'everyday' || t === '*') return new Set([0, 1, 2, 3, 4, 5, 6]);
  if (t === 'weekdays') return new Set([1, 2, 3, 4, 5]);
  if (t === 'weekends' || t === 'weekend') return new Set([0, 6]);
  const days = new Set<number>();
  for (const item of t.split(',')) {
    const range = item.split('-');
    if (range.length > 2) return `${JSON.stringify(item)} is not a day or a range of days`;
    const from = DAY_WORDS[range[0] as string];
    const to = range.length === 2 ? DAY_WORDS[range[1] as string] : from;
    if (from === undefined || to === undefined) {
      return `${JSON.stringify(item)} is not a day (use mon, tue, wed, thu, fri, sat, sun, daily, weekdays or weekends)`;
    }
    // Ranges may wrap over the week-end: fri-mon = fri, sat, sun, mon.
    for (let d = from; ; d = (d + 1) % 7) {
      days.add(d);
      if (d === to) break;
    }
  }
  return days;
}

/** The cron day-of-week field: `*`, or names with `A-B` for runs of three or more days. */
function dayField(days: Set<number>): string {
  if (days.size === 7) return '*';
  const sorted = [...days].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && (sorted[j + 1] as number) === (sorted[j] as number) + 1) j++;
    const a = DAY_NAMES[sorted[i] as number] as string;
    const b = DAY_NAMES[sorted[j] as number] as string;
    if (j - i >= 2) parts.push(`${a}-${b}`);
    else for (let k = i; k <= j; k++) parts.push(DAY_NAMES[sorted[k] as number] as string);
    i = j + 1;
  }
  return parts.join(',');
}

function daySlug(dow: string): string {
  return dow === '*' ? 'daily' : dow.toLowerCase().replace(/,/g, '-');
}

function clock(h: string, m: string): { h: number; m: number } | undefined {
  const hh = Number(h);
  const mm = Number(m);
  if (hh > 23 || mm > 59) return undefined;
  return { h: hh, m: mm };
}

function hhmm(t: { h: number; m: number }): string {
  return `${String(t.h).padStart(2, '0')}${String(t.m).padStart(2, '0')}`;
}

function slug(expr: string): string {
  return (
    expr
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'action'
  );
}

/** Why an Application Auto Scaling schedule expression is invalid, or undefined. */
function checkExpression(expr: string): string | undefined {
  const cron = /^cron\((.*)\)$/.exec(expr);
  if (cron) {
    const fields = (cron[1] as string).trim().split(/\s+/);
    if (fields.length !== 6) return `cron() takes six fields (minutes hours day-of-month month day-of-week year), not ${fields.length}`;
    const [min, hour, dom, , dow] = fields as [string, string, string, string, string, string];
    if (!/^[0-9*,/-]+$/.test(min) || !/^[0-9*,/-]+$/.test(hour)) return 'minutes and hours must be numbers, ranges, lists or *';
    if ((dom === '?') === (dow === '?')) return 'exactly one of day-of-month and day-of-week must be `?`';
    return undefined;
  }
  if (/^at\(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\)$/.test(expr)) return undefined;
  if (/^rate\(\d+ (minute|minutes|hour|hours|day|days)\)$/.test(expr)) return undefined;
  if (expr.startsWith('at(')) return 'at() takes a date and time written yyyy-mm-ddThh:mm:ss';
  if (expr.startsWith('rate(')) return 'rate() takes a number and a unit (minutes, hours or days)';
  return 'use cron(...), at(...) or rate(...)';
}

/** The canonical IANA name, or null (after reporting) when the zone is unknown. */
function checkTimezone(tz: string, origin: Origin | undefined, reporter: Reporter): string | null {
  if (tz === 'UTC' || tz === 'utc') return 'UTC';
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: tz }).resolvedOptions().timeZone;
  } catch {
    invalid(reporter, origin, `The schedule's time zone ${JSON.stringify(tz)} is not an IANA time zone.`, 'Use a name such as Europe/Paris, America/New_York or UTC.');
    return null;
  }
}

function invalid(reporter: Reporter, origin: Origin | undefined, message: string, hint: string): void {
  reporter.report('schedule/invalid-spec', message, { origin, hint });
}

/** Whether an action's times are read as UTC: it names clock times (not `rate(…)`) but no time zone. */
export function runsOnUtc(action: ScheduledAction): boolean {
  return !action.timezone && !action.schedule.startsWith('rate(');
}
