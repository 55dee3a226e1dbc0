import { ApiProperty } from '@nestjs/swagger';
import type { PluginPackage } from '../domain/plugin-package.js';

export class PluginPackageView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ description: 'semver' }) version!: string;
  @ApiProperty() enabled!: boolean;
  @ApiProperty({ description: 'of the package archive' }) sha256!: string;
  @ApiProperty({ description: 'object key of the archive in the package store' }) archiveKey!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;

  static of(row: PluginPackage): PluginPackageView {
    return Object.assign(new PluginPackageView(), {
      id: row.id,
      name: row.name,
      version: row.version,
      enabled: row.enabled,
      sha256: row.sha256,
      archiveKey: row.archiveKey,
      createdAt: row.createdAt.toISOString(),
    });
  }
}

export class PluginPackagePageView {
  @ApiProperty({ type: [PluginPackageView] }) items!: PluginPackageView[];
  @ApiProperty() total!: number;
  @ApiProperty() limit!: number;
  @ApiProperty() offset!: number;
}
