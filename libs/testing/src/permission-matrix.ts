import assert from 'node:assert/strict';
import { testAdminToken } from './test-auth.js';

/**
 * Who may do what, written out as the issue states it (not read from the policy): each permission a route
 * may declare, and the roles that hold it. A permission missing here fails the matrix, so a new one is
 * decided here, on purpose.
 */
export const permissionGrants: Record<string, readonly string[]> = {
  'self:read': ['admin', 'infra-dev', 'sre', 'app-team', 'viewer', 'launcher', 'service'],
  'api-tokens:create': ['admin'],
  'api-tokens:read': ['admin'],
  'api-tokens:revoke': ['admin'],
  'projects:write': ['admin'],
  'projects:read': ['admin', 'infra-dev', 'sre', 'app-team', 'viewer'],
  'audit:read': ['admin'],
  'admin:rotate-keys': ['admin'],
  'environments:read': ['admin', 'infra-dev', 'sre', 'app-team', 'viewer'],
  'environments:write': ['admin'],
  'applications:read': ['admin', 'infra-dev', 'sre', 'app-team', 'viewer'],
  'deployments:read': ['admin', 'infra-dev', 'sre', 'app-team', 'viewer', 'launcher'],
  'deployments:plan': ['admin', 'infra-dev', 'sre', 'app-team'],
  'deployments:launch': ['admin', 'app-team', 'launcher'],
  ...Object.fromEntries(
    ['suspend', 'resume', 'retry', 'terminate', 'replay'].map((action) => [`deployments:${action}`, ['admin', 'sre', 'app-team']]),
  ),
  'deployments:delete': ['admin', 'app-team'],
  'plugins:read': ['admin', 'infra-dev', 'sre', 'app-team', 'viewer', 'service'],
  'plugins:install': ['admin', 'infra-dev', 'sre'],
  'plugins:run': ['admin', 'infra-dev', 'sre'],
  'plugins:enable': ['admin', 'sre'],
  'plugins:delete': ['admin'],
  'plugins:use': ['admin', 'service'],
  'packages:read': ['admin', 'infra-dev', 'sre', 'app-team', 'viewer'],
  'packages:build': ['admin', 'app-team'],
  'packages:write': ['admin', 'app-team'],
  'build-configs:read': ['admin', 'infra-dev', 'sre', 'app-team', 'viewer'],
  'build-configs:write': ['admin', 'app-team'],
  'deploy-triggers:read': ['admin', 'infra-dev', 'sre', 'app-team', 'viewer'],
  'deploy-triggers:write': ['admin', 'app-team'],
  'addons:read': ['admin', 'infra-dev', 'sre', 'app-team', 'viewer'],
  'addons:release': ['admin', 'sre', 'app-team'],
  'addons:write': ['admin'],
  'fleet:read': ['admin', 'infra-dev', 'sre', 'app-team', 'viewer'],
  'app-instances:read': ['admin', 'infra-dev', 'sre', 'app-team', 'viewer'],
};

const matrixRoles = ['admin', 'infra-dev', 'sre', 'app-team', 'viewer', 'launcher', 'service'] as const;
const methods = ['get', 'put', 'post', 'patch', 'delete'] as const;

interface Operation {
  'x-permission'?: string;
  'x-public'?: boolean;
}

export interface MatrixCell {
  route: string;
  role: string;
  status: number;
  expected: 'refused 401' | 'refused 403' | 'allowed';
}

/**
 * Every route of the service's OpenAPI document × every role (and no credentials at all): 401 without a token,
 * 403 for a role the permission is not granted to, and past authorisation (2xx, or the route's own 404 / 409 / 422
 * for the placeholder ids and empty bodies, or 503 for a dependency the test bed does not run) for one it is. Fails on a route that declares no permission, on a
 * permission this matrix does not know, and on any 5xx. Returns the cells, for a caller that wants to print them.
 */
export async function checkPermissionMatrix(serviceUrl: string): Promise<MatrixCell[]> {
  const document = (await (await fetch(`${serviceUrl}/docs-json`)).json()) as { paths: Record<string, Partial<Record<string, Operation>>> };
  const tokens = await tokensPerRole(serviceUrl);
  const cells: MatrixCell[] = [];
  const problems: string[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of methods) {
      const operation = item[method];
      if (!operation || operation['x-public']) continue;
      const route = `${method.toUpperCase()} ${path}`;
      const permission = operation['x-permission'];
      if (!permission) {
        problems.push(`${route} declares no permission`);
        continue;
      }
      const granted = permissionGrants[permission];
      if (!granted) {
        problems.push(`${route} declares ${permission}, which the matrix does not know: decide who holds it in permissionGrants`);
        continue;
      }
      const url = `${serviceUrl}${fillPath(path)}`;
      const anonymous = await send(method, url, undefined);
      cells.push({ route, role: '(none)', status: anonymous, expected: 'refused 401' });
      for (const role of matrixRoles) {
        const status = await send(method, url, tokens[role]!);
        cells.push({ route, role, status, expected: granted.includes(role) ? 'allowed' : 'refused 403' });
      }
    }
  }
  for (const cell of cells) {
    const ok =
      cell.expected === 'refused 401'
        ? cell.status === 401
        : cell.expected === 'refused 403'
          ? cell.status === 403
          : cell.status !== 401 && cell.status !== 403 && (cell.status < 500 || cell.status === 503);
    if (!ok) problems.push(`${cell.route} as ${cell.role}: ${cell.status}, expected ${cell.expected}`);
  }
  assert.deepEqual(problems, [], `permission matrix of ${serviceUrl}`);
  return cells;
}

/** An API token per role, every project, issued by the test's admin. */
async function tokensPerRole(serviceUrl: string): Promise<Record<string, string>> {
  const tokens: Record<string, string> = {};
  for (const role of matrixRoles) {
    const response = await fetch(`${serviceUrl}/v1/api-tokens`, {
      method: 'POST',
      headers: { authorization: `Bearer ${testAdminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: `matrix-${role}`, roles: [role], expiresInDays: 1 }),
    });
    assert.equal(response.status, 201, `issuing a ${role} token: ${await response.clone().text()}`);
    tokens[role] = ((await response.json()) as { token: string }).token;
  }
  return tokens;
}

/** Placeholder ids: a uuid for `{id}`, names elsewhere; `:` verbs (`/deployments:plan`) stay as they are. */
function fillPath(path: string): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) =>
    name === 'id' ? '00000000-0000-4000-8000-000000000000' : `matrix-${name.toLowerCase()}`,
  );
}

async function send(method: string, url: string, token: string | undefined): Promise<number> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers['authorization'] = `Bearer ${token}`;
  const response = await fetch(url, {
    method: method.toUpperCase(),
    headers,
    ...(method === 'get' || method === 'delete' ? {} : { body: '{}' }),
  });
  await response.arrayBuffer();
  return response.status;
}
