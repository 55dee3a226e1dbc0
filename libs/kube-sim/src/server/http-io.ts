import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError } from '../domain/api-error.js';

const MAX_BODY = 3 * 1024 * 1024;

/** Reads a request body, refusing (413) anything past the API server's 3 MiB limit. */
export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        // Drain the rest unread so the client still receives the 413.
        req.removeAllListeners('data');
        req.resume();
        reject(new ApiError(413, 'RequestEntityTooLarge', 'Request entity too large: limit is 3145728'));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export function sendJson(res: ServerResponse, code: number, body: unknown, headers: Record<string, string> = {}): void {
  const payload = JSON.stringify(body);
  res.writeHead(code, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload), ...headers });
  res.end(payload);
}

/** Sends a Kubernetes `Status` for any error; anything not an ApiError is a 500 without internals. */
export function sendError(res: ServerResponse, err: unknown): void {
  if (res.destroyed || res.writableEnded) return;
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const apiError = err instanceof ApiError ? err : new ApiError(500, 'InternalError', 'Internal error occurred: unexpected server error');
  const headers: Record<string, string> = {};
  if (apiError.details?.retryAfterSeconds !== undefined) headers['Retry-After'] = String(apiError.details.retryAfterSeconds);
  sendJson(res, apiError.code, apiError.toStatus(), headers);
}

/** Parses a JSON request body into an object, or a 400 `Status` naming the problem. */
export function parseObject(raw: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (err) {
    throw new ApiError(400, 'BadRequest', `the body of the request could not be decoded: ${(err as Error).message}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ApiError(400, 'BadRequest', 'the body of the request must be a JSON object');
  }
  return parsed as Record<string, unknown>;
}
