/** The wire formats the simulator can speak. DeepSeek, Mistral, Groq etc. are all `openai`. */
export type SimulatedFormat = 'openai' | 'anthropic' | 'gemini' | 'azure-openai' | 'bedrock' | 'vertex';

export const SIMULATED_FORMATS: readonly SimulatedFormat[] = [
  'openai',
  'anthropic',
  'gemini',
  'azure-openai',
  'bedrock',
  'vertex',
];

/** How one simulated provider answers. Every field can be changed while the simulator runs. */
export interface SimulatedBehaviour {
  /** Whole responses (and errors): delay before answering. */
  latencyMs: number;
  /** Streams: delay before the first content chunk (headers go out with it). */
  ttftMs: number;
  /** Streams: delay between content chunks. */
  chunkGapMs: number;
  /** Content pieces in the answer, one output token each. */
  chunkCount: number;
  /** Answer text, split into chunkCount pieces. Default: "Hello from {id}." then " Token {n}." pieces. */
  text?: string;
  /** DeepSeek-style `reasoning_content` (openai), a thinking block (anthropic), thoughts (gemini). */
  reasoning?: string;
  /** Answer every request with this status, in the provider's error shape. */
  errorStatus: number | null;
  errorMessage?: string;
  /** Sent as Retry-After with injected errors. */
  retryAfterSeconds?: number;
  /** If > 0, only the first N requests (counted from when the fault was set) get errorStatus. */
  failFirst: number;
  /** Accept the request and never answer, until the client goes away or the simulator closes. */
  hang: boolean;
  /** Streams: destroy the socket right after N content chunks. */
  cutAfterChunks: number | null;
  /**
   * Streams (Bedrock): after the content, an exception frame (`throttlingException`,
   * `modelStreamErrorException`, ...) instead of messageStop and metadata, as ConverseStream
   * reports a failure once the stream has begun.
   */
  streamException?: { type: string; message: string };
  /** Answer with this tool call instead of text. */
  toolCall?: { name: string; arguments: Record<string, unknown> };
  /**
   * With toolCall, play a tool-using conversation: answer with the call only while the
   * conversation holds no tool result yet; once the client sends one back, answer text (`text`
   * when set, else a sentence quoting the latest tool result).
   */
  toolCallUntilResult?: boolean;
  /** A request presenting a different key gets 401 in the provider's shape. */
  expectedKey?: string;
  /** Prompt tokens to report. Default: ceil(message characters / 4) + 3 per message. */
  inputTokens?: number;
  /** Of the prompt tokens, how many to report as served from the provider's prompt cache. */
  cachedInputTokens?: number;
  /**
   * Play the provider's prompt cache: a prompt whose leading messages an earlier request of the
   * same key sent reports those tokens as cached (in the format's own usage field). A fixed
   * `cachedInputTokens` wins over it.
   */
  promptCache?: boolean;
  /**
   * Fault injection (OpenAI format): fields written over the usage object the answer reports, to
   * play a provider that reports broken counts (`{ "prompt_tokens": -500 }`, `1e300`, `"12.5"`).
   */
  usageOverride?: Record<string, unknown>;
  embeddingDimensions: number;
}

export const DEFAULT_BEHAVIOUR: Readonly<SimulatedBehaviour> = Object.freeze({
  latencyMs: 0,
  ttftMs: 0,
  chunkGapMs: 0,
  chunkCount: 5,
  errorStatus: null,
  failFirst: 0,
  hang: false,
  cutAfterChunks: null,
  embeddingDimensions: 8,
});
