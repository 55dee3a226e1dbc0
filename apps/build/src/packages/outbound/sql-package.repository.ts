import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { AppPackage, ComponentPackage, NewAppPackage, PackageRepository, Transaction } from '../application/package.repository.js';

const em = (tx: Transaction) => tx as unknown as EntityManager;
const COMPONENT_COLUMNS = 'id, app_id, component_type, component_name, version, md5, input_hash, storage_key, images, created_at';
const APP_COLUMNS = 'id, app_id, version, md5, storage_key, source, task_id, created_at';

interface ComponentRow {
  id: string;
  app_id: string;
  component_type: string;
  component_name: string;
  version: string;
  md5: string;
  input_hash: string | null;
  storage_key: string;
  images: ComponentPackage['images'];
  created_at: Date;
}

interface AppRow {
  id: string;
  app_id: string;
  version: string;
  md5: string;
  storage_key: string;
  source: 'build' | 'import';
  task_id: string | null;
  created_at: Date;
}

const toComponent = (r: ComponentRow): ComponentPackage => ({
  id: r.id,
  appId: r.app_id,
  componentType: r.component_type,
  componentName: r.component_name,
  version: r.version,
  md5: r.md5,
  inputHash: r.input_hash,
  storageKey: r.storage_key,
  images: r.images,
  createdAt: r.created_at,
});

