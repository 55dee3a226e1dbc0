import { Inject, Injectable } from '@nestjs/common';
import { BadRequestError } from '../domain/registry.errors.js';
import { findPluginVersion } from './find-plugin-version.js';
import { PluginPackageRepository } from './plugin-package.repository.js';

const CONSUMER = /^[A-Za-z0-9][A-Za-z0-9_.:/-]{0,252}$/;

/**
 * Who uses a version (e.g. `deploy:deployment/<id>`), so it is not deleted under them. The deploy
 * service records a usage when a deployment resolves a definition and releases it when the
 * deployment is gone.
 */
@Injectable()
export class PluginUsageUseCase {
  constructor(@Inject(PluginPackageRepository) private readonly repository: PluginPackageRepository) {}

  async record(name: string, version: string, consumer: string): Promise<void> {
    if (!CONSUMER.test(consumer)) throw new BadRequestError('consumer must be 1-253 characters of letters, digits and _.:/-');
    await this.repository.addUsage(await findPluginVersion(this.repository, name, version), consumer);
  }

  async release(name: string, version: string, consumer: string): Promise<boolean> {
    return this.repository.removeUsage(await findPluginVersion(this.repository, name, version), consumer);
  }

  async list(name: string, version: string): Promise<string[]> {
    return this.repository.usages(await findPluginVersion(this.repository, name, version));
  }
}
