import postgres from 'postgres';

/**
 * Every row of every table outside the system schemas, as JSON text per table, read through a
 * connection of its own: what an attacker with a database dump would see. Binary columns are
 * decoded as UTF-8 so a secret stored as bytes is still found.
 */
export async function readEveryRow(databaseUrl: string): Promise<Map<string, string>> {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    const tables = await sql<{ schema: string; name: string }[]>`
      select table_schema as schema, table_name as name from information_schema.tables
      where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema')
      order by 1, 2`;
    const dump = new Map<string, string>();
    for (const table of tables) {
      const quoted = `"${table.schema.replaceAll('"', '""')}"."${table.name.replaceAll('"', '""')}"`;
      const rows = await sql.unsafe(`select * from ${quoted}`);
      const text = JSON.stringify(rows, (_key, value: unknown) =>
        typeof value === 'object' && value !== null && 'type' in value && value.type === 'Buffer' && 'data' in value
          ? Buffer.from(value.data as number[]).toString('utf8')
          : value,
      );
      dump.set(`${table.schema}.${table.name}`, text);
    }
    return dump;
  } finally {
    await sql.end();
  }
}
