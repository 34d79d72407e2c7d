import type { DatabaseHandle } from './database';
import { openPgliteDatabase } from './open-pglite-database';
import { openPgliteThreadDatabase } from './open-pglite-thread-database';
import { openPostgresDatabase } from './open-postgres-database';

export const defaultPgliteDataDirectory = './.data/pglite';

export interface CreateDatabaseOptions {
  /** A postgres:// URL (DATABASE_URL). When set (non-empty), postgres.js is used and the rest is ignored. */
  url?: string;
  /** Where PGlite keeps its files, relative to the cwd; default ./.data/pglite. */
  dataDirectory?: string;
  /** PGlite without files: every handle starts empty. For tests. */
  inMemory?: boolean;
  /**
   * PGlite on the calling thread instead of its own worker thread (the default, which keeps its
   * synchronous WASM work off the caller's event loop). For tests and one-shot tools that want it.
   */
  pgliteInProcess?: boolean;
  /** postgres.js pool size; default 10. */
  maxConnections?: number;
}

/**
 * Opens the database: Postgres through postgres.js when a URL is given, embedded PGlite otherwise.
 * Callers see one `Database` type either way. Does not migrate; call `migrate()` for that.
 * PGlite runs on a worker thread of its own unless `pgliteInProcess` is set.
 */
export async function createDatabase(options: CreateDatabaseOptions = {}): Promise<DatabaseHandle> {
  if (options.url) return openPostgresDatabase(options.url, options.maxConnections);
  const dataDirectory = options.inMemory ? undefined : (options.dataDirectory ?? defaultPgliteDataDirectory);
  return options.pgliteInProcess ? openPgliteDatabase(dataDirectory) : openPgliteThreadDatabase(dataDirectory);
}
