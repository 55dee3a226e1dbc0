/**
 * AppManager's adaptive pull (ComponentWatchCronManager): `times` counts the polls since the
 * last change and picks the interval from this table; a change resets it to 0, and a cluster
 * whose poll failed is polled hourly until a poll succeeds again.
 */
const SECOND = 1000;
const MINUTE = 60 * SECOND;

/** [highest `times` of the band, interval in ms]; past the last band the interval is 5 min. */
const INTERVAL_TABLE: readonly (readonly [number, number])[] = [
  [60, 5 * SECOND],
  [120, 10 * SECOND],
  [180, 30 * SECOND],
  [240, 1 * MINUTE],
  [300, 2 * MINUTE],
  [360, 3 * MINUTE],
  [420, 4 * MINUTE],
];
export const STABLE_INTERVAL_MS = 5 * MINUTE;
export const FAILED_INTERVAL_MS = 60 * MINUTE;

export function intervalForTimes(times: number): number {
  for (const [highest, interval] of INTERVAL_TABLE) if (times <= highest) return interval;
  return STABLE_INTERVAL_MS;
}

/** What the sensor remembers between polls of one cluster. */
export interface PollCadence {
  /** Successful polls since the last change (AppManager's `times`). */
  times: number;
  failed: boolean;
}

export type PollOutcome = 'unchanged' | 'changed' | 'failed';

export const FRESH_CADENCE: PollCadence = { times: 0, failed: false };
/** A cluster nothing announced a change for: polled at the stable interval until a poll sees one. */
export const STABLE_CADENCE: PollCadence = { times: 421, failed: false };

/** The cadence after a poll: unchanged backs off a step, a change or a recovery starts over. */
export function afterPoll(cadence: PollCadence, outcome: PollOutcome): PollCadence {
  switch (outcome) {
    case 'failed':
      return { times: cadence.times, failed: true };
    case 'changed':
      return FRESH_CADENCE;
    case 'unchanged':
      // the first good poll after a failure may see anything: start over at the fast interval
      return cadence.failed ? FRESH_CADENCE : { times: cadence.times + 1, failed: false };
  }
}

export function intervalOf(cadence: PollCadence): number {
  return cadence.failed ? FAILED_INTERVAL_MS : intervalForTimes(cadence.times);
}
