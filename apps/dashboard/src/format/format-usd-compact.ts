/** Dollars from micro-dollars in few characters, for chart axes: two significant digits below a cent ($0.0024), whole cents above, $1.2k for thousands. */
export function formatUsdCompact(micros: number): string {
  const usd = micros / 1_000_000;
  if (micros === 0) return '$0';
  if (Math.abs(usd) >= 1_000) return `$${(usd / 1_000).toFixed(1).replace(/\.0$/, '')}k`;
  if (Math.abs(usd) >= 0.01) return `$${usd.toFixed(2)}`;
  return `$${Number(usd.toPrecision(2))}`;
}
