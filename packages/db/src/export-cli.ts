import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { DatabaseExportHeader } from './database-export-format';
import { exportDatabase } from './export-database';
import { openConfiguredDatabase } from './open-configured-database';

/**
 * `npm run db:export -- --out FILE`: writes the configured database (DATABASE_URL, else the
 * embedded PGlite in DATA_DIR) to a portable file. Stop a gateway on the embedded database first:
 * PGlite's files are one process's.
 */
export async function exportCli(
  args: string[],
  environment: NodeJS.ProcessEnv = process.env,
  print: (line: string) => void = console.log,
): Promise<DatabaseExportHeader> {
  const { values } = parseArgs({ args, options: { out: { type: 'string' } }, strict: true });
  if (!values.out) throw new Error('usage: npm run db:export -- --out FILE');
  const { database, description } = await openConfiguredDatabase(environment);
  // 0600: the file holds admin-token hashes and sealed provider keys.
  const file = createWriteStream(values.out, { mode: 0o600, flags: 'wx' });
  // Set once this run created the file: an existing file (refused by 'wx') is never removed.
  let created = false;
  try {
    await once(file, 'open');
    created = true;
    const header = await exportDatabase(database.db, async (line) => {
      if (!file.write(`${line}\n`)) await once(file, 'drain');
    });
    file.end();
    await once(file, 'finish');
    const rows = header.tables.reduce((sum, table) => sum + table.rows, 0);
    print(
      `${description}: exported ${rows} rows of ${header.tables.length} tables at schema ${header.schemaVersion} to ${values.out}`,
    );
    print('provider keys are exported sealed: the target needs the same VAULT_KEK (the embedded one is DATA_DIR/vault-kek)');
    return header;
  } catch (error) {
    // No half-written file left behind to be mistaken for a backup.
    file.destroy();
    if (created) await rm(values.out, { force: true });
    throw error;
  } finally {
    file.destroy();
    await database.close();
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  exportCli(process.argv.slice(2)).catch((error: unknown) => {
    console.error('export failed:', error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
