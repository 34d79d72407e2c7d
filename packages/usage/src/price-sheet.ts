import { type PriceFields, priceFieldNames } from './price-rates';
import { type PriceSchedule, type PriceSource, type PriceTier, type PriceVersion, type Weekday, weekdays } from './price-version';
import { formatUsdPerMillion, PriceFormatError, parseUsdPerMillion } from './usd-per-million';

/** The format tag of a price sheet (docs/price-sheet.md); a reader refuses any other. */
export const PRICE_SHEET_FORMAT = 'switchboard-price-sheet/1';

/** Prices as a sheet writes them: USD per 1M tokens as decimal strings. */
export type SheetPrices = Partial<Record<(typeof priceFieldNames)[number], string>>;

export interface PriceSheetEntry {
  /** Set on export; ignored on import (the importing gateway makes its own ids). */
  id?: string;
  provider: string;
  model: string;
  /** ISO 8601 in UTC, e.g. 2026-04-26T00:00:00Z. */
  effectiveFrom: string;
  effectiveUntil?: string | null;
  /** Set on export, for the reader; an import's versions are `import`. */
  source?: PriceSource;
  usdPerMillion: SheetPrices & { input: string; output: string };
  schedules?: { name?: string; days?: Weekday[]; from: string; until: string; usdPerMillion: SheetPrices }[];
  tiers?: { aboveInputTokens: number; usdPerMillion: SheetPrices }[];
  note?: string | null;
}

export interface PriceSheet {
  format: typeof PRICE_SHEET_FORMAT;
  exportedAt?: string;
  prices: PriceSheetEntry[];
}

/** A version as read from a sheet or an admin request, before it has an id. */
export type NewPriceVersion = Omit<PriceVersion, 'id' | 'createdAt'>;

export class PriceSheetError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(`${path}: ${message}`);
  }
}

const TIME = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;
const UTC_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|\+00:00)$/;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function instant(value: unknown, path: string): number {
  if (typeof value !== 'string' || !UTC_INSTANT.test(value) || !Number.isFinite(Date.parse(value))) {
    throw new PriceSheetError(path, 'must be an ISO 8601 date-time in UTC, e.g. "2026-04-26T00:00:00Z"');
  }
  return Date.parse(value);
}

function prices(value: unknown, path: string, whole: boolean): PriceFields {
  if (!isObject(value)) throw new PriceSheetError(path, 'must be an object of USD-per-1M decimal strings');
  const fields: PriceFields = {};
  for (const [name, text] of Object.entries(value)) {
    if (!(priceFieldNames as readonly string[]).includes(name)) {
      throw new PriceSheetError(`${path}.${name}`, `is not a price; use ${priceFieldNames.join(', ')}`);
    }
    if (text === undefined || text === null) continue;
    try {
      fields[name as keyof PriceFields] = parseUsdPerMillion(text as string);
    } catch (error) {
      if (error instanceof PriceFormatError) throw new PriceSheetError(`${path}.${name}`, error.message);
      throw error;
    }
  }
  if (whole && (fields.input === undefined || fields.output === undefined)) {
    throw new PriceSheetError(path, 'needs both input and output (write "0" for free)');
  }
  return fields;
}

function schedules(value: unknown, path: string): PriceSchedule[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new PriceSheetError(path, 'must be an array');
  return value.map((item, index) => {
    const at = `${path}[${index}]`;
    if (!isObject(item)) throw new PriceSheetError(at, 'must be an object');
    for (const key of ['from', 'until'] as const) {
      if (typeof item[key] !== 'string' || !TIME.test(item[key]))
        throw new PriceSheetError(`${at}.${key}`, 'must be a UTC time "HH:MM"');
    }
    const schedule: PriceSchedule = {
      from: item.from as string,
      until: item.until as string,
      prices: prices(item.usdPerMillion, `${at}.usdPerMillion`, false),
    };
    if (typeof item.name === 'string') schedule.name = item.name;
    if (item.days !== undefined) {
      if (!Array.isArray(item.days) || item.days.some((day) => !(weekdays as readonly unknown[]).includes(day))) {
        throw new PriceSheetError(`${at}.days`, `must be an array of ${weekdays.join(', ')}`);
      }
      schedule.days = item.days as Weekday[];
    }
    return schedule;
  });
}

function tiers(value: unknown, path: string): PriceTier[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new PriceSheetError(path, 'must be an array');
  return value.map((item, index) => {
    const at = `${path}[${index}]`;
    if (!isObject(item)) throw new PriceSheetError(at, 'must be an object');
    const above = item.aboveInputTokens;
    if (typeof above !== 'number' || !Number.isSafeInteger(above) || above < 0) {
      throw new PriceSheetError(`${at}.aboveInputTokens`, 'must be a whole number of input tokens');
    }
    return { aboveInputTokens: above, prices: prices(item.usdPerMillion, `${at}.usdPerMillion`, false) };
  });
}

