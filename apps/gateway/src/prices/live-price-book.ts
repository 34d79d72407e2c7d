import type { Database } from '@switchboard/db';
import { PriceBook, type PriceFormat, PriceVersionStore } from '@switchboard/usage';
import type { GatewayContext } from '../app/gateway-context';

/**
 * Loads every price version into the gateway's in-memory PriceBook, replaced whole, so a request
 * is priced without a database read. Called at start and on each `prices` change (any
 * instance's admin write or import). Anthropic-format providers get Anthropic's default cache
 * multipliers.
 */
export async function loadPriceBook(db: Database, gateway: GatewayContext): Promise<PriceBook> {
  const versions = await new PriceVersionStore(db).list();
  const formatOf = (providerId: string): PriceFormat =>
    gateway.catalog.provider(providerId)?.adapter === 'anthropic' ? 'anthropic' : 'other';
  const book = new PriceBook(versions, formatOf);
  gateway.priceBook = book;
  return book;
}
