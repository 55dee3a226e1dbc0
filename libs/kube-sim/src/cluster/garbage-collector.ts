import { isObject, type JsonObject } from '../domain/json-value.js';
import { metaOf, namespaceOf, nameOf, type ObjectStore } from '../store/object-store.js';
import type { TypeRegistry } from './type-registry.js';

const ownerUids = (o: JsonObject): string[] => {
  const refs = metaOf(o).ownerReferences;
  return Array.isArray(refs) ? refs.filter(isObject).map((r) => String(r.uid)) : [];
};

/**
 * Background cascading deletion, as the garbage collector does it: once an owner is gone, every
 * dependent whose owners are all gone is deleted too (recursively); with `orphan` the dependents
 * stay and only lose the ownerReference. Deleting a namespace deletes everything in it.
 */
export function collectGarbage(store: ObjectStore, types: TypeRegistry, deleted: JsonObject, orphan: boolean): void {
  const pending: JsonObject[] = [deleted];
  while (pending.length > 0) {
    const owner = pending.pop()!;
    const uid = String(metaOf(owner).uid);
    const isNamespace = owner.kind === 'Namespace';
    const dependents: [string, JsonObject][] = [];
    for (const [key, o] of store.all()) {
      if (isNamespace && namespaceOf(o) === nameOf(owner)) dependents.push([key, o]);
      else if (ownerUids(o).includes(uid)) dependents.push([key, o]);
    }
    for (const [key, o] of dependents) {
      const inNamespace = isNamespace && namespaceOf(o) === nameOf(owner);
      const remaining = ownerUids(o).filter((u) => u !== uid && ownerExists(store, u));
      if (!inNamespace && (orphan || remaining.length > 0)) {
        const refs = (metaOf(o).ownerReferences as JsonObject[]).filter((r) => String(r.uid) !== uid);
        store.replace(key, { ...o, metadata: { ...metaOf(o), ownerReferences: refs } });
        continue;
      }
      const removed = store.remove(key, namespaceOf(o), nameOf(o));
      if (removed) {
        if (removed.kind === 'CustomResourceDefinition') types.syncCrd(nameOf(removed), undefined);
        pending.push(removed);
      }
    }
  }
}

function ownerExists(store: ObjectStore, uid: string): boolean {
  for (const [, o] of store.all()) if (metaOf(o).uid === uid) return true;
  return false;
}
