import type {
  ChatCompletionChunk,
  ChatCompletionRequest,
  EmbeddingsRequest,
  FinishReason,
  StreamPart,
  TokenUsage,
} from '@switchboard/protocol';
import { describe, expect, it } from 'vitest';
import type { AdapterTarget, ProviderAdapter, UpstreamHttp } from '../provider-adapter';
import { parseOpenAIStream } from './parse-openai-stream';

// The contract every adapter passes, whatever its wire format. Each adapter's test file calls
// `runAdapterContract` with fixtures taken from its provider's documented wire examples.

export interface AdapterContractSpec {
  name: string;
  adapter: ProviderAdapter;
  target: AdapterTarget;
  request: ChatCompletionRequest;
  whole: { body: string; text: string; finishReason: FinishReason; usage: TokenUsage };
  stream: { body: string; text: string; finishReason: FinishReason; usage: TokenUsage };
  toolStream?: { body: string; name: string; arguments: Record<string, unknown> };
  error: { status: number; body: string; messageIncludes: string };
  embeddings?: { request: EmbeddingsRequest; body: string; count: number; usage: TokenUsage };
  /** The HTTP an adapter with a credential step (`authorize`) is lent: a token endpoint's stand-in. */
  authorizeHttp?: UpstreamHttp;
}

const refusingHttp: UpstreamHttp = async () => ({ status: 500, body: '{"error":"no HTTP in this test"}' });

const context = { id: 'chatcmpl-contract', created: 1_700_000_000, model: 'contract-model' };

function translate(spec: AdapterContractSpec, pieces: string[], includeUsage: boolean) {
  const translator = spec.adapter.chatStream({ ...context, includeUsage });
  let output = '';
  for (const piece of pieces) output += translator.push(piece);
  output += translator.end();
  return { output, translator };
}

function splitEvery(text: string, size: number): string[] {
  const pieces: string[] = [];
  for (let index = 0; index < text.length; index += size) pieces.push(text.slice(index, index + size));
  return pieces;
}

function splitRandomly(text: string, seed: number): string[] {
  const pieces: string[] = [];
  let state = seed;
  let index = 0;
  while (index < text.length) {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    const size = 1 + (state % 37);
    pieces.push(text.slice(index, index + size));
    index += size;
  }
  return pieces;
}

/** The order rules of stream-part.ts, checked on a whole answer's parts. */
function expectPartOrder(parts: readonly StreamPart[]): void {
  const metadata = parts.findIndex((part) => part.type === 'metadata');
  if (metadata !== -1) expect(metadata).toBe(0);
  expect(parts.filter((part) => part.type === 'metadata').length).toBeLessThanOrEqual(1);
  expect(parts.at(-1)?.type).toBe('finish');
  expect(parts.filter((part) => part.type === 'finish' || part.type === 'error')).toHaveLength(1);
  const open = new Set<number>();
  let toolCalls = 0;
  for (const part of parts) {
    if (part.type === 'tool-call-start') {
      expect(part.index).toBe(toolCalls++);
      open.add(part.index);
    } else if (part.type === 'tool-call-delta') expect(open.has(part.index)).toBe(true);
    else if (part.type === 'tool-call-end') expect(open.delete(part.index)).toBe(true);
  }
  expect(open.size).toBe(0);
}

function textOf(parts: readonly StreamPart[]): string {
  return parts.map((part) => (part.type === 'text-delta' ? part.text : '')).join('');
}

function usageChunks(chunks: ChatCompletionChunk[]) {
  return chunks.filter((chunk) => chunk.usage !== undefined && chunk.usage !== null);
}

