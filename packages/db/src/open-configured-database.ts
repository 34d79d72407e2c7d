import { join, resolve } from 'node:path';
import { createDatabase } from './create-database';
import type { DatabaseHandle } from './database';

/**
 * The database the gateway would open with this environment: Postgres at DATABASE_URL, else the
 * embedded PGlite in `DATA_DIR/pglite` (DATA_DIR defaults to ./.data, as for the gateway).
 * Returns a description without credentials for messages.
 */
export async function openConfiguredDatabase(
  environment: NodeJS.ProcessEnv,
): Promise<{ database: DatabaseHandle; description: string }> {
  const url = environment.DATABASE_URL || undefined;
  if (url) return { database: await createDatabase({ url, maxConnections: 2 }), description: `postgres ${describeUrl(url)}` };
  const dataDirectory = join(resolve(environment.DATA_DIR || '.data'), 'pglite');
  return { database: await createDatabase({ dataDirectory }), description: `pglite ${dataDirectory}` };
}

function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}${parsed.port ? `:${parsed.port}` : ''}${parsed.pathname}`;
  } catch {
    return '(unparsable DATABASE_URL)';
  }
}
