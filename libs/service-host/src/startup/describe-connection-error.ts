import { maskSecrets } from '../config/mask-secrets.js';

const reasons: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host not found',
  ETIMEDOUT: 'timed out',
  ECONNRESET: 'connection reset',
  EHOSTUNREACH: 'host unreachable',
};

/** `VARIABLE: cannot connect to <url, password masked>: <reason>` */
export function describeConnectionError(variable: string, url: string, error: unknown): string {
  const err = error as { code?: string; message?: string; cause?: { code?: string } };
  const code = err.code ?? err.cause?.code;
  const reason = (code && reasons[code]) ?? err.message ?? String(error);
  return maskSecrets(`${variable}: cannot connect to ${url}: ${reason.split('\n')[0]}`);
}
