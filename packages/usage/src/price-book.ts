import { type PriceFormat, type PriceRates, resolvePriceRates } from './price-rates';
import { type PriceSchedule, type PriceVersion, weekdays } from './price-version';

const MINUTES_PER_DAY = 1440;
const MS_PER_MINUTE = 60_000;
const MS_PER_DAY = 86_400_000;

interface CompiledWindow {
  /** Bit n set: weekday n (0 = Sunday, UTC). */
  dayMask: number;
  fromMinute: number;
  untilMinute: number;
  rates: PriceRates;
  /** Above-threshold rates within this window, highest threshold first. */
  tiers: CompiledTier[];
}

interface CompiledTier {
  aboveInputTokens: number;
  rates: PriceRates;
}

/** A version with every rate resolved once, so pricing a request allocates nothing. */
export interface CompiledPriceVersion {
  version: PriceVersion;
  rates: PriceRates;
  tiers: CompiledTier[];
  windows: CompiledWindow[];
}

function minuteOf(text: string): number {
  const match = /^(\d{2}):(\d{2})$/.exec(text);
  const minute = match ? Number(match[1]) * 60 + Number(match[2]) : Number.NaN;
  if (!(minute >= 0 && minute <= MINUTES_PER_DAY)) throw new RangeError(`${JSON.stringify(text)} is not a UTC time HH:MM`);
  return minute;
}

function compileWindow(version: PriceVersion, schedule: PriceSchedule, format: PriceFormat): CompiledWindow {
  let dayMask = 0;
  for (const day of schedule.days ?? weekdays) dayMask |= 1 << weekdays.indexOf(day);
  const base = { ...version.prices, ...schedule.prices };
  return {
    dayMask,
    fromMinute: minuteOf(schedule.from),
    untilMinute: minuteOf(schedule.until),
    rates: resolvePriceRates(base, format),
    tiers: compileTiers(version, format, base),
  };
}

function compileTiers(version: PriceVersion, format: PriceFormat, base: PriceVersion['prices']): CompiledTier[] {
  return [...version.tiers]
    .sort((left, right) => right.aboveInputTokens - left.aboveInputTokens)
    .map((tier) => ({ aboveInputTokens: tier.aboveInputTokens, rates: resolvePriceRates({ ...base, ...tier.prices }, format) }));
}

/** Resolves a version's rates, windows and tiers (defaults by format) once. */
export function compilePriceVersion(version: PriceVersion, format: PriceFormat): CompiledPriceVersion {
  return {
    version,
    rates: resolvePriceRates(version.prices, format),
    tiers: compileTiers(version, format, version.prices),
    windows: version.schedules.map((schedule) => compileWindow(version, schedule, format)),
  };
}

function inWindow(window: CompiledWindow, atMs: number): boolean {
  const day = (Math.floor(atMs / MS_PER_DAY) + 4) % 7; // 1970-01-01 was a Thursday
  if ((window.dayMask & (1 << day)) === 0) return false;
  const minute = Math.floor((atMs % MS_PER_DAY) / MS_PER_MINUTE);
  if (window.fromMinute < window.untilMinute) return minute >= window.fromMinute && minute < window.untilMinute;
  return minute >= window.fromMinute || minute < window.untilMinute;
}

/**
 * The rates a compiled version charges for a request that started at `startedAtMs` with
 * `inputTokens` input tokens: the first schedule window the start falls in (else the version's
 * own prices), then the highest long-context tier the input exceeds, pricing the whole request.
 */
export function ratesAt(compiled: CompiledPriceVersion, startedAtMs: number, inputTokens: number): PriceRates {
  let rates = compiled.rates;
  let tiers = compiled.tiers;
  for (const window of compiled.windows) {
    if (inWindow(window, startedAtMs)) {
      rates = window.rates;
      tiers = window.tiers;
      break;
    }
  }
  for (const tier of tiers) if (inputTokens > tier.aboveInputTokens) return tier.rates;
  return rates;
}

/**
 * Every price version, in memory, for pricing on the hot path without a database read: a map
 * from provider and model to its versions, latest effectiveFrom first, so finding the version in
 * force is a short scan. Replaced whole when versions change (reload after a change event).
 */
export class PriceBook {
  // provider -> model -> versions: two lookups and no key string built per request.
  private readonly byModel = new Map<string, Map<string, CompiledPriceVersion[]>>();

  constructor(versions: readonly PriceVersion[], formatOf: (providerId: string) => PriceFormat = () => 'other') {
    for (const version of versions) {
      let models = this.byModel.get(version.providerId);
      if (!models) {
        models = new Map();
        this.byModel.set(version.providerId, models);
      }
      let list = models.get(version.modelId);
      if (!list) {
        list = [];
        models.set(version.modelId, list);
      }
      list.push(compilePriceVersion(version, formatOf(version.providerId)));
    }
    for (const list of [...this.byModel.values()].flatMap((models) => [...models.values()])) {
      list.sort(
        (left, right) =>
          right.version.effectiveFrom - left.version.effectiveFrom || right.version.createdAt - left.version.createdAt,
      );
    }
  }

  /** The version in force at `atMs`: the latest to take effect at or before it that has not ended. */
  versionAt(providerId: string, modelId: string, atMs: number): CompiledPriceVersion | undefined {
    const list = this.byModel.get(providerId)?.get(modelId);
    if (!list) return undefined;
    for (const compiled of list) {
      const { effectiveFrom, effectiveUntil } = compiled.version;
      if (effectiveFrom <= atMs && (effectiveUntil === null || atMs < effectiveUntil)) return compiled;
    }
    return undefined;
  }

  /** Whether any version of the model is known (then no version in force means unpriced, not "use the catalog"). */
  hasVersions(providerId: string, modelId: string): boolean {
    return this.byModel.get(providerId)?.has(modelId) === true;
  }

  /** Every version of a model, latest first. */
  versions(providerId: string, modelId: string): PriceVersion[] {
    return (this.byModel.get(providerId)?.get(modelId) ?? []).map((compiled) => compiled.version);
  }

  get size(): number {
    let count = 0;
    for (const models of this.byModel.values()) for (const list of models.values()) count += list.length;
    return count;
  }
}
