import { accessToken } from './auth';

/** The services behind the console's server (`/api/<service>/…`). */
export type Service = 'build' | 'deploy' | 'addon' | 'plugin-registry' | 'sensor';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function headers(extra: Record<string, string> = {}): Record<string, string> {
  const token = accessToken();
  return { ...extra, ...(token ? { authorization: `Bearer ${token}` } : {}) };
}

async function answer<T>(response: Response): Promise<T> {
  const text = await response.text();
  const body = text ? (JSON.parse(text) as unknown) : undefined;
  if (!response.ok) {
    const message = (body as { message?: unknown } | undefined)?.message;
    throw new ApiError(response.status, typeof message === 'string' ? message : `${response.status} ${response.statusText}`);
  }
  return body as T;
}

export async function apiGet<T>(service: Service, path: string): Promise<T> {
  return answer<T>(await fetch(`/api/${service}${path}`, { headers: headers() }));
}

export async function apiPost<T>(service: Service, path: string, body: unknown = {}): Promise<T> {
  return answer<T>(
    await fetch(`/api/${service}${path}`, {
      method: 'POST',
      headers: headers({ 'content-type': 'application/json' }),
      body: JSON.stringify(body),
    }),
  );
}

/**
 * Follows the console's server-sent events (fetch, so the token travels in a header, not the URL); calls `onEvent`
 * for each, reconnecting after a drop. Returns how to stop.
 */
export function followEvents(query: string, onEvent: (kind: string, data: Record<string, unknown>) => void): () => void {
  const stop = new AbortController();
  const run = async () => {
    while (!stop.signal.aborted) {
      try {
        const response = await fetch(`/events${query}`, { headers: headers(), signal: stop.signal });
        if (!response.ok || !response.body) throw new Error(`events: ${response.status}`);
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const kind = /^event: (.*)$/m.exec(block)?.[1];
            const data = /^data: (.*)$/m.exec(block)?.[1];
            if (kind && data) onEvent(kind, JSON.parse(data) as Record<string, unknown>);
          }
        }
      } catch {
        if (stop.signal.aborted) return;
      }
      await new Promise((resolve) => setTimeout(resolve, 2_000));
    }
  };
  void run();
  return () => stop.abort();
}
