import { Inject, Injectable } from '@nestjs/common';
import { appPackageTaskStateChangedEvent, componentPackageTaskStateChangedEvent, type ContractData } from '@appmanager/contracts';
import { Outbox } from '@appmanager/messaging';
import type { EntityManager } from 'typeorm';
import type { Transaction } from '../application/package-task.repository.js';
import type { TaskEvents } from '../application/task.events.js';

const em = (tx: Transaction) => tx as unknown as EntityManager;

@Injectable()
export class OutboxTaskEvents implements TaskEvents {
  constructor(@Inject(Outbox) private readonly outbox: Outbox) {}

  async appTaskChanged(tx: Transaction, data: ContractData<typeof appPackageTaskStateChangedEvent>): Promise<void> {
    await this.outbox.add(em(tx), appPackageTaskStateChangedEvent, data);
  }

  async componentTaskChanged(tx: Transaction, data: ContractData<typeof componentPackageTaskStateChangedEvent>): Promise<void> {
    await this.outbox.add(em(tx), componentPackageTaskStateChangedEvent, data);
  }
}
