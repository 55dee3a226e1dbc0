import { UnprocessableEntityException } from '@nestjs/common';
import { ApplicationInvalidError } from '../../applications/domain/application-invalid.error.js';

/** An application that cannot be deployed as written is the caller's 422, listing each path and problem. */
export async function unprocessableOnInvalid<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof ApplicationInvalidError)) throw error;
    throw new UnprocessableEntityException({
      message: error.message,
      issues: error.problems.map((p) => ({ path: p.path, message: p.problem })),
    });
  }
}
