/** AppManager's deployment states (plus SUSPENDED); launch records CREATED, the runner moves it on (execution/). */
export const deploymentStates = [
  'CREATED',
  'PROCESSING',
  'RUNNING',
  'WAIT_FOR_OP',
  'SUSPENDED',
  'SUCCESS',
  'FAILURE',
  'TERMINATED',
] as const;
export type DeploymentState = (typeof deploymentStates)[number];

export interface DeploymentTarget {
  unit?: string;
  cluster?: string;
  namespace?: string;
  stage?: string;
}

/** What a launch asks for, whether it came over HTTP or as a command event. */
export interface LaunchRequest {
  appId: string;
  /** ApplicationConfiguration as YAML text or as an object; parsed by the orchestration. */
  configuration: string | Record<string, unknown>;
  target?: DeploymentTarget;
  requestedBy?: string;
  /** The app package its packaged components come from, when the configuration's annotations name none. */
  appPackage?: { id?: string | undefined; version?: string | undefined } | undefined;
}

/** A deployment applies an application; an undeploy removes what its source deployment applied. */
export type DeploymentKind = 'deploy' | 'undeploy';

export interface Deployment {
  id: string;
  kind: DeploymentKind;
  /** For an undeploy: the deployment whose components it removes. */
  sourceDeploymentId: string | null;
  appId: string;
  state: DeploymentState;
  configuration: string | Record<string, unknown>;
  target: DeploymentTarget;
  requestedBy: string | null;
  /** The CloudEvent id (or HTTP idempotency key) that asked for it: the same one twice records once. */
  sourceEventId: string | null;
  correlationId: string;
  createdAt: Date;
}

export function newDeployment(
  id: string,
  request: LaunchRequest,
  origin: { sourceEventId: string | null; correlationId: string; now: Date; kind?: DeploymentKind; sourceDeploymentId?: string },
): Deployment {
  return {
    id,
    kind: origin.kind ?? 'deploy',
    sourceDeploymentId: origin.sourceDeploymentId ?? null,
    appId: request.appId,
    state: 'CREATED',
    configuration: request.configuration,
    target: request.target ?? {},
    requestedBy: request.requestedBy ?? null,
    sourceEventId: origin.sourceEventId,
    correlationId: origin.correlationId,
    createdAt: origin.now,
  };
}
