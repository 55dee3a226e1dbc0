import { Module } from '@nestjs/common';
import { AddonInstanceRepository } from './application/addon-instance.repository.js';
import { ListAddonInstancesUseCase } from './application/list-addon-instances.use-case.js';
import { AddonInstanceController } from './inbound/addon-instance.controller.js';
import { TypeOrmAddonInstanceRepository } from './outbound/typeorm-addon-instance.repository.js';

@Module({
  controllers: [AddonInstanceController],
  providers: [{ provide: AddonInstanceRepository, useClass: TypeOrmAddonInstanceRepository }, ListAddonInstancesUseCase],
})
export class AddonInstancesModule {}
