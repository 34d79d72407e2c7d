import { drizzle } from 'drizzle-orm/postgres-js';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { applyMigrations } from './apply-migrations';
import type { DatabaseHandle } from './database';
import * as schema from './schema';

// Any fixed number works; it only has to be the same for every process migrating this database.
const migrationLockKey = 5_830_241_977;

/** A postgres.js pool. Several gateway replicas may migrate at once; an advisory lock serializes them. */
export function openPostgresDatabase(url: string, maxConnections = 10): DatabaseHandle {
  const client = postgres(url, { max: maxConnections });
  const db = drizzle({ client, schema });
  let closed = false;
  return {
    db,
    driver: 'postgres',
    async migrate() {
      // One dedicated connection: a session advisory lock belongs to the connection that took it.
      // Notices ("schema drizzle already exists, skipping") are expected on every re-run.
      const migrationClient = postgres(url, { max: 1, onnotice: () => {} });
      try {
        await migrationClient`select pg_advisory_lock(${migrationLockKey})`;
        const migrationDb = drizzle({ client: migrationClient, schema });
        return await applyMigrations(migrationDb, (config) => migrate(migrationDb, config));
      } finally {
        // Ending the session releases the lock even when a migration failed.
        await migrationClient.end();
      }
    },
    async listen(channel, onNotify, onConnected) {
      const subscription = await client.listen(channel, onNotify, onConnected);
      return () => subscription.unlisten();
    },
    async close() {
      if (closed) return;
      closed = true;
      await client.end({ timeout: 5 });
    },
  };
}
