import { UsageError } from '../../cli/cli-io.js';

/** The application's id: --app, else its metadata.name. */
export function appIdOf(application: Record<string, unknown>, flag: string | undefined): string {
  const name = (application['metadata'] as { name?: unknown } | undefined)?.name;
  const appId = flag ?? (typeof name === 'string' ? name : undefined);
  if (!appId) throw new UsageError('the application has no metadata.name: name it with --app <id>');
  return appId;
}
