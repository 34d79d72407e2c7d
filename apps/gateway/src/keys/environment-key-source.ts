import type { CatalogProvider } from '@switchboard/protocol';

/** Where the gateway gets a provider's decrypted key. The vault replaces this source later. */
export interface ProviderKeySource {
  /** The key to use, '' for key-less local servers, or undefined when none is configured. */
  keyFor(provider: CatalogProvider): string | undefined;
  /** How an operator adds a key for this provider, for error messages. */
  howToAddKey(provider: CatalogProvider): string;
}

/** Keys from the environment variables the catalog names (`apiKeyEnv`), read once per provider. */
export class EnvironmentKeySource implements ProviderKeySource {
  constructor(private readonly env: NodeJS.ProcessEnv = process.env) {}

  keyFor(provider: CatalogProvider): string | undefined {
    const value = provider.apiKeyEnv ? this.env[provider.apiKeyEnv] : undefined;
    if (value) return value;
    return provider.keyOptional ? '' : undefined;
  }

  howToAddKey(provider: CatalogProvider): string {
    return provider.apiKeyEnv
      ? `set ${provider.apiKeyEnv} in the gateway's environment`
      : `add "apiKeyEnv" to provider '${provider.id}' in SWITCHBOARD_CONFIG and set that variable`;
  }
}
