/**
 * Prices travel as decimal strings of USD per 1M tokens ("0.028") and are held as integer
 * micro-dollars per 1M tokens (28000), which is also pico-dollars per token: a token count times
 * it is an exact cost in pico-dollars. Six decimals cover every published price (the finest,
 * $0.0036 per 1M, has four); more are refused rather than rounded, so a sheet means what it says.
 */
const DECIMAL = /^(\d{1,9})(?:\.(\d{1,6}))?$/;

export class PriceFormatError extends Error {}

/** "0.028" -> 28000. Throws PriceFormatError for anything but a non-negative decimal of up to 6 places. */
export function parseUsdPerMillion(text: string): number {
  const match = typeof text === 'string' ? DECIMAL.exec(text.trim()) : null;
  if (!match) {
    throw new PriceFormatError(
      `${JSON.stringify(text)} is not a price: write USD per 1M tokens as a decimal string with at most 6 decimals, e.g. "0.028"`,
    );
  }
  return Number(match[1]) * 1_000_000 + Number((match[2] ?? '').padEnd(6, '0'));
}

/** 28000 -> "0.028": the shortest decimal string of a price held in micro-dollars per 1M. */
export function formatUsdPerMillion(micros: number): string {
  const whole = Math.floor(micros / 1_000_000);
  const fraction = String(micros % 1_000_000)
    .padStart(6, '0')
    .replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : String(whole);
}
