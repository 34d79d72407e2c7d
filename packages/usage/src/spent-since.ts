import { type Database, queryRows } from '@switchboard/db';
import { sql } from 'drizzle-orm';

/**
 * What a gateway key has spent since `fromMs` (a UTC day boundary: every budget window starts on
 * one), in micro-dollars, from the day rollups. Events still on their way through the queue are
 * not in it yet: a few seconds of spend at most.
 */
export async function spentSince(db: Database, apiKeyId: string, fromMs: number): Promise<number> {
  // The exact pico-dollar sum rounded once (half up), as every report rounds it.
  const [row] = await queryRows<{ spent: string | number | null }>(
    db,
    sql`select floor((coalesce(sum(cost_picos), 0) + 500000) / 1000000)::bigint as spent from usage_rollups
        where granularity = 'day' and api_key_id = ${apiKeyId}
          and bucket_start >= ${new Date(fromMs).toISOString()}::timestamptz`,
  );
  return Number(row?.spent ?? 0);
}
