import { pathToFileURL } from 'node:url';
import { createDatabase, defaultPgliteDataDirectory } from './create-database';
import type { MigrationResult } from './database';

/**
 * Migrates the configured database: Postgres when DATABASE_URL is set, else the embedded PGlite
 * data directory. Prints which migrations it applied. `npm run db:migrate` runs this file.
 */
export async function migrateDatabase(
  environment: NodeJS.ProcessEnv = process.env,
  print: (line: string) => void = console.log,
): Promise<MigrationResult> {
  const url = environment.DATABASE_URL;
  const database = await createDatabase({ url });
  try {
    // Print the target without credentials.
    const target = url ? `postgres ${describeUrl(url)}` : `pglite ${defaultPgliteDataDirectory}`;
    const result = await database.migrate();
    if (result.applied.length === 0) {
      print(`${target}: schema is up to date, no migrations applied`);
    } else {
      print(`${target}: applied ${result.applied.length} migration(s):`);
      for (const tag of result.applied) print(`  ${tag}`);
    }
    return result;
  } finally {
    await database.close();
  }
}

function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}${parsed.port ? `:${parsed.port}` : ''}${parsed.pathname}`;
  } catch {
    return '(unparsable DATABASE_URL)';
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  migrateDatabase().catch((error: unknown) => {
    console.error('migration failed:', error);
    process.exitCode = 1;
  });
}
