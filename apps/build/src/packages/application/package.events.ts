import type { appPackageCreatedEvent, ContractData } from '@appmanager/contracts';
import type { Transaction } from './package.repository.js';

/** Port: announcements through the outbox, in the caller's transaction. */
export abstract class PackageEvents {
  abstract created(tx: Transaction, data: ContractData<typeof appPackageCreatedEvent>): Promise<void>;
}
