import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createTestDatabase, type TestDatabase } from '@switchboard/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { migrateDatabase } from './migrate-cli';
import { migrationsFolder } from './migrations-folder';
import { readMigrationJournal } from './read-migration-journal';

const run = promisify(execFile);
const cliPath = fileURLToPath(new URL('./migrate-cli.ts', import.meta.url));
const tsxPath = fileURLToPath(new URL('../../../node_modules/.bin/tsx', import.meta.url));

describe('migrateDatabase', () => {
  let testDatabase: TestDatabase | undefined;

  afterEach(async () => {
    await testDatabase?.drop();
  });

  it('migrates DATABASE_URL, prints the applied migrations, then reports the schema up to date', async () => {
    testDatabase = await createTestDatabase();
    const tags = readMigrationJournal(migrationsFolder).map((entry) => entry.tag);
    const lines: string[] = [];
    const environment = { DATABASE_URL: testDatabase.url };

    expect((await migrateDatabase(environment, (line) => lines.push(line))).applied).toEqual(tags);
    expect(lines[0]).toContain(`postgres 127.0.0.1:5432/${testDatabase.name}: applied ${tags.length} migration(s)`);
    expect(lines.slice(1)).toEqual(tags.map((tag) => `  ${tag}`));

    lines.length = 0;
    expect((await migrateDatabase(environment, (line) => lines.push(line))).applied).toEqual([]);
    expect(lines).toEqual([`postgres 127.0.0.1:5432/${testDatabase.name}: schema is up to date, no migrations applied`]);
  });

  it('runs as a script, without echoing the password in DATABASE_URL', async () => {
    testDatabase = await createTestDatabase();
    const url = new URL(testDatabase.url);
    url.password = 'not-needed-with-trust-auth';
    const { stdout } = await run(tsxPath, [cliPath], { env: { ...process.env, DATABASE_URL: url.toString() } });
    expect(stdout).toContain('applied');
    expect(stdout).toContain(readMigrationJournal(migrationsFolder)[0]?.tag);
    expect(stdout).not.toContain('not-needed-with-trust-auth');
  });
});
