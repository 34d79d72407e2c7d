/** One upstream account: a provider and the vault key used with it (undefined for an environment key). */
export interface UpstreamAccount {
  providerId: string;
  keyId: string | undefined;
}

/** What the table keeps per conversation: the account, and how much of its last prompt was cached there. */
export interface AffinityEntry extends UpstreamAccount {
  /** cached input tokens / input tokens of the last answer on this account, in [0, 1]; 0 when unknown. */
  cachedShare: number;
}

/**
 * The instance-shared copy of the table (Redis). Writes are behind the answer (never awaited on
 * the hot path); reads happen only for a continuing conversation this instance has not seen.
 */
export interface SharedAffinityStore {
  read(keys: readonly string[]): Promise<AffinityEntry | undefined>;
  write(keys: readonly string[], entry: AffinityEntry): void;
}

const DEFAULT_CAPACITY = 50_000;
// A shared read slower than this is abandoned: the request routes without affinity rather than wait.
const SHARED_READ_TIMEOUT_MS = 25;

/**
 * Which upstream account each conversation last ran on, keyed by what names the conversation
 * (see affinity-keys.ts; the Responses surface adds the response it chains). One table for every
 * surface: it keeps a conversation on the provider and key whose prompt cache is warm for it (and,
 * for Responses, the one account that can read its encrypted items). A bounded map, least
 * recently used dropped first: losing an entry only loses a preference. With Redis, entries are
 * also written behind to a shared store, so another replica finds a conversation it never saw.
 */
export class UpstreamAffinity {
  private readonly entries = new Map<string, AffinityEntry>();

  constructor(
    private readonly capacity = DEFAULT_CAPACITY,
    private readonly shared?: SharedAffinityStore,
  ) {}

  /** The entry of the first key that has one, in this instance's memory. */
  find(keys: readonly string[]): AffinityEntry | undefined {
    for (const key of keys) {
      const entry = this.entries.get(key);
      if (entry) {
        // Touched entries move to the back, so the oldest untouched ones go first.
        this.entries.delete(key);
        this.entries.set(key, entry);
        return entry;
      }
    }
    return undefined;
  }

  /**
   * find(), then, for a continuing conversation (one that has had an answer, so some replica may
   * know it) missing here, the shared store, bounded in time. Returns synchronously-resolved
   * undefined without touching Redis for a first turn.
   */
  async lookup(keys: readonly string[], continuing: boolean): Promise<AffinityEntry | undefined> {
    const local = this.find(keys);
    if (local || !continuing || !this.shared || keys.length === 0) return local;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), SHARED_READ_TIMEOUT_MS);
    });
    try {
      const found = await Promise.race([this.shared.read(keys).catch(() => undefined), timeout]);
      if (found) this.keep(keys, found);
      return found;
    } finally {
      clearTimeout(timer);
    }
  }

  remember(keys: readonly string[], account: UpstreamAccount, cachedShare = 0): void {
    if (keys.length === 0) return;
    const entry: AffinityEntry = { providerId: account.providerId, keyId: account.keyId, cachedShare };
    this.keep(keys, entry);
    this.shared?.write(keys, entry);
  }

  get size(): number {
    return this.entries.size;
  }

  private keep(keys: readonly string[], entry: AffinityEntry): void {
    for (const key of keys) {
      this.entries.delete(key);
      this.entries.set(key, entry);
    }
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }
}
