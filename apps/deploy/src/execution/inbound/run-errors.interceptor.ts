import {
  type CallHandler,
  ConflictException,
  type ExecutionContext,
  Injectable,
  type NestInterceptor,
  NotFoundException,
} from '@nestjs/common';
import { catchError, type Observable, throwError } from 'rxjs';
import { RunNotFoundError, RunOperationRefusedError } from '../domain/run.errors.js';

/** Turns a run's domain failures into 404 / 409 answers with their messages; anything else passes on. */
export function runErrorToHttp(error: unknown): unknown {
  if (error instanceof RunNotFoundError) return new NotFoundException(error.message);
  if (error instanceof RunOperationRefusedError) return new ConflictException(error.message);
  return error;
}

@Injectable()
export class RunErrorsInterceptor implements NestInterceptor {
  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(catchError((error: unknown) => throwError(() => runErrorToHttp(error))));
  }
}
