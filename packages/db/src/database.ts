import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type * as schema from './schema';

/**
 * The drizzle database callers use, whichever driver is behind it: the common pg-core base type
 * with the schema attached. Raw `execute()` results differ per driver; read them with queryRows.
 */
export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;

export type DatabaseDriver = 'postgres' | 'pglite';

export interface MigrationResult {
  /** Tags of the migrations this run applied (e.g. `0000_initial_schema`), oldest first. */
  applied: string[];
}

export interface DatabaseHandle {
  db: Database;
  driver: DatabaseDriver;
  /** Applies the committed migrations not yet applied; a no-op when the schema is current. */
  migrate(): Promise<MigrationResult>;
  /**
   * Postgres LISTEN on a dedicated connection that reconnects by itself: `onNotify` per NOTIFY,
   * `onConnected` after every (re)connect (to catch up on what was missed). Absent on PGlite,
   * where one process is the whole deployment. Resolves to the function that stops listening.
   */
  listen?(channel: string, onNotify: (payload: string) => void, onConnected: () => void): Promise<() => Promise<void>>;
  /** Closes the pool (postgres) or the embedded instance (PGlite). Safe to call twice. */
  close(): Promise<void>;
}
