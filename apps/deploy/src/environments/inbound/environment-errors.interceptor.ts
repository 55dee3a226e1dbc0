import {
  type CallHandler,
  ConflictException,
  type ExecutionContext,
  Injectable,
  type NestInterceptor,
  NotFoundException,
  ServiceUnavailableException,
  UnprocessableEntityException,
} from '@nestjs/common';
import { catchError, type Observable, throwError } from 'rxjs';
import { CredentialsUnavailableError, EnvironmentConflictError } from '../application/environment.repository.js';
import { EnvironmentInvalidError, EnvironmentNotFoundError } from '../domain/environment.errors.js';

/** A missing entity is a 404, a bad field a 422 naming it, a duplicate id or a parent with children a 409, credentials that cannot be sealed or opened a 503. */
export function environmentErrorToHttp(error: unknown): unknown {
  if (error instanceof EnvironmentNotFoundError) return new NotFoundException(error.message);
  if (error instanceof EnvironmentInvalidError)
    return new UnprocessableEntityException({ message: error.message, issues: [{ path: error.path, message: error.problem }] });
  if (error instanceof EnvironmentConflictError) return new ConflictException(error.message);
  if (error instanceof CredentialsUnavailableError) return new ServiceUnavailableException(error.message);
  return error;
}

@Injectable()
export class EnvironmentErrorsInterceptor implements NestInterceptor {
  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(catchError((error: unknown) => throwError(() => environmentErrorToHttp(error))));
  }
}
