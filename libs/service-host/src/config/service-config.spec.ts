import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { z } from 'zod';
import { isSecretName, maskSecrets } from './mask-secrets.js';
import { baseConfigSchema, loadConfig, StartupError } from './service-config.js';

const schema = baseConfigSchema({ httpPort: 3002 }).extend({ S3_SECRET_KEY: z.string().min(8) });

describe('loadConfig', () => {
  it('fills the defaults of an empty environment', () => {
    const config = loadConfig(baseConfigSchema({ httpPort: 3002 }), {});
    assert.deepEqual(config, {
      NATS_URL: 'nats://127.0.0.1:4222',
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/appmanager',
      HTTP_PORT: 3002,
      HTTP_HOST: '0.0.0.0',
      LOG_LEVEL: 'info',
      HTTP_BODY_LIMIT: 5 * 1024 * 1024,
    });
  });

  it('reads a body limit with its unit', () => {
    const read = (HTTP_BODY_LIMIT: string) => loadConfig(baseConfigSchema({ httpPort: 3002 }), { HTTP_BODY_LIMIT }).HTTP_BODY_LIMIT;
    assert.deepEqual(['512kb', '2MB', '1.5mb', '65536'].map(read), [524_288, 2_097_152, 1_572_864, 65_536]);
  });

  it('names the variable, what it expects and what it got', () => {
    const cases: [NodeJS.ProcessEnv, string][] = [
      [{ HTTP_PORT: 'abc' }, 'HTTP_PORT: expected a number between 1 and 65535, got "abc"'],
      [{ HTTP_PORT: '70000' }, 'HTTP_PORT: expected a number between 1 and 65535, got "70000"'],
      [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL: expected one of fatal, error, warn, info, debug, trace, got "loud"'],
      [{ NATS_URL: 'http://x:4222' }, 'NATS_URL: expected a nats:// or tls:// URL, got "http://x:4222"'],
      [{ HTTP_BODY_LIMIT: 'lots' }, 'HTTP_BODY_LIMIT: expected a size such as 5mb, 512kb or a number of bytes, got "lots"'],
      [{ HTTP_BODY_LIMIT: '12' }, 'HTTP_BODY_LIMIT: expected at least 1kb, got "12"'],
    ];
    for (const [env, line] of cases) {
      assert.throws(
        () => loadConfig(schema, { S3_SECRET_KEY: 'long enough', ...env }),
        (error: unknown) => {
          assert.ok(error instanceof StartupError);
          assert.equal(error.message, line);
          return true;
        },
      );
    }
  });

  it('never repeats a secret it refuses', () => {
    assert.throws(() => loadConfig(schema, { S3_SECRET_KEY: 'short' }), {
      message: 'S3_SECRET_KEY: Too small: expected string to have >=8 characters, got "***"',
    });
    assert.throws(() => loadConfig(schema, { DATABASE_URL: 'mysql://app:pw@db/x', S3_SECRET_KEY: 'long enough' }), {
      message: 'DATABASE_URL: expected a postgres:// or postgresql:// URL, got "mysql://app:***@db/x"',
    });
  });
});

describe('maskSecrets', () => {
  it('masks the password of every URL in a text and leaves the rest', () => {
    assert.equal(
      maskSecrets('postgres://app:s3cr%40t@db:5432/x and nats://u:p@n:4222, not https://host/path'),
      'postgres://app:***@db:5432/x and nats://u:***@n:4222, not https://host/path',
    );
  });

  it('tells secret variable names apart', () => {
    assert.deepEqual(['DB_PASSWORD', 'S3_SECRET_KEY', 'API_TOKEN', 'HTTP_PORT', 'NATS_URL'].map(isSecretName), [
      true,
      true,
      true,
      false,
      false,
    ]);
  });
});
