import { createHash } from 'node:crypto';
import { canonicalJson } from '@appmanager/contracts';

export const addonInstanceStates = ['APPLYING', 'READY', 'FAILURE', 'RELEASING', 'RELEASED'] as const;
export type AddonInstanceState = (typeof addonInstanceStates)[number];
export type DeletionPolicy = 'Delete' | 'Orphan';
/** `Create`: we made it and may delete it; `Observe`: imported, never released for real. */
export type ManagementPolicy = 'Create' | 'Observe';

/** The identity an instance is shared by: one per cluster, namespace, type, name and attributes. */
export interface AddonInstanceKey {
  cluster: string;
  namespace: string;
  addonType: string;
  addonName: string;
  attributesHash: string;
}

/** One applied add-on (a database, a bucket, ...). Secret outputs are kept sealed, never as plain values. */
export interface AddonInstance extends AddonInstanceKey {
  id: string;
  /** DNS-safe, stable: resource and Secret names derive from it. */
  name: string;
  stage: string;
  attributes: Record<string, unknown>;
  deletionPolicy: DeletionPolicy;
  management: ManagementPolicy;
  state: AddonInstanceState;
  reason: string | null;
  /** Non-secret outputs. */
  outputs: Record<string, unknown>;
  /** The names of the secret outputs (their values are in `sealedSecrets`). */
  secretNames: string[];
  /** Secret outputs, sealed (AES-256-GCM with a key id). */
  sealedSecrets: string | null;
  /** Host-generated secrets, sealed before the first apply so a re-run reuses them. */
  sealedGenerated: string | null;
  signature: string | null;
  provider: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface AddonClaim {
  instanceId: string;
  deploymentId: string;
  appId: string;
  component: string;
  cluster: string;
  namespace: string;
  requestId: string;
  createdAt: Date;
}

export function attributesHash(attributes: Record<string, unknown>): string {
  return createHash('sha256').update(canonicalJson(attributes)).digest('hex');
}

/** `orders-db-3f2a9c1d`: the add-on name made DNS-safe plus the start of the id, at most 52 characters. */
export function instanceNameOf(addonName: string, id: string): string {
  const base = addonName
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  return `${base || 'addon'}-${id.replace(/-/g, '').slice(0, 8)}`;
}

/** Whoever still claims an instance, as a 409 names them. */
export function describeClaimants(claims: readonly AddonClaim[]): string {
  return claims.map((c) => `${c.deploymentId}/${c.component} (app ${c.appId} in ${c.cluster}/${c.namespace})`).join(', ');
}
