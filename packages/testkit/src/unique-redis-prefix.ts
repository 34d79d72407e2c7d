import { randomBytes } from 'node:crypto';

/**
 * A random key prefix (`test:<hex>:`) so tests sharing one Redis never touch each other's keys.
 * Pass it as ioredis `keyPrefix` or prepend it to every key, and delete `${prefix}*` afterwards.
 */
export function uniqueRedisPrefix(): string {
  return `test:${randomBytes(8).toString('hex')}:`;
}
