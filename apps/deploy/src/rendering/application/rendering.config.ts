import { z } from 'zod';

/**
 * AppManager rendered `{{ env.X }}` against its whole process environment, secrets included. Here only the
 * variables named in DEPLOY_TEMPLATE_ENV (comma-separated) are visible to templates; none by default.
 */
export const renderingConfigSchema = z.object({
  DEPLOY_TEMPLATE_ENV: z
    .string()
    .default('')
    .transform((names) =>
      names
        .split(',')
        .map((n) => n.trim())
        .filter((n) => n !== ''),
    )
    .pipe(z.array(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name'))),
});

export type RenderingConfig = z.infer<typeof renderingConfigSchema>;

/** The `env.NAME` template parameters the configuration (as given, or as the service parsed it) allows, with their values now. */
export function templateEnvironment(config: Record<string, unknown>, environment: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const given = config['DEPLOY_TEMPLATE_ENV'];
  const { DEPLOY_TEMPLATE_ENV } = renderingConfigSchema.parse({ DEPLOY_TEMPLATE_ENV: Array.isArray(given) ? given.join(',') : given });
  return Object.fromEntries(
    DEPLOY_TEMPLATE_ENV.filter((name) => environment[name] !== undefined).map((name) => [`env.${name}`, environment[name] as string]),
  );
}
