// Google Gemini API wire types (https://ai.google.dev/api/generate-content, /api/embeddings), as
// served under https://generativelanguage.googleapis.com/v1beta. Only what the adapter sends and
// reads is typed. Google adds fields and enum values over time, so every reader of these shapes
// must tolerate unknown ones (enums are typed as open strings for that reason).

// Requests and responses share these.

export interface GeminiFunctionCall {
  name: string;
  args?: Record<string, unknown>;
}

export interface GeminiFunctionResponse {
  name: string;
  response: Record<string, unknown>;
}

export interface GeminiPart {
  text?: string;
  /** The text is a thought summary, not answer text (only with `thinkingConfig.includeThoughts`). */
  thought?: boolean;
  /** Opaque reasoning state Gemini 3 wants echoed back on replayed function calls. */
  thoughtSignature?: string;
  inlineData?: { mimeType: string; data: string };
  fileData?: { mimeType?: string; fileUri: string };
  functionCall?: GeminiFunctionCall;
  functionResponse?: GeminiFunctionResponse;
}

export type GeminiRole = 'user' | 'model';

export interface GeminiContent {
  role: GeminiRole;
  parts: GeminiPart[];
}

// Requests

/** The OpenAPI 3.0 subset Gemini accepts for function parameters and response schemas. */
export interface GeminiSchema {
  type?: 'STRING' | 'NUMBER' | 'INTEGER' | 'BOOLEAN' | 'ARRAY' | 'OBJECT' | 'NULL';
  format?: string;
  title?: string;
  description?: string;
  nullable?: boolean;
  enum?: unknown[];
  items?: GeminiSchema;
  minItems?: number;
  maxItems?: number;
  properties?: Record<string, GeminiSchema>;
  required?: string[];
  minProperties?: number;
  maxProperties?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  anyOf?: GeminiSchema[];
  propertyOrdering?: string[];
  default?: unknown;
  example?: unknown;
}

export interface GeminiFunctionDeclaration {
  name: string;
  description?: string;
  parameters?: GeminiSchema;
}

export interface GeminiTool {
  functionDeclarations: GeminiFunctionDeclaration[];
}

export interface GeminiToolConfig {
  functionCallingConfig: {
    mode: 'AUTO' | 'ANY' | 'NONE';
    allowedFunctionNames?: string[];
  };
}

export interface GeminiGenerationConfig {
  temperature?: number;
  topP?: number;
  topK?: number;
  maxOutputTokens?: number;
  stopSequences?: string[];
  seed?: number;
  candidateCount?: number;
  presencePenalty?: number;
  frequencyPenalty?: number;
  responseMimeType?: string;
  responseSchema?: GeminiSchema;
  thinkingConfig?: GeminiThinkingConfig;
}

/** Gemini 2.5 takes a token budget, Gemini 3 a level; sending both is a 400. */
export interface GeminiThinkingConfig {
  /** Return thought summaries as `thought: true` parts. */
  includeThoughts?: boolean;
  thinkingBudget?: number;
  thinkingLevel?: 'low' | 'high';
}

export interface GeminiGenerateContentRequest {
  contents: GeminiContent[];
  systemInstruction?: { parts: GeminiPart[] };
  tools?: GeminiTool[];
  toolConfig?: GeminiToolConfig;
  generationConfig?: GeminiGenerationConfig;
}

// Responses

/** STOP, MAX_TOKENS, SAFETY, RECITATION, LANGUAGE, OTHER, BLOCKLIST, PROHIBITED_CONTENT, SPII, ... */
export type GeminiFinishReason = string;

export interface GeminiCandidate {
  index?: number;
  content?: { role?: string; parts?: GeminiPart[] };
  finishReason?: GeminiFinishReason;
  finishMessage?: string;
}

export interface GeminiUsageMetadata {
  /** All prompt tokens, cached content included. */
  promptTokenCount?: number;
  /** The part of the prompt served from a context cache. */
  cachedContentTokenCount?: number;
  /** Visible output tokens; thinking tokens are counted apart in `thoughtsTokenCount`. */
  candidatesTokenCount?: number;
  thoughtsTokenCount?: number;
  /** Prompt tokens added by built-in tools (search results, code execution). */
  toolUsePromptTokenCount?: number;
  totalTokenCount?: number;
}

export interface GeminiGenerateContentResponse {
  candidates?: GeminiCandidate[];
  /** Set instead of candidates when the prompt itself was blocked. */
  promptFeedback?: { blockReason?: string };
  usageMetadata?: GeminiUsageMetadata;
  modelVersion?: string;
  responseId?: string;
}

/** Google's API error body (google.rpc.Status). Streams may carry it as an event too. */
export interface GeminiErrorBody {
  error: {
    code?: number;
    message?: string;
    status?: string;
    details?: Array<{ '@type'?: string; reason?: string; [field: string]: unknown }>;
  };
}

// Embeddings

export interface GeminiEmbedContentRequest {
  /** `models/<name>`, the same model as in the URL. */
  model: string;
  content: { parts: Array<{ text: string }> };
  outputDimensionality?: number;
}

export interface GeminiBatchEmbedContentsRequest {
  requests: GeminiEmbedContentRequest[];
}

export interface GeminiBatchEmbedContentsResponse {
  embeddings?: Array<{ values?: number[] }>;
}
