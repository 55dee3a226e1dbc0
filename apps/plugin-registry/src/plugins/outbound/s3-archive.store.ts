import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { S3ObjectStore } from '@appmanager/object-store';
import { SERVICE_CONFIG, SERVICE_LOGGER } from '@appmanager/service-host';
import type { Logger } from 'pino';
import type { ArchiveStore } from '../application/archive.store.js';
import { ArchiveStoreUnavailableError } from '../domain/registry.errors.js';
import type { PluginsConfig } from '../plugins.config.js';

/** Package archives in an S3-compatible bucket (MinIO, or s3rver in tests), created when missing. */
@Injectable()
export class S3ArchiveStore implements ArchiveStore, OnApplicationBootstrap {
  private readonly objects: S3ObjectStore;

  constructor(
    @Inject(SERVICE_CONFIG) config: PluginsConfig,
    @Inject(SERVICE_LOGGER) private readonly logger: Logger,
  ) {
    this.objects = new S3ObjectStore(
      {
        endPoint: config.S3_ENDPOINT,
        port: config.S3_PORT,
        useSSL: config.S3_USE_SSL,
        accessKey: config.S3_ACCESS_KEY,
        secretKey: config.S3_SECRET_KEY,
        bucket: config.S3_BUCKET,
      },
      {
        log: (details, message) => logger.error(details, message.replace('object store', 'package store')),
        error: (message) => new ArchiveStoreUnavailableError(message.replace('the store', 'the package store')),
      },
    );
  }

  async onApplicationBootstrap(): Promise<void> {
    // Not fatal at start-up: the first upload tries again, and the store may come up after us.
    await this.objects
      .ensureBucket()
      .catch((error: Error) => this.logger.warn({ bucket: this.objects.bucket, reason: error.message }, 'package store not reachable yet'));
  }

  async put(key: string, archive: Buffer): Promise<void> {
    await this.objects.put(key, archive, 'application/gzip');
  }

  get(key: string): Promise<Buffer | undefined> {
    return this.objects.get(key);
  }

  delete(key: string): Promise<void> {
    return this.objects.delete(key);
  }
}
