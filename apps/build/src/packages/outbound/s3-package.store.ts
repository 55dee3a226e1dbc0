import { buffer as readAll } from 'node:stream/consumers';
import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { SERVICE_CONFIG, SERVICE_LOGGER, type ServiceLogger } from '@appmanager/service-host';
import { Client } from 'minio';
import type { BuildConfig } from '../../build.config.js';
import { type PackageStore, PackageStoreUnavailableError } from '../application/package.store.js';

/** Packages and logs in an S3-compatible bucket (MinIO, or s3rver in tests) through the minio client. */
@Injectable()
export class S3PackageStore implements PackageStore, OnApplicationBootstrap {
  private readonly client: Client;
  private readonly bucket: string;
  private bucketReady?: Promise<void>;

  constructor(
    @Inject(SERVICE_CONFIG) config: BuildConfig,
    @Inject(SERVICE_LOGGER) private readonly logger: ServiceLogger,
  ) {
    this.client = new Client({
      endPoint: config.S3_ENDPOINT,
      port: config.S3_PORT,
      useSSL: config.S3_USE_SSL,
      accessKey: config.S3_ACCESS_KEY,
      secretKey: config.S3_SECRET_KEY,
      pathStyle: true,
    });
    this.bucket = config.BUILD_S3_BUCKET;
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.ensureBucket().catch((error: Error) =>
      this.logger.warn({ bucket: this.bucket, reason: error.message }, 'package store not reachable yet'),
    );
  }

  put(key: string, bytes: Uint8Array, contentType: string): Promise<void> {
    return this.guard('store', key, async () => {
      await this.ensureBucket();
      const body = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      await this.client.putObject(this.bucket, key, body, body.length, { 'Content-Type': contentType });
    });
  }

  get(key: string): Promise<Uint8Array | undefined> {
    return this.guard('read', key, async () => {
      await this.ensureBucket();
      try {
        return new Uint8Array(await readAll(await this.client.getObject(this.bucket, key)));
      } catch (error) {
        if ((error as { code?: string }).code === 'NoSuchKey') return undefined;
        throw error;
      }
    });
  }

  presignedUrl(key: string, seconds: number): Promise<string> {
    return this.guard('sign a URL for', key, () => this.client.presignedGetObject(this.bucket, key, seconds));
  }

  private async guard<T>(operation: string, key: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      this.logger.error({ bucket: this.bucket, key, reason: (error as Error).message }, `package store: ${operation} failed`);
      throw new PackageStoreUnavailableError(`the package store could not ${operation} ${key}; try again later`);
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
