import { AccessError } from './access-error';

export const maximumAdminTokenNameLength = 64;

// Names show up in logs, the audit trail and the dashboard, where control characters could forge lines.
const controlCharacters = /\p{Cc}/u;

/** A token name: 1 to 64 characters (code points), not blank, without control characters. */
export function assertAdminTokenName(name: unknown): asserts name is string {
  if (typeof name !== 'string' || name.trim() === '') {
    throw new AccessError('invalid', 'admin token name must be a non-empty string');
  }
  if (Array.from(name).length > maximumAdminTokenNameLength) {
    throw new AccessError('invalid', `admin token name must be at most ${maximumAdminTokenNameLength} characters`);
  }
  if (controlCharacters.test(name)) throw new AccessError('invalid', 'admin token name must not contain control characters');
}
