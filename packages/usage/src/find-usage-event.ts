import { type Database, type UsageEventRow, usageEvents } from '@switchboard/db';
import { and, desc, eq, or, sql } from 'drizzle-orm';

/**
 * One request's usage record by any of its ids: the gateway's (`req_...`, unique), the client's
 * own `x-request-id` or the provider's answer id (neither unique: the latest of that key's
 * requests carrying it). With
 * `apiKeyId` (a gateway key's id, or null for requests made without keys) only that key's
 * requests are searched, so one key can never read another's. Undefined when none is stored
 * (yet, or any more).
 */
export async function findUsageEvent(db: Database, id: string, apiKeyId?: string | null): Promise<UsageEventRow | undefined> {
  const either = or(eq(usageEvents.requestId, id), eq(usageEvents.clientRequestId, id), eq(usageEvents.upstreamId, id));
  const owner =
    apiKeyId === undefined
      ? undefined
      : apiKeyId === null
        ? sql`${usageEvents.apiKeyId} is null`
        : eq(usageEvents.apiKeyId, apiKeyId);
  const rows = await db
    .select()
    .from(usageEvents)
    .where(owner ? and(either, owner) : either)
    // The gateway's own id first, should a client have sent one as its x-request-id.
    .orderBy(desc(sql`${usageEvents.requestId} = ${id}`), desc(usageEvents.occurredAt))
    .limit(1);
  return rows[0];
}
