/** How long a key the provider refused once stays out of this instance's rotation unless a probe clears it. */
export const SUSPECT_HOLD_MS = 60_000;

/**
 * Provider keys the provider answered 401 to, on this instance only: they sit out new attempts
 * until their probe decides (or the hold runs out, when the probe could not tell). Kept per
 * instance on purpose: one answer is not evidence enough to take a key from every instance.
 */
export class SuspectKeys {
  private readonly until = new Map<string, number>();

  constructor(private readonly holdMs = SUSPECT_HOLD_MS) {}

  /** Marks a key suspect; false when it already was (its probe is in flight or done). */
  mark(keyId: string, nowMs = Date.now()): boolean {
    const already = this.isSuspect(keyId, nowMs);
    if (!already) this.until.set(keyId, nowMs + this.holdMs);
    return !already;
  }

  clear(keyId: string): void {
    this.until.delete(keyId);
  }

  get size(): number {
    return this.until.size;
  }

  isSuspect(keyId: string | undefined, nowMs = Date.now()): boolean {
    if (keyId === undefined) return false;
    const until = this.until.get(keyId);
    if (until === undefined) return false;
    if (until > nowMs) return true;
    this.until.delete(keyId);
    return false;
  }
}
