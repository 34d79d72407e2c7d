import { parseOpenAIStream } from '@switchboard/providers';
import { expect } from 'vitest';

// The two inbound surfaces as a client sees them: how to ask, where the answer's text and usage
// are, how a stream ends, and the error shape. The parity suites run the same tests over this
// table, so a behaviour that holds on one surface and not the other shows up as a failing row.

export type SurfaceName = 'chat' | 'messages';
/** The upstream wire formats the parity suites put behind each surface. */
export type UpstreamFormat = 'openai' | 'anthropic';

/** Token counts as a client reads them, on one scale: input counts cached tokens too. */
export interface ClientUsage {
  input: number;
  cachedInput: number;
  output: number;
}

export interface WholeAnswer {
  id: string;
  text: string;
  usage: ClientUsage;
}

export interface StreamError {
  type: string;
  message: string;
  code?: string;
}

export interface StreamedAnswer {
  text: string;
  /** The final usage the stream reported, if it reported one. */
  usage?: ClientUsage;
  /** Ended the way a complete answer ends (`[DONE]`; `message_stop`). */
  completed: boolean;
  /** The terminal error frame, if the stream ended with one. */
  error?: StreamError;
  /** Keep-alive frames (`: keep-alive` comments on both surfaces; `ping` events) before the first text. */
  keepAlivesBeforeText: number;
  keepAlives: number;
  /** What the stream's last frame was: an event name on Messages, `done`/`error`/`chunk` on Chat. */
  lastFrame: string | undefined;
}

/** The gateway errors the suites provoke, named by what went wrong rather than by any surface's code. */
export type ErrorKind = 'budget' | 'rate_limit' | 'unavailable' | 'upstream';

export interface ExpectedError {
  status: number;
  type: string;
  /** Chat Completions names a code beside the type; Anthropic's shape has none. */
  code?: string;
  headers?: Record<string, string>;
}

export interface RequestOptions {
  stream?: boolean;
  maxTokens?: number;
  content?: string;
}

export interface Surface {
  name: SurfaceName;
  path: string;
  /** The `endpoint` the usage record names. */
  endpoint: string;
  /** The prefix of the body id the gateway writes itself, followed by the gateway request id. */
  gatewayBodyIdPrefix: string;
  headers(key: string): Record<string, string>;
  body(model: string, options?: RequestOptions): Record<string, unknown>;
  whole(text: string): WholeAnswer;
  streamed(text: string): StreamedAnswer;
  /** The surface's error type for a stream the provider cut. */
  streamCutType: string;
  expected: Record<ErrorKind, ExpectedError>;
  /** Checks an error answer is in this surface's shape and returns its type (and code). */
  readError(response: { status: number; headers: Headers; text: string }): { type: string; code?: string };
}

interface ChatCompletionBody {
  id: string;
  choices: { message: { content: string | null } }[];
  usage: { prompt_tokens: number; completion_tokens: number; prompt_tokens_details?: { cached_tokens?: number } };
}

interface ChatUsageWire {
  prompt_tokens: number;
  completion_tokens: number;
  prompt_tokens_details?: { cached_tokens?: number };
}

function chatUsage(usage: ChatUsageWire): ClientUsage {
  return {
    input: usage.prompt_tokens,
    cachedInput: usage.prompt_tokens_details?.cached_tokens ?? 0,
    output: usage.completion_tokens,
  };
}

