import type { Database } from '@switchboard/db';

/**
 * Runs `work` in one transaction with a Database-typed handle, so stores built from it and the
 * audit entry commit or roll back together: a failed request writes nothing.
 */
export function inTransaction<Result>(db: Database, work: (transaction: Database) => Promise<Result>): Promise<Result> {
  // A drizzle transaction has the same query API as the database it came from.
  return db.transaction((transaction) => work(transaction as unknown as Database));
}
