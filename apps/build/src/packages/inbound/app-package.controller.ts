import type { IncomingMessage, ServerResponse } from 'node:http';
import { buffer as readAll } from 'node:stream/consumers';
import {
  Controller,
  Delete,
  Get,
  Inject,
  Param,
  PayloadTooLargeException,
  Post,
  Put,
  Query,
  Req,
  Res,
  UnprocessableEntityException,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBody, ApiConsumes, ApiOkResponse, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ApiPageQuery, type PageQuery, pageQuerySchema, pageViewOf, ZodValidationPipe, Permission } from '@appmanager/service-host';
import { stringify as toYaml } from 'yaml';
import { z } from 'zod';
import { AppPackageQueriesUseCase } from '../application/app-package-queries.use-case.js';
import { ImportAppPackageUseCase } from '../application/import-app-package.use-case.js';
import { BuildErrorsInterceptor } from './build-errors.interceptor.js';
import {
  AppPackagePageView,
  AppPackageView,
  ComponentPackagePageView,
  ComponentPackageView,
  ImportResultView,
  PackageUrlView,
} from './package.views.js';

const maxZipBytes = 256 * 1024 * 1024;
const bool = (fallback: boolean) =>
  z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => (v === undefined ? fallback : v === 'true'));
const importQuerySchema = z.object({ packageVersion: z.string().min(1).max(128).optional(), force: bool(true), resetVersion: bool(false) });
const listQuerySchema = pageQuerySchema.extend({ tag: z.string().min(1).max(64).optional() });
const urlQuerySchema = z.object({
  expiresIn: z.coerce
    .number()
    .int()
    .min(60)
    .max(7 * 86_400)
    .default(3600),
});
const tagSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'expected a tag: letters, digits, . _ -');

@ApiTags('app-packages')
@Controller()
@UseInterceptors(BuildErrorsInterceptor)
export class AppPackageController {
  constructor(
    @Inject(AppPackageQueriesUseCase) private readonly queries: AppPackageQueriesUseCase,
    @Inject(ImportAppPackageUseCase) private readonly importPackage: ImportAppPackageUseCase,
  ) {}

  @Get('apps/:appId/app-packages')
  @Permission('packages:read')
  @ApiPageQuery()
  @ApiQuery({ name: 'tag', required: false, description: 'only packages with this tag, e.g. on-sale' })
  @ApiOkResponse({ type: AppPackagePageView, description: 'newest first' })
  async list(
    @Param('appId') appId: string,
    @Query(new ZodValidationPipe(listQuerySchema)) query: PageQuery & { tag?: string },
  ): Promise<AppPackagePageView> {
    const result = await this.queries.list(appId, query.tag ? { tag: query.tag } : {}, query);
    return pageViewOf({ ...result, limit: query.limit, offset: query.offset }, (p) => AppPackageView.of(p));
  }

  @Get('apps/:appId/component-packages')
  @Permission('packages:read')
  @ApiPageQuery()
  @ApiOkResponse({ type: ComponentPackagePageView, description: 'newest first' })
  async components(
    @Param('appId') appId: string,
    @Query(new ZodValidationPipe(pageQuerySchema)) page: PageQuery,
  ): Promise<ComponentPackagePageView> {
    const result = await this.queries.listComponents(appId, page);
    return pageViewOf({ ...result, limit: page.limit, offset: page.offset }, (p) => ComponentPackageView.of(p));
  }

  @Get('app-packages/:id')
  @Permission('packages:read')
  @ApiOkResponse({ type: AppPackageView })
  async get(@Param('id') id: string): Promise<AppPackageView> {
    return AppPackageView.of(await this.queries.get(id));
  }

