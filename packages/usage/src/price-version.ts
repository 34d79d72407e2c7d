import type { PriceFields } from './price-rates';

/** Who made a price version (DESIGN.md contract 5: file-owned prices are versioned by the start that reads them). */
export const priceSources = ['built-in', 'config-file', 'admin', 'import'] as const;
export type PriceSource = (typeof priceSources)[number];

export const weekdays = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof weekdays)[number];

/**
 * A time-of-day window in UTC (DeepSeek's off-peak hours): prices it names replace the version's
 * while a request starts inside it. `from` <= time < `until` as "HH:MM"; a window whose `until`
 * is not after its `from` wraps past midnight. `days` are the UTC weekdays the request's start
 * falls on (all days when absent).
 */
export interface PriceSchedule {
  name?: string;
  days?: Weekday[];
  from: string;
  until: string;
  prices: PriceFields;
}

/** A long-context tier: above `aboveInputTokens` input tokens its prices bill the whole request. */
export interface PriceTier {
  aboveInputTokens: number;
  prices: PriceFields;
}

/**
 * One price of one model from `effectiveFrom` (inclusive) until `effectiveUntil` (exclusive;
 * open when null). Where versions overlap, the one that took effect last wins, so a promotion
 * with an end lies over the list price and the list price returns when it ends. Prices are
 * integer micro-dollars per 1M tokens (= pico-dollars per token); `input` and `output` are set.
 */
export interface PriceVersion {
  id: string;
  providerId: string;
  modelId: string;
  effectiveFrom: number;
  effectiveUntil: number | null;
  source: PriceSource;
  prices: PriceFields & { input: number; output: number };
  tiers: PriceTier[];
  schedules: PriceSchedule[];
  note?: string | null;
  createdAt: number;
}
