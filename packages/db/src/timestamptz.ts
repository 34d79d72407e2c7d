import { timestamp } from 'drizzle-orm/pg-core';

/** A `timestamptz` column read as a Date: every instant is stored with its zone, never local time. */
export function timestamptz(name: string) {
  return timestamp(name, { withTimezone: true, mode: 'date' });
}
