/** Failures of the deployments API; the edge answers them as 404 / 409 with these messages. */
export class DeploymentNotFoundError extends Error {
  override readonly name = 'DeploymentNotFoundError';
}

/** What the request asks for (undeploy, replay) cannot happen while the deployment is as it is. */
export class DeploymentConflictError extends Error {
  override readonly name = 'DeploymentConflictError';
}
