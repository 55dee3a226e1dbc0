import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EntityManager, Repository } from 'typeorm';
import { asTransaction, entityManagerOf, repositoryIn } from './transaction.js';

class WidgetEntity {
  id!: string;
}

describe('Transaction', () => {
  const inTransaction = { name: 'inside' } as unknown as Repository<WidgetEntity>;
  const manager = {
    getRepository: (entity: unknown) => (entity === WidgetEntity ? inTransaction : assert.fail('other entity')),
  } as unknown as EntityManager;
  const outside = { name: 'outside', manager: {} } as unknown as Repository<WidgetEntity>;

  it("writes through the caller's transaction when given one, so the write commits or rolls back with it", () => {
    assert.equal(repositoryIn(asTransaction(manager), WidgetEntity, outside), inTransaction);
    assert.equal(entityManagerOf(asTransaction(manager), outside.manager), manager);
  });

  it('writes on its own without one', () => {
    assert.equal(repositoryIn(undefined, WidgetEntity, outside), outside);
    assert.equal(entityManagerOf(undefined, outside.manager), outside.manager);
  });
});
