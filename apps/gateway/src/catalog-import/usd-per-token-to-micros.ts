/**
 * A price in USD per token, as OpenRouter (a decimal string, "0.0000025") and LiteLLM (a JSON
 * number, 2.5e-6) write it, as integer micro-dollars per 1M tokens (= pico-dollars per token),
 * the price book's unit. Done on the decimal digits rather than by multiplying floats, so
 * 2.5e-6 is exactly 2_500_000 and 3.75e-8 exactly 37_500; a finer price than a pico-dollar per
 * token is rounded half up. Returns undefined for anything that is not a non-negative decimal
 * (OpenRouter writes "-1" for a router whose price depends on the model it picks).
 */
export function usdPerTokenToMicros(value: unknown): number | undefined {
  const text =
    typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : typeof value === 'string' ? value.trim() : '';
  const match = /^(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text);
  if (!match || (match[1] === '' && (match[2] ?? '') === '')) return undefined;
  const digits = `${match[1]}${match[2] ?? ''}`;
  // The decimal point sits after match[1]; moving it 12 places right turns USD into pico-dollars.
  const point = match[1]!.length + Number(match[3] ?? 0) + 12;
  const whole = point <= 0 ? '0' : digits.slice(0, point).padEnd(point, '0');
  const rest = point <= 0 ? `${'0'.repeat(-point)}${digits}` : digits.slice(point);
  const rounded = BigInt(whole || '0') + (rest !== '' && rest[0]! >= '5' ? 1n : 0n);
  if (rounded > BigInt(Number.MAX_SAFE_INTEGER)) return undefined;
  return Number(rounded);
}
