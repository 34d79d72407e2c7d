import type { CatalogProvider } from '@switchboard/protocol';
import type { LoadedProviderKeyStatus, ProviderKeyEvent, UndecryptableRow } from '@switchboard/vault';
import type { Logger } from 'pino';
import type { ProviderKeyChoice, ProviderKeySource } from './environment-key-source';
import type { KeyProbe, KeyProbePurpose, KeyProbeVerdict } from './key-probe';

export interface ActiveSecret {
  keyId: string;
  providerId: string;
  secret: string;
  /** Absent means active (tests). */
  status?: LoadedProviderKeyStatus;
  /**
   * The provider's endpoints in the snapshot the key was loaded from. When given, the key is
   * handed out only while the catalog's provider has the same endpoints (issue 15 point 5: a key
   * never reaches an origin it was not confirmed for, even while this instance's catalog and key
   * reloads after an origin change are still racing).
   */
  endpoints?: { baseUrl: string; anthropicBaseUrl: string | null };
}

/** What the key source needs from the vault store; kept narrow so tests can fake it. */
export interface KeyStateStore {
  /** One step of the state diagram, conditional on the key's current status; true when it moved. */
  transition(providerId: string, keyId: string, event: ProviderKeyEvent, reason: string, nextProbeAt?: Date): Promise<boolean>;
  /** The keys whose scheduled probe is due, claimed so that one instance probes each. */
  claimDueProbes(
    now: Date,
    next: { suspect: Date; outOfCredit: Date },
  ): Promise<{ keyId: string; providerId: string; status: string }[]>;
  markUsed(keyIds: string[], at: Date): Promise<void>;
}

export interface KeyHealthTimings {
  /** How often this instance looks for due probes. */
  scheduleEveryMs: number;
  /** A suspect key whose probe could not tell is probed again after this long. */
  suspectRetryMs: number;
  /** An out_of_credit key is probed (one-token completion) this often until it passes. */
  outOfCreditRetryMs: number;
}

export const DEFAULT_KEY_HEALTH_TIMINGS: KeyHealthTimings = {
  scheduleEveryMs: 15_000,
  suspectRetryMs: 60_000,
  outOfCreditRetryMs: 300_000,
};

interface HeldKey extends ProviderKeyChoice {
  keyId: string;
  status: LoadedProviderKeyStatus;
}

/** One provider's keys, and the ones routing hands out (recomputed whenever a status changes). */
interface ProviderKeys {
  all: HeldKey[];
  serving: HeldKey[];
  endpoints: ActiveSecret['endpoints'];
}

/**
 * Decrypted provider keys held in memory (filled from the vault on start and on every change),
 * handed out round-robin over each provider's active keys. The keys' states (DESIGN.md contract
 * 6) live in Postgres, so every instance agrees: a 401 moves a key to `suspect` and this instance
 * probes it (the models list) at once; a 402 moves it to `out_of_credit`. Either change reaches
 * the other instances through the change bus. Keys waiting on a probe are re-probed on a
 * schedule claimed in Postgres (one instance per key and round): a passing probe restores the key,
 * a 401 disables it. `last_used_at` is written in batches, never per request.
 */
export class VaultKeySource implements ProviderKeySource {
  private keys = new Map<string, ProviderKeys>();
  private readonly cursors = new Map<string, number>();
  private used = new Set<string>();
  private readonly flushTimer: NodeJS.Timeout;
  private scheduleTimer: NodeJS.Timeout | undefined;
  private probe: KeyProbe | undefined;
  private providerFor: (providerId: string) => CatalogProvider | undefined = () => undefined;
  private readonly probing = new Set<Promise<void>>();
  private readonly timings: KeyHealthTimings;

  constructor(
    private readonly store: KeyStateStore,
    /** A key's state changed in Postgres: tell every instance (the change bus). */
    private readonly onStateChanged: () => void,
    private readonly logger: Logger,
    flushIntervalMs = 5_000,
    timings: Partial<KeyHealthTimings> = {},
  ) {
    this.timings = { ...DEFAULT_KEY_HEALTH_TIMINGS, ...timings };
    this.flushTimer = setInterval(() => void this.flushUsage(), flushIntervalMs);
    this.flushTimer.unref();
  }

