import { Injectable } from '@nestjs/common';

/** Lets a new or retried task start at once on this replica instead of at the next poll. */
@Injectable()
export class TaskWakeUp {
  private listener: (() => void) | undefined;

  on(listener: () => void): void {
    this.listener = listener;
  }

  now(): void {
    this.listener?.();
  }
}
