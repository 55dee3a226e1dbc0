import { randomBytes } from 'node:crypto';
import request from 'supertest';

/**
 * The admin credential of this test process: services started by a test get it as AUTH_BOOTSTRAP_TOKEN
 * (`testAuthEnv`, and `startServiceProcess` on its own), requests send it (`adminRequest`, `adminHeaders`).
 * Tests about authentication itself make their own tokens.
 */
export const testAdminToken = `test-admin-${randomBytes(24).toString('base64url')}`;

export const testAuthEnv = (): { AUTH_BOOTSTRAP_TOKEN: string } => ({ AUTH_BOOTSTRAP_TOKEN: testAdminToken });

/** `Authorization` for fetch, as the test's admin. */
export const adminHeaders = (extra: Record<string, string> = {}): Record<string, string> => ({
  authorization: `Bearer ${testAdminToken}`,
  ...extra,
});

/** supertest against `url` (or a server), every request sent as the test's admin. */
export function adminRequest(url: Parameters<typeof request.agent>[0]): ReturnType<typeof request.agent> {
  return request.agent(url).set('authorization', `Bearer ${testAdminToken}`);
}

/** supertest as the holder of `token` (an OIDC access token or an API token). */
export function requestAs(url: Parameters<typeof request.agent>[0], token: string): ReturnType<typeof request.agent> {
  return request.agent(url).set('authorization', `Bearer ${token}`);
}

/** fetch as the test's admin (its own headers kept). */
export function adminFetch(input: string | URL, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set('authorization', `Bearer ${testAdminToken}`);
  return fetch(input, { ...init, headers });
}
