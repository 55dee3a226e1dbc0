import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SecretSealer } from '../application/addon.ports.js';

export class NoSealingKeyError extends Error {}

/**
 * Re-seals, with the current key, every add-on instance's secret outputs another key sealed: row by row, each
 * under its lock in a transaction of its own, so applies and releases go on meanwhile.
 */
@Injectable()
export class SqlSecretsRotation {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(SecretSealer) private readonly sealer: SecretSealer,
  ) {}

  async rotate(): Promise<{ currentKeyId: string; instances: number; resealed: number }> {
    const currentKeyId = this.sealer.currentKeyId;
    if (!currentKeyId) throw new NoSealingKeyError('no key to re-seal with: ADDON_SECRETS_KEYS is not configured');
    const rows: { id: string }[] = await this.dataSource.query(
      'SELECT id FROM addon.addon_instance WHERE sealed_secrets IS NOT NULL OR sealed_generated IS NOT NULL ORDER BY id',
    );
    let resealed = 0;
    for (const { id } of rows)
      await this.dataSource.transaction(async (manager) => {
        const [row]: { sealed_secrets: string | null; sealed_generated: string | null }[] = await manager.query(
          'SELECT sealed_secrets, sealed_generated FROM addon.addon_instance WHERE id = $1 FOR UPDATE',
          [id],
        );
        if (!row) return;
        const again = (sealed: string | null) =>
          sealed && this.sealer.stale(sealed) ? this.sealer.seal(this.sealer.open(sealed)) : sealed;
        const [secrets, generated] = [again(row.sealed_secrets), again(row.sealed_generated)];
        if (secrets === row.sealed_secrets && generated === row.sealed_generated) return;
        await manager.query('UPDATE addon.addon_instance SET sealed_secrets = $2, sealed_generated = $3 WHERE id = $1', [
          id,
          secrets,
          generated,
        ]);
        resealed++;
      });
    return { currentKeyId, instances: rows.length, resealed };
  }
}
