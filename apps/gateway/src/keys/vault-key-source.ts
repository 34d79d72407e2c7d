import type { CatalogProvider } from '@switchboard/protocol';
import type { Logger } from 'pino';
import type { ProviderKeyChoice, ProviderKeySource } from './environment-key-source';

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
 * refuses leaves the rotation at once, here and (through the store and the change bus) on every
 * other instance. `last_used_at` is written in batches, never per request.
 */
export class VaultKeySource implements ProviderKeySource {
  private keys = new Map<string, ProviderKeyChoice[]>();
  private readonly cursors = new Map<string, number>();
  private used = new Set<string>();
  private readonly flushTimer: NodeJS.Timeout;

  constructor(
    private readonly store: KeyRejectionSink,
    private readonly onRejected: () => void,
    private readonly logger: Logger,
    flushIntervalMs = 5_000,
  ) {
    this.flushTimer = setInterval(() => void this.flushUsage(), flushIntervalMs);
    this.flushTimer.unref();
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
    const list = allowedKeyIds ? all.filter((choice) => allowedKeyIds.includes(choice.keyId ?? '')) : all;
    if (list.length === 0) return undefined;
    const cursor = this.cursors.get(provider.id) ?? 0;
    this.cursors.set(provider.id, cursor + 1);
    const choice = list[cursor % list.length]!;
    if (choice.keyId) this.used.add(choice.keyId);
    return choice;
  }

  keyIdsFor(provider: CatalogProvider): readonly string[] | undefined {
    const list = this.keys.get(provider.id);
    if (!list || list.length === 0) return provider.keyOptional ? undefined : [];
    return list.map((choice) => choice.keyId ?? '');
  }

  hasKey(provider: CatalogProvider): boolean {
    return (this.keys.get(provider.id)?.length ?? 0) > 0 || provider.keyOptional === true;
  }

  reportRejected(provider: CatalogProvider, keyId: string | undefined, status: number): void {
    if (!keyId) return;
    const list = this.keys.get(provider.id);
    if (list)
      this.keys.set(
        provider.id,
        list.filter((choice) => choice.keyId !== keyId),
      );
    const reason = `upstream answered ${status} at ${new Date().toISOString()}`;
    this.logger.warn({ provider: provider.id, keyId, status }, 'provider key rejected by upstream; taken out of rotation');
    this.store.disableAfterUpstreamRejection(provider.id, keyId, reason).then(
      (changed) => {
        if (changed) this.onRejected();
      },
      (error: unknown) => this.logger.error({ keyId, err: error }, 'could not disable a rejected provider key'),
    );
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
    await this.flushUsage();
  }
}
