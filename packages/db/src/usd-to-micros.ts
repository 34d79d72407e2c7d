const microsPerDollar = 6;

/**
 * Converts a dollar amount (a price per million tokens as providers publish it, e.g. 0.14) to
 * integer micro-dollars (140000). Works on the number's shortest decimal form, so 0.14 never
 * becomes 140000.00000000003; sub-micro digits round half away from zero.
 */
export function usdToMicros(usdPerMillion: number): number {
  if (!Number.isFinite(usdPerMillion)) throw new RangeError(`usdToMicros: ${usdPerMillion} is not a finite amount`);
  const negative = usdPerMillion < 0;
  // String() of a JS number is its shortest round-trip decimal, possibly in exponent form (1e-7).
  const [mantissa = '0', exponentText = '0'] = String(Math.abs(usdPerMillion)).split('e');
  const [whole = '0', fraction = ''] = mantissa.split('.');
  const digits = BigInt(whole + fraction);
  const scale = Number(exponentText) - fraction.length + microsPerDollar;
  let micros: bigint;
  if (scale >= 0) {
    micros = digits * 10n ** BigInt(scale);
  } else {
    const divisor = 10n ** BigInt(-scale);
    micros = digits / divisor;
    if ((digits % divisor) * 2n >= divisor) micros += 1n;
  }
  if (micros > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError(`usdToMicros: ${usdPerMillion} is too large`);
  const result = Number(micros);
  return negative && result !== 0 ? -result : result;
}
