/** Core NATS subjects (not captured by any stream) on which pollers answer the api role. */
export const FLEET_STATS_SUBJECT = 'sensor.internal.fleet.stats';
export const CLUSTER_SENSING_SUBJECT = 'sensor.internal.cluster.sensing';
