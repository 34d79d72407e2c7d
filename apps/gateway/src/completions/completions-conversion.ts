import {
  type ChatCompletionRequest,
  checkOpenAIIntegerField,
  invalidRequest,
  type NeutralFinishReason,
  type NeutralRequest,
  NUMERIC_FIELD_BOUNDS,
  type StreamPart,
  type TokenUsage,
  toOpenAIUsage,
} from '@switchboard/protocol';

/** A legacy `POST /v1/completions` body, as far as the gateway reads it. */
export interface CompletionsRequest {
  model: string;
  prompt: string | string[];
  max_tokens?: number | null;
  stream?: boolean | null;
  stream_options?: { include_usage?: boolean } | null;
  stop?: string | string[] | null;
  suffix?: string | null;
  echo?: boolean | null;
  logprobs?: number | null;
  [field: string]: unknown;
}

export type CompletionFinishReason = 'stop' | 'length' | 'content_filter';

// Sampling fields Chat Completions takes under the same names.
const CARRIED_FIELDS = [
  'temperature',
  'top_p',
  'presence_penalty',
  'frequency_penalty',
  'seed',
  'user',
  'stop',
  'max_tokens',
  'stream_options',
  'models',
  'provider',
] as const;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Checks a legacy completions body. What a chat model cannot do is refused naming the field:
 * `suffix` (insertion), `logprobs` (the exchange core carries no token probabilities), several
 * prompts or token-id prompts (one chat conversation answers one prompt), `n` or `best_of` above 1.
 */
export function validateCompletionsRequest(body: unknown): CompletionsRequest {
  if (!isObject(body)) throw invalidRequest('The request body must be a JSON object.');
  if (typeof body.model !== 'string' || body.model.length === 0) {
    throw invalidRequest("'model' is required and must be a non-empty string.", 'model', 'missing_required_parameter');
  }
  const prompt = body.prompt;
  const isStrings = Array.isArray(prompt) && prompt.every((entry) => typeof entry === 'string');
  if (typeof prompt !== 'string' && !isStrings) {
    throw invalidRequest("'prompt' must be a string or an array of strings.", 'prompt', 'invalid_type');
  }
  if (Array.isArray(prompt) && prompt.length !== 1) {
    throw invalidRequest(
      "'prompt' must hold exactly one string here: completions are served by chat models, one prompt per request.",
      'prompt',
      'unsupported_value',
    );
  }
  if (body.suffix !== undefined && body.suffix !== null && body.suffix !== '') {
    throw invalidRequest(
      "'suffix' is not supported: completions are served by chat models, which do not insert text.",
      'suffix',
      'unsupported_parameter',
    );
  }
  if (body.logprobs !== undefined && body.logprobs !== null && body.logprobs !== 0) {
    throw invalidRequest(
      "'logprobs' is not supported by the providers this gateway serves completions with.",
      'logprobs',
      'unsupported_parameter',
    );
  }
  for (const field of ['n', 'best_of'] as const) {
    if (body[field] !== undefined && body[field] !== null && body[field] !== 1) {
      throw invalidRequest(`'${field}' must be 1 here: one completion per request.`, field, 'unsupported_value');
    }
  }
  checkOpenAIIntegerField(body.max_tokens, 'max_tokens', NUMERIC_FIELD_BOUNDS.outputTokens);
  return body as CompletionsRequest;
}

export function promptText(request: CompletionsRequest): string {
  return typeof request.prompt === 'string' ? request.prompt : request.prompt[0]!;
}

/** The completion as a chat request: the prompt is the one user message. */
export function completionsNeutralRequest(request: CompletionsRequest): NeutralRequest {
  const chat: ChatCompletionRequest = {
    model: request.model,
    messages: [{ role: 'user', content: promptText(request) }],
    stream: request.stream === true,
  };
  for (const field of CARRIED_FIELDS) {
    if (request[field] !== undefined && request[field] !== null) (chat as Record<string, unknown>)[field] = request[field];
  }
  return { surface: 'chat', chat, droppedFields: [] };
}

export function toCompletionFinishReason(reason: NeutralFinishReason): CompletionFinishReason {
  if (reason === 'length') return 'length';
  if (reason === 'content-filter' || reason === 'refusal') return 'content_filter';
  return 'stop';
}

export interface CompletionIdentity {
  id: string;
  model: string;
  created: number;
}

/** A whole answer's parts as a `text_completion` (text only; reasoning is not part of a completion). */
export function writeCompletionsAnswer(
  parts: readonly StreamPart[],
  identity: CompletionIdentity,
  echo: string | undefined,
  usage: TokenUsage,
) {
  let text = echo ?? '';
  let model = identity.model;
  let finish: CompletionFinishReason | null = null;
  for (const part of parts) {
    if (part.type === 'text-delta') text += part.text;
    else if (part.type === 'metadata' && part.model) model = part.model;
    else if (part.type === 'finish') finish = toCompletionFinishReason(part.reason);
  }
  return {
    id: identity.id,
    object: 'text_completion' as const,
    created: identity.created,
    model,
    choices: [{ text, index: 0, logprobs: null, finish_reason: finish ?? 'stop' }],
    usage: toOpenAIUsage(usage),
  };
}
