/**
 * How one OpenAI-shaped provider departs from OpenAI's Chat Completions: data read by the request
 * encoder and the stream decoder, so a provider's quirks are a table entry rather than an `if`
 * on its id somewhere in the adapter.
 */
export interface OpenAICompatibleProfile {
  /**
   * The thinking switch for requests whose surface asked for one (Messages): DeepSeek's and
   * Z.ai's `thinking: {type}`, OpenAI's `reasoning_effort`, or Qwen's `enable_thinking` boolean
   * (DashScope, SiliconFlow). A provider's own `reasoningControl` in the catalog wins.
   */
  thinkingControl?: 'deepseek-thinking' | 'reasoning-effort' | 'enable-thinking';
  /** Request fields the provider refuses (a 400) or misreads: dropped before sending. */
  unsupportedFields?: readonly string[];
  /** The field the provider reads the output limit from; a client's other spelling is renamed to it. */
  maxTokensField?: 'max_tokens' | 'max_completion_tokens';
  /**
   * false: the provider refuses `stream_options`, so none is sent and usage comes from whatever
   * the stream reports (estimated when it reports none). Default true.
   */
  streamUsage?: boolean;
  /** Delta and message fields that carry the chain of thought, first match wins. */
  reasoningFields?: readonly string[];
}

/** What a provider without a profile gets: OpenAI's own behaviour, reading both reasoning spellings. */
export const defaultProfile: Required<Pick<OpenAICompatibleProfile, 'streamUsage' | 'reasoningFields'>> &
  OpenAICompatibleProfile = {
  streamUsage: true,
  reasoningFields: ['reasoning_content', 'reasoning'],
};
