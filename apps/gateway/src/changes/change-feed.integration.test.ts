import { createDatabase, type Database, type DatabaseHandle } from '@switchboard/db';
import { createTestDatabase, type TestDatabase } from '@switchboard/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../logging/create-logger';
import type { ChangeBus, ChangeTopic } from './change-bus';
import { ChangeFeed } from './change-feed';
import { recordChange } from './record-change';

/** A bus that delivers nothing and fails every publish: only the feed itself can carry changes. */
const deadBus: ChangeBus = {
  publish: async () => {
    throw new Error('redis down');
  },
  subscribe: () => {},
  ping: async () => {
    throw new Error('redis down');
  },
  close: async () => {},
};

function inTransaction<Result>(db: Database, work: (transaction: Database) => Promise<Result>): Promise<Result> {
  return db.transaction((transaction) => work(transaction as unknown as Database));
}

describe('ChangeFeed on Postgres', () => {
  let database: TestDatabase;
  let handle: DatabaseHandle;
  const feeds: ChangeFeed[] = [];

  beforeEach(async () => {
    database = await createTestDatabase();
    handle = await createDatabase({ url: database.url });
    await handle.migrate();
  });
  afterEach(async () => {
    for (const feed of feeds.splice(0)) await feed.close();
    await handle.close();
    await database.drop();
  });

  async function follow(): Promise<{ feed: ChangeFeed; topics: ChangeTopic[] }> {
    const feed = new ChangeFeed(handle.db, deadBus, createLogger('silent'), { pollIntervalMs: 60_000 });
    const topics: ChangeTopic[] = [];
    feed.subscribe((topic) => topics.push(topic));
    await feed.start();
    feeds.push(feed);
    return { feed, topics };
  }

  it('applies committed changes in sequence order from where it started, never a rolled-back one, and announces without throwing', async () => {
    await inTransaction(handle.db, (transaction) => recordChange(transaction, 'catalog'));
    const { feed, topics } = await follow();
    // Older rows are what the start already loaded.
    await feed.caughtUp();
    expect(topics).toEqual([]);

    await inTransaction(handle.db, (transaction) => recordChange(transaction, 'api-keys', 'key_1'));
    await expect(
      inTransaction(handle.db, async (transaction) => {
        await recordChange(transaction, 'provider-keys');
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    const last = await inTransaction(handle.db, (transaction) => recordChange(transaction, 'admin-tokens'));
    // The bus is down: announce still resolves, and applies locally.
    await feed.announce(last);
    expect(topics).toEqual(['api-keys', 'admin-tokens']);
    expect(feed.state()).toMatchObject({ lastAppliedSequence: last, reachable: true, status: 'ok' });
  });

  it('never skips a slow transaction: a later sequence is not visible before an earlier one commits', async () => {
    const { feed, topics } = await follow();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let recorded!: () => void;
    const first = new Promise<void>((resolve) => {
      recorded = resolve;
    });
    const slow = inTransaction(handle.db, async (transaction) => {
      const sequence = await recordChange(transaction, 'catalog');
      recorded();
      await gate;
      return sequence;
    });
    await first;
    // Waits on the writers' lock until the slow one commits.
    const fast = inTransaction(handle.db, (transaction) => recordChange(transaction, 'api-keys'));
    await feed.caughtUp();
    expect(topics).toEqual([]);
    release();
    const [slowSequence, fastSequence] = await Promise.all([slow, fast]);
    expect(fastSequence).toBeGreaterThan(slowSequence);
    await feed.caughtUp();
    expect(topics).toEqual(['catalog', 'api-keys']);
  });

  it('wakes on Postgres NOTIFY without any bus message or poll', async () => {
    const topics: ChangeTopic[] = [];
    let heard!: () => void;
    const applied = new Promise<void>((resolve) => {
      heard = resolve;
    });
    const feed = new ChangeFeed(handle.db, deadBus, createLogger('silent'), {
      pollIntervalMs: 60_000,
      listen: (onNotify, onConnected) => handle.listen!('switchboard_change_feed', onNotify, onConnected),
    });
    feed.subscribe((topic) => {
      topics.push(topic);
      heard();
    });
    await feed.start();
    feeds.push(feed);
    await inTransaction(handle.db, (transaction) => recordChange(transaction, 'catalog', 'sim'));
    await applied;
    expect(topics).toEqual(['catalog']);
  });
});

describe('ChangeFeed on the embedded PGlite', () => {
  it('records and applies changes with the same SQL (advisory lock, NOTIFY)', async () => {
    const handle = await createDatabase({ inMemory: true });
    try {
      await handle.migrate();
      const feed = new ChangeFeed(handle.db, deadBus, createLogger('silent'), { pollIntervalMs: 60_000 });
      const topics: ChangeTopic[] = [];
      feed.subscribe((topic) => topics.push(topic));
      await feed.start();
      const sequence = await inTransaction(handle.db, (transaction) => recordChange(transaction, 'provider-keys', 'pk_1'));
      await feed.announce(sequence);
      expect(topics).toEqual(['provider-keys']);
      await feed.close();
    } finally {
      await handle.close();
    }
  });
});
