import { sql } from 'drizzle-orm';
import type { Database } from './database';
import {
  type DatabaseExportHeader,
  type DatabaseExportSection,
  databaseExportFormat,
  databaseExportFormatVersion,
  schemaVersionOf,
} from './database-export-format';
import { queryRows } from './query-rows';

const BATCH_ROWS = 500;

export interface ImportDatabaseOptions {
  /** Empty the exported tables of a target that already has rows, instead of refusing. */
  force?: boolean;
}

export class DatabaseImportError extends Error {
  override name = 'DatabaseImportError';
}

/**
 * Loads an export file (its lines, in order) into `db`, which must be migrated to the file's
 * schema version and empty (unless `force`). All in one transaction: a failure leaves the target
 * as it was. Serial sequences are then set past the imported ids.
 */
export async function importDatabase(
  db: Database,
  lines: AsyncIterable<string>,
  options: ImportDatabaseOptions = {},
): Promise<DatabaseExportHeader> {
  const iterator = lines[Symbol.asyncIterator]();
  const nextLine = async (what: string): Promise<string> => {
    const next = await iterator.next();
    if (next.done) throw new DatabaseImportError(`the export file ends early: expected ${what}`);
    return next.value;
  };
  const header = parseHeader(await nextLine('the header line'));
  const targetVersion = await schemaVersionOf(db);
  if (targetVersion === undefined)
    throw new DatabaseImportError('the target database is not migrated: run `npm run db:migrate` against it first');
  if (targetVersion !== header.schemaVersion)
    throw new DatabaseImportError(
      `schema versions differ: the file is at ${header.schemaVersion}, the target at ${targetVersion}; migrate both to the same version (run the same Switchboard release against each) and export again`,
    );

  await db.transaction(async (transaction) => {
    const target = transaction as unknown as Database;
    const present = new Set(
      (await queryRows<{ name: string }>(target, sql`select tablename as name from pg_tables where schemaname = 'public'`)).map(
        (row) => row.name,
      ),
    );
    const missing = header.tables.filter((table) => !present.has(table.name)).map((table) => table.name);
    if (missing.length > 0) throw new DatabaseImportError(`the target has no table ${missing.join(', ')}`);
    const nonEmpty: string[] = [];
    for (const table of header.tables) {
      const [row] = await queryRows<{ any: boolean }>(
        target,
        sql`select exists (select 1 from ${sql.identifier(table.name)}) as any`,
      );
      if (row?.any) nonEmpty.push(table.name);
    }
    if (nonEmpty.length > 0) {
      if (!options.force)
        throw new DatabaseImportError(
          `the target is not empty (rows in ${nonEmpty.join(', ')}); import into a freshly migrated database, or pass --force to replace those tables' rows`,
        );
      // Every exported table at once, so no foreign key between them stands in the way.
      await target.execute(
        sql`truncate ${sql.join(
          header.tables.map((table) => sql.identifier(table.name)),
          sql`, `,
        )}`,
      );
    }

    for (const table of header.tables) {
      const section = parseSection(await nextLine(`the section of ${table.name}`));
      if (section.$table !== table.name || section.rows !== table.rows)
        throw new DatabaseImportError(
          `the export file is out of order: found ${JSON.stringify(section)} where ${table.name} was due`,
        );
      // Generated columns cannot be inserted; every other column comes from the file.
      const columns = (
        await queryRows<{ name: string }>(
          target,
          sql`select column_name as name from information_schema.columns
              where table_schema = 'public' and table_name = ${table.name} and is_generated = 'NEVER'
              order by ordinal_position`,
        )
      ).map((row) => sql.identifier(row.name));
      const columnList = sql.join(columns, sql`, `);
      let batch: string[] = [];
      const flush = async () => {
        if (batch.length === 0) return;
        // Postgres parses each value with its own type's input function: nothing passes through JS numbers.
        await target.execute(
          sql`insert into ${sql.identifier(table.name)} (${columnList})
              select ${columnList} from json_populate_recordset(null::${sql.identifier(table.name)}, ${`[${batch.join(',')}]`}::json)`,
        );
        batch = [];
      };
      for (let index = 0; index < table.rows; index++) {
        batch.push(await nextLine(`row ${index + 1} of ${table.rows} of ${table.name}`));
        if (batch.length >= BATCH_ROWS) await flush();
      }
      await flush();
      await resetSequences(target, table.name);
    }
    const rest = await iterator.next();
    if (!rest.done && rest.value.trim() !== '') throw new DatabaseImportError('the export file has lines after its last table');
  });
  return header;
}

/** Each serial column's sequence restarts at max(column) + 1, so new rows never collide. */
async function resetSequences(db: Database, table: string): Promise<void> {
  const serials = await queryRows<{ column: string; sequence: string }>(
    db,
    sql`select column_name as column, pg_get_serial_sequence(quote_ident(table_name), column_name) as sequence
        from information_schema.columns
        where table_schema = 'public' and table_name = ${table} and pg_get_serial_sequence(quote_ident(table_name), column_name) is not null`,
  );
  for (const serial of serials) {
    await db.execute(
      sql`select setval(${serial.sequence}::regclass, coalesce((select max(${sql.identifier(serial.column)}) from ${sql.identifier(table)}), 0) + 1, false)`,
    );
  }
}

function parseHeader(line: string): DatabaseExportHeader {
  let header: Partial<DatabaseExportHeader>;
  try {
    header = JSON.parse(line) as Partial<DatabaseExportHeader>;
  } catch {
    throw new DatabaseImportError('not a Switchboard export file: its first line is not JSON');
  }
  if (header.format !== databaseExportFormat) throw new DatabaseImportError('not a Switchboard export file (no format header)');
  if (header.formatVersion !== databaseExportFormatVersion)
    throw new DatabaseImportError(
      `export format ${header.formatVersion} is not supported (this release reads format ${databaseExportFormatVersion})`,
    );
  if (typeof header.schemaVersion !== 'string' || !Array.isArray(header.tables))
    throw new DatabaseImportError('the export header names no schema version or tables');
  return header as DatabaseExportHeader;
}

function parseSection(line: string): DatabaseExportSection {
  try {
    return JSON.parse(line) as DatabaseExportSection;
  } catch {
    throw new DatabaseImportError('the export file has a malformed table section line');
  }
}
