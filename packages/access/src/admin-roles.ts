import { type AdminRole, adminRoles } from '@switchboard/db';

export { type AdminRole, adminRoles };

export const adminPermissions = [
  'providers:read',
  'providers:write',
  'keys:read',
  'keys:write',
  'tokens:read',
  'tokens:write',
  'audit:read',
  'usage:read',
  'routing:read',
  'api-keys:read',
  'api-keys:write',
  'teams:read',
  'teams:write',
] as const;
export type AdminPermission = (typeof adminPermissions)[number];

/**
 * What each role may do. admin: everything, gateway API keys included. keys: providers and their
 * keys, and the audit trail of that work, but not admin tokens (so it cannot mint itself an admin
 * token), gateway keys nor usage. billing: usage, the provider list that usage reports name, and
 * the gateway keys and teams (read only) to see spend against budgets; never provider keys, not
 * even their names or last four characters.
 */
export const rolePermissions: Readonly<Record<AdminRole, readonly AdminPermission[]>> = {
  admin: adminPermissions,
  keys: ['providers:read', 'providers:write', 'keys:read', 'keys:write', 'audit:read', 'routing:read'],
  billing: ['usage:read', 'providers:read', 'api-keys:read', 'teams:read'],
};

/** Whether `role` grants `permission`. An unknown role (say, from a stale row) grants nothing. */
export function roleAllows(role: string, permission: AdminPermission): boolean {
  if (!Object.hasOwn(rolePermissions, role)) return false;
  return rolePermissions[role as AdminRole].includes(permission);
}
