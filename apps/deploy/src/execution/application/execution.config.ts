import { z } from 'zod';

/** How the runner behaves; merged into the deploy service's config schema. */
export const executionConfigSchema = z.object({
  DEPLOY_MAX_PARALLEL: z.coerce.number().int().min(1).max(1000).default(8),
  /** How long a component may take to become ready before it waits for an operator. */
  DEPLOY_READY_TIMEOUT_MS: z.coerce.number().int().min(1000).default(600_000),
  DEPLOY_LEASE_TTL_MS: z.coerce.number().int().min(1000).default(15_000),
  /** Fallback poll; launches and operations wake the runner at once through LISTEN/NOTIFY. */
  DEPLOY_CLAIM_INTERVAL_MS: z.coerce.number().int().min(50).default(2000),
  /** Deployments one replica claims per cycle; small values spread a burst over the replicas. */
  DEPLOY_CLAIM_BATCH: z.coerce.number().int().min(1).max(1000).default(10),
});

export type ExecutionConfig = z.infer<typeof executionConfigSchema>;
export const EXECUTION_CONFIG = Symbol('EXECUTION_CONFIG');
