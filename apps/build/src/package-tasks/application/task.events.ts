import type { appPackageTaskStateChangedEvent, componentPackageTaskStateChangedEvent, ContractData } from '@appmanager/contracts';
import type { Transaction } from './package-task.repository.js';

/** Port: every task transition, through the outbox in the transaction that made it. */
export abstract class TaskEvents {
  abstract appTaskChanged(tx: Transaction, data: ContractData<typeof appPackageTaskStateChangedEvent>): Promise<void>;
  abstract componentTaskChanged(tx: Transaction, data: ContractData<typeof componentPackageTaskStateChangedEvent>): Promise<void>;
}
