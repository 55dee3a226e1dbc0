/** A cluster of the fleet as the sensor knows it: enough to poll it, never its credentials. */
export interface Cluster {
  clusterId: string;
  unitId: string;
  name: string;
  apiServer: string;
  /** poll: LIST on a schedule; watch: followed by a watch. Chosen at registration in deploy. */
  sensing: 'poll' | 'watch';
  registeredAt: Date;
  /** The CloudEvent that last changed this row. */
  lastEventId: string;
}
