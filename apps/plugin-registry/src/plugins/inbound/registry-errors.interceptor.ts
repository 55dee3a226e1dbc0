import {
  BadRequestException,
  ConflictException,
  type CallHandler,
  type ExecutionContext,
  Injectable,
  type NestInterceptor,
  NotFoundException,
  PayloadTooLargeException,
  ServiceUnavailableException,
  UnprocessableEntityException,
} from '@nestjs/common';
import { PluginPackageError } from '@appmanager/plugin-package';
import { isPluginError } from '@appmanager/plugin-runtime';
import { catchError, type Observable, throwError } from 'rxjs';
import {
  ArchiveStoreUnavailableError,
  BadRequestError,
  InvalidScriptError,
  NameConflictError,
  PluginInUseError,
  PluginNotFoundError,
  VersionConflictError,
} from '../domain/registry.errors.js';

/** Turns the registry's own failures into 4xx answers that name the problem; anything else passes on. */
export function toHttpError(error: unknown): unknown {
  if (error instanceof PluginPackageError) {
    const body = { message: `invalid plug-in package: ${error.message}`, code: error.code, problems: error.problems };
    return error.code === 'LIMIT_EXCEEDED' ? new PayloadTooLargeException(body) : new UnprocessableEntityException(body);
  }
  if (error instanceof InvalidScriptError)
    return new UnprocessableEntityException({ message: error.message, code: 'BAD_SCRIPT', problems: error.problems });
  if (error instanceof PluginNotFoundError) return new NotFoundException(error.message);
  if (error instanceof VersionConflictError) return new ConflictException(error.message);
  if (error instanceof NameConflictError) return new ConflictException({ message: error.message, code: 'NAME_CONFLICT' });
  if (error instanceof PluginInUseError) return new ConflictException({ message: error.message, usages: error.usages });
  if (error instanceof BadRequestError) return new BadRequestException(error.message);
  if (error instanceof ArchiveStoreUnavailableError) return new ServiceUnavailableException(error.message);
  if (isPluginError(error)) {
    // the plug-in failed, not the registry: the author needs the code and the plug-in's own message
    return new UnprocessableEntityException({
      message: error.message,
      code: error.code,
      pluginError: error.pluginErrorName,
      pluginMessage: error.pluginMessage,
    });
  }
  return error;
}

@Injectable()
export class RegistryErrorsInterceptor implements NestInterceptor {
  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(catchError((error: unknown) => throwError(() => toHttpError(error))));
  }
}
