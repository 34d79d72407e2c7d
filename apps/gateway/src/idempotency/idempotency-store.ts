/** An answer kept for an `Idempotency-Key`, replayed as it was sent (a stream's events as one stream). */
export interface StoredAnswer {
  /** The gateway request id that produced it. */
  requestId: string;
  status: number;
  /** The headers that describe the answer (content type, route, deprecation); none per request. */
  headers: Record<string, string>;
  body: string;
  /**
   * A stream's body as it was written, piece by piece, so a replay keeps the original chunking
   * (the response cache keeps it; a body alone is replayed in one write).
   */
  chunks?: string[];
  stream: boolean;
  requestedModel: string;
  servedModel: string;
}

export type IdempotencyEntry =
  | { state: 'running'; fingerprint: string; requestId: string }
  | { state: 'done'; fingerprint: string; answer: StoredAnswer };

/**
 * Where idempotent requests are claimed and their answers kept: Redis when REDIS_URL is set
 * (shared by every instance), else a bounded in-memory map. Keys are already scoped to the
 * gateway key that sent them.
 */
export interface IdempotencyStore {
  /**
   * Claims `key` for a request that is starting: undefined when this request now holds it,
   * else the entry already there (a request still running, or a kept answer).
   */
  claim(
    key: string,
    running: Extract<IdempotencyEntry, { state: 'running' }>,
    ttlMs: number,
  ): Promise<IdempotencyEntry | undefined>;
  /** Keeps the finished request's answer for `ttlMs`. */
  complete(key: string, done: Extract<IdempotencyEntry, { state: 'done' }>, ttlMs: number): Promise<void>;
  /** Frees the key (the request failed or its answer is not kept), so a retry runs again. */
  release(key: string): Promise<void>;
}
