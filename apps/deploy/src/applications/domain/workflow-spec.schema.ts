import { z } from 'zod';

/** `30s`, `5m`, `1h`, `250ms`, or a number of seconds. */
export const durationSchema = z.union([z.number().positive(), z.string().regex(/^\d+(ms|s|m|h)$/, 'a duration like 250ms, 30s, 5m or 1h')]);

export function durationToMs(value: z.infer<typeof durationSchema>): number {
  if (typeof value === 'number') return Math.round(value * 1000);
  const match = /^(\d+)(ms|s|m|h)$/.exec(value) as RegExpExecArray;
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[match[2] as 'ms' | 's' | 'm' | 'h'];
  return Number(match[1]) * unit;
}

const jsonObject = z.record(z.string(), z.json());

export const retrySchema = z.strictObject({
  maxAttempts: z.int().min(1).max(100),
  backoff: durationSchema.optional(),
  maxBackoff: durationSchema.optional(),
  factor: z.number().min(1).max(10).optional(),
});

export interface RawStep {
  type: string;
  name?: string | undefined;
  stage?: 'pre-render' | 'post-render' | 'post-deploy' | undefined;
  properties?: Record<string, unknown> | undefined;
  inputs?: { from: string; parameterKey: string }[] | undefined;
  outputs?: { name: string; valueFrom: string }[] | undefined;
  if?: string | undefined;
  timeout?: number | string | undefined;
  retry?: z.infer<typeof retrySchema> | undefined;
  mode?: 'StepByStep' | 'DAG' | undefined;
  steps?: RawStep[] | undefined;
}

/** A workflow step, shared by both dialects; `steps` (with `mode`) makes it a child workflow. */
export const stepSchema: z.ZodType<RawStep> = z.lazy(() =>
  z.object({
    type: z.string().min(1),
    name: z.string().min(1).optional(),
    stage: z.enum(['pre-render', 'post-render', 'post-deploy']).optional(),
    properties: jsonObject.optional(),
    inputs: z.array(z.strictObject({ from: z.string().min(1), parameterKey: z.string().min(1) })).optional(),
    outputs: z.array(z.strictObject({ name: z.string().min(1), valueFrom: z.string().min(1) })).optional(),
    if: z.string().min(1).optional(),
    timeout: durationSchema.optional(),
    retry: retrySchema.optional(),
    mode: z.enum(['StepByStep', 'DAG']).optional(),
    steps: z.array(stepSchema).optional(),
  }),
);

export const workflowSchema = z.object({
  mode: z.enum(['StepByStep', 'DAG']).optional(),
  steps: z.array(stepSchema).optional(),
});
