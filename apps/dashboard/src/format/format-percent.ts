/** A share (0..1) as a percentage with one decimal; '—' when there is nothing to divide. */
export function formatPercent(share: number | undefined): string {
  if (share === undefined || Number.isNaN(share)) return '—';
  return `${(share * 100).toFixed(1).replace(/\.0$/, '')}%`;
}
