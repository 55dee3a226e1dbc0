import { Inject, Injectable } from '@nestjs/common';
import { appPackageCreatedEvent, type ContractData } from '@appmanager/contracts';
import { Outbox } from '@appmanager/messaging';
import type { EntityManager } from 'typeorm';
import type { PackageEvents } from '../application/package.events.js';
import type { Transaction } from '../application/package.repository.js';

@Injectable()
export class OutboxPackageEvents implements PackageEvents {
  constructor(@Inject(Outbox) private readonly outbox: Outbox) {}

  async created(tx: Transaction, data: ContractData<typeof appPackageCreatedEvent>): Promise<void> {
    await this.outbox.add(tx as unknown as EntityManager, appPackageCreatedEvent, data);
  }
}
