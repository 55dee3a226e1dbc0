import { type AppInstance } from './model';

/** Deployment states in which an app's instances are expected to be on their way (not yet RUNNING). */
const inProgress = new Set(['CREATED', 'PROCESSING', 'RUNNING', 'WAIT_FOR_OP', 'SUSPENDED']);
const settling = new Set(['PENDING', 'UPDATING']);
const fine = new Set(['RUNNING', 'COMPLETED']);

export type Health = 'healthy' | 'progressing' | 'unhealthy';

/**
 * How the console judges an instance: the sensor's status, read against the app's latest deployment. PENDING or
 * UPDATING while that deployment is under way is progress; the same after it finished is a broken workload (a
 * crash-looping pod reads UPDATING, "0/1 replicas ready", to the sensor), so it is shown as unhealthy, in red.
 */
export function healthOf(instance: AppInstance, latestDeploymentState: string | undefined): Health {
  if (fine.has(instance.status)) return 'healthy';
  if (settling.has(instance.status) && latestDeploymentState !== undefined && inProgress.has(latestDeploymentState)) return 'progressing';
  return 'unhealthy';
}

export const healthTone: Record<Health, string> = { healthy: 'good', progressing: 'busy', unhealthy: 'bad' };
