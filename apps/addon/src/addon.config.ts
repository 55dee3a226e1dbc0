import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/**
 * What the add-on service provisions with. The admin credentials here never reach a plug-in: plug-ins ask the host
 * (postgres, s3, config capabilities), which uses them.
 */
export const addonConfigSchema = z.object({
  /** Admin connection to the Postgres server databases are created on, e.g. postgres://admin:pw@db:5432/postgres. */
  ADDON_POSTGRES_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  /** The host consumers use to reach that server, when not the one in ADDON_POSTGRES_URL (e.g. a Service name). */
  ADDON_POSTGRES_PUBLIC_HOST: z.string().min(1).optional(),
  ADDON_S3_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
  ADDON_S3_ACCESS_KEY: z.string().min(1).optional(),
  ADDON_S3_SECRET_KEY: z.string().min(1).optional(),
  ADDON_S3_REGION: z.string().min(1).default('us-east-1'),
  /** `kid1:base64key,kid2:base64key` (32-byte keys): the first seals, any opens, so a key can be rotated. */
  ADDON_SECRETS_KEYS: z.string().min(1).optional(),
  /** Configuration names the system-env add-on may read (comma-separated); their values come from this process. */
  ADDON_SYSTEM_ENV: z.string().default(''),
  /** How often READY instances are asked whether they expired or drifted (0: never; then only when claimed). */
  ADDON_RECHECK_INTERVAL_MS: z.coerce.number().int().min(0).max(86_400_000).default(300_000),
  /** Shared with deploy: authenticates the cluster credentials request (ADR 0011). */
  INTERNAL_SERVICE_KEY: z.string().min(1).optional(),
  CLUSTER_CREDENTIALS_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5000),
  /** How long an applied instance whose plug-in has `status` may take to say ready (a Terraform controller's run). */
  ADDON_READY_TIMEOUT_MS: z.coerce.number().int().min(0).max(3_600_000).default(60_000),
  PLUGIN_REGISTRY_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** The registry's API token (role `service`); unset: this service's AUTH_BOOTSTRAP_TOKEN, as on a first start. */
  PLUGIN_REGISTRY_TOKEN: z.string().min(1).optional(),
  AUTH_BOOTSTRAP_TOKEN: z.string().optional(),
  ADDON_PLUGIN_DIR: z
    .string()
    .min(1)
    .default(fileURLToPath(new URL('../../../plugins', import.meta.url))),
  ADDON_PLUGIN_WORKERS: z.coerce.number().int().min(1).max(16).default(2),
});

export type AddonConfig = z.infer<typeof addonConfigSchema>;
