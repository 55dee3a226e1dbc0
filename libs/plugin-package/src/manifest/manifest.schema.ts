import { DEFINITION_KINDS } from '@appmanager/plugin-sdk';
import { z } from 'zod';

/** DNS-style, as Kubernetes names: the registry uses it in URLs and object keys. */
const NAME = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;
/** `microservice` or `microservice.component.appmanager.io/v1`. */
const TYPE = /^[A-Za-z0-9][-A-Za-z0-9_.]*(\/[A-Za-z0-9][-A-Za-z0-9_.]*)?$/;

const capabilities = z.strictObject({
  kube: z.boolean().optional(),
  outputs: z.boolean().optional(),
  log: z.boolean().optional(),
  http: z.strictObject({ allow: z.array(z.string().regex(/^https?:\/\//, 'must start with http:// or https://')).max(50) }).optional(),
  postgres: z.boolean().optional(),
  s3: z.boolean().optional(),
  config: z.boolean().optional(),
});

/** An add-on output: its name is a Secret key and an env var suffix, so it is kept to a safe alphabet. */
const addonOutput = z.strictObject({
  name: z.string().regex(/^[A-Za-z][A-Za-z0-9_.-]{0,62}$/, 'must be a letter then up to 62 of [A-Za-z0-9_.-]'),
  description: z.string().max(500).optional(),
  secret: z.boolean(),
  generate: z.literal('password').optional(),
});

const definition = z.strictObject({
  kind: z.enum(DEFINITION_KINDS as [string, ...string[]]),
  type: z.string().max(253).regex(TYPE, 'must be a type name like "microservice" or "microservice.component.appmanager.io/v1"'),
  aliases: z
    .array(z.string().max(253).regex(TYPE, 'must be a type name like "K8S_MICROSERVICE" or "service.trait.abm.io"'))
    .max(20)
    .optional(),
  description: z.string().max(2000).optional(),
  script: z.string().min(1).max(255),
  propertiesSchema: z.record(z.string(), z.unknown()),
  outputsSchema: z.record(z.string(), z.unknown()).optional(),
  capabilities,
  outputs: z.array(addonOutput).max(50).optional(),
  installRoles: z.array(z.string().min(1)).min(1),
});

/** Structure only; semantics (semver, schemas compile, capabilities per kind) are checked in validate-manifest.ts. */
export const PACKAGE_MANIFEST_SCHEMA = z.strictObject({
  name: z.string().regex(NAME, 'must be a lower-case DNS-style name'),
  version: z.string().min(1).max(64),
  description: z.string().max(2000),
  definitions: z.array(definition).min(1).max(100),
});