/** Packages in the build schema, in plain SQL. */
@Injectable()
export class SqlPackageRepository implements PackageRepository {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  inTransaction<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    return this.dataSource.transaction((manager) => work(manager as unknown as Transaction));
  }

  async componentPackage(appId: string, type: string, name: string, version: string): Promise<ComponentPackage | null> {
    return this.oneComponent('app_id = $1 AND component_type = $2 AND component_name = $3 AND version = $4', [appId, type, name, version]);
  }

  componentPackageById(id: string): Promise<ComponentPackage | null> {
    return this.oneComponent('id = $1', [id]);
  }

  componentPackageByInput(appId: string, type: string, name: string, inputHash: string): Promise<ComponentPackage | null> {
    return this.oneComponent('app_id = $1 AND component_type = $2 AND component_name = $3 AND input_hash = $4', [
      appId,
      type,
      name,
      inputHash,
    ]);
  }

  async componentVersions(appId: string, type: string, name: string): Promise<string[]> {
    const rows: { version: string }[] = await this.dataSource.query(
      `SELECT version FROM build.component_package WHERE app_id = $1 AND component_type = $2 AND component_name = $3
       UNION SELECT version FROM build.component_package_task WHERE app_id = $1 AND component_type = $2 AND component_name = $3`,
      [appId, type, name],
    );
    return rows.map((r) => r.version);
  }

  async listComponentPackages(
    appId: string,
    page: { limit: number; offset: number },
  ): Promise<{ items: ComponentPackage[]; total: number }> {
    const rows: (ComponentRow & { total: string })[] = await this.dataSource.query(
      `SELECT ${COMPONENT_COLUMNS}, count(*) OVER () AS total FROM build.component_package WHERE app_id = $1
       ORDER BY created_at DESC LIMIT $2 OFFSET $3`,
      [appId, page.limit, page.offset],
    );
    return { items: rows.map(toComponent), total: rows[0] ? Number(rows[0].total) : 0 };
  }

  async insertComponentPackage(tx: Transaction, pkg: Omit<ComponentPackage, 'createdAt'>): Promise<ComponentPackage | null> {
    await em(tx).query(
      `INSERT INTO build.component_package (id, app_id, component_type, component_name, version, md5, input_hash, storage_key, images)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT ON CONSTRAINT component_package_version DO NOTHING`,
      [
        pkg.id,
        pkg.appId,
        pkg.componentType,
        pkg.componentName,
        pkg.version,
        pkg.md5,
        pkg.inputHash,
        pkg.storageKey,
        JSON.stringify(pkg.images),
      ],
    );
    const rows: ComponentRow[] = await em(tx).query(
      `SELECT ${COMPONENT_COLUMNS} FROM build.component_package
       WHERE app_id = $1 AND component_type = $2 AND component_name = $3 AND version = $4`,
      [pkg.appId, pkg.componentType, pkg.componentName, pkg.version],
    );
    const stored = rows[0] ? toComponent(rows[0]) : null;
    return stored && stored.md5 === pkg.md5 ? stored : null;
  }

  async insertAppPackage(tx: Transaction, pkg: NewAppPackage): Promise<void> {
    await em(tx).query(
      `INSERT INTO build.app_package (id, app_id, version, md5, storage_key, source, task_id) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [pkg.id, pkg.appId, pkg.version, pkg.md5, pkg.storageKey, pkg.source, pkg.taskId],
    );
    await this.writeParts(tx, pkg);
  }

  async replaceAppPackage(tx: Transaction, pkg: NewAppPackage): Promise<void> {
    await em(tx).query(`UPDATE build.app_package SET md5 = $2, storage_key = $3, source = $4, task_id = $5 WHERE id = $1`, [
      pkg.id,
      pkg.md5,
      pkg.storageKey,
      pkg.source,
      pkg.taskId,
    ]);
    await em(tx).query('DELETE FROM build.app_package_component WHERE app_package_id = $1', [pkg.id]);
    await em(tx).query('DELETE FROM build.app_package_tag WHERE app_package_id = $1', [pkg.id]);
    await this.writeParts(tx, pkg);
  }

  appPackage(id: string): Promise<AppPackage | null> {
    return this.oneApp('id = $1', [id]);
  }

  appPackageByVersion(appId: string, version: string): Promise<AppPackage | null> {
    return this.oneApp('app_id = $1 AND version = $2', [appId, version]);
  }

  newestAppPackage(appId: string): Promise<AppPackage | null> {
    return this.oneApp('app_id = $1', [appId], 'ORDER BY created_at DESC LIMIT 1');
  }

  async appVersions(appId: string): Promise<string[]> {
    const rows: { version: string }[] = await this.dataSource.query(
      `SELECT version FROM build.app_package WHERE app_id = $1 UNION SELECT version FROM build.app_package_task WHERE app_id = $1`,
      [appId],
    );
    return rows.map((r) => r.version);
  }

  async listAppPackages(
    appId: string,
    filter: { tag?: string },
    page: { limit: number; offset: number },
  ): Promise<{ items: AppPackage[]; total: number }> {
    const tagged = filter.tag ? 'AND EXISTS (SELECT 1 FROM build.app_package_tag t WHERE t.app_package_id = p.id AND t.tag = $4)' : '';
    const rows: (AppRow & { total: string })[] = await this.dataSource.query(
      `SELECT ${APP_COLUMNS}, count(*) OVER () AS total FROM build.app_package p WHERE app_id = $1 ${tagged}
       ORDER BY created_at DESC LIMIT $2 OFFSET $3`,
      [appId, page.limit, page.offset, ...(filter.tag ? [filter.tag] : [])],
    );
    return { items: await Promise.all(rows.map((r) => this.withParts(r))), total: rows[0] ? Number(rows[0].total) : 0 };
  }

  async addTag(id: string, tag: string): Promise<void> {
    await this.dataSource.query('INSERT INTO build.app_package_tag (app_package_id, tag) VALUES ($1, $2) ON CONFLICT DO NOTHING', [
      id,
      tag,
    ]);
  }

  async removeTag(id: string, tag: string): Promise<void> {
    await this.dataSource.query('DELETE FROM build.app_package_tag WHERE app_package_id = $1 AND tag = $2', [id, tag]);
  }

  private async writeParts(tx: Transaction, pkg: NewAppPackage): Promise<void> {
    for (const part of pkg.components)
      await em(tx).query(
        'INSERT INTO build.app_package_component (app_package_id, component_package_id, relative_path) VALUES ($1, $2, $3)',
        [pkg.id, part.componentPackageId, part.relativePath],
      );
    for (const tag of new Set(pkg.tags))
      await em(tx).query('INSERT INTO build.app_package_tag (app_package_id, tag) VALUES ($1, $2)', [pkg.id, tag]);
  }

  private async oneComponent(where: string, params: unknown[]): Promise<ComponentPackage | null> {
    const rows: ComponentRow[] = await this.dataSource.query(
      `SELECT ${COMPONENT_COLUMNS} FROM build.component_package WHERE ${where} ORDER BY created_at DESC LIMIT 1`,
      params,
    );
    return rows[0] ? toComponent(rows[0]) : null;
  }

  private async oneApp(where: string, params: unknown[], tail = ''): Promise<AppPackage | null> {
    const rows: AppRow[] = await this.dataSource.query(`SELECT ${APP_COLUMNS} FROM build.app_package WHERE ${where} ${tail}`, params);
    return rows[0] ? this.withParts(rows[0]) : null;
  }

  private async withParts(row: AppRow): Promise<AppPackage> {
    const [parts, tags]: [(ComponentRow & { relative_path: string })[], { tag: string }[]] = await Promise.all([
      this.dataSource.query(
        `SELECT ${COMPONENT_COLUMNS.split(', ')
          .map((c) => `c.${c}`)
          .join(', ')}, r.relative_path FROM build.app_package_component r
         JOIN build.component_package c ON c.id = r.component_package_id WHERE r.app_package_id = $1 ORDER BY r.relative_path`,
        [row.id],
      ),
      this.dataSource.query('SELECT tag FROM build.app_package_tag WHERE app_package_id = $1 ORDER BY tag', [row.id]),
    ]);
    return {
      id: row.id,
      appId: row.app_id,
      version: row.version,
      md5: row.md5,
      storageKey: row.storage_key,
      source: row.source,
      taskId: row.task_id,
      tags: tags.map((t) => t.tag),
      components: parts.map((p) => ({ componentPackage: toComponent(p), relativePath: p.relative_path })),
      createdAt: row.created_at,
    };
  }
}
