import { describe, expect, it } from 'vitest';
import { describeDatabaseRefusal } from './describe-database-refusal';

/** drizzle's wrapper: the statement and every parameter (a batch of events) in its message. */
function wrapped(cause: unknown): Error {
  const batch = JSON.stringify(Array.from({ length: 50 }, (_, index) => ({ requestId: `req_${index}`, model: 'x'.repeat(80) })));
  return new Error(`Failed query: insert into "usage_events" values ($1)\nparams: ${batch}`, { cause });
}

describe('describeDatabaseRefusal', () => {
  it("names the database's code and words, not the statement", () => {
    const cause = Object.assign(new Error('value "99999999999999999999" is out of range for type bigint'), { code: '22003' });
    expect(describeDatabaseRefusal(wrapped(cause))).toBe('22003: value "99999999999999999999" is out of range for type bigint');
  });

  it('names a connection failure by its code in one short line', () => {
    const cause = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    expect(describeDatabaseRefusal(wrapped(cause))).toBe('ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:5432');
  });

  it('keeps a wrapper without a cause to its first line, bounded', () => {
    const text = describeDatabaseRefusal(wrapped(undefined));
    expect(text).toBe('Failed query: insert into "usage_events" values ($1)');
    expect(describeDatabaseRefusal(new Error('y'.repeat(5_000))).length).toBeLessThanOrEqual(303);
    expect(describeDatabaseRefusal('plain')).toBe('plain');
  });
});
