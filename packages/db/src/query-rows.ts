import type { SQL } from 'drizzle-orm';
import type { Database } from './database';

/**
 * Runs raw SQL and returns its rows on either driver: postgres.js resolves to the row array itself,
 * PGlite to `{ rows }`. The row type is the caller's claim, as with any raw query.
 */
export async function queryRows<Row extends Record<string, unknown>>(db: Database, query: SQL): Promise<Row[]> {
  const result: unknown = await db.execute(query);
  if (Array.isArray(result)) return result as Row[];
  if (typeof result === 'object' && result !== null && 'rows' in result && Array.isArray(result.rows)) {
    return result.rows as Row[];
  }
  throw new Error('queryRows: the driver returned no rows array');
}
