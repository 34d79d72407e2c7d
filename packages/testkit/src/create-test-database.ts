import { randomBytes } from 'node:crypto';
import postgres from 'postgres';

export const defaultTestDatabaseUrl = 'postgres://postgres@127.0.0.1:5432/test';

export interface TestDatabase {
  /** Connection URL of the new, empty database. */
  url: string;
  name: string;
  /** Ends leftover connections to it and drops it. Safe to call twice. */
  drop(): Promise<void>;
}

/**
 * Creates a fresh, uniquely named database on the test Postgres (TEST_DATABASE_URL), so test files
 * running in parallel never see each other's rows. The caller migrates it and must `drop()` it.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const baseUrl = process.env.TEST_DATABASE_URL || defaultTestDatabaseUrl;
  // Lowercase letters, digits and underscores only, so the name never needs escaping.
  const name = `switchboard_test_${Date.now().toString(36)}_${randomBytes(5).toString('hex')}`;
  await withAdminConnection(baseUrl, (sql) => sql.unsafe(`create database "${name}"`));
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: () =>
      withAdminConnection(baseUrl, async (sql) => {
        // A pool a test forgot to close would make DROP DATABASE fail with "being accessed by other users".
        await sql`select pg_terminate_backend(pid) from pg_stat_activity where datname = ${name} and pid <> pg_backend_pid()`;
        await sql.unsafe(`drop database if exists "${name}"`);
      }),
  };
}

async function withAdminConnection(url: string, work: (sql: postgres.Sql) => Promise<unknown>): Promise<void> {
  // Notices such as "database does not exist, skipping" are expected here.
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await work(sql);
  } finally {
    await sql.end();
  }
}
