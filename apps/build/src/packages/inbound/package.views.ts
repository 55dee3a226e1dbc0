import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PageViewOf } from '@appmanager/service-host';
import type { AppPackage, ComponentPackage } from '../application/package.repository.js';

export class ImageRefView {
  @ApiProperty({ description: 'the container' }) name!: string;
  @ApiProperty({ description: 'repository:tag as pushed' }) image!: string;
  @ApiPropertyOptional({ description: 'the pushed digest, sha256:…' }) sha256?: string;
}

export class ComponentPackageView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() appId!: string;
  @ApiProperty({ example: 'K8S_MICROSERVICE' }) componentType!: string;
  @ApiProperty() componentName!: string;
  @ApiProperty({ example: '1.0.1+20261128101500123456' }) version!: string;
  @ApiProperty({ description: 'md5 of the component zip' }) md5!: string;
  @ApiProperty({ type: [ImageRefView] }) images!: ImageRefView[];
  @ApiProperty({ format: 'date-time' }) createdAt!: string;

  static of(pkg: ComponentPackage): ComponentPackageView {
    return Object.assign(new ComponentPackageView(), {
      id: pkg.id,
      appId: pkg.appId,
      componentType: pkg.componentType,
      componentName: pkg.componentName,
      version: pkg.version,
      md5: pkg.md5,
      images: pkg.images,
      createdAt: pkg.createdAt.toISOString(),
    });
  }
}

export class AppPackageComponentView extends ComponentPackageView {
  @ApiProperty({ description: "the component zip's name inside the app package" }) relativePath!: string;
}

export class AppPackageView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() appId!: string;
  @ApiProperty() version!: string;
  @ApiProperty({ description: 'md5 of the app package zip' }) md5!: string;
  @ApiProperty({ enum: ['build', 'import'] }) source!: string;
  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String }) taskId!: string | null;
  @ApiProperty({ type: [String], example: ['on-sale'] }) tags!: string[];
  @ApiProperty({ type: [AppPackageComponentView] }) componentPackages!: AppPackageComponentView[];
  @ApiProperty({ format: 'date-time' }) createdAt!: string;

  static of(pkg: AppPackage): AppPackageView {
    return Object.assign(new AppPackageView(), {
      id: pkg.id,
      appId: pkg.appId,
      version: pkg.version,
      md5: pkg.md5,
      source: pkg.source,
      taskId: pkg.taskId,
      tags: pkg.tags,
      componentPackages: pkg.components.map((c) =>
        Object.assign(new AppPackageComponentView(), ComponentPackageView.of(c.componentPackage), { relativePath: c.relativePath }),
      ),
      createdAt: pkg.createdAt.toISOString(),
    });
  }
}

export class AppPackagePageView extends PageViewOf(AppPackageView) {}
export class ComponentPackagePageView extends PageViewOf(ComponentPackageView) {}

export class ImportResultView extends AppPackageView {
  @ApiProperty({ enum: ['created', 'replaced'] }) outcome!: string;
}

export class PackageUrlView {
  @ApiProperty({ description: 'a pre-signed GET URL of the app package zip' }) url!: string;
  @ApiProperty({ format: 'date-time' }) expiresAt!: string;
}
