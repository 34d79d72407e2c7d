import { type Database, queryRows } from '@switchboard/db';
import { sql } from 'drizzle-orm';
import type { UsageEvent } from './usage-event';

/** Addresses kept per key: a key used from more sees its least recently used ones forgotten. */
export const ADDRESSES_PER_KEY = 1000;

/**
 * Records which client addresses each key was used from (for the new-address alert), at ingest
 * rather than on the request path: one upsert per batch, and a trim only for keys that gained an
 * address. A redelivered batch changes nothing but last_seen_at.
 */
export async function recordClientAddresses(db: Database, events: UsageEvent[]): Promise<number> {
  const seen = events
    .filter((event) => event.apiKeyId && event.clientAddress)
    .map((event) => ({ api_key_id: event.apiKeyId, address: event.clientAddress, at: new Date(event.occurredAt).toISOString() }));
  if (seen.length === 0) return 0;
  const added = await queryRows<{ api_key_id: string; inserted: boolean }>(
    db,
    sql`insert into api_key_addresses (api_key_id, address, first_seen_at, last_seen_at)
        select api_key_id, address, now(), max(at) from json_to_recordset(${JSON.stringify(seen)}::json)
          as seen (api_key_id text, address text, at timestamptz)
        group by api_key_id, address order by api_key_id, address
        on conflict (api_key_id, address) do update
          set last_seen_at = greatest(api_key_addresses.last_seen_at, excluded.last_seen_at)
        returning api_key_id, (xmax = 0) as inserted`,
  );
  const grown = [...new Set(added.filter((row) => row.inserted).map((row) => row.api_key_id))];
  if (grown.length > 0) {
    await db.execute(
      sql`delete from api_key_addresses a using (
            select api_key_id, address, row_number() over (partition by api_key_id order by last_seen_at desc, sequence desc) as rank
            from api_key_addresses where api_key_id in (${sql.join(
              grown.map((id) => sql`${id}`),
              sql`, `,
            )})) ranked
          where a.api_key_id = ranked.api_key_id and a.address = ranked.address and ranked.rank > ${ADDRESSES_PER_KEY}`,
    );
  }
  return grown.length;
}
