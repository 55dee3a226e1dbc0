import { Module } from '@nestjs/common';
import { DeployTriggerRepository } from './application/deploy-trigger.repository.js';
import { FireDeployTriggers } from './application/fire-deploy-triggers.js';
import { DeployTriggerController } from './inbound/deploy-trigger.controller.js';
import { SqlDeployTriggerRepository } from './outbound/sql-deploy-trigger.repository.js';

@Module({
  controllers: [DeployTriggerController],
  providers: [{ provide: DeployTriggerRepository, useClass: SqlDeployTriggerRepository }, FireDeployTriggers],
  exports: [FireDeployTriggers],
})
export class DeployTriggersModule {}
