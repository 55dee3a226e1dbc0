import { Client as MinioClient } from 'minio';
import pg from 'pg';
import type { ConfigCapability, PostgresCapability, S3Capability } from '@appmanager/plugin-runtime';
import type { AddonConfig } from '../../addon.config.js';

const quote = (identifier: string) => `"${identifier.replace(/"/g, '""')}"`;
const literal = (value: string) => `'${value.replace(/'/g, "''")}'`;

/** Postgres on ADDON_POSTGRES_URL; identifiers were checked by the runtime, and are quoted here as well. */
export class AdminPostgres implements PostgresCapability {
  private readonly pool: pg.Pool;

  constructor(
    private readonly url: string,
    private readonly publicHost: string | undefined,
  ) {
    this.pool = new pg.Pool({ connectionString: url, max: 2 });
  }

  async ensureRole({ role, password }: { role: string; password: string }): Promise<{ created: boolean }> {
    const exists = await this.pool.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
    // DDL takes no parameters: the password goes in as a quoted literal, never logged (errors are re-worded)
    const verb = exists.rowCount ? 'ALTER' : 'CREATE';
    await this.run(`${verb} ROLE ${quote(role)} WITH LOGIN PASSWORD ${literal(password)}`, `${verb.toLowerCase()} role ${role}`);
    return { created: !exists.rowCount };
  }

  async ensureDatabase({ database, owner }: { database: string; owner: string }): Promise<{ created: boolean }> {
    const exists = await this.pool.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (exists.rowCount) return { created: false };
    await this.run(`CREATE DATABASE ${quote(database)} OWNER ${quote(owner)}`, `create database ${database}`);
    return { created: true };
  }

  async dropDatabase({ database }: { database: string }): Promise<{ dropped: boolean }> {
    const exists = await this.pool.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (!exists.rowCount) return { dropped: false };
    await this.run(`DROP DATABASE ${quote(database)} WITH (FORCE)`, `drop database ${database}`);
    return { dropped: true };
  }

  async dropRole({ role }: { role: string }): Promise<{ dropped: boolean }> {
    const exists = await this.pool.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
    if (!exists.rowCount) return { dropped: false };
    await this.run(`DROP ROLE ${quote(role)}`, `drop role ${role}`);
    return { dropped: true };
  }

  /** Whether a database and a role exist (read only: how an add-on tells its resource was removed behind its back). */
  async exists({ database, role }: { database: string; role: string }): Promise<{ database: boolean; role: boolean }> {
    const [db, r] = await Promise.all([
      this.pool.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]),
      this.pool.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]),
    ]);
    return { database: Boolean(db.rowCount), role: Boolean(r.rowCount) };
  }

  async server(): Promise<{ host: string; port: number }> {
    const url = new URL(this.url);
    return { host: this.publicHost ?? url.hostname, port: Number(url.port || 5432) };
  }

  close(): Promise<void> {
    return this.pool.end();
  }

  private async run(sql: string, what: string): Promise<void> {
    try {
      await this.pool.query(sql);
    } catch (error) {
      // a Postgres error may echo the statement; say only what failed and the server's code
      throw new Error(`${what} failed (${(error as { code?: string }).code ?? 'error'})`);
    }
  }
}

/** Buckets on ADDON_S3_* through the minio client. */
export class AdminS3 implements S3Capability {
  private readonly client: MinioClient;

  constructor(
    private readonly config: Pick<AddonConfig, 'ADDON_S3_ENDPOINT' | 'ADDON_S3_ACCESS_KEY' | 'ADDON_S3_SECRET_KEY' | 'ADDON_S3_REGION'>,
  ) {
    const url = new URL(config.ADDON_S3_ENDPOINT ?? '');
    this.client = new MinioClient({
      endPoint: url.hostname,
      port: Number(url.port || (url.protocol === 'https:' ? 443 : 80)),
      useSSL: url.protocol === 'https:',
      accessKey: config.ADDON_S3_ACCESS_KEY ?? '',
      secretKey: config.ADDON_S3_SECRET_KEY ?? '',
      region: config.ADDON_S3_REGION,
      pathStyle: true,
    });
  }

  async ensureBucket({ bucket }: { bucket: string }): Promise<{ created: boolean }> {
    if (await this.client.bucketExists(bucket)) return { created: false };
    await this.client.makeBucket(bucket, this.config.ADDON_S3_REGION);
    return { created: true };
  }

  async removeBucket({ bucket }: { bucket: string }): Promise<{ removed: boolean }> {
    if (!(await this.client.bucketExists(bucket))) return { removed: false };
    await this.client.removeBucket(bucket);
    return { removed: true };
  }

  async server(): Promise<{ endpoint: string; region: string }> {
    return { endpoint: this.config.ADDON_S3_ENDPOINT ?? '', region: this.config.ADDON_S3_REGION };
  }
}

/**
 * Named values for system-env: only the names listed in ADDON_SYSTEM_ENV, from this process's environment. Nothing
 * else of the configuration is reachable, the service's own ADDON_* variables never.
 */
export class AllowListConfig implements ConfigCapability {
  private readonly names: Set<string>;

  constructor(
    private readonly config: AddonConfig,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {
    this.names = new Set(
      config.ADDON_SYSTEM_ENV.split(',')
        .map((n) => n.trim())
        .filter(Boolean),
    );
  }

  /** Only the names ADDON_SYSTEM_ENV allows; the service's own keys (ADDON_*) never, whatever the list says. */
  async get(name: string): Promise<string | null> {
    if (name.startsWith('ADDON_') || name === 'INTERNAL_SERVICE_KEY') return null;
    return this.names.has(name) ? (this.env[name] ?? null) : null;
  }
}
