import type { StreamTranslator, UpstreamRequest } from '@switchboard/providers';

/**
 * What one streamed attempt needs from its surface: the upstream request, the translator from
 * the provider's stream to the client's, and the client format's own frames. The attempt loop
 * itself (held-back headers, fallback before the first byte, cuts, keep-alive, back-pressure)
 * is the same for every surface.
 */
export interface StreamExchange {
  upstreamRequest: UpstreamRequest;
  translator: StreamTranslator;
  /** The surface's terminal error frame for a stream that broke after the client's first byte. */
  failFrame(message: string, code: string): string;
  /**
   * The surface's keep-alive for a wait before the next output; '' when it cannot send one yet
   * (a native stream must begin with the upstream's own first event).
   */
  keepAlive(started: boolean): string;
  /** Last edits to translated output before it is written (the cost in a usage chunk). */
  finishOutput?(output: string): string;
}
