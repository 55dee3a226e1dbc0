import { z } from 'zod';

/** deploy's own variables for environments; merged into the service's config schema. */
export const environmentsConfigSchema = z.object({
  DEPLOY_SECRETS_KEY: z
    .string({ message: 'expected 32 random bytes as base64 (openssl rand -base64 32)' })
    .refine((value) => Buffer.from(value, 'base64').length === 32, { message: 'expected 32 random bytes as base64 (openssl rand -base64 32)' }),
});
