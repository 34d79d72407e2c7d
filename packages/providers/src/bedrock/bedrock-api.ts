// The parts of Amazon Bedrock's Converse / ConverseStream wire format that Switchboard reads and
// writes (bedrock-runtime `POST /model/{modelId}/converse` and `/converse-stream`).

export type BedrockImageFormat = 'png' | 'jpeg' | 'gif' | 'webp';

export interface BedrockReasoningContent {
  reasoningText?: { text: string; signature?: string };
  /** Base64 of the encrypted reasoning Anthropic models redact. */
  redactedContent?: string;
}

export interface BedrockToolResultContent {
  text?: string;
  json?: unknown;
  image?: { format: BedrockImageFormat; source: { bytes: string } };
}

/** One content block: exactly one of its fields is set. */
export interface BedrockContentBlock {
  text?: string;
  image?: { format: BedrockImageFormat; source: { bytes: string } };
  toolUse?: { toolUseId: string; name: string; input: unknown };
  toolResult?: { toolUseId: string; content: BedrockToolResultContent[]; status?: 'success' | 'error' };
  reasoningContent?: BedrockReasoningContent;
  cachePoint?: { type: 'default' };
}

export interface BedrockMessage {
  role: 'user' | 'assistant';
  content: BedrockContentBlock[];
}

export type BedrockSystemBlock = { text: string } | { cachePoint: { type: 'default' } };

export interface BedrockToolSpec {
  toolSpec: { name: string; description?: string; inputSchema: { json: Record<string, unknown> } };
}

export type BedrockToolChoice = { auto: Record<string, never> } | { any: Record<string, never> } | { tool: { name: string } };

export interface BedrockConverseRequest {
  messages: BedrockMessage[];
  system?: BedrockSystemBlock[];
  inferenceConfig?: { maxTokens?: number; temperature?: number; topP?: number; stopSequences?: string[] };
  toolConfig?: { tools: Array<BedrockToolSpec | { cachePoint: { type: 'default' } }>; toolChoice?: BedrockToolChoice };
  /** Model-specific fields (Claude's `thinking`) Converse passes to the model as they are. */
  additionalModelRequestFields?: Record<string, unknown>;
}

export interface BedrockUsage {
  inputTokens?: number;
  outputTokens?: number;
  totalTokens?: number;
  cacheReadInputTokens?: number;
  cacheWriteInputTokens?: number;
}

export interface BedrockConverseResponse {
  output?: { message?: BedrockMessage };
  stopReason?: string;
  usage?: BedrockUsage;
  metrics?: { latencyMs?: number };
}

/** Bedrock's error body: `{"message": "..."}`, the type in the `x-amzn-ErrorType` header. */
export interface BedrockErrorBody {
  message?: string;
  Message?: string;
  __type?: string;
}
