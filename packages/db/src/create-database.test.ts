import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createDatabase } from './create-database';
import { providers } from './schema';

describe('createDatabase with PGlite on disk', () => {
  let directory: string | undefined;

  afterEach(() => {
    if (directory) rmSync(directory, { recursive: true, force: true });
  });

  // Three PGlite starts (initdb in a thread of its own, then two opens): slow on a loaded machine.
  it('creates a nested data directory and keeps rows across reopening', { timeout: 60_000 }, async () => {
    directory = mkdtempSync(join(tmpdir(), 'switchboard-db-'));
    const dataDirectory = join(directory, 'nested', 'pglite');

    const first = await createDatabase({ dataDirectory });
    expect(first.driver).toBe('pglite');
    expect((await first.migrate()).applied.length).toBeGreaterThan(0);
    await first.db
      .insert(providers)
      .values({ id: 'deepseek', name: 'DeepSeek', adapter: 'openai-compatible', baseUrl: 'https://api.deepseek.com' });
    await first.close();
    await first.close();

    const second = await createDatabase({ dataDirectory });
    try {
      expect((await second.migrate()).applied).toEqual([]);
      expect(await second.db.select({ id: providers.id }).from(providers)).toEqual([{ id: 'deepseek' }]);
    } finally {
      await second.close();
    }
  });
});

describe('createDatabase with PGlite in process', () => {
  it('still opens, migrates and stores on the calling thread when asked to', { timeout: 60_000 }, async () => {
    const database = await createDatabase({ inMemory: true, pgliteInProcess: true });
    try {
      expect((await database.migrate()).applied.length).toBeGreaterThan(0);
      await database.db
        .insert(providers)
        .values({ id: 'deepseek', name: 'DeepSeek', adapter: 'openai-compatible', baseUrl: 'https://api.deepseek.com' });
      expect(await database.db.select({ id: providers.id }).from(providers)).toEqual([{ id: 'deepseek' }]);
    } finally {
      await database.close();
    }
  });
});
