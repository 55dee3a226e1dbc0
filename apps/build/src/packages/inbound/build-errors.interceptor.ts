import {
  type CallHandler,
  ConflictException,
  type ExecutionContext,
  HttpException,
  Injectable,
  type NestInterceptor,
  NotFoundException,
  ServiceUnavailableException,
  UnprocessableEntityException,
} from '@nestjs/common';
import { catchError, type Observable } from 'rxjs';
import { PackageInvalidError } from '../domain/package-invalid.error.js';
import { BuildRequestError } from '../application/package.errors.js';
import { PackageStoreUnavailableError } from '../application/package.store.js';

/** The build service's refusals as HTTP answers: 404, 409, 422 (with each problem), 503; never a 500 for bad input. */
@Injectable()
export class BuildErrorsInterceptor implements NestInterceptor {
  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      catchError((error: unknown) => {
        throw toHttp(error);
      }),
    );
  }
}

function toHttp(error: unknown): unknown {
  if (error instanceof PackageInvalidError)
    return new UnprocessableEntityException({ statusCode: 422, message: error.message, issues: error.problems });
  if (error instanceof PackageStoreUnavailableError) return new ServiceUnavailableException(error.message);
  if (!(error instanceof BuildRequestError) || error instanceof HttpException) return error;
  const body = { statusCode: error.status, message: error.message, ...(error.problems ? { issues: error.problems } : {}) };
  if (error.status === 404) return new NotFoundException(body);
  if (error.status === 409) return new ConflictException(body);
  if (error.status === 503) return new ServiceUnavailableException(body);
  return new UnprocessableEntityException(body);
}
