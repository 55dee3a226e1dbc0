import { Inject, Injectable } from '@nestjs/common';
import { launchDeploymentCommand } from '@appmanager/contracts';
import { Outbox } from '@appmanager/messaging';
import type { EntityManager } from 'typeorm';
import { parse as parseYaml } from 'yaml';
import type { Transaction } from '../../packages/application/package.repository.js';
import { DeployTriggerRepository } from './deploy-trigger.repository.js';

/**
 * A newly built app package launches a deployment on each stage whose trigger is enabled: deploy's launch command
 * through the outbox, in the transaction that made the package visible, the configuration naming the package.
 */
@Injectable()
export class FireDeployTriggers {
  constructor(
    @Inject(DeployTriggerRepository) private readonly triggers: DeployTriggerRepository,
    @Inject(Outbox) private readonly outbox: Outbox,
  ) {}

  async fire(tx: Transaction, appPackage: { id: string; appId: string; version: string }): Promise<number> {
    const triggers = await this.triggers.enabledFor(tx, appPackage.appId);
    for (const trigger of triggers) {
      const doc = parseYaml(trigger.configuration) as { metadata?: { annotations?: Record<string, string> } };
      doc.metadata = {
        ...doc.metadata,
        annotations: { ...doc.metadata?.annotations, appId: appPackage.appId, appPackageId: appPackage.id },
      };
      await this.outbox.add(tx as unknown as EntityManager, launchDeploymentCommand, {
        appId: appPackage.appId,
        configuration: doc as Record<string, unknown>,
        target: { ...trigger.target, stage: trigger.stage },
        requestedBy: `build: app package ${appPackage.appId}@${appPackage.version}`,
      });
    }
    return triggers.length;
  }
}
