import { createHash } from 'node:crypto';

// Entries kept per provider: enough for any test conversation, bounded for long demo runs.
const MAX_PREFIXES = 100_000;

/**
 * A provider's prompt cache, played per presented key as real providers keep it per account
 * (OpenAI and DeepSeek route by prefix within an organisation; Anthropic's cache is per workspace):
 * a request reads as cached the longest leading run of messages (system first) that an earlier
 * request of the same key already sent. Message granularity stands in for the providers' token
 * blocks; the 1,024-token minimum of the real caches is not played, so short test prompts cache.
 */
export class SimulatedPromptCache {
  private readonly prefixes = new Set<string>();

  /**
   * How many of the prompt's tokens are cached, then remembers every prefix of this prompt.
   * `tokensOf(count)` estimates the tokens of the first `count` parts, as the endpoint counts them.
   */
  read(presentedKey: string, parts: readonly unknown[], tokensOf: (count: number) => number): number {
    const hash = createHash('sha256').update(presentedKey);
    let cachedParts = 0;
    const seen: string[] = [];
    for (let index = 0; index < parts.length; index++) {
      hash.update('\u0000').update(JSON.stringify(parts[index]) ?? 'null');
      const prefix = hash.copy().digest('base64');
      if (this.prefixes.has(prefix) && cachedParts === index) cachedParts = index + 1;
      seen.push(prefix);
    }
    for (const prefix of seen) {
      this.prefixes.delete(prefix);
      this.prefixes.add(prefix);
    }
    while (this.prefixes.size > MAX_PREFIXES) this.prefixes.delete(this.prefixes.values().next().value!);
    return cachedParts === 0 ? 0 : tokensOf(cachedParts);
  }

  clear(): void {
    this.prefixes.clear();
  }
}
