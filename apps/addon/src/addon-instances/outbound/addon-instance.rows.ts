import type { AddonClaim, AddonInstance } from '../domain/addon-instance.js';

export const INSTANCE_COLUMNS =
  'id,name,cluster,namespace,stage,addon_type,addon_name,attributes,attributes_hash,deletion_policy,management,state,reason,outputs,secret_names,sealed_secrets,sealed_generated,signature,provider,created_at,updated_at';

export interface InstanceRow {
  id: string;
  name: string;
  cluster: string;
  namespace: string;
  stage: string;
  addon_type: string;
  addon_name: string;
  attributes: Record<string, unknown>;
  attributes_hash: string;
  deletion_policy: AddonInstance['deletionPolicy'];
  management: AddonInstance['management'];
  state: AddonInstance['state'];
  reason: string | null;
  outputs: Record<string, unknown>;
  secret_names: string[];
  sealed_secrets: string | null;
  sealed_generated: string | null;
  signature: string | null;
  provider: string | null;
  created_at: Date;
  updated_at: Date;
}

export function toInstance(row: InstanceRow): AddonInstance {
  return {
    id: row.id,
    name: row.name,
    cluster: row.cluster,
    namespace: row.namespace,
    stage: row.stage,
    addonType: row.addon_type,
    addonName: row.addon_name,
    attributes: row.attributes,
    attributesHash: row.attributes_hash,
    deletionPolicy: row.deletion_policy,
    management: row.management,
    state: row.state,
    reason: row.reason,
    outputs: row.outputs,
    secretNames: row.secret_names,
    sealedSecrets: row.sealed_secrets,
    sealedGenerated: row.sealed_generated,
    signature: row.signature,
    provider: row.provider,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** In INSTANCE_COLUMNS order. */
export function instanceParams(i: AddonInstance): unknown[] {
  return [
    i.id,
    i.name,
    i.cluster,
    i.namespace,
    i.stage,
    i.addonType,
    i.addonName,
    JSON.stringify(i.attributes),
    i.attributesHash,
    i.deletionPolicy,
    i.management,
    i.state,
    i.reason,
    JSON.stringify(i.outputs),
    i.secretNames,
    i.sealedSecrets,
    i.sealedGenerated,
    i.signature,
    i.provider,
    i.createdAt,
    i.updatedAt,
  ];
}

export function toClaim(row: Record<string, unknown>): AddonClaim {
  return {
    instanceId: String(row['instance_id']),
    deploymentId: String(row['deployment_id']),
    appId: String(row['app_id']),
    component: String(row['component']),
    cluster: String(row['cluster']),
    namespace: String(row['namespace']),
    requestId: String(row['request_id']),
    createdAt: row['created_at'] as Date,
  };
}
