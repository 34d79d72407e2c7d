/**
 * Dollars from integer micro-dollars. Costs of single requests are fractions of a cent, so small
 * amounts keep up to six decimals; a cent or more shows cents.
 */
export function formatUsd(micros: number): string {
  const usd = micros / 1_000_000;
  if (micros === 0) return '$0';
  if (Math.abs(micros) >= 10_000) {
    return usd.toLocaleString('en-US', {
      style: 'currency',
      currency: 'USD',
      minimumFractionDigits: 2,
      maximumFractionDigits: 2,
    });
  }
  return `$${usd.toFixed(6).replace(/0+$/, '')}`;
}
