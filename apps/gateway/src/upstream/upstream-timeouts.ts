/** Milliseconds. Each guards a different way an upstream can stall. */
export interface UpstreamTimeouts {
  /** TCP + TLS handshake. */
  connectMs: number;
  /** Request sent until the response headers arrive (a provider that accepts and hangs). */
  firstByteMs: number;
  /** Longest silence between two body chunks (a stream that stalls half way). */
  idleMs: number;
  /** The whole attempt, however it is spent. */
  totalMs: number;
  /** All attempts of one request together: no fallback starts after this, and none runs past it. */
  requestMs: number;
}
