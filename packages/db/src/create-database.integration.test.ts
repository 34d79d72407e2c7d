import { createTestDatabase, type TestDatabase } from '@switchboard/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { createDatabase } from './create-database';
import type { DatabaseHandle } from './database';
import { providers } from './schema';

describe('createDatabase with a URL', () => {
  let testDatabase: TestDatabase | undefined;
  const handles: DatabaseHandle[] = [];

  afterEach(async () => {
    await Promise.all(handles.splice(0).map((handle) => handle.close()));
    await testDatabase?.drop();
  });

  it('uses postgres.js, and concurrent migrations apply each migration exactly once', async () => {
    testDatabase = await createTestDatabase();
    const url = testDatabase.url;
    const replicas = await Promise.all([1, 2, 3].map(() => createDatabase({ url, maxConnections: 1 })));
    handles.push(...replicas);
    expect(replicas.map((replica) => replica.driver)).toEqual(['postgres', 'postgres', 'postgres']);

    // Like gateway replicas starting together: the advisory lock lets one migrate, the others see it done.
    const results = await Promise.all(replicas.map((replica) => replica.migrate()));
    const appliedCounts = results.map((result) => result.applied.length).sort();
    expect(appliedCounts.slice(0, 2)).toEqual([0, 0]);
    expect(appliedCounts[2]).toBeGreaterThan(0);

    const [first] = replicas;
    await first?.db
      .insert(providers)
      .values({ id: 'openai', name: 'OpenAI', adapter: 'openai-compatible', baseUrl: 'https://api.openai.com/v1' });
    expect(await replicas[2]?.db.select({ id: providers.id }).from(providers)).toEqual([{ id: 'openai' }]);
  });
});
