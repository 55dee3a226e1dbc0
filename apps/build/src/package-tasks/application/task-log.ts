import type { BuildLog } from '../../builders/application/image-builder.js';
import type { PackageStore } from '../../packages/application/package.store.js';
import { storageKeys } from '../../packages/application/package.store.js';
import type { PackageTaskRepository } from './package-task.repository.js';

const maxLineLength = 4000;

/**
 * A task's log while it runs: lines batched into the database every flush interval (so any replica can stream them,
 * `?follow=1`), then kept in the package store when the task ends and dropped from the database.
 */
export class TaskLog implements BuildLog {
  private pending: string[] = [];
  private readonly timer: NodeJS.Timeout;
  private flushing: Promise<void> = Promise.resolve();
  private readonly startedAt = performance.now();

  constructor(
    private readonly taskId: string,
    private readonly tasks: PackageTaskRepository,
    private readonly store: PackageStore,
    flushMs = 250,
  ) {
    this.timer = setInterval(() => void this.flush(), flushMs);
  }

  /** Each line carries the seconds since this attempt started, so a reader sees where the time goes. */
  line(text: string): void {
    const at = `[${((performance.now() - this.startedAt) / 1000).toFixed(3).padStart(8)}s] `;
    this.pending.push(at + (text.length > maxLineLength ? `${text.slice(0, maxLineLength)}…` : text));
  }

  flush(): Promise<void> {
    const lines = this.pending;
    this.pending = [];
    if (lines.length === 0) return this.flushing;
    this.flushing = this.flushing.then(() => this.tasks.appendLog(this.taskId, lines)).catch(() => undefined);
    return this.flushing;
  }

  /** Writes the whole log to the store and drops the lines from the database; the log stays readable throughout. */
  async archive(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
    const lines: string[] = [];
    for (let after = 0; ;) {
      const batch = await this.tasks.logLines(this.taskId, after, 5000);
      if (batch.length === 0) break;
      lines.push(...batch.map((b) => b.line));
      after = batch.at(-1)!.seq;
    }
    const key = storageKeys.log(this.taskId);
    await this.store.put(key, new TextEncoder().encode(lines.join('\n') + (lines.length ? '\n' : '')), 'text/plain; charset=utf-8');
    await this.tasks.setLogKey(this.taskId, key);
    await this.tasks.dropLog(this.taskId);
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
