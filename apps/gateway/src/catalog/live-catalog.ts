import type { Catalog } from '@switchboard/protocol';
import { CatalogIndex } from '@switchboard/router';
import type { UndecryptableRow } from '@switchboard/vault';
import type { Logger } from 'pino';
import type { GatewayContext } from '../app/gateway-context';
import type { ChangeTopic } from '../changes/change-bus';
import type { ActiveSecret, VaultKeySource } from '../keys/vault-key-source';
import type { ProviderStore } from './provider-store';

export interface ActiveSecretSource {
  /** Rows that do not decrypt are marked undecryptable, reported and skipped, never a failed load. */
  loadActiveSecrets(onUndecryptable?: (row: UndecryptableRow) => void): Promise<ActiveSecret[]>;
  /** For the per-state gauge; absent in tests that fake the source. */
  countByStatus?(): Promise<Record<string, number>>;
}

/** Where the gateway's aliases come from, merged on every catalog reload. */
export interface LiveAliasSources {
  /** Built-in and config-file aliases, as merged at start. */
  startAliases: Catalog['aliases'];
  /** Built-in and config-file retirements (catalog data, not stored in the database). */
  startRetirements?: Catalog['retirements'];
  /** The names the config file sets: the file wins over a database alias of the same name. */
  fileAliasNames: ReadonlySet<string>;
  /** The admin API's aliases; a database alias replaces a built-in one of the same name. */
  store?: { list(): Promise<{ name: string; targets: string[] }[]> };
}

/**
 * Keeps this instance's catalog (providers, models, aliases) and decrypted keys equal to Postgres: loads them at start and
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
    private readonly logger: Logger,
    private readonly aliases: LiveAliasSources,
  ) {}

  async loadAll(): Promise<void> {
    await Promise.all([this.reload('catalog'), this.reload('provider-keys')]);
  }

  follow(feed: { subscribe(listener: (topic: ChangeTopic) => void): void }): void {
    feed.subscribe((topic) => void this.schedule(topic));
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

  private mergeAliases(stored: readonly { name: string; targets: string[] }[]): Catalog['aliases'] {
    // Null prototype: alias names are admin input, and `__proto__` must stay a name.
    const aliases: Catalog['aliases'] = Object.assign(Object.create(null), this.aliases.startAliases);
    for (const alias of stored) {
      if (!this.aliases.fileAliasNames.has(alias.name)) aliases[alias.name] = alias.targets;
    }
    return aliases;
  }

  private async reload(topic: ChangeTopic): Promise<void> {
    if (topic === 'catalog') {
      const [providers, stored] = await Promise.all([this.providers.list(), this.aliases.store?.list() ?? []]);
      this.gateway.catalog = new CatalogIndex({
        providers,
        aliases: this.mergeAliases(stored),
        retirements: this.aliases.startRetirements,
      });
    } else if (topic === 'provider-keys') {
      this.keySource.replace(await this.secrets.loadActiveSecrets((row) => this.keySource.reportUndecryptable(row)));
      const counts = await this.secrets.countByStatus?.();
      for (const [status, count] of Object.entries(counts ?? {})) this.gateway.metrics.providerKeys(count, { status });
    }
    this.gateway.version++;
  }
}
