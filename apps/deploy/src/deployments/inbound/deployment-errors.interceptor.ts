import {
  type CallHandler,
  ConflictException,
  type ExecutionContext,
  Injectable,
  type NestInterceptor,
  NotFoundException,
} from '@nestjs/common';
import { catchError, type Observable, throwError } from 'rxjs';
import { runErrorToHttp } from '../../execution/inbound/run-errors.interceptor.js';
import { DeploymentConflictError, DeploymentNotFoundError } from '../domain/deployment.errors.js';

/** Turns the deployments API's domain failures (and those of the runs it reads) into 404 / 409 answers; anything else passes on. */
export function deploymentErrorToHttp(error: unknown): unknown {
  if (error instanceof DeploymentNotFoundError) return new NotFoundException(error.message);
  if (error instanceof DeploymentConflictError) return new ConflictException(error.message);
  return runErrorToHttp(error);
}

@Injectable()
export class DeploymentErrorsInterceptor implements NestInterceptor {
  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(catchError((error: unknown) => throwError(() => deploymentErrorToHttp(error))));
  }
}
