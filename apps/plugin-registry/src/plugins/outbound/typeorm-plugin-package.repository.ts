import { Inject, Injectable } from '@nestjs/common';
import { pluginDeletedEvent, pluginDisabledEvent, pluginEnabledEvent, pluginInstalledEvent } from '@appmanager/contracts';
import { Outbox } from '@appmanager/messaging';
import type { DefinitionKind } from '@appmanager/plugin-sdk';
import semver from 'semver';
import { DataSource, type EntityManager, type Repository } from 'typeorm';
import type { PluginPackageRepository, RegistryEvent } from '../application/plugin-package.repository.js';
import type { PluginPackage } from '../domain/plugin-package.js';
import { VersionConflictError } from '../domain/registry.errors.js';
import { PluginPackageEntity } from './plugin-package.entity.js';
import { PluginUsageEntity } from './plugin-usage.entity.js';

const UNIQUE_VIOLATION = '23505';

@Injectable()
export class TypeOrmPluginPackageRepository implements PluginPackageRepository {
  private readonly rows: Repository<PluginPackageEntity>;
  private readonly usageRows: Repository<PluginUsageEntity>;

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Outbox) private readonly outbox: Outbox,
  ) {
    this.rows = dataSource.getRepository(PluginPackageEntity);
    this.usageRows = dataSource.getRepository(PluginUsageEntity);
  }

  async list(page: { limit: number; offset: number }): Promise<{ items: PluginPackage[]; total: number }> {
    const [rows, total] = await this.rows.findAndCount({ order: { name: 'ASC', createdAt: 'DESC' }, take: page.limit, skip: page.offset });
    return { items: rows.map(toDomain), total };
  }

  async find(name: string, version: string): Promise<PluginPackage | undefined> {
    const row = await this.rows.findOneBy({ name, version });
    return row ? toDomain(row) : undefined;
  }

  async versions(name: string): Promise<PluginPackage[]> {
    return (await this.rows.findBy({ name })).map(toDomain).sort((a, b) => semver.rcompare(a.version, b.version));
  }

  async findEnabledProviding(kind: DefinitionKind, type: string): Promise<PluginPackage[]> {
    const rows = await this.rows
      .createQueryBuilder('p')
      .where('p.enabled = true')
      // jsonb containment: some definition has this kind and this type, or this name among its aliases
      .andWhere('(p.definitions @> :byType::jsonb OR p.definitions @> :byAlias::jsonb)', {
        byType: JSON.stringify([{ kind, type }]),
        byAlias: JSON.stringify([{ kind, aliases: [type] }]),
      })
      .getMany();
    return rows.map(toDomain);
  }

  async save(pkg: PluginPackage, event: RegistryEvent): Promise<PluginPackage> {
    try {
      await this.dataSource.transaction(async (manager) => {
        await manager.getRepository(PluginPackageEntity).save(toEntity(pkg));
        await this.announce(manager, event);
      });
    } catch (error) {
      // another upload (or replica installing the built-ins) created the same version first
      if ((error as { driverError?: { code?: string } }).driverError?.code === UNIQUE_VIOLATION) {
        throw new VersionConflictError(`${pkg.name}@${pkg.version} was installed concurrently`);
      }
      throw error;
    }
    return pkg;
  }

  async setEnabled(pkg: PluginPackage, enabled: boolean, event: RegistryEvent): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.getRepository(PluginPackageEntity).update({ id: pkg.id }, { enabled });
      await this.announce(manager, event);
    });
  }

  async delete(pkg: PluginPackage, event: RegistryEvent): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.getRepository(PluginPackageEntity).delete({ id: pkg.id });
      await this.announce(manager, event);
    });
  }

  async usages(pkg: PluginPackage): Promise<string[]> {
    return (await this.usageRows.find({ where: { packageId: pkg.id }, order: { consumer: 'ASC' } })).map((u) => u.consumer);
  }

  async addUsage(pkg: PluginPackage, consumer: string): Promise<void> {
    await this.usageRows.upsert(
      { packageId: pkg.id, consumer, createdAt: new Date() },
      { conflictPaths: ['packageId', 'consumer'], skipUpdateIfNoValuesChanged: true },
    );
  }

  async removeUsage(pkg: PluginPackage, consumer: string): Promise<boolean> {
    return ((await this.usageRows.delete({ packageId: pkg.id, consumer })).affected ?? 0) > 0;
  }

  private async announce(manager: EntityManager, event: RegistryEvent): Promise<void> {
    const ref = { name: event.name, version: event.version };
    switch (event.action) {
      case 'installed':
        await this.outbox.add(manager, pluginInstalledEvent, { ...ref, checksum: event.checksum, definitions: event.definitions });
        return;
      case 'enabled':
        await this.outbox.add(manager, pluginEnabledEvent, ref);
        return;
      case 'disabled':
        await this.outbox.add(manager, pluginDisabledEvent, ref);
        return;
      case 'deleted':
        await this.outbox.add(manager, pluginDeletedEvent, ref);
    }
  }
}

function toDomain(row: PluginPackageEntity): PluginPackage {
  return {
    id: row.id,
    name: row.name,
    version: row.version,
    description: row.description,
    enabled: row.enabled,
    sha256: row.sha256,
    archiveKey: row.archiveKey,
    sizeBytes: row.sizeBytes,
    definitions: row.definitions,
    createdAt: row.createdAt,
  };
}

function toEntity(pkg: PluginPackage): PluginPackageEntity {
  return Object.assign(new PluginPackageEntity(), pkg);
}
