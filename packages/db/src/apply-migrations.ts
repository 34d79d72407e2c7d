import type { Database, MigrationResult } from './database';
import { lastAppliedMigration } from './last-applied-migration';
import { migrationsFolder } from './migrations-folder';
import { readMigrationJournal } from './read-migration-journal';

/**
 * Runs a driver's drizzle migrator over the committed migrations and reports which ones it applied.
 * `runMigrator` must use the same connection as `db` so the before-state is the one it migrates.
 */
export async function applyMigrations(
  db: Database,
  runMigrator: (config: { migrationsFolder: string }) => Promise<void>,
): Promise<MigrationResult> {
  const journal = readMigrationJournal(migrationsFolder);
  const before = await lastAppliedMigration(db);
  await runMigrator({ migrationsFolder });
  const applied = journal.filter((entry) => before === undefined || entry.createdAt > before).map((entry) => entry.tag);
  return { applied };
}
