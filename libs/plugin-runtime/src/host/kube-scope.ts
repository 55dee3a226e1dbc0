import type { KubeListQuery, KubeObject, KubeObjectRef } from '@appmanager/plugin-sdk';
import type { ScopedKubeRef } from './capability-ports.js';

/** Refused whatever the namespace: they are cluster-wide, and a plug-in only owns its namespace. */
const CLUSTER_SCOPED_KINDS = new Set([
  'Namespace',
  'Node',
  'PersistentVolume',
  'StorageClass',
  'ClusterRole',
  'ClusterRoleBinding',
  'CustomResourceDefinition',
  'MutatingWebhookConfiguration',
  'ValidatingWebhookConfiguration',
  'PriorityClass',
  'APIService',
  'CSIDriver',
  'IngressClass',
  'RuntimeClass',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
]);

export class ScopeViolation extends Error {
  override readonly name = 'ScopeViolation';
}

export class BadHostArguments extends Error {
  override readonly name = 'BadHostArguments';
}

function namespaceOf(requested: unknown, target: string): string {
  if (requested === undefined || requested === null || requested === '') return target;
  if (requested !== target) throw new ScopeViolation(`namespace "${String(requested)}" is outside the target namespace "${target}"`);
  return target;
}

function checkKind(apiVersion: unknown, kind: unknown): void {
  if (typeof apiVersion !== 'string' || apiVersion === '' || typeof kind !== 'string' || kind === '') {
    throw new BadHostArguments('apiVersion and kind must be non-empty strings');
  }
  if (CLUSTER_SCOPED_KINDS.has(kind)) throw new ScopeViolation(`cluster-scoped kind ${kind} is not allowed`);
}

export function scopeRef(raw: unknown, target: string): ScopedKubeRef {
  const ref = (raw ?? {}) as Partial<KubeObjectRef>;
  checkKind(ref.apiVersion, ref.kind);
  if (typeof ref.name !== 'string' || ref.name === '') throw new BadHostArguments('name must be a non-empty string');
  return { apiVersion: ref.apiVersion as string, kind: ref.kind as string, name: ref.name, namespace: namespaceOf(ref.namespace, target) };
}

export function scopeQuery(raw: unknown, target: string): KubeListQuery & { namespace: string } {
  const query = (raw ?? {}) as Partial<KubeListQuery>;
  checkKind(query.apiVersion, query.kind);
  if (query.labelSelector !== undefined && typeof query.labelSelector !== 'string')
    throw new BadHostArguments('labelSelector must be a string');
  return {
    apiVersion: query.apiVersion as string,
    kind: query.kind as string,
    labelSelector: query.labelSelector,
    namespace: namespaceOf(query.namespace, target),
  };
}

export function scopeObject(raw: unknown, target: string): KubeObject {
  const object = raw as KubeObject;
  if (!object || typeof object !== 'object' || typeof object.metadata !== 'object' || object.metadata === null) {
    throw new BadHostArguments('a Kubernetes object with metadata is required');
  }
  checkKind(object.apiVersion, object.kind);
  if (typeof object.metadata.name !== 'string' || object.metadata.name === '')
    throw new BadHostArguments('metadata.name must be a non-empty string');
  return { ...object, metadata: { ...object.metadata, namespace: namespaceOf(object.metadata.namespace, target) } };
}
