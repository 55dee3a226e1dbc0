import type { AddonInstance } from '../domain/addon-instance.js';

/** Port: where addon instances are kept. */
export abstract class AddonInstanceRepository {
  abstract list(page: { limit: number; offset: number }): Promise<{ items: AddonInstance[]; total: number }>;
}
