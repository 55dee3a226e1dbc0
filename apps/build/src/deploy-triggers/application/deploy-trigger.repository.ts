import type { Transaction } from '../../packages/application/package.repository.js';

export interface DeployTrigger {
  appId: string;
  stage: string;
  enabled: boolean;
  /** The ApplicationConfiguration (YAML) launched with the new package's id as its `appPackageId` annotation. */
  configuration: string;
  target: { unit?: string; cluster?: string; namespace?: string };
  updatedAt: Date;
}

/** Port: per app and stage, whether a newly built app package launches a deployment. */
export abstract class DeployTriggerRepository {
  abstract put(trigger: Omit<DeployTrigger, 'updatedAt'>): Promise<DeployTrigger>;
  abstract list(appId: string): Promise<DeployTrigger[]>;
  abstract delete(appId: string, stage: string): Promise<boolean>;
  abstract enabledFor(tx: Transaction, appId: string): Promise<DeployTrigger[]>;
}
