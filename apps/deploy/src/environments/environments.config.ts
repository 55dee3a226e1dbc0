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
