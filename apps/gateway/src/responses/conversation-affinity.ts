/** One upstream account: a provider and the vault key used with it (undefined for an environment key). */
export interface UpstreamAccount {
  providerId: string;
  keyId: string | undefined;
}

const DEFAULT_CAPACITY = 50_000;

/**
 * Which upstream account each Responses conversation last ran on, keyed by what names the
 * conversation (see conversation-keys.ts). A bounded map, least recently used dropped first:
 * losing an entry only loses a preference, since a conversation that moves is replayed without
 * the items only its old account could read. Per process; a replica that never saw the
 * conversation still has the stored chain's own record of who served it.
 */
export class ConversationAffinity {
  private readonly accounts = new Map<string, UpstreamAccount>();

  constructor(private readonly capacity = DEFAULT_CAPACITY) {}

  /** The account of the first key that has one. */
  find(keys: readonly string[]): UpstreamAccount | undefined {
    for (const key of keys) {
      const account = this.accounts.get(key);
      if (account) {
        // Touched entries move to the back, so the oldest untouched ones go first.
        this.accounts.delete(key);
        this.accounts.set(key, account);
        return account;
      }
    }
    return undefined;
  }

  remember(keys: readonly string[], account: UpstreamAccount): void {
    for (const key of keys) {
      this.accounts.delete(key);
      this.accounts.set(key, account);
    }
    while (this.accounts.size > this.capacity) this.accounts.delete(this.accounts.keys().next().value!);
  }

  get size(): number {
    return this.accounts.size;
  }
}
