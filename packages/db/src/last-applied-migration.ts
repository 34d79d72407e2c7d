import { sql } from 'drizzle-orm';
import type { Database } from './database';
import { queryRows } from './query-rows';

/**
 * The `created_at` of the newest migration drizzle recorded, or undefined on a fresh database.
 * drizzle's migrator applies exactly the journal entries newer than this.
 */
export async function lastAppliedMigration(db: Database): Promise<number | undefined> {
  const [table] = await queryRows<{ name: string | null }>(
    db,
    sql`select to_regclass('drizzle.__drizzle_migrations')::text as name`,
  );
  if (!table?.name) return undefined;
  const [row] = await queryRows<{ last: string | null }>(
    db,
    sql`select max(created_at)::text as last from drizzle.__drizzle_migrations`,
  );
  return row?.last == null ? undefined : Number(row.last);
}
