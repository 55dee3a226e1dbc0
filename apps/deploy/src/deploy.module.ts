import { Module } from '@nestjs/common';
import { DeploymentsModule } from './deployments/deployments.module.js';

@Module({ imports: [DeploymentsModule] })
export class DeployModule {}
