import { z } from 'zod';
import { defineContract } from '../contract.js';

/** poll: pollers LIST the cluster on a schedule; watch: the cluster is watched instead (its sensor decides how). */
export const clusterSensingModes = ['poll', 'watch'] as const;

export const clusterRegisteredEvent = defineContract('env.evt.cluster.registered.v1', {
  description: 'A cluster joined the fleet, or its endpoint or sensing mode changed; credentials never travel in the event.',
  publishedBy: 'deploy',
  consumedBy: ['sensor'],
  schema: z.object({
    clusterId: z.string().min(1),
    unitId: z.string().min(1),
    name: z.string().min(1),
    apiServer: z.url(),
    /** Absent in events published before it existed: poll. */
    sensing: z.enum(clusterSensingModes).default('poll'),
  }),
});

export const clusterRemovedEvent = defineContract('env.evt.cluster.removed.v1', {
  description: 'A cluster left the fleet; pollers stop watching it.',
  publishedBy: 'deploy',
  consumedBy: ['sensor'],
  schema: z.object({
    clusterId: z.string().min(1),
    unitId: z.string().min(1),
  }),
});
