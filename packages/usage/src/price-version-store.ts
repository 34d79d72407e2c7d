import { type Database, type PriceVersionPriceSet, type PriceVersionRow, priceVersions } from '@switchboard/db';
import { newId } from '@switchboard/protocol';
import { and, asc, eq } from 'drizzle-orm';
import { type PriceFields, priceFieldNames } from './price-rates';
import type { NewPriceVersion } from './price-sheet';
import type { PriceVersion } from './price-version';
import { formatUsdPerMillion, parseUsdPerMillion } from './usd-per-million';

function fieldsFromSet(set: PriceVersionPriceSet): PriceFields {
  const fields: PriceFields = {};
  for (const name of priceFieldNames) {
    const text = set[name];
    if (text !== undefined) fields[name] = parseUsdPerMillion(text);
  }
  return fields;
}

function setFromFields(fields: PriceFields): PriceVersionPriceSet {
  const set: PriceVersionPriceSet = {};
  for (const name of priceFieldNames) {
    const micros = fields[name];
    if (micros !== undefined) set[name] = formatUsdPerMillion(micros);
  }
  return set;
}

function optional(text: string | null): number | undefined {
  return text === null ? undefined : parseUsdPerMillion(text);
}

export function priceVersionFromRow(row: PriceVersionRow): PriceVersion {
  const prices: PriceVersion['prices'] = { input: parseUsdPerMillion(row.input), output: parseUsdPerMillion(row.output) };
  const extra: [keyof PriceFields, string | null][] = [
    ['cachedInput', row.cachedInput],
    ['cacheWrite5m', row.cacheWrite5m],
    ['cacheWrite1h', row.cacheWrite1h],
    ['audioInput', row.audioInput],
    ['audioOutput', row.audioOutput],
    ['reasoning', row.reasoning],
  ];
  for (const [name, text] of extra) {
    const micros = optional(text);
    if (micros !== undefined) prices[name] = micros;
  }
  return {
    id: row.id,
    providerId: row.providerId,
    modelId: row.modelId,
    effectiveFrom: row.effectiveFrom.getTime(),
    effectiveUntil: row.effectiveUntil?.getTime() ?? null,
    source: row.source,
    prices,
    tiers: row.tiers.map((tier) => ({ aboveInputTokens: tier.aboveInputTokens, prices: fieldsFromSet(tier.usdPerMillion) })),
    schedules: row.schedules.map((schedule) => ({
      ...(schedule.name === undefined ? {} : { name: schedule.name }),
      ...(schedule.days === undefined ? {} : { days: schedule.days }),
      from: schedule.from,
      until: schedule.until,
      prices: fieldsFromSet(schedule.usdPerMillion),
    })),
    note: row.note,
    createdAt: row.createdAt.getTime(),
  };
}

function rowFromVersion(id: string, version: NewPriceVersion, createdAt: Date) {
  const text = (micros: number | undefined) => (micros === undefined ? null : formatUsdPerMillion(micros));
  return {
    id,
    providerId: version.providerId,
    modelId: version.modelId,
    effectiveFrom: new Date(version.effectiveFrom),
    effectiveUntil: version.effectiveUntil === null ? null : new Date(version.effectiveUntil),
    source: version.source,
    input: formatUsdPerMillion(version.prices.input),
    cachedInput: text(version.prices.cachedInput),
    cacheWrite5m: text(version.prices.cacheWrite5m),
    cacheWrite1h: text(version.prices.cacheWrite1h),
    output: formatUsdPerMillion(version.prices.output),
    audioInput: text(version.prices.audioInput),
    audioOutput: text(version.prices.audioOutput),
    reasoning: text(version.prices.reasoning),
    tiers: version.tiers.map((tier) => ({ aboveInputTokens: tier.aboveInputTokens, usdPerMillion: setFromFields(tier.prices) })),
    schedules: version.schedules.map((schedule) => ({
      ...(schedule.name === undefined ? {} : { name: schedule.name }),
      ...(schedule.days === undefined ? {} : { days: schedule.days }),
      from: schedule.from,
      until: schedule.until,
      usdPerMillion: setFromFields(schedule.prices),
    })),
    note: version.note ?? null,
    createdAt,
  };
}

/** The price_versions table: versions are only ever added (history is never re-priced in place). */
export class PriceVersionStore {
  constructor(private readonly db: Database) {}

  async list(filter: { providerId?: string; modelId?: string } = {}): Promise<PriceVersion[]> {
    const conditions = [];
    if (filter.providerId !== undefined) conditions.push(eq(priceVersions.providerId, filter.providerId));
    if (filter.modelId !== undefined) conditions.push(eq(priceVersions.modelId, filter.modelId));
    const rows = await this.db
      .select()
      .from(priceVersions)
      .where(conditions.length > 0 ? and(...conditions) : undefined)
      .orderBy(
        asc(priceVersions.providerId),
        asc(priceVersions.modelId),
        asc(priceVersions.effectiveFrom),
        asc(priceVersions.createdAt),
      );
    return rows.map(priceVersionFromRow);
  }

  async get(id: string): Promise<PriceVersion | undefined> {
    const [row] = await this.db.select().from(priceVersions).where(eq(priceVersions.id, id));
    return row ? priceVersionFromRow(row) : undefined;
  }

  /** Adds versions; each later one in the list is created after the earlier (ties between equal effectiveFrom go to the last). */
  async add(versions: readonly NewPriceVersion[], now = Date.now()): Promise<PriceVersion[]> {
    if (versions.length === 0) return [];
    const rows = versions.map((version, index) => rowFromVersion(newId('pv'), version, new Date(now + index)));
    const stored = await this.db.insert(priceVersions).values(rows).returning();
    return stored.map(priceVersionFromRow);
  }
}
