import { Module } from '@nestjs/common';
import { ClustersModule } from '../clusters/clusters.module.js';
import { ComponentInstanceRepository } from './application/component-instance.repository.js';
import { ListComponentInstancesUseCase } from './application/list-component-instances.use-case.js';
import { RecordComponentAppliedUseCase } from './application/record-component-applied.use-case.js';
import { RecordComponentRemovedUseCase } from './application/record-component-removed.use-case.js';
import { ComponentAppliedHandler } from './inbound/component-applied.handler.js';
import { ComponentInstanceController } from './inbound/component-instance.controller.js';
import { ComponentRemovedHandler } from './inbound/component-removed.handler.js';
import { TypeOrmComponentInstanceRepository } from './outbound/typeorm-component-instance.repository.js';

@Module({
  // the inbox (processed-event guard) the clusters capability provides
  imports: [ClustersModule],
  controllers: [ComponentInstanceController, ComponentAppliedHandler, ComponentRemovedHandler],
  providers: [
    { provide: ComponentInstanceRepository, useClass: TypeOrmComponentInstanceRepository },
    RecordComponentAppliedUseCase,
    RecordComponentRemovedUseCase,
    ListComponentInstancesUseCase,
  ],
  exports: [ListComponentInstancesUseCase],
})
export class InstancesModule {}
