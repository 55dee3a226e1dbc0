import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/** Something else that knows the current correlation id, e.g. messaging's event context. */
export type CorrelationSource = () => string | undefined;

const storage = new AsyncLocalStorage<{ correlationId: string }>();
const sources: CorrelationSource[] = [];

/**
 * The correlation id of the work in progress: an HTTP request's here, an event's from any
 * source registered with `addCorrelationSource` (libs/messaging keeps its own store).
 */
export const CorrelationContext = {
  run<T>(correlationId: string, work: () => T): T {
    return storage.run({ correlationId }, work);
  },
  current(): string | undefined {
    const own = storage.getStore()?.correlationId;
    if (own) return own;
    for (const source of sources) {
      const found = source();
      if (found) return found;
    }
    return undefined;
  },
  addSource(source: CorrelationSource): void {
    if (!sources.includes(source)) sources.push(source);
  },
  newId(): string {
    return randomUUID();
  },
};

const acceptable = /^[A-Za-z0-9._:-]{1,128}$/;

/** An incoming id is kept only when it is short and plain, so it cannot forge log lines. */
export function acceptCorrelationId(candidate: unknown): string | undefined {
  return typeof candidate === 'string' && acceptable.test(candidate) ? candidate : undefined;
}