export function runAdapterContract(spec: AdapterContractSpec): void {
  describe(`${spec.name} adapter contract`, () => {
    const secret = spec.target.apiKey;

    it('builds a request to the provider origin that carries the key only in a header', async () => {
      for (const stream of [false, true]) {
        const built = spec.adapter.chatRequest(spec.request, spec.target, stream);
        const request = spec.adapter.authorize
          ? await spec.adapter.authorize(built, spec.target, spec.authorizeHttp ?? refusingHttp)
          : built;
        const url = new URL(request.url);
        expect(url.origin).toBe(new URL(spec.target.provider.baseUrl).origin);
        expect(request.url.startsWith(spec.target.provider.baseUrl.replace(/\/$/, ''))).toBe(true);
        expect(request.method).toBe('POST');
        expect(request.headers['content-type']).toMatch(/application\/json/);
        expect(() => JSON.parse(request.body)).not.toThrow();
        expect(request.url).not.toContain(secret);
        expect(request.body).not.toContain(secret);
        const headerValues = Object.values(request.headers);
        if (spec.adapter.authorize) {
          // A compound key (a key pair, a service account) never travels: its signature or token does.
          for (const piece of [secret, ...(spec.adapter.secretPieces?.(secret) ?? [])]) {
            expect(`${request.url} ${request.body} ${headerValues.join(' ')}`).not.toContain(piece);
          }
          expect(request.headers.authorization).toMatch(/^(AWS4-HMAC-SHA256 |Bearer )/);
        } else {
          expect(headerValues.some((value) => value.includes(secret))).toBe(true);
        }
        const named = `${decodeURIComponent(request.url)} ${request.body}`;
        expect(named).toContain(spec.target.upstreamModel);
      }
    });

    it('asks for a stream only when streaming', () => {
      const whole = spec.adapter.chatRequest(spec.request, spec.target, false);
      const stream = spec.adapter.chatRequest(spec.request, spec.target, true);
      expect(`${stream.url} ${stream.body}`).not.toBe(`${whole.url} ${whole.body}`);
    });

    it('converts a whole response with its text, finish reason and usage', () => {
      const result = spec.adapter.chatResponse(spec.whole.body, {
        requestedModel: 'contract-model',
        upstreamModel: spec.target.upstreamModel,
        id: context.id,
        created: context.created,
      });
      expect(result.completion.object).toBe('chat.completion');
      expect(result.completion.choices[0]?.message.role).toBe('assistant');
      expect(result.completion.choices[0]?.message.content ?? '').toBe(spec.whole.text);
      expect(result.completion.choices[0]?.finish_reason).toBe(spec.whole.finishReason);
      expect(result.usage).toEqual(spec.whole.usage);
      expect(result.completion.usage?.prompt_tokens).toBe(spec.whole.usage.inputTokens);
      expect(result.completion.usage?.completion_tokens).toBe(spec.whole.usage.outputTokens);
      if (result.passthroughBody !== undefined) expect(JSON.parse(result.passthroughBody).choices).toBeDefined();
    });

    it('translates a stream the same way however the bytes are split', () => {
      const whole = translate(spec, [spec.stream.body], false).output;
      expect(translate(spec, splitEvery(spec.stream.body, 1), false).output).toBe(whole);
      expect(translate(spec, splitRandomly(spec.stream.body, 7), false).output).toBe(whole);
      expect(translate(spec, splitRandomly(spec.stream.body, 91), false).output).toBe(whole);
    });

    it('streams OpenAI chunks ending with [DONE], with the text, finish reason and usage', () => {
      const { output, translator } = translate(spec, [spec.stream.body], false);
      const parsed = parseOpenAIStream(output);
      expect(parsed.done).toBe(true);
      expect(parsed.chunks.length).toBeGreaterThan(1);
      for (const chunk of parsed.chunks) expect(chunk.object).toBe('chat.completion.chunk');
      expect(parsed.text).toBe(spec.stream.text);
      expect(parsed.finishReason).toBe(spec.stream.finishReason);
      expect(translator.done).toBe(true);
      expect(translator.usage).toEqual(spec.stream.usage);
      expect(translator.deliveredCharacters).toBeGreaterThanOrEqual(spec.stream.text.length);
      expect(usageChunks(parsed.chunks)).toHaveLength(0);
    });

    it('adds one usage-only chunk when the client asked for include_usage', () => {
      const { output } = translate(spec, [spec.stream.body], true);
      const parsed = parseOpenAIStream(output);
      const withUsage = usageChunks(parsed.chunks);
      expect(withUsage).toHaveLength(1);
      expect(withUsage[0]?.choices).toEqual([]);
      expect(withUsage[0]?.usage?.prompt_tokens).toBe(spec.stream.usage.inputTokens);
      expect(withUsage[0]?.usage?.completion_tokens).toBe(spec.stream.usage.outputTokens);
      expect(parsed.chunks.at(-1)).toBe(withUsage[0]);
    });

    it('reports a stream cut half way as not done, without [DONE]', () => {
      const half = spec.stream.body.slice(0, Math.floor(spec.stream.body.length / 2));
      const { output, translator } = translate(spec, [half], false);
      expect(translator.done).toBe(false);
      expect(output).not.toContain('[DONE]');
    });

    if (spec.toolStream) {
      const toolStream = spec.toolStream;
      it('streams a tool call as OpenAI tool_calls deltas', () => {
        const { output } = translate(spec, splitRandomly(toolStream.body, 3), false);
        const parsed = parseOpenAIStream(output);
        expect(parsed.finishReason).toBe('tool_calls');
        expect(parsed.toolCalls).toHaveLength(1);
        expect(parsed.toolCalls[0]?.name).toBe(toolStream.name);
        expect(parsed.toolCalls[0]?.id).toBeTruthy();
        expect(JSON.parse(parsed.toolCalls[0]?.arguments ?? '')).toEqual(toolStream.arguments);
      });
    }

    it('decodes a stream into parts in their order, with the text and the final usage before the finish', () => {
      const decoder = spec.adapter.streamParts();
      const parts = [...splitRandomly(spec.stream.body, 5).flatMap((piece) => decoder.push(piece)), ...decoder.end()];
      expectPartOrder(parts);
      expect(textOf(parts)).toBe(spec.stream.text);
      expect(parts.filter((part) => part.type === 'usage').at(-1)).toEqual({ type: 'usage', usage: spec.stream.usage });
      if (spec.toolStream) {
        const toolDecoder = spec.adapter.streamParts();
        const toolParts = [...toolDecoder.push(spec.toolStream.body), ...toolDecoder.end()];
        expectPartOrder(toolParts);
        expect(toolParts.at(-1)).toEqual({ type: 'finish', reason: 'tool-calls' });
      }
    });

    it('decodes a whole answer into parts in their order, with its text and usage', () => {
      const { parts, usage } = spec.adapter.answerParts(spec.whole.body, {
        requestedModel: 'contract-model',
        upstreamModel: spec.target.upstreamModel,
        id: context.id,
        created: context.created,
      });
      expectPartOrder(parts);
      expect(textOf(parts)).toBe(spec.whole.text);
      expect(usage).toEqual(spec.whole.usage);
      expect(parts.at(-2)).toEqual({ type: 'usage', usage: spec.whole.usage });
    });

    it('pulls the message out of an upstream error body', () => {
      const details = spec.adapter.errorDetails(spec.error.status, spec.error.body);
      expect(details.message).toContain(spec.error.messageIncludes);
      expect(details.message).not.toContain(secret);
      const garbage = spec.adapter.errorDetails(502, '<html>Bad gateway</html>');
      expect(garbage.message.length).toBeGreaterThan(0);
    });

    if (spec.embeddings) {
      const embeddings = spec.embeddings;
      it('builds and converts an embeddings call', () => {
        expect(spec.adapter.embeddingsRequest).toBeDefined();
        const request = spec.adapter.embeddingsRequest!(embeddings.request, spec.target);
        expect(new URL(request.url).origin).toBe(new URL(spec.target.provider.baseUrl).origin);
        expect(request.body).not.toContain(secret);
        const result = spec.adapter.embeddingsResponse!(embeddings.body, {
          requestedModel: 'contract-embedding',
          upstreamModel: spec.target.upstreamModel,
          request: embeddings.request,
        });
        expect(result.response.object).toBe('list');
        expect(result.response.data).toHaveLength(embeddings.count);
        expect(result.response.data.map((item) => item.index)).toEqual([...Array(embeddings.count).keys()]);
        expect(result.usage).toEqual(embeddings.usage);
      });
    }
  });
}
