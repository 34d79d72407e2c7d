import { sql } from 'drizzle-orm';
import { type AnyPgColumn, check } from 'drizzle-orm/pg-core';

/**
 * A CHECK constraint keeping an enum-like text column to a fixed list. The values are inlined as
 * SQL literals because drizzle-kit renders check expressions as text, where bound parameters would
 * turn into `$1`. NULL passes (`NULL IN (...)` is unknown), so nullable columns stay nullable.
 */
export function checkOneOf(name: string, column: AnyPgColumn, values: readonly string[]) {
  const literals = values.map((value) => `'${value.replaceAll("'", "''")}'`).join(', ');
  return check(name, sql`${column} in (${sql.raw(literals)})`);
}
