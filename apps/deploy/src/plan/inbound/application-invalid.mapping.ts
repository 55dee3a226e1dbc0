import { ServiceUnavailableException, UnprocessableEntityException } from '@nestjs/common';
import { RegistryUnavailableError } from '@appmanager/plugin-catalog';
import { AppPackageUnavailableError } from '../../app-packages/application/app-package.source.js';
import { ApplicationInvalidError } from '../../applications/domain/application-invalid.error.js';

/**
 * An application that cannot be deployed as written is the caller's 422, listing each path and problem; a plug-in
 * registry or the build service (app packages) that cannot answer right now is a 503 saying so (asking again later may succeed).
 */
export async function unprocessableOnInvalid<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof RegistryUnavailableError || error instanceof AppPackageUnavailableError)
      throw new ServiceUnavailableException(error.message);
    if (!(error instanceof ApplicationInvalidError)) throw error;
    throw new UnprocessableEntityException({
      message: error.message,
      issues: error.problems.map((p) => ({ path: p.path, message: p.problem })),
    });
  }
}
