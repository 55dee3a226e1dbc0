import type { Transaction } from '../../inbox/application/command-inbox.js';
import type { Deployment } from '../domain/deployment.js';

/** Port: where deployments are kept. */
export abstract class DeploymentRepository {
  /**
   * Stores `deployment` unless one with the same source event id exists; returns the stored
   * one either way and whether this call created it.
   */
  abstract insertOnce(deployment: Deployment, transaction?: Transaction): Promise<{ deployment: Deployment; created: boolean }>;
  abstract findById(id: string): Promise<Deployment | undefined>;
  /** The newest deployment (not undeploy) of the application whose resolved target is on this stage. */
  abstract latestOnStage(appId: string, place: { stage: string; cluster?: string; namespace?: string }): Promise<Deployment | undefined>;
  /** The undeploys that removed (or are removing) what this deployment applied, newest first. */
  abstract undeploysOf(sourceDeploymentId: string): Promise<Deployment[]>;
  abstract list(page: { limit: number; offset: number; appId?: string; state?: string }): Promise<{ items: Deployment[]; total: number }>;
}
