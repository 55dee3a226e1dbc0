import { z } from 'zod';

const flag = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

/** Where package archives are stored. S3_SECRET_KEY is masked in errors by its name. */
export const pluginsConfigSchema = z.object({
  S3_ENDPOINT: z.string().min(1).default('127.0.0.1'),
  S3_PORT: z.coerce.number({ message: 'expected a number between 1 and 65535' }).int().min(1).max(65535).default(9000),
  S3_USE_SSL: flag.default(false),
  S3_ACCESS_KEY: z.string().min(1).default('minioadmin'),
  S3_SECRET_KEY: z.string().min(1).default('minioadmin'),
  S3_BUCKET: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'expected an S3 bucket name')
    .default('appmanager-plugins'),
  /** Plug-in directories installed at start-up; empty to install none. */
  BUILTIN_PLUGINS_DIR: z.string().optional(),
});

export type PluginsConfig = z.infer<typeof pluginsConfigSchema>;
