import { buffer as readAll } from 'node:stream/consumers';
import { Client } from 'minio';

/** Where the objects are: an S3-compatible server (MinIO; s3rver in tests) and one bucket on it. */
export interface S3Location {
  endPoint: string;
  port: number;
  useSSL: boolean;
  accessKey: string;
  secretKey: string;
  bucket: string;
}

/** What a failed operation is reported to (the cause, with the endpoint, goes only here) and turned into. */
export interface ObjectStoreFailures {
  log(details: { bucket: string; key: string; reason: string }, message: string): void;
  /** The error callers see: a message naming the operation and key, never the endpoint or the keys. */
  error(message: string): Error;
}

/**
 * Objects in one bucket through the minio client, path-style (MinIO and s3rver alike), the bucket made when
 * missing on first use (the store may come up after the service). Every failure becomes `failures.error`.
 */
export class S3ObjectStore {
  private readonly client: Client;
  private bucketReady?: Promise<void>;

  constructor(
    private readonly location: S3Location,
    private readonly failures: ObjectStoreFailures,
  ) {
    this.client = new Client({
      endPoint: location.endPoint,
      port: location.port,
      useSSL: location.useSSL,
      accessKey: location.accessKey,
      secretKey: location.secretKey,
      pathStyle: true,
    });
  }

  get bucket(): string {
    return this.location.bucket;
  }

  ensureBucket(): Promise<void> {
    this.bucketReady ??= (async () => {
      if (!(await this.client.bucketExists(this.bucket))) await this.client.makeBucket(this.bucket);
    })().catch((error: unknown) => {
      this.bucketReady = undefined;
      throw error;
    });
    return this.bucketReady;
  }

  put(key: string, bytes: Uint8Array, contentType: string): Promise<void> {
    return this.guard('store', key, async () => {
      await this.ensureBucket();
      const body = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      await this.client.putObject(this.bucket, key, body, body.length, { 'Content-Type': contentType });
    });
  }

  /** The object, or undefined when there is none under `key`. */
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

  /** A pre-signed GET URL of `key`, valid for `seconds`. */
  presignedUrl(key: string, seconds: number): Promise<string> {
    return this.guard('sign a URL for', key, () => this.client.presignedGetObject(this.bucket, key, seconds));
  }

  private async guard<T>(operation: string, key: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      this.failures.log({ bucket: this.bucket, key, reason: (error as Error).message }, `object store: ${operation} failed`);
      throw this.failures.error(`the store could not ${operation} ${key}; try again later`);
    }
  }
}
