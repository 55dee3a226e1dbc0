import { Permission } from '@appmanager/service-host';
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buffer as readAll } from 'node:stream/consumers';
import {
  Controller,
  HttpCode,
  Inject,
  Param,
  PayloadTooLargeException,
  Post,
  Req,
  UnprocessableEntityException,
  UseInterceptors,
} from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiTags } from '@nestjs/swagger';
import { extractArchiveContext } from '../../builders/outbound/build-context.js';
import { PackageStore, storageKeys } from '../../packages/application/package.store.js';
import { BuildErrorsInterceptor } from '../../packages/inbound/build-errors.interceptor.js';

const maxContextBytes = 512 * 1024 * 1024;

/** A build context uploaded as an archive, for components whose sources are not in git: `build: {context: "sha256:…"}`. */
@ApiTags('build-configs')
@Controller('apps/:appId/build-contexts')
@UseInterceptors(BuildErrorsInterceptor)
export class BuildContextController {
  constructor(@Inject(PackageStore) private readonly store: PackageStore) {}

  @Post()
  @Permission('packages:build')
  @HttpCode(201)
  @ApiConsumes('application/gzip', 'application/octet-stream')
  @ApiBody({ schema: { type: 'string', format: 'binary', description: 'the context as a .tar.gz (plain files and folders)' } })
  @ApiCreatedResponse({ description: '{context: "sha256:…", size}: name it in a container\'s build options as `context`' })
  async upload(@Param('appId') appId: string, @Req() req: IncomingMessage): Promise<{ context: string; size: number }> {
    const bytes = await readAll(req);
    if (bytes.length === 0) throw new UnprocessableEntityException('send the build context as a .tar.gz body');
    if (bytes.length > maxContextBytes) throw new PayloadTooLargeException(`a build context is at most ${maxContextBytes} bytes`);
    // unpacked once on the way in, so an archive that cannot build (not gzip, a link, a path leaving it) is refused now
    const probe = await mkdtemp(join(tmpdir(), 'am-context-'));
    try {
      await extractArchiveContext(new Uint8Array(bytes), join(probe, 'ctx'));
    } catch (error) {
      throw new UnprocessableEntityException(`not a usable build context: ${(error as Error).message}`);
    } finally {
      await rm(probe, { recursive: true, force: true });
    }
    const context = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
    await this.store.put(storageKeys.context(appId, context), new Uint8Array(bytes), 'application/gzip');
    return { context, size: bytes.length };
  }
}
