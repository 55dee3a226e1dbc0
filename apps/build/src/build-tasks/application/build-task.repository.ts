import type { BuildTask } from '../domain/build-task.js';

/** Port: where build tasks are kept. */
export abstract class BuildTaskRepository {
  abstract list(page: { limit: number; offset: number }): Promise<{ items: BuildTask[]; total: number }>;
}
