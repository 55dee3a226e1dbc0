import { z } from 'zod';
import { defineContract } from '../contract.js';

/** AppManager's component-instance statuses, plus DRIFTED: a live object no longer what deploy applied. */
export const componentInstanceStatus = z.enum([
  'PENDING',
  'RUNNING',
  'PREPARING_UPDATE',
  'PREPARING_DELETE',
  'UPDATING',
  'DELETING',
  'WARNING',
  'ERROR',
  'FAILED',
  'EXPIRED',
  'COMPLETED',
  'DELETED',
  'DRIFTED',
  'UNKNOWN',
  'NOT_IMPLEMENTED',
]);

/** AppManager's app-instance statuses. */
export const appInstanceStatus = z.enum([
  'PENDING',
  'RUNNING',
  'UPDATING',
  'WARNING',
  'ERROR',
  'UNKNOWN',
  'DELETING',
  'DELETED',
  'FAILED',
  'EXPIRED',
  'NOT_IMPLEMENTED',
]);

const appInstanceKey = {
  appId: z.string().min(1),
  /** '' when the app was deployed without a stage. */
  stage: z.string(),
  cluster: z.string().min(1),
  namespace: z.string().min(1),
};

export const componentInstanceChangedEvent = defineContract('state.evt.component-instance.changed.v1', {
  description:
    "A component instance's status changed as the sensor observed it (only changes are published); DRIFTED names the fields no longer as deploy applied them.",
  publishedBy: 'sensor (the poller or watcher that owns the cluster)',
  consumedBy: ['sensor (api role: app-instance aggregation)', 'any system'],
  schema: z.object({
    ...appInstanceKey,
    /** `TYPE|NAME` */
    component: z.string().min(1),
    componentType: z.string().min(1),
    status: componentInstanceStatus,
    previousStatus: componentInstanceStatus,
    message: z.string().optional(),
    driftedFields: z.array(z.object({ kind: z.string(), name: z.string(), fields: z.array(z.string()) })).optional(),
    /** The node version deploy last applied. */
    version: z.string().min(1),
    observedAt: z.iso.datetime({ offset: true }),
    observedBy: z.string().min(1),
  }),
});

export const appInstanceChangedEvent = defineContract('state.evt.app-instance.changed.v1', {
  description: "An app instance's aggregated status changed (AppManager's aggregation rule over its component instances).",
  publishedBy: 'sensor (api role)',
  consumedBy: ['any system'],
  schema: z.object({
    ...appInstanceKey,
    status: appInstanceStatus,
    previousStatus: appInstanceStatus,
    components: z.record(z.string(), componentInstanceStatus),
    changedAt: z.iso.datetime({ offset: true }),
  }),
});

const clusterReachability = {
  clusterId: z.string().min(1),
  unitId: z.string().min(1),
  observedBy: z.string().min(1),
  at: z.iso.datetime({ offset: true }),
};

export const clusterUnreachableEvent = defineContract('state.evt.cluster.unreachable.v1', {
  description: 'The sensor could not read a cluster (its circuit breaker opened); `reason` says why, never with a credential.',
  publishedBy: 'sensor (poller)',
  consumedBy: ['any system'],
  schema: z.object({ ...clusterReachability, reason: z.string().min(1), consecutiveFailures: z.number().int().positive() }),
});

export const clusterReachableEvent = defineContract('state.evt.cluster.reachable.v1', {
  description: 'A cluster the sensor had marked unreachable answered again.',
  publishedBy: 'sensor (poller)',
  consumedBy: ['any system'],
  schema: z.object({ ...clusterReachability, unreachableSince: z.iso.datetime({ offset: true }) }),
});
