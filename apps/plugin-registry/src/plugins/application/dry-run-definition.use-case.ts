import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { dryRunDefinition, findDefinition, unpackPlugin, type DryRunRequest, type DryRunResult } from '@appmanager/plugin-package';
import { PluginRuntime } from '@appmanager/plugin-runtime';
import { PluginNotFoundError } from '../domain/registry.errors.js';
import { DownloadArchiveUseCase } from './download-archive.use-case.js';

/**
 * Runs one function of one definition of a stored version in the sandbox against fake capabilities,
 * so authors can try a plug-in through the API. Uses one small pool, kept warm between calls.
 */
@Injectable()
export class DryRunDefinitionUseCase implements OnModuleDestroy {
  private runtime?: PluginRuntime;

  constructor(@Inject(DownloadArchiveUseCase) private readonly download: DownloadArchiveUseCase) {}

  async execute(name: string, version: string, request: DryRunRequest): Promise<DryRunResult> {
    const { archive } = await this.download.execute(name, version);
    const plugin = await unpackPlugin(archive);
    if (!findDefinition(plugin.manifest.definitions, request.kind, request.type)) {
      throw new PluginNotFoundError(`${name}@${version} has no ${request.kind} "${request.type}"`);
    }
    this.runtime ??= new PluginRuntime({ pool: { size: 1 } });
    return dryRunDefinition(plugin, request, this.runtime);
  }

  async onModuleDestroy(): Promise<void> {
    await this.runtime?.close();
  }
}
