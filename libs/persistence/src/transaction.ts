import type { EntityManager, EntityTarget, ObjectLiteral, Repository } from 'typeorm';

/**
 * An open database transaction the caller owns (an inbox's, a use case's), opaque to the
 * application layer: a write given one commits or rolls back with it. Ports take it as an
 * optional last argument; only an outbound adapter looks inside (`repositoryIn`).
 */
export interface Transaction {
  readonly transaction: true;
}

/** Wraps the EntityManager of an open TypeORM transaction as the application's opaque Transaction. */
export function asTransaction(manager: EntityManager): Transaction {
  return manager as unknown as Transaction;
}

/** The EntityManager inside `transaction`, or `outside` when the write needs no caller's transaction. */
export function entityManagerOf(transaction: Transaction | undefined, outside: EntityManager): EntityManager {
  // the only Transaction ever handed out is an EntityManager (see asTransaction)
  return transaction ? (transaction as unknown as EntityManager) : outside;
}

/** `entity`'s repository inside `transaction`, or `outside` (the data source's own) without one. */
export function repositoryIn<Entity extends ObjectLiteral>(
  transaction: Transaction | undefined,
  entity: EntityTarget<Entity>,
  outside: Repository<Entity>,
): Repository<Entity> {
  return transaction ? entityManagerOf(transaction, outside.manager).getRepository(entity) : outside;
}
