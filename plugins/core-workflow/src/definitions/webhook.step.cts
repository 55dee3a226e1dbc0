import type { JsonObject, WorkflowStepPlugin } from '@appmanager/plugin-sdk';

// Self-contained on purpose: a bundle is one script in the sandbox, with no imports at run time.

interface WebhookProperties {
  url: string;
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  headers?: Record<string, string>;
  /** Sent as JSON unless it is a string. */
  body?: unknown;
  /** Statuses that count as success; any 2xx when left out. */
  expectStatus?: number[];
  /** `fail` (default): the step fails and the engine retries it; `terminate`: the workflow stops. */
  onFailure?: 'fail' | 'terminate';
}

const MAX_BODY_OUTPUT = 64 * 1024;

/**
 * Calls a URL and succeeds on the expected status, with `status` and `body` as outputs. Only URLs on
 * the definition's http allow-list are reachable; the platform refuses the rest.
 */
export const execute: WorkflowStepPlugin<WebhookProperties>['execute'] = async (input, host) => {
  const p = input.properties;
  if (!host.http) throw new Error('the webhook step needs the http capability');
  const headers: Record<string, string> = { ...p.headers };
  let body: string | undefined;
  if (p.body !== undefined) {
    body = typeof p.body === 'string' ? p.body : JSON.stringify(p.body);
    if (typeof p.body !== 'string' && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type'))
      headers['content-type'] = 'application/json';
  }
  const response = await host.http.fetch({ url: p.url, method: p.method ?? 'POST', headers, body });
  const ok = p.expectStatus ? p.expectStatus.includes(response.status) : response.status >= 200 && response.status < 300;
  const outputs: JsonObject = { status: response.status, body: response.body.slice(0, MAX_BODY_OUTPUT) };
  if (ok) return { outcome: 'succeeded', outputs };
  const reason = `webhook ${p.method ?? 'POST'} ${p.url} answered ${response.status}`;
  if (p.onFailure === 'terminate') return { outcome: 'terminate', reason };
  throw new Error(reason);
};
