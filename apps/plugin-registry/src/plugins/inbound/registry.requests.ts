import { DEFINITION_KINDS, type DefinitionKind } from '@appmanager/plugin-sdk';
import { z } from 'zod';

const flag = z.enum(['true', 'false']).transform((v) => v === 'true');

export const uploadQuerySchema = z.object({ force: flag.optional(), enable: flag.optional() });
export const forceQuerySchema = z.object({ force: flag.optional() });
export const kindSchema = z.enum(DEFINITION_KINDS as [DefinitionKind, ...DefinitionKind[]]);

export const resolveQuerySchema = z.object({
  kind: kindSchema,
  type: z.string().min(1),
  version: z.string().min(1).default('*'),
});

/** Body of a dry run: the function, its input, and what the fake world looks like. */
export const dryRunBodySchema = z.object({
  fn: z.string().min(1),
  input: z.record(z.string(), z.unknown()).default({}),
  context: z
    .object({
      appId: z.string().min(1).optional(),
      correlationId: z.string().min(1).optional(),
      target: z
        .object({ cluster: z.string().min(1), namespace: z.string().min(1), stage: z.string().optional(), unit: z.string().optional() })
        .optional(),
    })
    .optional(),
  cluster: z
    .array(z.object({ apiVersion: z.string(), kind: z.string(), metadata: z.object({ name: z.string() }).loose() }).loose())
    .optional(),
  httpResponses: z
    .record(
      z.string(),
      z.object({ status: z.number().int(), headers: z.record(z.string(), z.string()).default({}), body: z.string().default('') }),
    )
    .optional(),
});

export type DryRunBody = z.infer<typeof dryRunBodySchema>;
