/** One deployment of an application, as its history lists it. */
export interface DeploymentSummary {
  id: string;
  state: string;
  reason: string | null;
  target: Record<string, string>;
  createdAt: string;
  finishedAt: string | null;
}

export interface ApplicationSummary {
  appId: string;
  deployments: number;
  latest: DeploymentSummary;
}

/** Port: applications as the deployments made of them (newest first). */
export abstract class ApplicationHistory {
  abstract applications(): Promise<ApplicationSummary[]>;
  abstract deployments(
    appId: string,
    filter: { state?: string; limit: number; offset: number },
  ): Promise<{ items: DeploymentSummary[]; total: number }>;
}
