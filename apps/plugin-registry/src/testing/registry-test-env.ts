import { freePort, type PrivateNatsServer, type PrivateS3Server, type TestDatabase, testAuthEnv } from '@appmanager/testing';

/** The registry's environment on a private NATS, database and S3 bucket, with no built-ins: a test uploads its own. */
export async function registryTestEnv(
  nats: PrivateNatsServer,
  database: TestDatabase,
  s3: PrivateS3Server,
  bucket: string,
): Promise<Record<string, string>> {
  return {
    ...testAuthEnv(),
    NATS_URL: nats.url,
    DATABASE_URL: database.url,
    HTTP_HOST: '127.0.0.1',
    HTTP_PORT: String(await freePort()),
    LOG_LEVEL: 'warn',
    S3_ENDPOINT: s3.endPoint,
    S3_PORT: String(s3.port),
    S3_USE_SSL: 'false',
    S3_ACCESS_KEY: s3.accessKey,
    S3_SECRET_KEY: s3.secretKey,
    S3_BUCKET: bucket,
    BUILTIN_PLUGINS_DIR: '',
  };
}