  /** AppManager's import: the zip as the request body (application/zip or octet-stream), or the multipart field "file". */
  @Post('apps/:appId/app-packages\\:import')
  @Permission('packages:write')
  @ApiConsumes('application/zip', 'application/octet-stream', 'multipart/form-data')
  @ApiBody({ schema: { type: 'string', format: 'binary', description: 'an app package zip (meta.yaml + component zips)' } })
  @ApiQuery({ name: 'packageVersion', required: false })
  @ApiQuery({ name: 'force', required: false, description: 'replace an existing version (default true, as AppManager)' })
  @ApiQuery({ name: 'resetVersion', required: false, description: 'store it as packageVersion whatever meta.yaml says' })
  @ApiOkResponse({ type: ImportResultView, description: '201 when created, 200 when an existing version was replaced' })
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: maxZipBytes, files: 1 } }))
  async import(
    @Param('appId') appId: string,
    @Query(new ZodValidationPipe(importQuerySchema)) query: z.infer<typeof importQuerySchema>,
    @UploadedFile() file: { buffer: Buffer } | undefined,
    @Req() req: IncomingMessage,
    @Res() res: ServerResponse,
  ): Promise<void> {
    const bytes = file?.buffer ?? (await readAll(req));
    if (bytes.length === 0) throw new UnprocessableEntityException('send the app package zip as the body');
    if (bytes.length > maxZipBytes) throw new PayloadTooLargeException(`at most ${maxZipBytes} bytes`);
    const { appPackage, outcome } = await this.importPackage.execute(new Uint8Array(bytes), {
      appId,
      ...(query.packageVersion ? { packageVersion: query.packageVersion } : {}),
      force: query.force,
      resetVersion: query.resetVersion,
    });
    res.statusCode = outcome === 'created' ? 201 : 200;
    res.setHeader('content-type', 'application/json; charset=utf-8');
    res.setHeader('location', `/v1/app-packages/${appPackage.id}`);
    res.end(JSON.stringify({ ...AppPackageView.of(appPackage), outcome }));
  }

  @Get('app-packages/:id/download')
  @Permission('packages:read')
  @ApiProduces('application/zip')
  @ApiOkResponse({ description: 'the app package zip; header x-md5 carries its md5' })
  async download(@Param('id') id: string, @Res() res: ServerResponse): Promise<void> {
    const { appPackage, bytes } = await this.queries.download(id);
    res.setHeader('content-type', 'application/zip');
    res.setHeader('content-disposition', `attachment; filename="${appPackage.appId}-${appPackage.version}.zip"`);
    res.setHeader('x-md5', appPackage.md5);
    res.end(Buffer.from(bytes));
  }

  @Get('app-packages/:id/url')
  @Permission('packages:read')
  @ApiQuery({ name: 'expiresIn', required: false, description: 'seconds, 60 to 604800 (default 3600)' })
  @ApiOkResponse({ type: PackageUrlView })
  async url(@Param('id') id: string, @Query(new ZodValidationPipe(urlQuerySchema)) query: { expiresIn: number }): Promise<PackageUrlView> {
    const { url, expiresAt } = await this.queries.url(id, query.expiresIn);
    return { url, expiresAt: expiresAt.toISOString() };
  }

  @Get('app-packages/:id/launch-yaml')
  @Permission('packages:read')
  @ApiProduces('application/yaml')
  @ApiOkResponse({ description: "an ApplicationConfiguration that deploys this package: POST it to deploy's /v1/deployments" })
  async launchYaml(@Param('id') id: string, @Res() res: ServerResponse): Promise<void> {
    const configuration = await this.queries.launchConfiguration(id);
    res.setHeader('content-type', 'application/yaml; charset=utf-8');
    res.end(toYaml(configuration));
  }

  @Put('app-packages/:id/tags/:tag')
  @Permission('packages:write')
  @ApiOkResponse({ type: AppPackageView, description: "AppManager's on-sale is the tag on-sale" })
  async addTag(@Param('id') id: string, @Param('tag', new ZodValidationPipe(tagSchema)) tag: string): Promise<AppPackageView> {
    return AppPackageView.of(await this.queries.tag(id, tag, true));
  }

  @Delete('app-packages/:id/tags/:tag')
  @Permission('packages:write')
  @ApiOkResponse({ type: AppPackageView })
  async removeTag(@Param('id') id: string, @Param('tag', new ZodValidationPipe(tagSchema)) tag: string): Promise<AppPackageView> {
    return AppPackageView.of(await this.queries.tag(id, tag, false));
  }
}
