import { type Role, roles } from './roles.js';

/** One role, in every project (`*`) or in one. */
export interface RoleBinding {
  role: Role;
  project: string;
}

/** Who is calling, once authenticated. */
export interface Principal {
  /** The OIDC `sub` (with its `preferred_username` when given), `api-token:<id>` or `bootstrap`. */
  subject: string;
  via: 'oidc' | 'api-token' | 'bootstrap';
  bindings: RoleBinding[];
}

export class BindingError extends Error {}

/** `admin` (every project) or `app-team@shop` (one project); an unknown role is an error naming it. */
export function parseBinding(text: string): RoleBinding {
  const [role, project = '*', extra] = text.split('@');
  if (extra !== undefined || !project) throw new BindingError(`"${text}" is not <role> or <role>@<project>`);
  if (!(roles as readonly string[]).includes(role!)) throw new BindingError(`unknown role "${role}": expected one of ${roles.join(', ')}`);
  return { role: role as Role, project };
}

export const formatBinding = (binding: RoleBinding): string =>
  binding.project === '*' ? binding.role : `${binding.role}@${binding.project}`;

/** Reads an OIDC roles claim leniently: unknown roles are dropped (an IdP has groups we know nothing of). */
export function bindingsFromClaim(claim: unknown): RoleBinding[] {
  const values = Array.isArray(claim) ? claim : typeof claim === 'string' ? claim.split(/[\s,]+/) : [];
  return values.flatMap((value) => {
    try {
      return typeof value === 'string' && value ? [parseBinding(value)] : [];
    } catch {
      return [];
    }
  });
}
