import { Module } from '@nestjs/common';
import { AddonInstancesModule } from './addon-instances/addon-instances.module.js';

@Module({ imports: [AddonInstancesModule] })
export class AddonModule {}
