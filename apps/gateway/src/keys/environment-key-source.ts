import type { CatalogProvider } from '@switchboard/protocol';

/** A key picked for one attempt; `keyId` names a vault row (undefined for environment keys). */
export interface ProviderKeyChoice {
  keyId: string | undefined;
  secret: string;
}

/** Where the gateway gets a provider's decrypted key for an attempt. */
export interface ProviderKeySource {
  /**
   * The next key to use (round-robin over active keys, limited to `allowedKeyIds` when given: the
   * keys whose circuit breakers let traffic through), '' for key-less local servers, or undefined
   * when none.
   */
  keyFor(provider: CatalogProvider, allowedKeyIds?: readonly string[]): ProviderKeyChoice | undefined;
  /** Ids of the active keys, for the router's per-key health; undefined for one key without an id. */
  keyIdsFor(provider: CatalogProvider): readonly string[] | undefined;
  /** Whether a key is available, without taking a turn in the rotation. */
  hasKey(provider: CatalogProvider): boolean;
  /**
   * The upstream answered 401 (the key becomes suspect until a probe decides) or 402 (the key is
   * out of credit until a scheduled probe passes) to this key.
   */
  reportRejected(provider: CatalogProvider, keyId: string | undefined, status: number): void;
  /** Every key of the provider is out of credit: no candidate left is a 402, not a missing key. */
  outOfCredit?(provider: CatalogProvider): boolean;
  /** How an operator adds a key for this provider, for error messages. */
  howToAddKey(provider: CatalogProvider): string;
}

/** Keys from the environment variables the catalog names (`apiKeyEnv`): tests and the demo. */
export class EnvironmentKeySource implements ProviderKeySource {
  // process.env reads cross into C++ on every access; read each variable once.
  private readonly values = new Map<string, string | undefined>();

  constructor(private readonly env: NodeJS.ProcessEnv = process.env) {}

  keyFor(provider: CatalogProvider): ProviderKeyChoice | undefined {
    const variable = provider.apiKeyEnv;
    if (variable && !this.values.has(variable)) this.values.set(variable, this.env[variable]);
    const value = variable ? this.values.get(variable) : undefined;
    if (value) return { keyId: undefined, secret: value };
    return provider.keyOptional ? { keyId: undefined, secret: '' } : undefined;
  }

  hasKey(provider: CatalogProvider): boolean {
    return this.keyFor(provider) !== undefined;
  }

  keyIdsFor(provider: CatalogProvider): readonly string[] | undefined {
    return this.hasKey(provider) ? undefined : [];
  }

  reportRejected(): void {
    // An environment key cannot be taken out of rotation; the error tells the operator.
  }

  howToAddKey(provider: CatalogProvider): string {
    return provider.apiKeyEnv
      ? `set ${provider.apiKeyEnv} in the gateway's environment`
      : `add "apiKeyEnv" to provider '${provider.id}' in SWITCHBOARD_CONFIG and set that variable`;
  }
}
