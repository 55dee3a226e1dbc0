import { buffer as readAll } from 'node:stream/consumers';
import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { SERVICE_CONFIG, SERVICE_LOGGER } from '@appmanager/service-host';
import { Client } from 'minio';
import type { Logger } from 'pino';
import type { ArchiveStore } from '../application/archive.store.js';
import { ArchiveStoreUnavailableError } from '../domain/registry.errors.js';
import type { PluginsConfig } from '../plugins.config.js';

/** Package archives in an S3-compatible bucket (MinIO, or s3rver in tests), created when missing. */
@Injectable()
export class S3ArchiveStore implements ArchiveStore, OnApplicationBootstrap {
  private readonly client: Client;
  private readonly bucket: string;
  private bucketReady?: Promise<void>;

  constructor(
    @Inject(SERVICE_CONFIG) config: PluginsConfig,
    @Inject(SERVICE_LOGGER) private readonly logger: Logger,
  ) {
    this.client = new Client({
      endPoint: config.S3_ENDPOINT,
      port: config.S3_PORT,
      useSSL: config.S3_USE_SSL,
      accessKey: config.S3_ACCESS_KEY,
      secretKey: config.S3_SECRET_KEY,
      // path-style works with MinIO and s3rver alike; virtual-host style needs DNS per bucket
      pathStyle: true,
    });
    this.bucket = config.S3_BUCKET;
  }

  async onApplicationBootstrap(): Promise<void> {
    // Not fatal at start-up: the first upload tries again, and the store may come up after us.
    await this.ensureBucket().catch((error: Error) =>
      this.logger.warn({ bucket: this.bucket, reason: error.message }, 'package store not reachable yet'),
    );
  }

  put(key: string, archive: Buffer): Promise<void> {
    return this.guard('store', key, async () => {
      await this.ensureBucket();
      await this.client.putObject(this.bucket, key, archive, archive.length, { 'Content-Type': 'application/gzip' });
    });
  }

  get(key: string): Promise<Buffer | undefined> {
    return this.guard('read', key, async () => {
      await this.ensureBucket();
      try {
        return await readAll(await this.client.getObject(this.bucket, key));
      } catch (error) {
        if ((error as { code?: string }).code === 'NoSuchKey') return undefined;
        throw error;
      }
    });
  }

  delete(key: string): Promise<void> {
    return this.guard('delete', key, async () => {
      await this.ensureBucket();
      await this.client.removeObject(this.bucket, key);
    });
  }

  /** Store failures become one error naming the operation; the cause (with the endpoint) goes to the log only. */
  private async guard<T>(operation: string, key: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      this.logger.error({ bucket: this.bucket, key, reason: (error as Error).message }, `package store: ${operation} failed`);
      throw new ArchiveStoreUnavailableError(`the package store could not ${operation} ${key}; try again later`);
    }
  }

  private ensureBucket(): Promise<void> {
    this.bucketReady ??= (async () => {
      if (!(await this.client.bucketExists(this.bucket))) await this.client.makeBucket(this.bucket);
    })().catch((error: unknown) => {
      this.bucketReady = undefined;
      throw error;
    });
    return this.bucketReady;
  }
}
