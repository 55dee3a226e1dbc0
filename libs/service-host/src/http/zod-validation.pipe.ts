import { type PipeTransform } from '@nestjs/common';
import type { z, ZodError } from 'zod';

/** `appId: Invalid input: expected string, received undefined; target.cluster: ...` */
export function describeZodError(error: ZodError): string {
  return error.issues.map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(body)'}: ${issue.message}`).join('; ');
}

/**
 * Validates a body, query or param with a zod schema (the contracts' own), so the HTTP API
 * and the event handlers accept exactly the same thing. A failure becomes a 422 naming the path.
 */
export class ZodValidationPipe<S extends z.ZodType> implements PipeTransform<unknown, z.infer<S>> {
  constructor(private readonly schema: S) {}

  transform(value: unknown): z.infer<S> {
    return this.schema.parse(value);
  }
}
