import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiError } from './api-error.js';
import { parseCronSchedule } from './cron-schedule.js';

const at = (iso: string) => new Date(iso);

describe(parseCronSchedule.name, () => {
  it('finds the next minute matching steps, ranges and lists', () => {
    assert.equal(parseCronSchedule('*/15 * * * *').next(at('2026-01-01T10:07:30Z'))?.toISOString(), '2026-01-01T10:15:00.000Z');
    assert.equal(parseCronSchedule('0 9-17/4 * * 1,3').next(at('2026-01-01T10:00:00Z'))?.toISOString(), '2026-01-05T09:00:00.000Z');
    assert.equal(parseCronSchedule('@daily').next(at('2026-01-01T10:00:00Z'))?.toISOString(), '2026-01-02T00:00:00.000Z');
  });

  it('refuses a schedule that is not five valid fields with a 422 naming spec.schedule', () => {
    for (const bad of ['* * *', '61 * * * *', 'every minute']) {
      assert.throws(
        () => parseCronSchedule(bad, 'cj'),
        (e: unknown) => e instanceof ApiError && e.code === 422 && e.details?.causes?.[0]?.field === 'spec.schedule',
      );
    }
  });
});
