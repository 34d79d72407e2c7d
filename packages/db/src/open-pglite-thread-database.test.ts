import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDatabase } from './create-database';
import type { DatabaseHandle } from './database';
import { postgresErrorCode, postgresErrorCodes } from './postgres-error-code';
import { queryRows } from './query-rows';
import { providers } from './schema';

const row = (id: string) => ({ id, name: id, adapter: 'openai-compatible' as const, baseUrl: `https://${id}.example` });

describe('PGlite on its own thread', () => {
  let database: DatabaseHandle;
  const ids = async () => (await database.db.select({ id: providers.id }).from(providers).orderBy(providers.id)).map((r) => r.id);

  beforeAll(async () => {
    database = await createDatabase({ inMemory: true });
    await database.migrate();
  });

  afterAll(async () => {
    await database?.close();
  });

  beforeEach(async () => {
    await database.db.execute(sql`truncate table providers cascade`);
  });

  it('keeps the event loop free while a long query runs in the worker', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    const started = performance.now();
    try {
      const [result] = await queryRows<{ total: number }>(
        database.db,
        sql`select count(*)::int as total from generate_series(1, 3000000)`,
      );
      expect(result).toEqual({ total: 3_000_000 });
    } finally {
      clearInterval(timer);
    }
    const elapsed = performance.now() - started;
    // In process, the loop would not turn once until the query ended; here the timer keeps firing.
    expect(elapsed).toBeGreaterThan(50);
    expect(ticks).toBeGreaterThan(Math.floor(elapsed / 5 / 4));
  });

  it('commits a transaction, and rolls one back when its callback throws', async () => {
    await database.db.transaction(async (transaction) => {
      await transaction.insert(providers).values(row('kept'));
    });
    await expect(
      database.db.transaction(async (transaction) => {
        await transaction.insert(providers).values(row('dropped'));
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect(await ids()).toEqual(['kept']);
  });

  it('rolls back a nested transaction (savepoint) alone', async () => {
    await database.db.transaction(async (transaction) => {
      await transaction.insert(providers).values(row('outer'));
      await transaction
        .transaction(async (nested) => {
          await nested.insert(providers).values(row('inner'));
          throw new Error('inner fails');
        })
        .catch(() => undefined);
    });
    expect(await ids()).toEqual(['outer']);
  });

  it('runs a query from outside an open transaction after it, not inside it', async () => {
    let outside: Promise<string[]> | undefined;
    await expect(
      database.db.transaction(async (transaction) => {
        await transaction.insert(providers).values(row('uncommitted'));
        outside = ids();
        // Give the outside query every chance to run first; it must wait for the rollback.
        await new Promise((resolve) => setTimeout(resolve, 20));
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await outside).toEqual([]);
  });

  it('keeps the SQLSTATE of a failed query, inside and outside transactions', async () => {
    await database.db.insert(providers).values(row('twice'));
    const outside = await database.db
      .insert(providers)
      .values(row('twice'))
      .catch((error: unknown) => error);
    expect(postgresErrorCode(outside)).toBe(postgresErrorCodes.uniqueViolation);
    const inside = await database.db
      .transaction(async (transaction) => {
        await transaction.update(providers).set({ name: 'renamed' }).where(eq(providers.id, 'twice'));
        await transaction.insert(providers).values(row('twice'));
      })
      .catch((error: unknown) => error);
    expect(postgresErrorCode(inside)).toBe(postgresErrorCodes.uniqueViolation);
    expect(await database.db.select({ name: providers.name }).from(providers)).toEqual([{ name: 'twice' }]);
  });

  it('answers many concurrent queries, each with its own rows', async () => {
    await database.db.insert(providers).values(['a', 'b', 'c'].map(row));
    const answers = await Promise.all(
      Array.from({ length: 60 }, (_, index) => queryRows<{ echo: number }>(database.db, sql`select ${index}::int as echo`)),
    );
    expect(answers.map(([answer]) => answer?.echo)).toEqual(Array.from({ length: 60 }, (_, index) => index));
  });

  it('rejects queries once closed, and closing twice is safe', async () => {
    const closing = await createDatabase({ inMemory: true });
    await closing.close();
    await closing.close();
    const error = await closing.db.execute(sql`select 1`).catch((failure: unknown) => failure);
    // drizzle wraps the driver's error (DrizzleQueryError) and keeps it as the cause.
    expect((error as Error).cause).toMatchObject({ message: 'the embedded database is closed' });
  });
});
