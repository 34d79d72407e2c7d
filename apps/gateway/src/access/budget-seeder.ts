import { type BudgetLedger, budgetPeriodWindow } from '@switchboard/access';
import type { BudgetPeriod } from '@switchboard/db';
import type { Logger } from 'pino';

/**
 * Makes budgets survive restarts: before this process first reserves against a key's budget
 * window, the ledger is seeded with what the usage rollups say the key has already spent in it
 * (the ledger takes the seed only for a window it has never seen, so a shared Redis ledger that
 * already counts the window keeps its own figures). One database read per key and window per
 * process; every later request pays a set lookup.
 */
export class BudgetSeeder {
  readonly #seeded = new Set<string>();
  readonly #pending = new Map<string, Promise<void>>();

  constructor(
    private readonly ledger: BudgetLedger,
    private readonly spentSince: (keyId: string, fromMs: number) => Promise<number>,
    private readonly logger: Logger,
  ) {}

  /** Undefined when the window is already seeded (the hot path); else a promise to await first. */
  ensure(keyId: string, period: BudgetPeriod, nowMs: number): Promise<void> | undefined {
    const window = budgetPeriodWindow(period, nowMs);
    const id = `${keyId}.${period}.${window.startMs}`;
    if (this.#seeded.has(id)) return undefined;
    let pending = this.#pending.get(id);
    if (pending === undefined) {
      pending = this.#seed(id, keyId, period, window.startMs, nowMs).finally(() => this.#pending.delete(id));
      this.#pending.set(id, pending);
    }
    return pending;
  }

  async #seed(id: string, keyId: string, period: BudgetPeriod, windowStartMs: number, nowMs: number): Promise<void> {
    try {
      const spent = await this.spentSince(keyId, windowStartMs);
      await this.ledger.seed(keyId, period, spent, nowMs);
      this.#seeded.add(id);
    } catch (error) {
      // The budget still holds for what this ledger counts; the next request tries the seed again.
      this.logger.warn({ apiKeyId: keyId, err: (error as Error).message }, 'could not read earlier spend for a budget');
    }
  }
}
