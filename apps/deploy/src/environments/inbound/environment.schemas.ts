import { clusterSensingModes } from '@appmanager/contracts';
import { z } from 'zod';
import { checkId } from '../domain/environment.model.js';

const id = z.string().superRefine((value, ctx) => {
  const problem = checkId(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

export const unitBody = z.strictObject({ id, name: z.string().min(1).max(200), description: z.string().max(2000).default('') });

const clusterFields = {
  name: z.string().min(1).max(200),
  apiEndpoint: z.url({ protocol: /^https?$/, message: 'an http(s) URL of the Kubernetes API server' }),
  sensing: z.enum(clusterSensingModes),
  caCertificate: z.string().max(65_536),
  credentials: z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('token'), token: z.string().min(1).max(16_384) }),
    z.strictObject({ kind: z.literal('client-certificate'), certificate: z.string().min(1), key: z.string().min(1) }),
  ]),
};

export const clusterBody = z.strictObject({
  id,
  unitId: id,
  ...clusterFields,
  caCertificate: clusterFields.caCertificate.default(''),
  sensing: clusterFields.sensing.default('poll'),
});

export const unitUpdateBody = unitBody.omit({ id: true });
/** Only what is given changes; no defaults, so a rotation of the token keeps the CA. */
export const clusterUpdateBody = z.strictObject(clusterFields).partial();

export const namespaceBody = z.strictObject({
  id,
  clusterId: id,
  name: z
    .string()
    .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'a Kubernetes namespace name')
    .max(63),
});

export const stageBody = z.strictObject({ id, namespaceId: id, name: z.string().min(1).max(63) });

export const byCluster = z.object({ clusterId: z.string().min(1).optional() });
export const byNamespace = z.object({ namespaceId: z.string().min(1).optional() });
