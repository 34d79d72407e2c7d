import type { Catalog } from '@switchboard/protocol';
import { CatalogIndex } from '@switchboard/router';
import type { Logger } from 'pino';
import type { GatewayContext } from '../app/gateway-context';
import type { ChangeBus, ChangeTopic } from '../changes/change-bus';
import type { ActiveSecret, VaultKeySource } from '../keys/vault-key-source';
import type { ProviderStore } from './provider-store';

export interface ActiveSecretSource {
  loadActiveSecrets(): Promise<ActiveSecret[]>;
}

/**
 * Keeps this instance's catalog and decrypted keys equal to Postgres: loads them at start and
 * reloads the part a change names, whoever made the change. Reloads of one topic never overlap;
 * changes that arrive during a reload trigger exactly one more.
 */
export class LiveCatalog {
  private readonly running = new Map<ChangeTopic, Promise<void>>();
  private readonly pending = new Set<ChangeTopic>();

  constructor(
    private readonly gateway: GatewayContext,
    private readonly providers: ProviderStore,
    private readonly secrets: ActiveSecretSource,
    private readonly keySource: VaultKeySource,
    private readonly aliases: Catalog['aliases'],
    private readonly logger: Logger,
  ) {}

  async loadAll(): Promise<void> {
    await Promise.all([this.reload('catalog'), this.reload('provider-keys')]);
  }

  follow(bus: ChangeBus): void {
    bus.subscribe((topic) => void this.schedule(topic));
  }

  /** Resolves once every reload asked for so far has finished (tests wait on it). */
  async settled(): Promise<void> {
    while (this.running.size > 0) await Promise.all(this.running.values());
  }

  private schedule(topic: ChangeTopic): Promise<void> {
    if (topic !== 'catalog' && topic !== 'provider-keys') return Promise.resolve();
    const current = this.running.get(topic);
    if (current) {
      this.pending.add(topic);
      return current;
    }
    const run = this.reload(topic)
      .catch((error: unknown) => this.logger.error({ topic, err: error }, 'reload after change failed'))
      .finally(() => {
        this.running.delete(topic);
        if (this.pending.delete(topic)) void this.schedule(topic);
      });
    this.running.set(topic, run);
    return run;
  }

  private async reload(topic: ChangeTopic): Promise<void> {
    if (topic === 'catalog') {
      const providers = await this.providers.list();
      this.gateway.catalog = new CatalogIndex({ providers, aliases: this.aliases });
    } else if (topic === 'provider-keys') {
      this.keySource.replace(await this.secrets.loadActiveSecrets());
    }
    this.gateway.version++;
  }
}
