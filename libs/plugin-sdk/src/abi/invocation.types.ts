/** Where and for whom a plug-in function runs. The same for every kind. */
export interface InvocationContext {
  /** The deployment's correlation id; the host adds it to every log line. */
  correlationId: string;
  /** The host's clock at the start of the call (ISO 8601). Use this, not `Date`, so tests can fix it. */
  now: string;
  appId: string;
  target: DeploymentTarget;
}

export interface DeploymentTarget {
  unit?: string;
  cluster: string;
  namespace: string;
  stage?: string;
}
