import { sql } from 'drizzle-orm';
import type { Database } from './database';
import {
  type DatabaseExportHeader,
  databaseExportFormat,
  databaseExportFormatVersion,
  exportedTablesInDependencyOrder,
  schemaVersionOf,
} from './database-export-format';
import { queryRows } from './query-rows';

const PAGE_ROWS = 1_000;

/**
 * Writes every exported table of `db` (see database-export-format.ts) through `writeLine`, one
 * line at a time, from one repeatable-read snapshot so a running gateway's writes cannot tear it.
 * Provider keys leave as stored: ciphertext and wrapped data keys, never decrypted.
 */
export async function exportDatabase(db: Database, writeLine: (line: string) => Promise<void>): Promise<DatabaseExportHeader> {
  return db.transaction(
    async (transaction) => {
      const snapshot = transaction as unknown as Database;
      const schemaVersion = await schemaVersionOf(snapshot);
      if (schemaVersion === undefined) throw new Error('the source database was never migrated: there is nothing to export');
      const tables: DatabaseExportHeader['tables'] = [];
      for (const name of await exportedTablesInDependencyOrder(snapshot)) {
        const [row] = await queryRows<{ rows: string }>(
          snapshot,
          sql`select count(*)::text as rows from ${sql.identifier(name)}`,
        );
        tables.push({ name, rows: Number(row?.rows ?? 0) });
      }
      const header: DatabaseExportHeader = {
        format: databaseExportFormat,
        formatVersion: databaseExportFormatVersion,
        schemaVersion,
        exportedAt: new Date().toISOString(),
        tables,
      };
      await writeLine(JSON.stringify(header));
      for (const table of tables) {
        await writeLine(JSON.stringify({ $table: table.name, rows: table.rows }));
        // Keyset pages on ctid: stable inside the snapshot, and the same for every table.
        let after = '(0,0)';
        for (;;) {
          const page = await queryRows<{ position: string; line: string }>(
            snapshot,
            sql`select t.ctid::text as position, row_to_json(t)::text as line from ${sql.identifier(table.name)} t
                where t.ctid > ${after}::tid order by t.ctid limit ${PAGE_ROWS}`,
          );
          for (const row of page) await writeLine(row.line);
          if (page.length < PAGE_ROWS) break;
          after = page.at(-1)!.position;
        }
      }
      return header;
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
}
