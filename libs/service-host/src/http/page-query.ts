import { z } from 'zod';

/** Bounds of `?limit=`, shared by the parser below and the OpenAPI query (`ApiPageQuery`). */
export const pageLimits = { max: 500, default: 100 } as const;

/** `?limit=&offset=` of every list endpoint. */
export const pageQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(pageLimits.max).default(pageLimits.default),
  offset: z.coerce.number().int().min(0).default(0),
});

export type PageQuery = z.infer<typeof pageQuerySchema>;

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}
