import type { NatsConnection } from '@nats-io/transport-node';

export interface ReceivedMessage<T = unknown> {
  subject: string;
  headers: Record<string, string>;
  body: T;
}

/**
 * Resolves with the next message on `subject` (wildcards allowed), parsed as JSON.
 * Subscribe before doing the thing that publishes: the subscription is live when this returns.
 */
export function nextMessage<T = unknown>(
  nc: NatsConnection,
  subject: string,
  options: { timeoutMs?: number; where?: (message: ReceivedMessage<T>) => boolean } = {},
): Promise<ReceivedMessage<T>> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      sub.unsubscribe();
      reject(new Error(`no message on ${subject} within ${timeoutMs} ms`));
    }, timeoutMs);
    const sub = nc.subscribe(subject, {
      callback: (error, msg) => {
        if (error) {
          clearTimeout(timer);
          reject(error);
          return;
        }
        const headers: Record<string, string> = {};
        for (const [key, values] of msg.headers ?? []) headers[key] = values.join(',');
        const received: ReceivedMessage<T> = { subject: msg.subject, headers, body: msg.json<T>() };
        if (options.where && !options.where(received)) return;
        clearTimeout(timer);
        sub.unsubscribe();
        resolve(received);
      },
    });
  });
}

/** Collects every message on `subject` until stopped; for asserting "exactly once". */
export function collectMessages<T = unknown>(nc: NatsConnection, subject: string) {
  const received: ReceivedMessage<T>[] = [];
  const sub = nc.subscribe(subject, {
    callback: (error, msg) => {
      if (error) return;
      const headers: Record<string, string> = {};
      for (const [key, values] of msg.headers ?? []) headers[key] = values.join(',');
      received.push({ subject: msg.subject, headers, body: msg.json<T>() });
    },
  });
  return { received, stop: () => sub.unsubscribe() };
}

/** Polls `check` until it returns a value other than undefined; for outcomes with no event to await. */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms${lastError ? `: ${String(lastError)}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
