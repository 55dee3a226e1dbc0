import { randomUUID } from 'node:crypto';
import { z } from 'zod';

/** A fault rule as the admin API accepts it. */
export const faultSchema = z.strictObject({
  /** clusters the rule applies to; with neither this nor `share`, it applies to every cluster */
  clusters: z.array(z.string().min(1)).optional(),
  /** a deterministic share of all clusters (by a hash of the name), 0..1 */
  share: z.number().min(0).max(1).optional(),
  latencyMs: z.number().int().min(0).max(600_000).optional(),
  error: z
    .strictObject({
      code: z.union([z.literal(429), z.literal(500), z.literal(503)]),
      retryAfterSeconds: z.number().int().min(0).max(3600).optional(),
      /** share of requests that fail, 0..1 (default 1) */
      rate: z.number().min(0).max(1).optional(),
    })
    .optional(),
  /** `refuse`: the connection is reset without an answer; `hang`: requests never get one */
  down: z.enum(['refuse', 'hang']).optional(),
  /** cut the watches open right now */
  dropWatches: z.boolean().optional(),
  /** end every new watch stream after this long */
  watchDropAfterMs: z.number().int().min(1).optional(),
});

export type FaultSpec = z.infer<typeof faultSchema>;
export type FaultRule = FaultSpec & { id: string };

/** fnv-1a of the name mapped to [0,1): stable, so "30% of clusters" is always the same 30%. */
export function shareOf(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h / 0x1_0000_0000;
}

/** The active fault rules; a request consults them before anything else. */
export class FaultRegistry {
  private rules: FaultRule[] = [];

  add(spec: FaultSpec): FaultRule {
    const rule = { ...spec, id: randomUUID() };
    this.rules.push(rule);
    return rule;
  }

  remove(id: string): boolean {
    const before = this.rules.length;
    this.rules = this.rules.filter((r) => r.id !== id);
    return this.rules.length < before;
  }

  clear(): void {
    this.rules = [];
  }

  list(): FaultRule[] {
    return [...this.rules];
  }

  get empty(): boolean {
    return this.rules.length === 0;
  }

  /** Rules that apply to a cluster (cheap when there are none, which is the common case). */
  forCluster(name: string): FaultRule[] {
    if (this.rules.length === 0) return [];
    return this.rules.filter((r) => appliesTo(r, name));
  }
}

export function appliesTo(rule: FaultSpec, name: string): boolean {
  if (rule.clusters && !rule.clusters.includes(name)) return false;
  if (rule.share !== undefined && shareOf(name) >= rule.share) return false;
  return true;
}
