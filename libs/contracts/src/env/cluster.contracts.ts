import { z } from 'zod';
import { defineContract } from '../contract.js';

export const clusterRegisteredEvent = defineContract('env.evt.cluster.registered.v1', {
  description: 'A cluster joined the fleet; credentials never travel in the event.',
  publishedBy: 'deploy',
  consumedBy: ['sensor'],
  schema: z.object({
    clusterId: z.string().min(1),
    unitId: z.string().min(1),
    name: z.string().min(1),
    apiServer: z.url(),
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