  /**
   * How keys are probed, and where a scheduled probe finds its provider; set once the gateway's
   * upstream client and catalog exist. Starts the probe schedule.
   */
  probeWith(probe: KeyProbe, providerFor?: (providerId: string) => CatalogProvider | undefined): void {
    this.probe = probe;
    if (providerFor) this.providerFor = providerFor;
    if (this.scheduleTimer === undefined) {
      this.scheduleTimer = setInterval(() => void this.probeDueKeys(), this.timings.scheduleEveryMs);
      this.scheduleTimer.unref();
    }
  }

  /** Resolves when every probe started so far has decided (tests, shutdown). */
  async probesSettled(): Promise<void> {
    while (this.probing.size > 0) await Promise.all([...this.probing]);
  }

  replace(secrets: ActiveSecret[]): void {
    const keys = new Map<string, ProviderKeys>();
    for (const { keyId, providerId, secret, status, endpoints } of secrets) {
      const entry = keys.get(providerId) ?? { all: [], serving: [], endpoints };
      entry.all.push({ keyId, secret, status: status ?? 'active' });
      keys.set(providerId, entry);
    }
    for (const entry of keys.values()) entry.serving = servingKeys(entry.all);
    this.keys = keys;
  }

  keyFor(provider: CatalogProvider, allowedKeyIds?: readonly string[]): ProviderKeyChoice | undefined {
    const entry = this.keys.get(provider.id);
    if (!entry || entry.all.length === 0) return provider.keyOptional ? { keyId: undefined, secret: '' } : undefined;
    if (!sameEndpoints(entry, provider)) return undefined;
    const list = allowedKeyIds ? entry.serving.filter((choice) => allowedKeyIds.includes(choice.keyId)) : entry.serving;
    if (list.length === 0) return undefined;
    const cursor = this.cursors.get(provider.id) ?? 0;
    this.cursors.set(provider.id, cursor + 1);
    const choice = list[cursor % list.length]!;
    this.used.add(choice.keyId);
    return choice;
  }

  keyIdsFor(provider: CatalogProvider): readonly string[] | undefined {
    const entry = this.keys.get(provider.id);
    if (!entry || entry.all.length === 0) return provider.keyOptional ? undefined : [];
    if (!sameEndpoints(entry, provider)) return [];
    return entry.serving.map((choice) => choice.keyId);
  }

  hasKey(provider: CatalogProvider): boolean {
    return (this.keys.get(provider.id)?.all.length ?? 0) > 0 || provider.keyOptional === true;
  }

  /** Every loaded key of the provider is out of credit: the client is told so (402), not "no key". */
  outOfCredit(provider: CatalogProvider): boolean {
    const entry = this.keys.get(provider.id);
    return entry !== undefined && entry.all.length > 0 && entry.all.every((key) => key.status === 'out_of_credit');
  }

  /** The status this instance holds for a key (tests, the admin view of this instance). */
  statusOf(keyId: string): LoadedProviderKeyStatus | undefined {
    for (const entry of this.keys.values()) {
      const key = entry.all.find((candidate) => candidate.keyId === keyId);
      if (key) return key.status;
    }
    return undefined;
  }

