import { z } from 'zod';

/** deploy's own variables for environments; merged into the service's config schema. */
export const environmentsConfigSchema = z.object({
  /**
   * Key of cluster credentials at rest. Without it the service runs, but registering a cluster answers 503:
   * there is no default key, since one shipped in the code would protect nothing.
   */
  DEPLOY_SECRETS_KEY: z
    .string({ message: 'expected 32 random bytes as base64 (openssl rand -base64 32)' })
    .refine((value) => Buffer.from(value, 'base64').length === 32, {
      message: 'expected 32 random bytes as base64 (openssl rand -base64 32)',
    })
    .optional(),
  /**
   * Keys of cluster credentials at rest with ids, `kid:base64key,…` (32-byte keys): the first seals, every one
   * opens. To rotate: put a new key first, `amctl admin rotate-key` (re-seals every cluster), then drop the old.
   */
  DEPLOY_SECRETS_KEYS: z
    .string()
    .regex(
      /^[A-Za-z0-9_-]{1,32}:[A-Za-z0-9+/=]+(,\s*[A-Za-z0-9_-]{1,32}:[A-Za-z0-9+/=]+)*$/,
      'expected kid:base64key pairs, comma-separated',
    )
    .optional(),
  /**
   * Shared with the sensor: authenticates its requests for cluster credentials and seals the answers. Without it
   * deploy does not answer them, and pollers cannot reach the clusters they own.
   */
  INTERNAL_SERVICE_KEY: z
    .string({ message: 'expected 32 random bytes as base64 (openssl rand -base64 32)' })
    .refine((value) => Buffer.from(value, 'base64').length === 32, {
      message: 'expected 32 random bytes as base64 (openssl rand -base64 32)',
    })
    .optional(),
});
export type EnvironmentsConfig = z.infer<typeof environmentsConfigSchema>;
