import postgres from 'postgres';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase, defaultTestDatabaseUrl, type TestDatabase } from './create-test-database';

const adminUrl = process.env.TEST_DATABASE_URL || defaultTestDatabaseUrl;

async function databaseExists(name: string): Promise<boolean> {
  const sql = postgres(adminUrl, { max: 1 });
  try {
    const rows = await sql`select 1 from pg_database where datname = ${name}`;
    return rows.length === 1;
  } finally {
    await sql.end();
  }
}

describe('createTestDatabase', () => {
  const created: TestDatabase[] = [];

  afterEach(async () => {
    await Promise.all(created.splice(0).map((database) => database.drop()));
  });

  it('creates distinct, empty, connectable databases', async () => {
    const [first, second] = await Promise.all([createTestDatabase(), createTestDatabase()]);
    created.push(first, second);
    expect(first.name).not.toBe(second.name);
    expect(first.url).not.toBe(second.url);

    const sql = postgres(first.url, { max: 1 });
    try {
      const [row] = await sql<{ name: string; tables: number }[]>`
        select current_database() as name,
               (select count(*)::int from information_schema.tables where table_schema = 'public') as tables`;
      expect(row).toEqual({ name: first.name, tables: 0 });
    } finally {
      await sql.end();
    }
  });

  it('drop() removes the database even while a connection is still open, and can be repeated', async () => {
    const database = await createTestDatabase();
    created.push(database);
    const leftover = postgres(database.url, { max: 1 });
    await leftover`select 1`;
    expect(await databaseExists(database.name)).toBe(true);

    await database.drop();
    expect(await databaseExists(database.name)).toBe(false);
    await database.drop();
    // The leftover pool was terminated server-side; ending it must not hang.
    await leftover.end({ timeout: 1 });
  });
});
