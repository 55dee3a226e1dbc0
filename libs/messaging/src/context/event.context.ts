import { AsyncLocalStorage } from 'node:async_hooks';

/** What a handler runs inside: the event being handled and the piece of work it belongs to. */
export interface EventContext {
  readonly correlationId: string;
  /** The id of the event being handled; becomes the causation id of events published from it. */
  readonly causationId?: string;
  readonly durable?: string;
}

export const eventContextStore = new AsyncLocalStorage<EventContext>();

export function runInEventContext<T>(context: EventContext, work: () => T): T {
  return eventContextStore.run(context, work);
}

export function currentEventContext(): EventContext | undefined {
  return eventContextStore.getStore();
}

/** For loggers and publishers: the correlation id of the work in progress, if any. */
export function currentCorrelationId(): string | undefined {
  return eventContextStore.getStore()?.correlationId;
}
