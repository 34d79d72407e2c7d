/** The usage an answer reported, normalised across formats. */
export interface UsageSent {
  /** All prompt tokens, cached ones included (Anthropic's wire `input_tokens` excludes cache reads). */
  inputTokens: number;
  /** All output tokens, reasoning included. */
  outputTokens: number;
  cachedInputTokens: number;
  reasoningTokens: number;
}

/**
 * `pending` while a request is being answered (delayed or mid-stream); `cut` when the simulator
 * destroyed the socket (cutAfterChunks, or closing mid-answer).
 */
export type RequestOutcome = 'pending' | 'completed' | 'error' | 'cut' | 'hung' | 'client_closed';

export interface RecordedRequest {
  /** Increases across all providers of one simulator, so tests can see call order. */
  sequence: number;
  receivedAt: number;
  method: string;
  /** Path below the simulator origin, e.g. `/p/deepseek/v1/chat/completions`. */
  path: string;
  query: Record<string, string>;
  /** Lower-case names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  /** Parsed JSON body; the raw text when it was not JSON; undefined without a body. */
  body: unknown;
  /** 0 until a status line was sent. */
  status: number;
  outcome: RequestOutcome;
  stream: boolean;
  /** Exactly the usage written on the wire; null if the answer ended before it (or had none). */
  usageSent: UsageSent | null;
  /** Content chunks written (text, reasoning or tool-argument pieces). */
  chunksSent: number;
  /** When the response closed: finished, cut, or the client went away. */
  closedAt?: number;
}
