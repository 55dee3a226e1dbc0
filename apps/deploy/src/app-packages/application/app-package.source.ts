import { type resolveAppPackageReplySchema, type resolveAppPackageRequestSchema } from '@appmanager/contracts';
import { type z } from 'zod';

export type AppPackageQuery = z.infer<typeof resolveAppPackageRequestSchema>;
export type AppPackageAnswer = z.infer<typeof resolveAppPackageReplySchema>;

/** The build service did not answer (not running, timed out) or answered something unreadable: ask again later. */
export class AppPackageUnavailableError extends Error {
  override readonly name = 'AppPackageUnavailableError';
}

/**
 * Port: the components an ApplicationConfiguration takes from an app package, as the build service keeps them.
 * Answers the build service's reply, a refusal included; throws AppPackageUnavailableError when there is none.
 */
export abstract class AppPackageSource {
  abstract resolve(query: AppPackageQuery): Promise<AppPackageAnswer>;
}
