import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { S3ObjectStore } from '@appmanager/object-store';
import { SERVICE_CONFIG, SERVICE_LOGGER, type ServiceLogger } from '@appmanager/service-host';
import type { BuildConfig } from '../../build.config.js';
import { type PackageStore, PackageStoreUnavailableError } from '../application/package.store.js';

/** Packages, logs and build contexts in BUILD_S3_BUCKET (MinIO, or s3rver in tests). */
@Injectable()
export class S3PackageStore implements PackageStore, OnApplicationBootstrap {
  private readonly objects: S3ObjectStore;

  constructor(
    @Inject(SERVICE_CONFIG) config: BuildConfig,
    @Inject(SERVICE_LOGGER) private readonly logger: ServiceLogger,
  ) {
    this.objects = new S3ObjectStore(
      {
        endPoint: config.S3_ENDPOINT,
        port: config.S3_PORT,
        useSSL: config.S3_USE_SSL,
        accessKey: config.S3_ACCESS_KEY,
        secretKey: config.S3_SECRET_KEY,
        bucket: config.BUILD_S3_BUCKET,
      },
      { log: (details, message) => logger.error(details, message), error: (message) => new PackageStoreUnavailableError(message) },
    );
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.objects
      .ensureBucket()
      .catch((error: Error) => this.logger.warn({ bucket: this.objects.bucket, reason: error.message }, 'package store not reachable yet'));
  }

  put(key: string, bytes: Uint8Array, contentType: string): Promise<void> {
    return this.objects.put(key, bytes, contentType);
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    const found = await this.objects.get(key);
    return found ? new Uint8Array(found) : undefined;
  }

  presignedUrl(key: string, seconds: number): Promise<string> {
    return this.objects.presignedUrl(key, seconds);
  }
}
