import { hostname } from 'node:os';
import { z } from 'zod';
import { KEY_TOKEN } from './fleet/fleet.constants.js';

const keyToken = z.string().regex(KEY_TOKEN, 'letters, digits, _ and - only (it is a NATS KV key token)');

/** The sensor's own environment, merged into the service host's schema. */
export const sensorConfigSchema = z.object({
  /** poller: joins its unit and polls; api: HTTP and aggregation only; all: both, for the local demo. */
  SENSOR_ROLE: z.enum(['poller', 'api', 'all']).default('all'),
  /** The unit whose clusters this poller shares with the unit's other pollers. Required for `poller`. */
  SENSOR_UNIT: keyToken.optional(),
  /** Stable across restarts when set (a StatefulSet pod name), so a restarted poller gets its clusters back. */
  SENSOR_POLLER_ID: keyToken.optional(),
});
export type SensorConfig = z.infer<typeof sensorConfigSchema>;

/** Where this process polls, or undefined when it does not (api, or all without a unit). */
export function pollerPlacement(config: SensorConfig): { unit: string; pollerId: string } | undefined {
  if (config.SENSOR_ROLE === 'api') return undefined;
  if (config.SENSOR_UNIT === undefined) {
    if (config.SENSOR_ROLE === 'poller') throw new Error('SENSOR_UNIT is required when SENSOR_ROLE=poller');
    return undefined;
  }
  const pollerId =
    config.SENSOR_POLLER_ID ??
    `${hostname()
      .replace(/[^A-Za-z0-9_-]/g, '-')
      .slice(0, 48)}-${process.pid}`;
  return { unit: config.SENSOR_UNIT, pollerId };
}
