import { hostname } from 'node:os';
import { fileURLToPath } from 'node:url';
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
  /** Polls in flight at once per poller. */
  SENSOR_POLL_CONCURRENCY: z.coerce.number().int().min(1).max(4096).default(64),
  /** API servers kept alive at once (an LRU of connection pools; each idle TLS connection costs ~100 KB). */
  SENSOR_POOL_ORIGINS: z.coerce.number().int().min(1).max(100_000).default(2000),
  SENSOR_POLL_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  /** Clusters taken over are first polled within this window, or longer when there are more than this rate allows. */
  SENSOR_TAKEOVER_SPREAD_MS: z.coerce.number().int().min(0).max(600_000).default(2000),
  SENSOR_MAX_POLLS_PER_SECOND: z.coerce.number().int().min(1).max(1_000_000).default(1500),
  /** Membership heartbeat and TTL (a dead poller's clusters move after the TTL). */
  SENSOR_MEMBERSHIP_TTL_MS: z.coerce.number().int().min(500).max(600_000).default(4500),
  SENSOR_HEARTBEAT_MS: z.coerce.number().int().min(100).max(300_000).default(1500),
  /** Where plug-in definitions come from for status: the registry, or the built-in bundles. */
  PLUGIN_REGISTRY_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** The registry's API token (role `service`); unset: this service's AUTH_BOOTSTRAP_TOKEN, as on a first start. */
  PLUGIN_REGISTRY_TOKEN: z.string().min(1).optional(),
  AUTH_BOOTSTRAP_TOKEN: z.string().optional(),
  SENSOR_PLUGIN_DIR: z
    .string()
    .min(1)
    .default(fileURLToPath(new URL('../../../plugins', import.meta.url))),
  SENSOR_PLUGIN_WORKERS: z.coerce.number().int().min(1).max(64).default(1),
  /**
   * Shared with deploy: signs this poller's requests for cluster credentials and opens the answers. Without it a
   * poller cannot reach the clusters it owns.
   */
  INTERNAL_SERVICE_KEY: z
    .string({ message: 'expected 32 random bytes as base64 (openssl rand -base64 32)' })
    .refine((value) => Buffer.from(value, 'base64').length === 32, {
      message: 'expected 32 random bytes as base64 (openssl rand -base64 32)',
    })
    .optional(),
  /** How long a poller waits for deploy's answer before it gives up on a batch of cluster ids. */
  CLUSTER_CREDENTIALS_TIMEOUT_MS: z.coerce.number().int().positive().default(5000),
});
export type SensorConfig = z.infer<typeof sensorConfigSchema>;

/** Where this process polls, or undefined when it does not (api, or all without a unit). */
export function pollerPlacement(config: SensorConfig): { unit: string; pollerId: string } | undefined {
  if (config.SENSOR_ROLE === 'api') return undefined;
  if (config.SENSOR_UNIT === undefined) {
    if (config.SENSOR_ROLE === 'poller') throw new Error('SENSOR_UNIT is required when SENSOR_ROLE=poller');
    return undefined;
  }
  return { unit: config.SENSOR_UNIT, pollerId: pollerIdentity(config) };
}

/** This process's name among pollers: SENSOR_POLLER_ID, or host and pid. */
export function pollerIdentity(config: SensorConfig): string {
  return (
    config.SENSOR_POLLER_ID ??
    `${hostname()
      .replace(/[^A-Za-z0-9_-]/g, '-')
      .slice(0, 48)}-${process.pid}`
  );
}
