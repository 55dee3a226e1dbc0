import type { AppOf } from '@appmanager/service-host';

/** Which application a deployment is of (a port: the deployments folder, which keeps them, provides it). */
export abstract class DeploymentAppLookup {
  abstract appOf(deploymentId: string): Promise<string | undefined>;
}

/**
 * The application of `/deployments/:id…`, so roles bound to its project apply; an unknown id names none
 * (the caller then needs the permission in some project, and the handler answers 404).
 */
export const appOfDeployment: AppOf = async (request, get) => {
  const id = request.params['id'];
  return id
    ? get(DeploymentAppLookup)
        .appOf(id)
        .catch(() => undefined)
    : undefined;
};
