import type { ApiBodyOptions } from '@nestjs/swagger';
import { z } from 'zod';

/** What `@ApiBody({ schema })` and `@ApiQuery({ schema })` accept. */
export type OpenApiSchema = Extract<ApiBodyOptions, { schema: unknown }>['schema'];

/**
 * The OpenAPI schema of a zod schema, so the document shows exactly what the validation
 * pipe accepts (one definition, in libs/contracts or next to the controller).
 */
export function openApiSchemaOf(schema: z.ZodType): OpenApiSchema {
  const { $schema: _dialect, ...jsonSchema } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return jsonSchema as OpenApiSchema;
}
