import { bigint } from 'drizzle-orm/pg-core';

/**
 * A money column: integer micro-dollars in a bigint, read as a JavaScript number. Exact up to
 * 2^53 micro-dollars (about 9 billion dollars), far above any price, budget or rollup here.
 */
export function microDollars(name: string) {
  return bigint(name, { mode: 'number' });
}
