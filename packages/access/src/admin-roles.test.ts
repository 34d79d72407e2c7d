import { describe, expect, it } from 'vitest';
import { adminPermissions, adminRoles, roleAllows } from './admin-roles';

// The whole table, spelled out, so any change to a role is a visible change to this test.
const expected: Record<string, string[]> = {
  admin: [
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
  ],
  keys: ['providers:read', 'providers:write', 'keys:read', 'keys:write', 'audit:read', 'routing:read'],
  billing: ['usage:read', 'providers:read', 'api-keys:read', 'teams:read'],
};

describe('roleAllows', () => {
  it('knows exactly three roles and thirteen permissions', () => {
    expect([...adminRoles]).toEqual(['admin', 'keys', 'billing']);
    expect([...adminPermissions].sort()).toEqual([...expected.admin!].sort());
  });

  it.each(adminRoles.flatMap((role) => adminPermissions.map((permission) => [role, permission] as const)))(
    '%s may %s only as the table says',
    (role, permission) => {
      expect(roleAllows(role, permission)).toBe(expected[role]!.includes(permission));
    },
  );

  it('keeps the keys role away from admin tokens and usage, and billing read-only', () => {
    expect(roleAllows('keys', 'tokens:write')).toBe(false);
    expect(roleAllows('keys', 'usage:read')).toBe(false);
    expect(roleAllows('billing', 'providers:write')).toBe(false);
    expect(roleAllows('billing', 'audit:read')).toBe(false);
    // The README: billing reads providers, gateway keys and usage, never provider keys.
    expect(roleAllows('billing', 'keys:read')).toBe(false);
    expect(roleAllows('billing', 'teams:write')).toBe(false);
  });

  it('grants nothing to an unknown role, including inherited object keys', () => {
    for (const role of ['root', '', 'toString', '__proto__', 'constructor']) {
      for (const permission of adminPermissions) expect(roleAllows(role, permission)).toBe(false);
    }
  });
});
