import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { MANIFEST_FILE_NAMES, packPlugin } from '@appmanager/plugin-package';
import { ArchiveStoreUnavailableError } from '../domain/registry.errors.js';
import { UploadPluginUseCase, type UploadResult } from './upload-plugin.use-case.js';

export interface BuiltinInstall {
  dir: string;
  result?: UploadResult;
  error?: string;
  /** The package store was down: trying again later may work. */
  retryable?: boolean;
}

/**
 * Installs every plug-in directory under `root` through the same use case as an upload. Packing is
 * deterministic, so an unchanged built-in has the checksum already stored and nothing happens; a
 * changed one under the same version is forced over, since the built-ins ship with the service.
 */
@Injectable()
export class InstallBuiltinPluginsUseCase {
  constructor(@Inject(UploadPluginUseCase) private readonly upload: UploadPluginUseCase) {}

  async execute(root: string): Promise<BuiltinInstall[]> {
    const entries = await readdir(root, { withFileTypes: true });
    const installs: BuiltinInstall[] = [];
    for (const entry of entries.filter((e) => e.isDirectory()).sort((a, b) => a.name.localeCompare(b.name))) {
      const dir = join(root, entry.name);
      const files = await readdir(dir);
      if (!files.some((f) => (MANIFEST_FILE_NAMES as readonly string[]).includes(f))) continue;
      try {
        const packed = await packPlugin(dir);
        installs.push({ dir, result: await this.upload.execute(packed.archive, { force: true }) });
      } catch (error) {
        installs.push({ dir, error: (error as Error).message, retryable: error instanceof ArchiveStoreUnavailableError });
      }
    }
    return installs;
  }
}
