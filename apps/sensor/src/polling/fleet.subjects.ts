/** Core NATS subjects (not captured by any stream) on which pollers answer the api role. */
export const FLEET_STATS_SUBJECT = 'sensor.internal.fleet.stats';
export const CLUSTER_SENSING_SUBJECT = 'sensor.internal.cluster.sensing';
/** A poller's owned cluster ids and when each was last polled, a page at a time (for the benchmark's ownership checks). */
export const FLEET_OWNED_SUBJECT = 'sensor.internal.fleet.owned';
