import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { DatabaseExportHeader } from './database-export-format';
import { importDatabase } from './import-database';
import { openConfiguredDatabase } from './open-configured-database';

/**
 * `npm run db:import -- --in FILE [--force]`: loads an export into the configured database, which
 * must be migrated (`npm run db:migrate`) to the file's schema version and empty unless --force.
 */
export async function importCli(
  args: string[],
  environment: NodeJS.ProcessEnv = process.env,
  print: (line: string) => void = console.log,
): Promise<DatabaseExportHeader> {
  const { values } = parseArgs({ args, options: { in: { type: 'string' }, force: { type: 'boolean' } }, strict: true });
  if (!values.in) throw new Error('usage: npm run db:import -- --in FILE [--force]');
  const { database, description } = await openConfiguredDatabase(environment);
  const lines = createInterface({ input: createReadStream(values.in), crlfDelay: Number.POSITIVE_INFINITY });
  try {
    const header = await importDatabase(database.db, lines, { force: values.force });
    const rows = header.tables.reduce((sum, table) => sum + table.rows, 0);
    print(
      `${description}: imported ${rows} rows of ${header.tables.length} tables at schema ${header.schemaVersion} from ${values.in}`,
    );
    return header;
  } finally {
    lines.close();
    await database.close();
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  importCli(process.argv.slice(2)).catch((error: unknown) => {
    console.error('import failed:', error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