const chat: Surface = {
  name: 'chat',
  path: '/v1/chat/completions',
  endpoint: 'chat.completions',
  gatewayBodyIdPrefix: 'chatcmpl-',
  headers: (key) => ({ 'content-type': 'application/json', authorization: `Bearer ${key}` }),
  body: (model, options = {}) => ({
    model,
    messages: [{ role: 'user', content: options.content ?? 'Hello' }],
    max_tokens: options.maxTokens ?? 256,
    ...(options.stream ? { stream: true, stream_options: { include_usage: true } } : {}),
  }),
  whole(text) {
    const body = JSON.parse(text) as ChatCompletionBody;
    return { id: body.id, text: body.choices[0]?.message.content ?? '', usage: chatUsage(body.usage) };
  },
  streamed(text) {
    const parsed = parseOpenAIStream(text);
    const usageChunk = parsed.chunks.findLast((chunk) => chunk.usage);
    const firstText = text.search(/"content":"[^"]/);
    const beforeText = firstText < 0 ? text : text.slice(0, firstText);
    const comments = (part: string) => part.split('\n').filter((line) => line === ': keep-alive').length;
    const lastFrame = parsed.done ? 'done' : parsed.error ? 'error' : parsed.chunks.length > 0 ? 'chunk' : undefined;
    return {
      text: parsed.text,
      usage: usageChunk?.usage ? chatUsage(usageChunk.usage as ChatUsageWire) : undefined,
      completed: parsed.done && parsed.finishReason !== null,
      error: parsed.error
        ? {
            type: String(parsed.error.type),
            message: parsed.error.message,
            code: parsed.error.code === undefined || parsed.error.code === null ? undefined : String(parsed.error.code),
          }
        : undefined,
      keepAlivesBeforeText: comments(beforeText),
      keepAlives: comments(text),
      lastFrame,
    };
  },
  streamCutType: 'upstream_error',
  expected: {
    budget: { status: 402, type: 'insufficient_quota', code: 'budget_exhausted', headers: { 'x-should-retry': 'false' } },
    rate_limit: { status: 429, type: 'rate_limit_error', code: 'rate_limit_exceeded' },
    unavailable: { status: 503, type: 'service_unavailable' },
    upstream: { status: 502, type: 'upstream_error' },
  },
  readError(response) {
    const body = JSON.parse(response.text) as { type?: unknown; error: { type: string; code?: string | null; message: string } };
    // OpenAI's shape: only `error`, with a message, a type and a code.
    expect(body.type).toBeUndefined();
    expect(typeof body.error.message).toBe('string');
    return { type: body.error.type, code: body.error.code ?? undefined };
  },
};

interface AnthropicUsageWire {
  input_tokens?: number;
  output_tokens?: number;
  cache_read_input_tokens?: number | null;
  cache_creation_input_tokens?: number | null;
}

/** Anthropic reports input without cache reads and writes; the client's total counts them all. */
function anthropicUsage(usage: AnthropicUsageWire): ClientUsage {
  const cached = usage.cache_read_input_tokens ?? 0;
  return {
    input: (usage.input_tokens ?? 0) + cached + (usage.cache_creation_input_tokens ?? 0),
    cachedInput: cached,
    output: usage.output_tokens ?? 0,
  };
}

interface AnthropicEvent {
  name: string;
  data: Record<string, unknown>;
}

/** Splits an Anthropic stream into its events; every event must be whole (`event:` and JSON `data:`). */
export function anthropicEvents(text: string): AnthropicEvent[] {
  return (
    text
      .split('\n\n')
      // SSE comments (`: keep-alive`) are not events: every SSE parser skips them.
      .map((block) =>
        block
          .split('\n')
          .filter((line) => !line.startsWith(':'))
          .join('\n'),
      )
      .filter((block) => block.trim() !== '')
      .map((block) => {
        const lines = block.split('\n');
        const name = lines.find((line) => line.startsWith('event: '))?.slice(7);
        const data = lines.find((line) => line.startsWith('data: '))?.slice(6);
        expect(name, block).toBeDefined();
        expect(data, block).toBeDefined();
        const parsed = JSON.parse(data!) as Record<string, unknown>;
        expect(parsed.type, block).toBe(name);
        return { name: name!, data: parsed };
      })
  );
}

