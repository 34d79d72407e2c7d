import { changeFeed, type Database } from '@switchboard/db';
import { sql } from 'drizzle-orm';
import type { ChangeTopic } from './change-bus';

/** Postgres NOTIFY channel of the change feed (per database, so per deployment). */
export const CHANGE_FEED_CHANNEL = 'switchboard_change_feed';

// Any fixed number: only writers of the change feed take it.
const changeFeedLockKey = 5_830_241_978;

/**
 * Appends a change to the outbox inside the caller's transaction, so the change and its notice
 * commit together. Writers are serialized by a transaction-scoped advisory lock, which makes
 * sequences commit in order: a reader that sees sequence N has seen every committed change below
 * it, so "everything after the last sequence I applied" never skips a slow transaction. Admin
 * writes are rare; the lock costs them nothing noticeable. The NOTIFY is delivered at commit.
 */
export async function recordChange(transaction: Database, topic: ChangeTopic, entityId?: string): Promise<number> {
  await transaction.execute(sql`select pg_advisory_xact_lock(${changeFeedLockKey})`);
  const [row] = await transaction
    .insert(changeFeed)
    .values({ topic, entityId: entityId ?? null })
    .returning({ sequence: changeFeed.sequence });
  const sequence = row!.sequence;
  await transaction.execute(sql`select pg_notify(${CHANGE_FEED_CHANNEL}, ${String(sequence)})`);
  return sequence;
}
