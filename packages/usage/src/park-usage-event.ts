import { type Database, usageDeadLetters } from '@switchboard/db';
import { newId } from '@switchboard/protocol';
import { sql } from 'drizzle-orm';
import { describeDatabaseRefusal } from './describe-database-refusal';
import type { UsageEvent } from './usage-event';

// Postgres text cannot hold NUL; the JSON of an event escapes it, but an id or a message may not.
const withoutNul = (text: string) => text.replaceAll('\u0000', '');

/**
 * Keeps an event the database refused in usage_dead_letters, as its JSON with the refusal, so it
 * is never lost silently. A second refusal of the same event (a redelivered batch) counts up its
 * failures. Returns the key it was parked under: the event's request id, or a new `req_` id when
 * the event has none usable.
 */
export async function parkUsageEvent(db: Database, event: UsageEvent, error: unknown): Promise<string> {
  const requestId =
    typeof event.requestId === 'string' && withoutNul(event.requestId).length > 0 ? withoutNul(event.requestId) : newId('req');
  const message = withoutNul(describeDatabaseRefusal(error)).slice(0, 2_000);
  await db
    .insert(usageDeadLetters)
    .values({ requestId, event: JSON.stringify(event), error: message })
    .onConflictDoUpdate({
      target: usageDeadLetters.requestId,
      set: {
        error: message,
        failures: sql`${usageDeadLetters.failures} + 1`,
        lastFailedAt: sql`now()`,
      },
    });
  return requestId;
}
