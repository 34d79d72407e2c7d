import type { CatalogProvider } from '@switchboard/protocol';
import type { Logger } from 'pino';
import type { ProviderKeyChoice, ProviderKeySource } from './environment-key-source';
import type { KeyProbe } from './key-probe';
import { SuspectKeys } from './suspect-keys';

export interface ActiveSecret {
  keyId: string;
  providerId: string;
  secret: string;
}

/** What the key source needs from the vault store; kept narrow so tests can fake it. */
export interface KeyRejectionSink {
  disableAfterUpstreamRejection(providerId: string, keyId: string, reason: string): Promise<boolean>;
  markUsed(keyIds: string[], at: Date): Promise<void>;
}

/**
 * Decrypted provider keys held in memory (filled from the vault on start and on every change),
 * handed out round-robin so load spreads over a provider's active keys. A key the upstream
 * answers 401 becomes suspect: it sits out new attempts here while a probe (the provider's models
 * list) decides. A probe refused with 401 disables it in the vault (and, through the change bus,
 * on every other instance); an accepted probe puts it back. `last_used_at` is written in
 * batches, never per request.
 */
export class VaultKeySource implements ProviderKeySource {
  private keys = new Map<string, ProviderKeyChoice[]>();
  private readonly cursors = new Map<string, number>();
  private used = new Set<string>();
  private readonly flushTimer: NodeJS.Timeout;
  private readonly suspects: SuspectKeys;
  private probe: KeyProbe | undefined;
  private readonly probing = new Set<Promise<void>>();

  constructor(
    private readonly store: KeyRejectionSink,
    private readonly onRejected: () => void,
    private readonly logger: Logger,
    flushIntervalMs = 5_000,
    suspectHoldMs?: number,
  ) {
    this.suspects = new SuspectKeys(suspectHoldMs);
    this.flushTimer = setInterval(() => void this.flushUsage(), flushIntervalMs);
    this.flushTimer.unref();
  }

  /** How suspect keys are checked; set once the gateway's upstream client exists. */
  probeWith(probe: KeyProbe): void {
    this.probe = probe;
  }

  /** Resolves when every probe started so far has decided (tests, shutdown). */
  async probesSettled(): Promise<void> {
    while (this.probing.size > 0) await Promise.all([...this.probing]);
  }

  replace(secrets: ActiveSecret[]): void {
    const keys = new Map<string, ProviderKeyChoice[]>();
    for (const { keyId, providerId, secret } of secrets) {
      const list = keys.get(providerId) ?? [];
      list.push({ keyId, secret });
      keys.set(providerId, list);
    }
    this.keys = keys;
  }

  keyFor(provider: CatalogProvider, allowedKeyIds?: readonly string[]): ProviderKeyChoice | undefined {
    const all = this.keys.get(provider.id);
    if (!all || all.length === 0) return provider.keyOptional ? { keyId: undefined, secret: '' } : undefined;
    const trusted = this.withoutSuspects(all);
    const list = allowedKeyIds ? trusted.filter((choice) => allowedKeyIds.includes(choice.keyId ?? '')) : trusted;
    if (list.length === 0) return undefined;
    const cursor = this.cursors.get(provider.id) ?? 0;
    this.cursors.set(provider.id, cursor + 1);
    const choice = list[cursor % list.length]!;
    if (choice.keyId) this.used.add(choice.keyId);
    return choice;
  }

  keyIdsFor(provider: CatalogProvider): readonly string[] | undefined {
    const all = this.keys.get(provider.id);
    if (!all || all.length === 0) return provider.keyOptional ? undefined : [];
    return this.withoutSuspects(all).map((choice) => choice.keyId ?? '');
  }

  hasKey(provider: CatalogProvider): boolean {
    return (this.keys.get(provider.id)?.length ?? 0) > 0 || provider.keyOptional === true;
  }

  /**
   * The keys not waiting on a probe; the list itself (no copy) in the usual case of none. When
   * every key of the provider is suspect they all stay usable: holding them out would turn a
   * possible 401 into a certain 503 for as long as the probe takes (or the hold, if it cannot tell).
   */
  private withoutSuspects(list: ProviderKeyChoice[]): ProviderKeyChoice[] {
    if (this.suspects.size === 0) return list;
    const now = Date.now();
    const trusted = list.filter((choice) => !this.suspects.isSuspect(choice.keyId, now));
    return trusted.length === 0 ? list : trusted;
  }

  /** The provider answered 401 with this key: suspect here, and a probe decides what it is. */
  reportRejected(provider: CatalogProvider, keyId: string | undefined, status: number): void {
    if (!keyId) return;
    const choice = this.keys.get(provider.id)?.find((entry) => entry.keyId === keyId);
    if (!choice || !this.suspects.mark(keyId)) return;
    this.logger.warn({ provider: provider.id, keyId, status }, 'provider key refused by upstream; suspect until probed');
    if (!this.probe) return;
    const probing = this.decide(provider, keyId, choice.secret, this.probe, status).finally(() => this.probing.delete(probing));
    this.probing.add(probing);
  }

  private async decide(provider: CatalogProvider, keyId: string, secret: string, probe: KeyProbe, status: number) {
    const verdict = await probe(provider, secret);
    if (verdict === 'accepted') {
      this.suspects.clear(keyId);
      this.logger.info({ provider: provider.id, keyId }, 'suspect provider key passed its probe; back in rotation');
      return;
    }
    if (verdict === 'inconclusive') {
      // The hold runs out by itself; the next 401 starts another probe.
      this.logger.warn({ provider: provider.id, keyId }, 'suspect provider key probe was inconclusive');
      return;
    }
    const list = this.keys.get(provider.id);
    if (list)
      this.keys.set(
        provider.id,
        list.filter((entry) => entry.keyId !== keyId),
      );
    this.suspects.clear(keyId);
    const reason = `upstream answered ${status}, then refused a probe with 401 at ${new Date().toISOString()}`;
    this.logger.warn({ provider: provider.id, keyId }, 'provider key refused its probe; disabled');
    try {
      if (await this.store.disableAfterUpstreamRejection(provider.id, keyId, reason)) this.onRejected();
    } catch (error) {
      this.logger.error({ keyId, err: error }, 'could not disable a refused provider key');
    }
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
    await this.probesSettled();
    await this.flushUsage();
  }
}