  /**
   * The provider answered 401 (`suspect`, probed at once by the instance that moved it) or 402
   * (`out_of_credit`, probed on the credit schedule) with this key. The key leaves this
   * instance's rotation at once; Postgres and the change bus take the state to the others.
   */
  reportRejected(provider: CatalogProvider, keyId: string | undefined, status: number): void {
    if (!keyId) return;
    const key = this.held(provider.id, keyId);
    if (!key) return;
    if (status === 402) {
      if (key.status === 'out_of_credit') return;
      this.setLocal(provider.id, key, 'out_of_credit');
      this.logger.warn({ provider: provider.id, keyId }, 'provider key out of credit (402); skipped until a probe passes');
      this.track(
        this.persist(
          provider.id,
          keyId,
          'upstreamOutOfCredit',
          `upstream answered 402 (out of credit) at ${new Date().toISOString()}`,
          this.timings.outOfCreditRetryMs,
        ).then(() => undefined),
      );
      return;
    }
    if (key.status !== 'active') return;
    this.setLocal(provider.id, key, 'suspect');
    this.logger.warn({ provider: provider.id, keyId, status }, 'provider key refused by upstream; suspect until probed');
    this.track(
      (async () => {
        const moved = await this.persist(
          provider.id,
          keyId,
          'upstreamRefused',
          `upstream answered ${status} at ${new Date().toISOString()}; probe queued`,
          this.timings.suspectRetryMs,
        );
        // Of several instances seeing the same 401, the one that moved the key probes it.
        if (moved === true) await this.runProbe(provider, key, 'suspect');
        // Not recorded (Postgres unreachable): no probe schedule would ever clear it, so the key
        // goes back to serving here rather than sitting out until the next reload.
        else if (moved === 'failed' && key.status === 'suspect') this.setLocal(provider.id, key, 'active');
      })(),
    );
  }

  /** A vault row this instance could not decrypt: the alert names the row, never a secret. */
  reportUndecryptable(row: UndecryptableRow): void {
    this.logger.error(
      { alert: 'provider_key_undecryptable', keyId: row.keyId, provider: row.providerId, code: row.code },
      'provider key row does not decrypt (tampered ciphertext, row binding or unknown KEK); marked undecryptable and skipped, the other keys serve',
    );
    if (row.newlyMarked) this.onStateChanged();
  }

  /**
   * Probes every key whose scheduled probe is due (claimed in Postgres, so each key is probed by
   * one instance per round). Called by the schedule; tests call it with a later `now`.
   */
  async probeDueKeys(now = new Date()): Promise<void> {
    if (!this.probe) return;
    let claims: Awaited<ReturnType<KeyStateStore['claimDueProbes']>>;
    try {
      claims = await this.store.claimDueProbes(now, {
        suspect: new Date(now.getTime() + this.timings.suspectRetryMs),
        outOfCredit: new Date(now.getTime() + this.timings.outOfCreditRetryMs),
      });
    } catch (error) {
      this.logger.warn({ err: (error as Error).message }, 'could not read the provider key probe schedule');
      return;
    }
    const runs: Promise<void>[] = [];
    for (const claim of claims) {
      const provider = this.providerFor(claim.providerId);
      const key = this.held(claim.providerId, claim.keyId);
      // A key this instance has not loaded (or whose provider is gone) waits for an instance that has.
      if (!provider || !key || (claim.status !== 'suspect' && claim.status !== 'out_of_credit')) continue;
      if (!sameEndpoints(this.keys.get(claim.providerId)!, provider)) continue;
      const run = this.runProbe(provider, key, claim.status, now);
      this.track(run);
      runs.push(run);
    }
    await Promise.all(runs);
  }

  private async runProbe(
    provider: CatalogProvider,
    key: HeldKey,
    status: 'suspect' | 'out_of_credit',
    now = new Date(),
  ): Promise<void> {
    if (!this.probe) return;
    const purpose: KeyProbePurpose = status === 'out_of_credit' ? 'credit' : 'key';
    let verdict: KeyProbeVerdict;
    try {
      verdict = await this.probe(provider, key.secret, purpose);
    } catch {
      verdict = 'inconclusive';
    }
    const at = new Date().toISOString();
    const log = { provider: provider.id, keyId: key.keyId, status, verdict };
    if (verdict === 'accepted') {
      if ((await this.persist(provider.id, key.keyId, 'probeAccepted', `probe passed at ${at}`)) === true) {
        this.setLocal(provider.id, key, 'active');
        this.logger.info(log, 'provider key passed its probe; back in rotation');
      }
      return;
    }
    if (verdict === 'refused') {
      const reason =
        status === 'suspect'
          ? `upstream answered 401, then refused a probe with 401 at ${at}`
          : `out of credit, then refused a probe with 401 at ${at}`;
      if ((await this.persist(provider.id, key.keyId, 'probeRefused', reason)) === true) {
        this.drop(provider.id, key.keyId);
        this.logger.warn(log, 'provider key refused its probe; disabled');
      }
      return;
    }
    if (verdict === 'out_of_credit' && status === 'suspect') {
      const moved = await this.persist(
        provider.id,
        key.keyId,
        'probeOutOfCredit',
        `probe answered 402 (out of credit) at ${at}`,
        this.timings.outOfCreditRetryMs,
        now,
      );
      if (moved === true) this.setLocal(provider.id, key, 'out_of_credit');
      return;
    }
    // Inconclusive, or still out of credit: the claim already set the next probe.
    this.logger.info(log, 'provider key probe did not restore the key; probed again on schedule');
  }

