import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { applyMigrations } from './apply-migrations';
import type { DatabaseHandle } from './database';
import * as schema from './schema';

/** Embedded Postgres (WASM): on disk under `dataDirectory`, or in memory when it is undefined. */
export async function openPgliteDatabase(dataDirectory: string | undefined): Promise<DatabaseHandle> {
  let client: PGlite;
  if (dataDirectory === undefined) {
    client = await PGlite.create();
  } else {
    // PGlite creates only the last path segment itself.
    const absolute = resolve(dataDirectory);
    mkdirSync(absolute, { recursive: true, mode: 0o700 });
    client = await PGlite.create(absolute);
  }
  const db = drizzle({ client, schema });
  return {
    db,
    driver: 'pglite',
    // One connection in one process, so nothing else can migrate concurrently.
    migrate: () => applyMigrations(db, (config) => migrate(db, config)),
    async close() {
      if (!client.closed) await client.close();
    },
  };
}
