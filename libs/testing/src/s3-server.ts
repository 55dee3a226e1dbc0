import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.js';

/** What S3 clients need to reach a private s3rver: with minio, `pathStyle: true, useSSL: false`. */
export interface PrivateS3Server {
  endPoint: string;
  port: number;
  accessKey: string;
  secretKey: string;
  stop(): Promise<void>;
}

interface S3rverInstance {
  run(): Promise<unknown>;
  close(): Promise<void>;
}
type S3rverConstructor = new (options: { port: number; address: string; silent: boolean; directory: string }) => S3rverInstance;

/**
 * Starts s3rver (an S3-compatible server from npm) on a free port with its own temporary directory,
 * standing in for MinIO (or on `port`, to bring a store up after a service that needs it).
 * `stop()` closes it and removes the directory.
 */
export async function startS3Server(options: { port?: number } = {}): Promise<PrivateS3Server> {
  // s3rver is CommonJS without type declarations
  const S3rver = createRequire(import.meta.url)('s3rver') as S3rverConstructor;
  const directory = await mkdtemp(join(tmpdir(), 'am-s3-'));
  const port = options.port ?? (await freePort());
  const server = new S3rver({ port, address: '127.0.0.1', silent: true, directory });
  await server.run();
  return {
    endPoint: '127.0.0.1',
    port,
    // s3rver's fixed credentials
    accessKey: 'S3RVER',
    secretKey: 'S3RVER',
    stop: async () => {
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
