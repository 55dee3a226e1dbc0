/** The NATS KV bucket where pollers heartbeat, one key `<unit>.<pollerId>` each. Named once, here. */
export const POLLER_MEMBERSHIP_BUCKET = 'sensor_pollers';
/** A poller not heard from for this long is gone; also the bucket's max_age. */
export const POLLER_TTL_MS = 6000;
/** How often a poller re-puts its key: three chances per TTL. */
export const POLLER_HEARTBEAT_MS = 2000;
/** A unit or poller id is one token of a KV key (a NATS subject token). */
export const KEY_TOKEN = /^[A-Za-z0-9_-]{1,64}$/;
