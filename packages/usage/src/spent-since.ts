import { type Database, queryRows } from '@switchboard/db';
import { sql } from 'drizzle-orm';

/**
 * What a budget subject has spent since `fromMs` (a UTC day boundary: every budget window starts
 * on one), in micro-dollars, from the day rollups. The subject is a team (`team_...`: the spend
 * recorded under it, whichever keys it had then) or a key's ledger identity (the key and every
 * successor rotated from it share one budget). Events still on their way through the queue are
 * not in it yet: a few seconds of spend at most.
 */
export async function spentSince(db: Database, subjectId: string, fromMs: number): Promise<number> {
  const from = new Date(fromMs).toISOString();
  // The exact pico-dollar sum rounded once (half up), as every report rounds it.
  const [row] = await queryRows<{ spent: string | number | null }>(
    db,
    subjectId.startsWith('team_')
      ? sql`select floor((coalesce(sum(cost_picos), 0) + 500000) / 1000000)::bigint as spent from usage_rollups
          where granularity = 'day' and team_id = ${subjectId} and bucket_start >= ${from}::timestamptz`
      : sql`select floor((coalesce(sum(cost_picos), 0) + 500000) / 1000000)::bigint as spent from usage_rollups
          where granularity = 'day' and bucket_start >= ${from}::timestamptz
            and api_key_id in (select id from api_keys where coalesce(ledger_key_id, id) = ${subjectId}
              union select ${subjectId})`,
  );
  return Number(row?.spent ?? 0);
}
