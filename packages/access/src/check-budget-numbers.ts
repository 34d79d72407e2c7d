/**
 * Checks the amounts a ledger call gets (whole, non-negative micro-dollars) and its clock.
 * Bad numbers are a caller's bug, so they throw rather than being guessed at.
 */
export function checkBudgetNumbers(amounts: Record<string, number>, nowMs: number): void {
  // for...in rather than Object.entries: no arrays built on every reserve and settle.
  for (const name in amounts) {
    const value = amounts[name]!;
    if (!Number.isSafeInteger(value) || value < 0)
      throw new RangeError(`${name} must be a non-negative whole number of micro-dollars`);
  }
  if (!Number.isFinite(nowMs)) throw new RangeError('nowMs must be a finite number');
}
