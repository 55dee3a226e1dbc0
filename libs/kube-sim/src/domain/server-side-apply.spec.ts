import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiError } from './api-error.js';
import type { JsonObject } from './json-value.js';
import { recordUpdate, serverSideApply } from './server-side-apply.js';

const now = '2026-01-01T00:00:00Z';
const cm = (data: Record<string, string>): JsonObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data });

describe(serverSideApply.name, () => {
  it('removes a field its manager stops applying, but keeps fields other managers own', () => {
    let live = serverSideApply(undefined, cm({ a: '1', b: '2' }), { manager: 'one', force: false, now });
    live = serverSideApply(live, cm({ c: '3' }), { manager: 'two', force: false, now });
    live = serverSideApply(live, cm({ a: '1' }), { manager: 'one', force: false, now });
    assert.deepEqual(live.data, { a: '1', c: '3' });
    const managers = (live.metadata as { managedFields: { manager: string }[] }).managedFields.map((m) => m.manager).sort();
    assert.deepEqual(managers, ['one', 'two']);
  });

  it('reports a conflict on a field another manager set to a different value, and takes it when forced', () => {
    const live = serverSideApply(undefined, cm({ a: '1' }), { manager: 'one', force: false, now });
    assert.doesNotThrow(() => serverSideApply(live, cm({ a: '1' }), { manager: 'two', force: false, now }));
    assert.throws(
      () => serverSideApply(live, cm({ a: '2' }), { manager: 'two', force: false, now }),
      (e: unknown) => {
        return (
          e instanceof ApiError && e.code === 409 && e.details?.causes?.[0]?.field === '.data.a' && /conflict with "one"/.test(e.message)
        );
      },
    );
    const forced = serverSideApply(live, cm({ a: '2' }), { manager: 'two', force: true, now });
    assert.deepEqual(forced.data, { a: '2' });
  });

  it('treats a field changed by an update as owned by the updater', () => {
    const live = serverSideApply(undefined, cm({ a: '1' }), { manager: 'applier', force: false, now });
    const edited = structuredClone(live);
    (edited.data as JsonObject).a = 'edited';
    recordUpdate(live, edited, 'kubectl-edit', now);
    assert.throws(() => serverSideApply(edited, cm({ a: '1' }), { manager: 'applier', force: false, now }), /conflict with "kubectl-edit"/);
  });
});
