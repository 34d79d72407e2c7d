/** Counts with thousands separators; large ones shortened (12.3k, 4.5M) where space is short. */
export function formatCount(value: number, short = false): string {
  if (short && Math.abs(value) >= 1_000_000) return `${(value / 1_000_000).toFixed(1).replace(/\.0$/, '')}M`;
  if (short && Math.abs(value) >= 10_000) return `${(value / 1_000).toFixed(1).replace(/\.0$/, '')}k`;
  return value.toLocaleString('en-US');
}
