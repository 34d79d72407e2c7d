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
  n?: number | null;
  best_of?: number | null;
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

function given(value: unknown): boolean {
  return value !== undefined && value !== null;
}

/**
 * Checks a legacy completions body: what no provider could take is refused here, naming the
 * field. Fields only a native completions endpoint serves (`suffix`, `logprobs`, several
 * prompts, `n` or `best_of` above 1) are accepted; see chatCannotExpress.
 */
export function validateCompletionsRequest(body: unknown): CompletionsRequest {
  if (!isObject(body)) throw invalidRequest('The request body must be a JSON object.');
  if (typeof body.model !== 'string' || body.model.length === 0) {
    throw invalidRequest("'model' is required and must be a non-empty string.", 'model', 'missing_required_parameter');
  }
  const prompt = body.prompt;
  const isStrings = Array.isArray(prompt) && prompt.length > 0 && prompt.every((entry) => typeof entry === 'string');
  if (typeof prompt !== 'string' && !isStrings) {
    throw invalidRequest("'prompt' must be a string or a non-empty array of strings.", 'prompt', 'invalid_type');
  }
  if (given(body.suffix) && typeof body.suffix !== 'string') {
    throw invalidRequest("'suffix' must be a string.", 'suffix', 'invalid_type');
  }
  if (
    given(body.logprobs) &&
    !(Number.isInteger(body.logprobs) && (body.logprobs as number) >= 0 && (body.logprobs as number) <= 5)
  ) {
    throw invalidRequest("'logprobs' must be an integer from 0 to 5.", 'logprobs', 'invalid_value');
  }
  for (const field of ['n', 'best_of'] as const) {
    if (given(body[field]) && (!Number.isInteger(body[field]) || (body[field] as number) < 1)) {
      throw invalidRequest(`'${field}' must be a positive integer.`, field, 'invalid_value');
    }
  }
  checkOpenAIIntegerField(body.max_tokens, 'max_tokens', NUMERIC_FIELD_BOUNDS.outputTokens);
  return body as CompletionsRequest;
}

/**
 * The first field a chat model cannot serve (one chat conversation answers one prompt, inserts
 * no text, returns no legacy token probabilities and, as written back here, one choice), with
 * why; undefined when the request translates to chat. `logprobs: 0` is what DeepSeek's own
 * examples send by default, so it is read as not asking.
 */
export function chatCannotExpress(request: CompletionsRequest): { field: string; reason: string } | undefined {
  if (Array.isArray(request.prompt) && request.prompt.length > 1) {
    return { field: 'prompt', reason: 'several prompts in one request' };
  }
  if (given(request.suffix) && request.suffix !== '') return { field: 'suffix', reason: 'text inserted before a suffix' };
  if (given(request.logprobs) && request.logprobs !== 0) return { field: 'logprobs', reason: 'token log probabilities' };
  for (const field of ['n', 'best_of'] as const) {
    if (given(request[field]) && request[field] !== 1) return { field, reason: `'${field}' above 1` };
  }
  return undefined;
}

/** The prompt text: the one prompt, or (for estimates only) every prompt of a native request. */
export function promptText(request: CompletionsRequest): string {
  return typeof request.prompt === 'string' ? request.prompt : request.prompt.join('\n');
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
