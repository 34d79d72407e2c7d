import { type Database, type UsageEventRow, usageEvents } from '@switchboard/db';
import { eq } from 'drizzle-orm';

/** One request's usage record, or undefined when it is not stored (yet, or any more). */
export async function findUsageEvent(db: Database, requestId: string): Promise<UsageEventRow | undefined> {
  const rows = await db.select().from(usageEvents).where(eq(usageEvents.requestId, requestId)).limit(1);
  return rows[0];
}
