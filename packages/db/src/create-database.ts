import type { DatabaseHandle } from './database';
import { openPgliteDatabase } from './open-pglite-database';
import { openPostgresDatabase } from './open-postgres-database';

export const defaultPgliteDataDirectory = './.data/pglite';

export interface CreateDatabaseOptions {
  /** A postgres:// URL (DATABASE_URL). When set (non-empty), postgres.js is used and the rest is ignored. */
  url?: string;
  /** Where PGlite keeps its files, relative to the cwd; default ./.data/pglite. */
  dataDirectory?: string;
  /** PGlite without files: every handle starts empty. For tests. */
  inMemory?: boolean;
  /** postgres.js pool size; default 10. */
  maxConnections?: number;
}

/**
 * Opens the database: Postgres through postgres.js when a URL is given, embedded PGlite otherwise.
 * Callers see one `Database` type either way. Does not migrate; call `migrate()` for that.
 */
export async function createDatabase(options: CreateDatabaseOptions = {}): Promise<DatabaseHandle> {
  if (options.url) return openPostgresDatabase(options.url, options.maxConnections);
  return openPgliteDatabase(options.inMemory ? undefined : (options.dataDirectory ?? defaultPgliteDataDirectory));
}
