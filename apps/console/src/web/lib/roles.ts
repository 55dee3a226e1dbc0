/** `[role, resource, action]` rows of the platform's role policy (served by the console from libs/service-host). */
export type RolePolicy = readonly (readonly [string, string, string])[];

/**
 * Whether any of `roles` (as whoami names them: `admin`, `app-team@shop`) grants `resource:action`. Only for
 * showing the buttons a user can use: the APIs decide, per application and project.
 */
export function may(policy: RolePolicy, roles: readonly string[], resource: string, action: string): boolean {
  const names = roles.map((role) => role.split('@')[0]);
  return policy.some(([role, res, act]) => names.includes(role) && (res === '*' || res === resource) && (act === '*' || act === action));
}