const messages: Surface = {
  name: 'messages',
  path: '/v1/messages',
  endpoint: 'messages',
  gatewayBodyIdPrefix: 'msg_',
  headers: (key) => ({ 'content-type': 'application/json', 'x-api-key': key, 'anthropic-version': '2023-06-01' }),
  body: (model, options = {}) => ({
    model,
    max_tokens: options.maxTokens ?? 256,
    messages: [{ role: 'user', content: options.content ?? 'Hello' }],
    ...(options.stream ? { stream: true } : {}),
  }),
  whole(text) {
    const body = JSON.parse(text) as {
      id: string;
      type: string;
      content: { type: string; text?: string }[];
      usage: AnthropicUsageWire;
    };
    expect(body.type).toBe('message');
    const answerText = body.content
      .filter((block) => block.type === 'text')
      .map((block) => block.text ?? '')
      .join('');
    return { id: body.id, text: answerText, usage: anthropicUsage(body.usage) };
  },
  streamed(text) {
    const events = anthropicEvents(text);
    let answerText = '';
    let usage: AnthropicUsageWire | undefined;
    let error: StreamError | undefined;
    let keepAlivesBeforeText = 0;
    let keepAlives = 0;
    for (const event of events) {
      if (event.name === 'ping') {
        keepAlives++;
        if (answerText === '') keepAlivesBeforeText++;
      }
      if (event.name === 'message_start') {
        usage = { ...((event.data.message as { usage: AnthropicUsageWire }).usage ?? {}) };
      }
      if (event.name === 'message_delta') usage = { ...usage, ...(event.data.usage as AnthropicUsageWire) };
      if (event.name === 'content_block_delta') {
        const delta = event.data.delta as { type: string; text?: string };
        if (delta.type === 'text_delta') answerText += delta.text ?? '';
      }
      if (event.name === 'error') {
        const body = event.data.error as { type: string; message: string };
        error = { type: body.type, message: body.message };
      }
    }
    // SSE comments (`: keep-alive`) are not events: counted from the text, like the Chat surface's.
    const firstText = text.search(/"text_delta"/);
    const comments = (part: string) => part.split('\n').filter((line) => line === ': keep-alive').length;
    keepAlivesBeforeText += comments(firstText < 0 ? text : text.slice(0, firstText));
    keepAlives += comments(text);
    const lastFrame = events.at(-1)?.name;
    const sawDelta = events.some((event) => event.name === 'message_delta');
    return {
      text: answerText,
      usage: sawDelta && usage ? anthropicUsage(usage) : undefined,
      completed: lastFrame === 'message_stop',
      error,
      keepAlivesBeforeText,
      keepAlives,
      lastFrame,
    };
  },
  streamCutType: 'api_error',
  expected: {
    budget: { status: 402, type: 'billing_error', headers: { 'x-should-retry': 'false' } },
    rate_limit: { status: 429, type: 'rate_limit_error' },
    unavailable: { status: 529, type: 'overloaded_error' },
    upstream: { status: 502, type: 'api_error' },
  },
  readError(response) {
    const body = JSON.parse(response.text) as {
      type: string;
      error: { type: string; message: string; code?: unknown };
      request_id: string;
    };
    // Anthropic's shape: `{type: "error", error: {type, message}, request_id}` and `request-id`.
    expect(body.type).toBe('error');
    expect(typeof body.error.message).toBe('string');
    expect(body.error.code).toBeUndefined();
    expect(body.request_id).toBe(response.headers.get('x-request-id'));
    expect(response.headers.get('request-id')).toBe(body.request_id);
    return { type: body.error.type };
  },
};

export const surfaceTable: readonly Surface[] = [chat, messages];

/** Asserts an error answer is the surface's answer to that kind of failure: status, shape, type, code, headers. */
export function expectSurfaceError(
  surface: Surface,
  response: { status: number; headers: Headers; text: string },
  kind: ErrorKind,
): void {
  const expected = surface.expected[kind];
  expect(response.status, response.text).toBe(expected.status);
  const read = surface.readError(response);
  expect(read.type).toBe(expected.type);
  if (expected.code !== undefined) expect(read.code).toBe(expected.code);
  for (const [name, value] of Object.entries(expected.headers ?? {})) expect(response.headers.get(name), name).toBe(value);
  expect(response.headers.get('x-request-id')).toMatch(/^req_/);
}
