import { invalid } from './api-error.js';

const MACROS: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};
const RANGES: [number, number][] = [
  [0, 59],
  [0, 23],
  [1, 31],
  [1, 12],
  [0, 6],
];
const SEARCH_LIMIT_MINUTES = 366 * 24 * 60;

/** A parsed five-field cron schedule (minute hour day-of-month month day-of-week), in UTC. */
export interface CronSchedule {
  next(after: Date): Date | undefined;
}

function parseField(field: string, [min, max]: [number, number]): Set<number> | undefined {
  const values = new Set<number>();
  for (const part of field.split(',')) {
    const m = /^(\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/.exec(part);
    if (!m) return undefined;
    const lo = m[1] === '*' ? min : Number(m[2]);
    const hi = m[1] === '*' ? max : m[3] !== undefined ? Number(m[3]) : m[4] !== undefined ? max : lo;
    const step = m[4] !== undefined ? Number(m[4]) : 1;
    if (lo < min || hi > max || lo > hi || step < 1) return undefined;
    for (let v = lo; v <= hi; v += step) values.add(v);
  }
  return values;
}

/** Parses a CronJob schedule; throws a 422 `Invalid` Status naming `spec.schedule` when it is not one. */
export function parseCronSchedule(schedule: string, cronJobName = ''): CronSchedule {
  const text = MACROS[schedule.trim()] ?? schedule.trim();
  const fields = text.split(/\s+/);
  const sets = fields.length === 5 ? fields.map((f, i) => parseField(f, RANGES[i]!)) : [];
  if (sets.length !== 5 || sets.some((s) => s === undefined)) {
    throw invalid('CronJob', 'batch', cronJobName, [
      { field: 'spec.schedule', message: `Invalid value: "${schedule}": not a standard 5-field cron schedule` },
    ]);
  }
  const [minutes, hours, days, months, weekdays] = sets as Set<number>[];
  const anyDay = fields[2] === '*';
  const anyWeekday = fields[4] === '*';
  return {
    next(after) {
      const t = new Date(after.getTime());
      t.setUTCSeconds(0, 0);
      for (let i = 0; i < SEARCH_LIMIT_MINUTES; i++) {
        t.setUTCMinutes(t.getUTCMinutes() + 1);
        if (!minutes!.has(t.getUTCMinutes()) || !hours!.has(t.getUTCHours()) || !months!.has(t.getUTCMonth() + 1)) continue;
        // As in cron: when both day fields are restricted, either may match.
        const dom = days!.has(t.getUTCDate());
        const dow = weekdays!.has(t.getUTCDay());
        if (anyDay && anyWeekday ? true : anyDay ? dow : anyWeekday ? dom : dom || dow) return new Date(t);
      }
      return undefined;
    },
  };
}
