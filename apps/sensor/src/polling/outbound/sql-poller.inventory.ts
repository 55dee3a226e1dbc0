import { Inject, Injectable } from '@nestjs/common';
import type { ContractData, MessageContract } from '@appmanager/contracts';
import { Outbox } from '@appmanager/messaging';
import { DataSource } from 'typeorm';
import { PollerInventory } from '../application/poller.ports.js';
import type { KindRef } from './kube-list.transport.js';

/** The fleet and inventory tables as a poller reads them; announcements through the outbox. */
@Injectable()
export class SqlPollerInventory extends PollerInventory {
  /** Kind lists are shared between clusters that have the same ones (most do), so each costs a pointer. */
  private readonly interned = new Map<string, KindRef[]>();

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Outbox) private readonly outbox: Outbox,
  ) {
    super();
  }

  async clustersOfUnit(unitId: string): Promise<{ clusterId: string; sensing: 'poll' | 'watch' }[]> {
    const rows: { cluster_id: string; sensing: 'poll' | 'watch' }[] = await this.dataSource.query(
      'SELECT cluster_id, sensing FROM sensor.cluster WHERE unit_id = $1',
      [unitId],
    );
    return rows.map((row) => ({ clusterId: row.cluster_id, sensing: row.sensing }));
  }

  async kindsOf(clusterIds: readonly string[]): Promise<Map<string, KindRef[]>> {
    const rows: { cluster: string; kinds: string[] }[] = await this.dataSource.query(
      `SELECT cluster, array_agg(DISTINCT (o->>'apiVersion') || ' ' || (o->>'kind') ORDER BY (o->>'apiVersion') || ' ' || (o->>'kind')) AS kinds
         FROM sensor.component_instance, jsonb_array_elements(objects) AS o
        WHERE cluster = ANY($1)
        GROUP BY cluster`,
      [clusterIds],
    );
    return new Map(rows.map((row) => [row.cluster, this.intern(row.kinds)]));
  }

  async announce<C extends MessageContract>(contract: C, data: ContractData<C>): Promise<void> {
    await this.dataSource.transaction((manager) => this.outbox.add(manager, contract, data));
  }

  private intern(kinds: string[]): KindRef[] {
    const key = kinds.join('|');
    let refs = this.interned.get(key);
    if (!refs) {
      refs = kinds.map((k) => {
        const [apiVersion, kind] = k.split(' ') as [string, string];
        return { apiVersion, kind };
      });
      this.interned.set(key, refs);
    }
    return refs;
  }
}
