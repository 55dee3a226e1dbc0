import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PageViewOf } from '@appmanager/service-host';
import { checksumOf, type PluginPackage, type StoredDefinition } from '../domain/plugin-package.js';

export class DefinitionSummaryView {
  @ApiProperty({ enum: ['Component', 'Trait', 'Policy', 'WorkflowStep', 'Addon'] }) kind!: string;
  @ApiProperty() type!: string;
  @ApiPropertyOptional() description?: string;
}

export class PluginPackageView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ description: 'semver' }) version!: string;
  @ApiProperty() description!: string;
  @ApiProperty() enabled!: boolean;
  @ApiProperty({ description: '`sha256:<hex>` over the package content (sorted paths and contents), as `amctl plugin pack` prints it' })
  checksum!: string;
  @ApiProperty({ description: 'the hex part of checksum' }) sha256!: string;
  @ApiProperty({ description: 'object key of the archive in the package store' }) archiveKey!: string;
  @ApiProperty() sizeBytes!: number;
  @ApiProperty({ type: [DefinitionSummaryView] }) definitions!: DefinitionSummaryView[];
  @ApiProperty({ format: 'date-time' }) createdAt!: string;

  static of(row: PluginPackage): PluginPackageView {
    return Object.assign(new PluginPackageView(), {
      id: row.id,
      name: row.name,
      version: row.version,
      description: row.description,
      enabled: row.enabled,
      checksum: checksumOf(row),
      sha256: row.sha256,
      archiveKey: row.archiveKey,
      sizeBytes: row.sizeBytes,
      definitions: row.definitions.map((d) => ({ kind: d.kind, type: d.type, ...(d.description ? { description: d.description } : {}) })),
      createdAt: row.createdAt.toISOString(),
    });
  }
}

export class DefinitionView extends DefinitionSummaryView {
  @ApiPropertyOptional({ type: [String], description: 'other names the type is resolved by (e.g. K8S_MICROSERVICE)' }) aliases?: string[];
  @ApiProperty({ description: 'path of the script in the archive' }) script!: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) propertiesSchema!: Record<string, unknown>;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true }) outputsSchema?: Record<string, unknown>;
  @ApiProperty({ type: 'object', additionalProperties: true }) capabilities!: Record<string, unknown>;
  @ApiProperty({ type: [String] }) installRoles!: string[];

  static of(definition: StoredDefinition): DefinitionView {
    return Object.assign(new DefinitionView(), definition);
  }
}

export class PluginVersionDetailView extends PluginPackageView {
  @ApiProperty({ type: [DefinitionView] }) declare definitions: DefinitionView[];

  static detail(row: PluginPackage): PluginVersionDetailView {
    return Object.assign(new PluginVersionDetailView(), PluginPackageView.of(row), {
      definitions: row.definitions.map((d) => DefinitionView.of(d)),
    });
  }
}

export class UploadResultView extends PluginPackageView {
  @ApiProperty({ enum: ['created', 'replaced', 'unchanged'] }) outcome!: string;
}

export class PluginVersionsView {
  @ApiProperty() name!: string;
  @ApiProperty({ type: [PluginPackageView], description: 'newest first' }) versions!: PluginPackageView[];
}

export class PluginPackagePageView extends PageViewOf(PluginPackageView) {}

export class ResolvedDefinitionView {
  @ApiProperty() name!: string;
  @ApiProperty() version!: string;
  @ApiProperty() checksum!: string;
  @ApiProperty({ type: DefinitionView }) definition!: DefinitionView;
  @ApiProperty({ description: 'the definition script, ready to load into the sandbox' }) script!: string;
}
