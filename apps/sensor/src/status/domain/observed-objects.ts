import { driftedFields } from '@appmanager/contracts';
import type { ComponentInstance, DriftedObject } from '../../instances/domain/component-instance.js';

/** The live objects a poll or a watch saw on one cluster, by `kind/namespace/name`. */
export type LiveIndex = ReadonlyMap<string, Record<string, unknown>>;

export const liveKey = (kind: string, namespace: string, name: string): string => `${kind}/${namespace}/${name}`;

/** Missing objects and applied fields that differ live. Objects applied before drift checks existed are only checked for presence. */
export function driftOf(instance: Pick<ComponentInstance, 'namespace' | 'objects'>, live: LiveIndex): DriftedObject[] {
  const drifted: DriftedObject[] = [];
  for (const object of instance.objects) {
    const found = live.get(liveKey(object.kind, instance.namespace, object.name));
    if (found === undefined) {
      drifted.push({ kind: object.kind, name: object.name, fields: ['(object missing)'] });
      continue;
    }
    if (!object.fields) continue;
    const fields = driftedFields(object.fields, found);
    if (fields.length > 0) drifted.push({ kind: object.kind, name: object.name, fields });
  }
  return drifted;
}
