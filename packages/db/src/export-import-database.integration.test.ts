import { createTestDatabase, type TestDatabase } from '@switchboard/testkit';
import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { createDatabase } from './create-database';
import type { Database, DatabaseHandle } from './database';
import { exportDatabase } from './export-database';
import { importDatabase } from './import-database';
import { queryRows } from './query-rows';

const handles: DatabaseHandle[] = [];
const testDatabases: TestDatabase[] = [];

afterEach(async () => {
  for (const handle of handles.splice(0)) await handle.close();
  for (const testDatabase of testDatabases.splice(0)) await testDatabase.drop();
});

async function migratedPostgres(): Promise<DatabaseHandle> {
  const testDatabase = await createTestDatabase();
  testDatabases.push(testDatabase);
  const handle = await createDatabase({ url: testDatabase.url, maxConnections: 2 });
  handles.push(handle);
  await handle.migrate();
  return handle;
}

/** An embedded source with rows whose values are easy to damage on the way: microseconds, jsonb, quotes, serials. */
async function seededPglite(): Promise<DatabaseHandle> {
  const handle = await createDatabase({ inMemory: true });
  handles.push(handle);
  await handle.migrate();
  await handle.db.execute(
    sql`insert into providers (id, name, adapter, base_url) values ('acme', 'Acme "quoted"', 'openai-compatible', 'http://127.0.0.1:1/v1')`,
  );
  await handle.db.execute(
    sql`insert into provider_keys (id, provider_id, name, ciphertext, nonce, auth_tag, wrapped_dek, kek_id, last4, created_at)
        values ('pk_1', 'acme', 'main', 'Y2lwaGVy', 'bm9uY2U=', 'dGFn', 'd3JhcHBlZA==', 'kek1', 'abcd', '2026-01-02T03:04:05.123456Z')`,
  );
  for (const index of [1, 2, 3])
    await handle.db.execute(
      sql`insert into audit_log (actor, action, target_type, target_id, request_id, details)
          values ('admin', 'test', 'provider', 'acme', ${`req_${index}`}, ${JSON.stringify({ big: '9007199254740993', text: 'line\nbreak ü', index })}::jsonb)`,
    );
  // A gap in the serial: the target's sequence must follow max(id), not the row count.
  await handle.db.execute(sql`delete from audit_log where request_id = 'req_2'`);
  return handle;
}

async function exportLines(db: Database): Promise<string[]> {
  const lines: string[] = [];
  await exportDatabase(db, async (line) => {
    lines.push(line);
  });
  return lines;
}

async function* iterate(lines: string[]): AsyncIterable<string> {
  yield* lines;
}

async function tableText(db: Database, table: string, order: string): Promise<string[]> {
  const rows = await queryRows<{ line: string }>(
    db,
    sql`select row_to_json(t)::text as line from ${sql.identifier(table)} t order by ${sql.raw(order)}`,
  );
  return rows.map((row) => row.line);
}

describe('exportDatabase and importDatabase', () => {
  it('moves every row from PGlite to Postgres exactly, and the serial sequences continue past max(id)', async () => {
    const source = await seededPglite();
    const lines = await exportLines(source.db);
    const header = JSON.parse(lines[0]!) as { schemaVersion: string; tables: { name: string; rows: number }[] };
    expect(header.tables.map((table) => table.name)).not.toContain('change_feed');
    const names = header.tables.map((table) => table.name);
    // Parents before the tables that reference them.
    expect(names.indexOf('providers')).toBeLessThan(names.indexOf('provider_keys'));
    expect(header.tables.find((table) => table.name === 'audit_log')?.rows).toBe(2);

    const target = await migratedPostgres();
    await importDatabase(target.db, iterate(lines));
    for (const [table, order] of [
      ['providers', 'id'],
      ['provider_keys', 'id'],
      ['audit_log', 'id'],
    ] as const)
      expect(await tableText(target.db, table, order), table).toEqual(await tableText(source.db, table, order));

    await target.db.execute(
      sql`insert into audit_log (actor, action, target_type, target_id, request_id) values ('admin', 'after', 'provider', 'acme', 'req_4')`,
    );
    const ids = await queryRows<{ id: string }>(target.db, sql`select id::text from audit_log order by id`);
    expect(ids.map((row) => Number(row.id))).toEqual([1, 3, 4]);
  });

  it('refuses a non-empty target unless forced, and leaves it untouched when refusing', async () => {
    const source = await seededPglite();
    const lines = await exportLines(source.db);
    const target = await migratedPostgres();
    await importDatabase(target.db, iterate(lines));
    await target.db.execute(sql`update providers set name = 'changed on the target'`);

    await expect(importDatabase(target.db, iterate(lines))).rejects.toThrow(
      /the target is not empty \(rows in .*providers.*\); import into a freshly migrated database, or pass --force/,
    );
    expect(await tableText(target.db, 'providers', 'id')).toEqual([expect.stringContaining('changed on the target')]);

    await importDatabase(target.db, iterate(lines), { force: true });
    expect(await tableText(target.db, 'providers', 'id')).toEqual(await tableText(source.db, 'providers', 'id'));
    expect(await tableText(target.db, 'audit_log', 'id')).toEqual(await tableText(source.db, 'audit_log', 'id'));
  });

  it('refuses a file at another schema version naming both, an unmigrated target, and a truncated file (rolled back)', async () => {
    const source = await seededPglite();
    const lines = await exportLines(source.db);
    const header = JSON.parse(lines[0]!) as { schemaVersion: string };
    const target = await migratedPostgres();

    const older = [JSON.stringify({ ...header, schemaVersion: '0003_model_aliases' }), ...lines.slice(1)];
    await expect(importDatabase(target.db, iterate(older))).rejects.toThrow(
      `schema versions differ: the file is at 0003_model_aliases, the target at ${header.schemaVersion}`,
    );

    const unmigrated = await createTestDatabase();
    testDatabases.push(unmigrated);
    const bare = await createDatabase({ url: unmigrated.url, maxConnections: 1 });
    handles.push(bare);
    await expect(importDatabase(bare.db, iterate(lines))).rejects.toThrow('the target database is not migrated');

    await expect(importDatabase(target.db, iterate(lines.slice(0, -1)))).rejects.toThrow(/the export file ends early/);
    // One transaction: nothing of the partial import stayed.
    expect(await tableText(target.db, 'providers', 'id')).toEqual([]);

    await expect(importDatabase(target.db, iterate(['{"hello":1}']))).rejects.toThrow('not a Switchboard export file');
  });
});
