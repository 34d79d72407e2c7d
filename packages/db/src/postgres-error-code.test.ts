import { describe, expect, it } from 'vitest';
import { postgresErrorCode } from './postgres-error-code';

describe('postgresErrorCode', () => {
  it('reads the SQLSTATE of a driver error', () => {
    expect(postgresErrorCode(Object.assign(new Error('duplicate key'), { code: '23505' }))).toBe('23505');
  });

  it('follows the cause of a wrapping error, as drizzle wraps driver errors', () => {
    const driverError = Object.assign(new Error('violates check constraint'), { code: '23514' });
    const wrapped = new Error('Failed query: insert ...', { cause: driverError });
    expect(postgresErrorCode(wrapped)).toBe('23514');
  });

  it('ignores codes that are not SQLSTATEs, and non-errors', () => {
    expect(postgresErrorCode(Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }))).toBeUndefined();
    expect(postgresErrorCode(new Error('plain'))).toBeUndefined();
    expect(postgresErrorCode('23505')).toBeUndefined();
    expect(postgresErrorCode(undefined)).toBeUndefined();
  });

  it('stops on a cause cycle', () => {
    const first = new Error('first');
    const second = new Error('second', { cause: first });
    first.cause = second;
    expect(postgresErrorCode(first)).toBeUndefined();
  });
});
