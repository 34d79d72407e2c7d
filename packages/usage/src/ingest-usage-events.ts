import { type Database, type NewUsageRollupRow, rollupGranularities, usageEvents, usageRollups } from '@switchboard/db';
import { sql } from 'drizzle-orm';
import { bucketStart } from './rollup-buckets';
import { emptyCounters, type UsageCounters } from './usage-counters';
import { isErrorOutcome, type UsageEvent } from './usage-event';

export interface IngestResult {
  /** Events stored by this call. */
  inserted: number;
  /** Events already stored (a redelivered job, a replayed spool): ignored. */
  duplicates: number;
}

type RollupDelta = UsageCounters & Pick<NewUsageRollupRow, 'granularity' | 'bucketStart' | 'apiKeyId' | 'providerId' | 'model'>;

function rollupDeltas(events: UsageEvent[]): RollupDelta[] {
  const deltas = new Map<string, RollupDelta>();
  for (const event of events) {
    for (const granularity of rollupGranularities) {
      const start = bucketStart(granularity, event.occurredAt);
      const apiKeyId = event.apiKeyId ?? '';
      const providerId = event.providerId ?? '';
      const id = `${granularity}\u0000${start}\u0000${apiKeyId}\u0000${providerId}\u0000${event.model}`;
      let delta = deltas.get(id);
      if (!delta) {
        delta = {
          granularity,
          bucketStart: new Date(start),
          apiKeyId,
          providerId,
          model: event.model,
          ...emptyCounters(),
        };
        deltas.set(id, delta);
      }
      delta.requests += 1;
      if (isErrorOutcome(event.outcome)) delta.errors += 1;
      delta.inputTokens += event.inputTokens;
      delta.cachedInputTokens += event.cachedInputTokens;
      delta.cacheWriteTokens += event.cacheWriteTokens;
      delta.outputTokens += event.outputTokens;
      delta.reasoningTokens += event.reasoningTokens;
      delta.costMicros += event.costMicros;
    }
  }
  // One lock order for every writer, so two workers adding to the same buckets cannot deadlock.
  return [...deltas.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, delta]) => delta);
}

/**
 * Stores usage events exactly once and adds them to the minute, hour and day rollups, in one
 * transaction. The request id is the primary key: an event seen before inserts nothing and so
 * adds nothing, which makes redelivered jobs, replayed spools and several workers safe.
 */
export async function ingestUsageEvents(db: Database, events: UsageEvent[]): Promise<IngestResult> {
  if (events.length === 0) return { inserted: 0, duplicates: 0 };
  // Duplicates inside one batch would make the insert conflict with itself; keep the first.
  const unique = new Map<string, UsageEvent>();
  for (const event of events) if (!unique.has(event.requestId)) unique.set(event.requestId, event);
  const ordered = [...unique.values()].sort((a, b) => (a.requestId < b.requestId ? -1 : a.requestId > b.requestId ? 1 : 0));

  return db.transaction(async (transaction) => {
    const stored = await transaction
      .insert(usageEvents)
      .values(
        ordered.map((event) => ({
          requestId: event.requestId,
          occurredAt: new Date(event.occurredAt),
          apiKeyId: event.apiKeyId,
          requestedModel: event.requestedModel,
          model: event.model,
          providerId: event.providerId,
          upstreamModel: event.upstreamModel,
          endpoint: event.endpoint,
          stream: event.stream,
          outcome: event.outcome,
          attempts: event.attempts,
          inputTokens: event.inputTokens,
          cachedInputTokens: event.cachedInputTokens,
          cacheWriteTokens: event.cacheWriteTokens,
          outputTokens: event.outputTokens,
          reasoningTokens: event.reasoningTokens,
          costMicros: event.costMicros,
          estimated: event.estimated,
          latencyMs: event.latencyMs,
          firstTokenMs: event.firstTokenMs,
          errorCode: event.errorCode,
        })),
      )
      .onConflictDoNothing({ target: usageEvents.requestId })
      .returning({ requestId: usageEvents.requestId });
    const storedIds = new Set(stored.map((row) => row.requestId));
    const fresh = ordered.filter((event) => storedIds.has(event.requestId));
    const deltas = rollupDeltas(fresh);
    if (deltas.length > 0) {
      const add = Object.fromEntries(
        (Object.keys(emptyCounters()) as (keyof UsageCounters)[]).map((column) => {
          const target = usageRollups[column];
          return [column, sql`${target} + excluded.${sql.identifier(target.name)}`];
        }),
      );
      await transaction
        .insert(usageRollups)
        .values(deltas)
        .onConflictDoUpdate({
          target: [
            usageRollups.granularity,
            usageRollups.bucketStart,
            usageRollups.apiKeyId,
            usageRollups.providerId,
            usageRollups.model,
          ],
          set: add,
        });
    }
    return { inserted: fresh.length, duplicates: events.length - fresh.length };
  });
}
