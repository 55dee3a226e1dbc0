import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { S3ObjectStore } from '@appmanager/object-store';
import { LRUCache } from 'lru-cache';
import { SERVICE_CONFIG, SERVICE_LOGGER, type ServiceLogger } from '@appmanager/service-host';
import type { BuildConfig } from '../../build.config.js';
import { type PackageStore, PackageStoreUnavailableError } from '../application/package.store.js';

/**
 * Packages, logs and build contexts in BUILD_S3_BUCKET (MinIO, or s3rver in tests). What this replica wrote
 * recently is kept in memory too (write-through, small objects only): a component zip is read back at once to
 * pack its app package, and objects under a key never change but by being written here again.
 */
@Injectable()
export class S3PackageStore implements PackageStore, OnApplicationBootstrap {
  private readonly objects: S3ObjectStore;
  private readonly recent = new LRUCache<string, Uint8Array>({ maxSize: 64 * 1024 * 1024, sizeCalculation: (b) => b.byteLength || 1 });

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

  async put(key: string, bytes: Uint8Array, contentType: string): Promise<void> {
    this.recent.delete(key);
    await this.objects.put(key, bytes, contentType);
    if (bytes.byteLength <= 2 * 1024 * 1024) this.recent.set(key, bytes);
  }

  async get(key: string, options: { fresh?: boolean } = {}): Promise<Uint8Array | undefined> {
    const cached = options.fresh ? undefined : this.recent.get(key);
    if (cached) return cached;
    const found = await this.objects.get(key);
    return found ? new Uint8Array(found) : undefined;
  }

  presignedUrl(key: string, seconds: number): Promise<string> {
    return this.objects.presignedUrl(key, seconds);
  }
}
