import { Module } from '@nestjs/common';
import { PluginsModule } from './plugins/plugins.module.js';

@Module({ imports: [PluginsModule] })
export class PluginRegistryModule {}
