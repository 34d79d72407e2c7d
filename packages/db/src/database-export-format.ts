import { sql } from 'drizzle-orm';
import type { Database } from './database';
import { lastAppliedMigration } from './last-applied-migration';
import { migrationsFolder } from './migrations-folder';
import { queryRows } from './query-rows';
import { readMigrationJournal } from './read-migration-journal';

/**
 * The portable export file (`npm run db:export`): newline-delimited JSON. Line 1 is the header;
 * then, per table in the header's order, one section line `{"$table":name,"rows":N}` followed by
 * exactly N row lines, each Postgres's own `row_to_json` of one row. Rows are written and read back
 * by Postgres's text casts (never parsed into JavaScript numbers), so bigints, timestamps, jsonb and
 * ciphertext round-trip exactly.
 */
export const databaseExportFormat = 'switchboard-database-export';
export const databaseExportFormatVersion = 1;

export interface DatabaseExportHeader {
  format: typeof databaseExportFormat;
  formatVersion: number;
  /** The last migration applied to the source (its tag); the target must be at the same one. */
  schemaVersion: string;
  exportedAt: string;
  /** Parents before children (foreign keys), the order the import inserts them in. */
  tables: { name: string; rows: number }[];
}

export interface DatabaseExportSection {
  $table: string;
  rows: number;
}

/**
 * Tables not exported: drizzle's own bookkeeping is not in `public`; the change feed is a
 * transient outbox each instance catches up from, meaningless in another database.
 */
export const tablesNotExported = new Set(['change_feed']);

/** The tag of the last migration applied to `db`, or undefined when it was never migrated. */
export async function schemaVersionOf(db: Database): Promise<string | undefined> {
  const createdAt = await lastAppliedMigration(db);
  if (createdAt === undefined) return undefined;
  const entry = readMigrationJournal(migrationsFolder).find((candidate) => candidate.createdAt === createdAt);
  // A database migrated by newer code than this checkout: still a distinct, nameable version.
  return entry?.tag ?? `unknown migration created at ${createdAt}`;
}

/** The exported tables of `public`, each after the tables its foreign keys reference. */
export async function exportedTablesInDependencyOrder(db: Database): Promise<string[]> {
  const tables = (await queryRows<{ name: string }>(db, sql`select tablename as name from pg_tables where schemaname = 'public'`))
    .map((row) => row.name)
    .filter((name) => !tablesNotExported.has(name))
    .sort();
  const references = await queryRows<{ child: string; parent: string }>(
    db,
    sql`select c.conrelid::regclass::text as child, c.confrelid::regclass::text as parent
        from pg_constraint c join pg_namespace n on n.oid = c.connamespace
        where c.contype = 'f' and n.nspname = 'public'`,
  );
  const ordered: string[] = [];
  const remaining = new Set(tables);
  while (remaining.size > 0) {
    const ready = [...remaining].filter((table) =>
      references.every(
        (reference) => reference.child !== table || reference.parent === table || !remaining.has(reference.parent),
      ),
    );
    // A reference cycle cannot happen in this schema; keep going rather than loop forever.
    const next = ready.length > 0 ? ready : [...remaining];
    for (const table of next) {
      ordered.push(table);
      remaining.delete(table);
    }
  }
  return ordered;
}
