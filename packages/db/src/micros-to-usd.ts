/**
 * Micro-dollars as dollars, for display only (never for arithmetic). Dividing an exact integer by
 * 1e6 yields the double nearest the decimal, so 140000 shows as 0.14.
 */
export function microsToUsd(micros: number): number {
  return micros / 1_000_000;
}
