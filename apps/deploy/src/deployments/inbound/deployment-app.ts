import type { AppOf } from '@appmanager/service-host';
import { DeploymentRepository } from '../application/deployment.repository.js';

/**
 * The application of `/deployments/:id…`, so roles bound to its project apply; an unknown id names none
 * (the caller then needs the permission in some project, and the handler answers 404).
 */
export const appOfDeployment: AppOf = async (request, get) => {
  const id = request.params['id'];
  return id
    ? (
        await get(DeploymentRepository)
          .findById(id)
          .catch(() => undefined)
      )?.appId
    : undefined;
};
