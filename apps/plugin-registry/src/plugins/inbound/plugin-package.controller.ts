import {
  Controller,
  Delete,
  Get,
  HttpCode,
  Inject,
  Param,
  Post,
  Query,
  Res,
  UnprocessableEntityException,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { InstallPermission } from './install-permission.js';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBody, ApiConsumes, ApiOkResponse, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import { DEFAULT_PACKAGE_LIMITS } from '@appmanager/plugin-package';
import {
  ApiPageQuery,
  CurrentPrincipal,
  type PageQuery,
  pageQuerySchema,
  pageViewOf,
  Permission,
  type Principal,
  ZodValidationPipe,
} from '@appmanager/service-host';
import type { ServerResponse } from 'node:http';
import { DeletePluginVersionUseCase } from '../application/delete-plugin-version.use-case.js';
import { DownloadArchiveUseCase } from '../application/download-archive.use-case.js';
import { GetPluginUseCase } from '../application/get-plugin.use-case.js';
import { ListPluginPackagesUseCase } from '../application/list-plugin-packages.use-case.js';
import { SetPluginEnabledUseCase } from '../application/set-plugin-enabled.use-case.js';
import { UploadPluginUseCase } from '../application/upload-plugin.use-case.js';
import { checksumOf } from '../domain/plugin-package.js';
import {
  PluginPackagePageView,
  PluginPackageView,
  PluginVersionDetailView,
  PluginVersionsView,
  UploadResultView,
} from './plugin-package.view.js';
import { RegistryErrorsInterceptor } from './registry-errors.interceptor.js';
import { forceQuerySchema, uploadQuerySchema } from './registry.requests.js';

interface UploadedArchive {
  buffer: Buffer;
}

@ApiTags('plugins')
@Controller('plugins')
@UseInterceptors(RegistryErrorsInterceptor)
export class PluginPackageController {
  constructor(
    @Inject(ListPluginPackagesUseCase) private readonly listPluginPackages: ListPluginPackagesUseCase,
    @Inject(UploadPluginUseCase) private readonly upload: UploadPluginUseCase,
    @Inject(GetPluginUseCase) private readonly get: GetPluginUseCase,
    @Inject(DownloadArchiveUseCase) private readonly download: DownloadArchiveUseCase,
    @Inject(SetPluginEnabledUseCase) private readonly setEnabled: SetPluginEnabledUseCase,
    @Inject(DeletePluginVersionUseCase) private readonly deleteVersion: DeletePluginVersionUseCase,
    @Inject(InstallPermission) private readonly installer: InstallPermission,
  ) {}

  @Get()
  @Permission('plugins:read')
  @ApiPageQuery()
  @ApiOkResponse({ type: PluginPackagePageView, description: 'by name, newest version first' })
  async list(@Query(new ZodValidationPipe(pageQuerySchema)) page: PageQuery): Promise<PluginPackagePageView> {
    const result = await this.listPluginPackages.execute(page);
    return pageViewOf(result, (row) => PluginPackageView.of(row));
  }

  @Post()
  @Permission('plugins:install')
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file'],
      properties: { file: { type: 'string', format: 'binary', description: 'the .tgz from amctl plugin pack' } },
    },
  })
  @ApiQuery({ name: 'force', required: false, description: 'replace a version already installed with other content' })
  @ApiQuery({ name: 'enable', required: false, description: 'default true for a new version' })
  @ApiOkResponse({ type: UploadResultView, description: '201 when installed, 200 when the same content was already there' })
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: DEFAULT_PACKAGE_LIMITS.maxArchiveBytes, files: 1 } }))
  async create(
    @UploadedFile() file: UploadedArchive | undefined,
    @Query(new ZodValidationPipe(uploadQuerySchema)) query: { force?: boolean; enable?: boolean },
    @CurrentPrincipal() principal: Principal,
    @Res() res: ServerResponse,
  ): Promise<void> {
    if (!file) throw new UnprocessableEntityException('send the package archive as the multipart field "file"');
    const { pkg, outcome } = await this.upload.execute(file.buffer, query, (manifest) => this.installer.check(principal, manifest));
    const view: UploadResultView = Object.assign(new UploadResultView(), PluginPackageView.of(pkg), { outcome });
    res.statusCode = outcome === 'unchanged' ? 200 : 201;
    res.setHeader('content-type', 'application/json; charset=utf-8');
    res.end(JSON.stringify(view));
  }

  @Get(':name')
  @Permission('plugins:read')
  @ApiOkResponse({ type: PluginVersionsView })
  async versionsOf(@Param('name') name: string): Promise<PluginVersionsView> {
    return { name, versions: (await this.get.versions(name)).map((v) => PluginPackageView.of(v)) };
  }

  @Get(':name/versions')
  @Permission('plugins:read')
  @ApiOkResponse({ type: PluginVersionsView })
  versions(@Param('name') name: string): Promise<PluginVersionsView> {
    return this.versionsOf(name);
  }

  @Get(':name/:version')
  @Permission('plugins:read')
  @ApiOkResponse({ type: PluginVersionDetailView })
  async version(@Param('name') name: string, @Param('version') version: string): Promise<PluginVersionDetailView> {
    return PluginVersionDetailView.detail(await this.get.version(name, version));
  }

  @Get(':name/:version/archive')
  @Permission('plugins:read')
  @ApiProduces('application/gzip')
  @ApiOkResponse({ description: 'the package archive; header x-checksum carries its checksum' })
  async archive(@Param('name') name: string, @Param('version') version: string, @Res() res: ServerResponse): Promise<void> {
    const { pkg, archive } = await this.download.execute(name, version);
    res.setHeader('content-type', 'application/gzip');
    res.setHeader('content-disposition', `attachment; filename="${pkg.name}-${pkg.version}.tgz"`);
    res.setHeader('x-checksum', checksumOf(pkg));
    res.end(archive);
  }

  @Post(':name/:version/enable')
  @Permission('plugins:enable')
  @HttpCode(200)
  @ApiOkResponse({ type: PluginPackageView })
  async enable(@Param('name') name: string, @Param('version') version: string): Promise<PluginPackageView> {
    return PluginPackageView.of(await this.setEnabled.execute(name, version, true));
  }

  @Post(':name/:version/disable')
  @Permission('plugins:enable')
  @HttpCode(200)
  @ApiOkResponse({ type: PluginPackageView })
  async disable(@Param('name') name: string, @Param('version') version: string): Promise<PluginPackageView> {
    return PluginPackageView.of(await this.setEnabled.execute(name, version, false));
  }

  @Delete(':name/:version')
  @Permission('plugins:delete')
  @HttpCode(204)
  @ApiQuery({ name: 'force', required: false, description: 'delete even while deployments use it' })
  async remove(
    @Param('name') name: string,
    @Param('version') version: string,
    @Query(new ZodValidationPipe(forceQuerySchema)) query: { force?: boolean },
  ): Promise<void> {
    await this.deleteVersion.execute(name, version, query.force ?? false);
  }
}
