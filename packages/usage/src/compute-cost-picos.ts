import type { TokenUsage } from '@switchboard/protocol';
import type { PriceRates } from './price-rates';

const PICOS_PER_MICRO = 1_000_000;
const PICOS_PER_MICRO_BIG = 1_000_000n;

/**
 * The exact cost of a request in pico-dollars (10^-12 USD): every token is billed at its rate in
 * micro-dollars per 1M tokens, which is pico-dollars per token, so the sum of integer products is
 * exact and needs no rounding at all. This is what usage events keep, so a million requests of
 * 0.1 µ$ each add up to $0.10 instead of rounding to $0 one by one (issue 14, defect 8).
 *
 * Input splits into cache reads, 1-hour writes, 5-minute writes (the rest of the writes), audio
 * and the rest at the input price; output into reasoning (only where priced apart), audio and
 * the rest. Plain numbers while every product and the sum are below 2^53 (about $9,000 per
 * request); BigInts beyond, converted back to the nearest double.
 */
export function computeCostPicos(usage: TokenUsage, rates: PriceRates): number {
  const writes = usage.cacheWriteTokens;
  const oneHour = Math.min(usage.cacheWrite1hTokens ?? 0, writes);
  const fiveMinutes = writes - oneHour;
  const uncached = Math.max(0, usage.inputTokens - usage.cachedInputTokens - writes);
  const audioIn = Math.min(usage.audioInputTokens ?? 0, uncached);
  const textIn = uncached - audioIn;
  const audioOut = Math.min(usage.audioOutputTokens ?? 0, usage.outputTokens);
  const reasoning = rates.reasoning === undefined ? 0 : Math.min(usage.reasoningTokens, usage.outputTokens - audioOut);
  const textOut = usage.outputTokens - audioOut - reasoning;
  const reasoningRate = rates.reasoning ?? 0;
  // Written out rather than looped over arrays: this runs once or twice per request.
  const total =
    textIn * rates.input +
    usage.cachedInputTokens * rates.cachedInput +
    fiveMinutes * rates.cacheWrite5m +
    oneHour * rates.cacheWrite1h +
    audioIn * rates.audioInput +
    textOut * rates.output +
    audioOut * rates.audioOutput +
    reasoning * reasoningRate;
  // Every term is a non-negative integer product, so a safe sum means every term was exact too.
  if (Number.isSafeInteger(total)) return total;
  const counts = [textIn, usage.cachedInputTokens, fiveMinutes, oneHour, audioIn, textOut, audioOut, reasoning];
  const prices = [
    rates.input,
    rates.cachedInput,
    rates.cacheWrite5m,
    rates.cacheWrite1h,
    rates.audioInput,
    rates.output,
    rates.audioOutput,
    reasoningRate,
  ];
  let exact = 0n;
  for (let index = 0; index < counts.length; index++) exact += BigInt(counts[index]!) * BigInt(prices[index]!);
  return Number(exact);
}

/** Pico-dollars as whole micro-dollars, half up: the one rounding between events and every total. */
export function picosToMicros(picos: number | bigint): number {
  if (typeof picos === 'bigint') return Number((picos * 2n + PICOS_PER_MICRO_BIG) / (2n * PICOS_PER_MICRO_BIG));
  if (Number.isSafeInteger(picos * 2 + PICOS_PER_MICRO)) return Math.floor((picos * 2 + PICOS_PER_MICRO) / (2 * PICOS_PER_MICRO));
  return picosToMicros(BigInt(Math.round(picos)));
}

/** Pico-dollars rounded up to whole micro-dollars: for reservations, which must never fall short. */
export function picosToMicrosCeiling(picos: number): number {
  return Math.ceil(picos / PICOS_PER_MICRO);
}
