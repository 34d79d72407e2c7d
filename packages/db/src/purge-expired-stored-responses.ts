import { lt } from 'drizzle-orm';
import type { Database } from './database';
import { storedResponses } from './schema/stored-responses';

/** Deletes the stored responses past their retention; the number removed. */
export async function purgeExpiredStoredResponses(db: Database, now: Date = new Date()): Promise<number> {
  const removed = await db
    .delete(storedResponses)
    .where(lt(storedResponses.expiresAt, now))
    .returning({ id: storedResponses.id });
  return removed.length;
}