  /** One transition in Postgres (audited by the store); a change is announced to every instance. */
  private async persist(
    providerId: string,
    keyId: string,
    event: ProviderKeyEvent,
    reason: string,
    retryMs?: number,
    now = new Date(),
  ): Promise<boolean | 'failed'> {
    try {
      const moved = await this.store.transition(
        providerId,
        keyId,
        event,
        reason,
        retryMs === undefined ? undefined : new Date(now.getTime() + retryMs),
      );
      if (moved) this.onStateChanged();
      return moved;
    } catch (error) {
      this.logger.error({ keyId, event, err: (error as Error).message }, 'could not record a provider key state change');
      return 'failed';
    }
  }

  private track(run: Promise<void>): void {
    const tracked = run
      .catch((error: unknown) => this.logger.error({ err: (error as Error).message }, 'provider key health check failed'))
      .finally(() => this.probing.delete(tracked));
    this.probing.add(tracked);
  }

  private held(providerId: string, keyId: string): HeldKey | undefined {
    return this.keys.get(providerId)?.all.find((entry) => entry.keyId === keyId);
  }

  private setLocal(providerId: string, key: HeldKey, status: LoadedProviderKeyStatus): void {
    key.status = status;
    const entry = this.keys.get(providerId);
    if (entry) entry.serving = servingKeys(entry.all);
  }

  private drop(providerId: string, keyId: string): void {
    const entry = this.keys.get(providerId);
    if (!entry) return;
    entry.all = entry.all.filter((key) => key.keyId !== keyId);
    entry.serving = servingKeys(entry.all);
  }

  howToAddKey(provider: CatalogProvider): string {
    return `POST /admin/providers/${provider.id}/keys with {"name","secret"}`;
  }

  async flushUsage(): Promise<void> {
    if (this.used.size === 0) return;
    const keyIds = [...this.used];
    this.used = new Set();
    try {
      await this.store.markUsed(keyIds, new Date());
    } catch (error) {
      this.logger.warn({ err: (error as Error).message }, 'could not record provider key use');
    }
  }

  async close(): Promise<void> {
    clearInterval(this.flushTimer);
    if (this.scheduleTimer) clearInterval(this.scheduleTimer);
    await this.probesSettled();
    await this.flushUsage();
  }
}

/** Whether the catalog's provider still has the endpoints the keys were loaded with (plain string compares: per request). */
function sameEndpoints(entry: ProviderKeys, provider: CatalogProvider): boolean {
  const loaded = entry.endpoints;
  return (
    loaded === undefined ||
    (loaded.baseUrl === provider.baseUrl && loaded.anthropicBaseUrl === (provider.anthropicBaseUrl ?? null))
  );
}

/**
 * The keys routing hands out: the active ones; when a provider has none, its suspect ones (holding
 * them out would turn a possible 401 into a certain 503 for as long as the probe takes). Out of
 * credit keys never: their 402 is certain.
 */
function servingKeys(all: HeldKey[]): HeldKey[] {
  const active = all.filter((key) => key.status === 'active');
  return active.length > 0 ? active : all.filter((key) => key.status === 'suspect');
}
