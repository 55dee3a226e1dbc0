import { z } from 'zod';
import { defineRequest } from '../contract.js';

/** HKDF info prefix of this protocol's keys (`…/mac`, `…/seal`), derived from INTERNAL_SERVICE_KEY on both sides. */
export const clusterCredentialsKeyPurpose = 'appmanager/cluster-credentials';

/** At most this many cluster ids per request; a poller taking over more asks in batches. */
export const clusterCredentialsMaxIds = 500;

/** How a poller authenticates to a cluster; the same shape deploy keeps sealed at rest. */
export const clusterAccessSchema = z.strictObject({
  clusterId: z.string().min(1),
  unitId: z.string().min(1),
  apiServer: z.string().min(1),
  caCertificate: z.string(),
  credentials: z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('token'), token: z.string().min(1) }),
    z.strictObject({ kind: z.literal('client-certificate'), certificate: z.string().min(1), key: z.string().min(1) }),
  ]),
});

/** What the reply's `sealed` opens to: the clusters deploy knows, and the ids it does not. */
export const clusterCredentialsPayloadSchema = z.strictObject({
  clusters: z.array(clusterAccessSchema),
  missing: z.array(z.string()),
});

export const clusterCredentialsRequestSchema = z.strictObject({
  pollerId: z.string().min(1).max(128),
  clusterIds: z.array(z.string().min(1).max(253)).min(1).max(clusterCredentialsMaxIds),
  /** 16 random bytes, base64url: deploy refuses a nonce it has seen. */
  nonce: z.string().regex(/^[A-Za-z0-9_-]{22}$/, '16 random bytes as base64url'),
  issuedAt: z.iso.datetime({ offset: true }),
  /** HMAC-SHA256 (base64url) of the canonical JSON of the other fields, with the key derived from INTERNAL_SERVICE_KEY. */
  mac: z.string().min(1).max(128),
});

export const clusterCredentialsRefusalCodes = [
  'malformed',
  'too-many-ids',
  'bad-mac',
  'stale',
  'replayed',
  'unavailable',
  'internal',
] as const;

export const clusterCredentialsReplySchema = z.union([
  z.strictObject({
    nonce: z.string(),
    /** AES-256-GCM of the payload (see clusterCredentialsPayloadSchema), the request's nonce as AAD. */
    sealed: z.string(),
  }),
  z.strictObject({ error: z.strictObject({ code: z.enum(clusterCredentialsRefusalCodes), message: z.string() }) }),
]);

export const clusterCredentialsRequest = defineRequest('deploy.rpc.cluster-credentials.v1', {
  description:
    'A poller asks for the endpoint, CA and credentials of clusters it owns; the reply is sealed with a key derived from INTERNAL_SERVICE_KEY, and a refusal says why.',
  servedBy: 'deploy',
  queueGroup: 'deploy',
  // addon (cluster-bound add-ons) and build (kaniko builds in a cluster) ask as pollers named after themselves
  requestedBy: ['sensor', 'addon', 'build'],
  request: clusterCredentialsRequestSchema,
  reply: clusterCredentialsReplySchema,
  sealedPayload: clusterCredentialsPayloadSchema,
});