/** One entry (a sheet's, or an admin request's body) as a version to store. */
export function parsePriceEntry(value: unknown, path: string, source: PriceSource): NewPriceVersion {
  if (!isObject(value)) throw new PriceSheetError(path, 'must be an object');
  for (const key of ['provider', 'model'] as const) {
    if (typeof value[key] !== 'string' || value[key] === '')
      throw new PriceSheetError(`${path}.${key}`, 'must be a non-empty string');
  }
  const effectiveFrom = instant(value.effectiveFrom, `${path}.effectiveFrom`);
  const effectiveUntil =
    value.effectiveUntil === undefined || value.effectiveUntil === null
      ? null
      : instant(value.effectiveUntil, `${path}.effectiveUntil`);
  if (effectiveUntil !== null && effectiveUntil <= effectiveFrom) {
    throw new PriceSheetError(`${path}.effectiveUntil`, 'must be after effectiveFrom');
  }
  if (value.note !== undefined && value.note !== null && typeof value.note !== 'string') {
    throw new PriceSheetError(`${path}.note`, 'must be a string');
  }
  return {
    providerId: value.provider as string,
    modelId: value.model as string,
    effectiveFrom,
    effectiveUntil,
    source,
    prices: prices(value.usdPerMillion, `${path}.usdPerMillion`, true) as NewPriceVersion['prices'],
    tiers: tiers(value.tiers, `${path}.tiers`),
    schedules: schedules(value.schedules, `${path}.schedules`),
    note: (value.note as string | undefined) ?? null,
  };
}

/** A whole sheet's versions, checked; throws PriceSheetError naming the first bad field. */
export function parsePriceSheet(value: unknown): NewPriceVersion[] {
  if (!isObject(value)) throw new PriceSheetError('$', 'a price sheet is a JSON object');
  if (value.format !== PRICE_SHEET_FORMAT) throw new PriceSheetError('$.format', `must be "${PRICE_SHEET_FORMAT}"`);
  if (!Array.isArray(value.prices)) throw new PriceSheetError('$.prices', 'must be an array');
  return value.prices.map((entry, index) => parsePriceEntry(entry, `$.prices[${index}]`, 'import'));
}

/** An instant as a sheet writes it: ISO 8601 in UTC, without milliseconds when there are none. */
function utc(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

function sheetPrices(fields: PriceFields): SheetPrices {
  const out: SheetPrices = {};
  for (const name of priceFieldNames) {
    const micros = fields[name];
    if (micros !== undefined) out[name] = formatUsdPerMillion(micros);
  }
  return out;
}

/** A version as a sheet entry (the admin API's representation too). */
export function priceSheetEntry(version: PriceVersion): PriceSheetEntry {
  return {
    id: version.id,
    provider: version.providerId,
    model: version.modelId,
    effectiveFrom: utc(version.effectiveFrom),
    effectiveUntil: version.effectiveUntil === null ? null : utc(version.effectiveUntil),
    source: version.source,
    usdPerMillion: sheetPrices(version.prices) as PriceSheetEntry['usdPerMillion'],
    schedules: version.schedules.map((schedule) => ({
      ...(schedule.name === undefined ? {} : { name: schedule.name }),
      ...(schedule.days === undefined ? {} : { days: schedule.days }),
      from: schedule.from,
      until: schedule.until,
      usdPerMillion: sheetPrices(schedule.prices),
    })),
    tiers: version.tiers.map((tier) => ({ aboveInputTokens: tier.aboveInputTokens, usdPerMillion: sheetPrices(tier.prices) })),
    note: version.note ?? null,
  };
}

export function priceSheetFromVersions(versions: readonly PriceVersion[], exportedAt = Date.now()): PriceSheet {
  return { format: PRICE_SHEET_FORMAT, exportedAt: new Date(exportedAt).toISOString(), prices: versions.map(priceSheetEntry) };
}

/** What makes two versions the same price, whoever made them (ids, sources, notes and times of creation aside). */
export function samePrice(left: NewPriceVersion, right: NewPriceVersion): boolean {
  const shape = (version: NewPriceVersion) =>
    JSON.stringify([
      version.providerId,
      version.modelId,
      version.effectiveFrom,
      version.effectiveUntil,
      sheetPrices(version.prices),
      version.tiers.map((tier) => [tier.aboveInputTokens, sheetPrices(tier.prices)]),
      version.schedules.map((schedule) => [
        schedule.name ?? null,
        schedule.days ?? null,
        schedule.from,
        schedule.until,
        sheetPrices(schedule.prices),
      ]),
    ]);
  return shape(left) === shape(right);
}

export interface PriceSheetDiff {
  /** Versions the sheet adds (new, or changed prices for a provider, model and effectiveFrom already known). */
  added: NewPriceVersion[];
  /** Of those, the ones replacing a stored version of the same provider, model and effectiveFrom. */
  changed: { incoming: NewPriceVersion; replaces: string }[];
  /** Versions already stored with the same prices: nothing to do. */
  unchanged: number;
}

/** What importing `incoming` would change against the stored versions. */
export function diffPriceSheet(stored: readonly PriceVersion[], incoming: readonly NewPriceVersion[]): PriceSheetDiff {
  const diff: PriceSheetDiff = { added: [], changed: [], unchanged: 0 };
  for (const version of incoming) {
    if (stored.some((existing) => samePrice(existing, version))) {
      diff.unchanged++;
      continue;
    }
    diff.added.push(version);
    const replaced = stored.find(
      (existing) =>
        existing.providerId === version.providerId &&
        existing.modelId === version.modelId &&
        existing.effectiveFrom === version.effectiveFrom,
    );
    if (replaced) diff.changed.push({ incoming: version, replaces: replaced.id });
  }
  return diff;
}
