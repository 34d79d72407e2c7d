import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { applyMigrations } from './apply-migrations';
import type { DatabaseHandle } from './database';
import { RemotePgliteClient } from './remote-pglite-client';
import * as schema from './schema';

/**
 * Embedded Postgres (WASM) on its own worker thread, so its synchronous work never blocks the
 * caller's event loop: on disk under `dataDirectory`, or in memory when it is undefined. The
 * drizzle database is drizzle's PGlite driver over a client that forwards each query to the
 * thread, so results, errors and transactions behave as with PGlite in process.
 */
export async function openPgliteThreadDatabase(dataDirectory: string | undefined): Promise<DatabaseHandle> {
  const directory = dataDirectory === undefined ? undefined : resolve(dataDirectory);
  if (directory !== undefined && !existsSync(join(directory, 'PG_VERSION'))) {
    // A new data directory: initdb leaves hundreds of MB in the isolate that ran it (measured:
    // 680 MB at rest against 180 MB when reopened), so it runs in a thread of its own that gives
    // all of it back when it ends, and the long-lived thread reopens the initialised directory.
    await (await RemotePgliteClient.start({ dataDirectory: directory })).close();
  }
  const client = await RemotePgliteClient.start({ dataDirectory: directory });
  // drizzle's PGlite session calls only `query` and `transaction`, which the remote client has.
  const db = drizzle({ client: client as unknown as PGlite, schema });
  return {
    db,
    driver: 'pglite',
    // One connection in one process, so nothing else can migrate concurrently. The statements
    // run in the worker, inside one transaction there.
    migrate: () => applyMigrations(db, (config) => migrate(db, config)),
    close: () => client.close(),
  };
}
