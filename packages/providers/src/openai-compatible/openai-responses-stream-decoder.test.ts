import { readFileSync } from 'node:fs';
import type { StreamPart } from '@switchboard/protocol';
import { describe, expect, it } from 'vitest';
import { OpenAIResponsesStreamDecoder } from './openai-responses-stream-decoder';

const fixture = (name: string) => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');

function decode(body: string, pieceSize = body.length): StreamPart[] {
  const decoder = new OpenAIResponsesStreamDecoder();
  const parts: StreamPart[] = [];
  for (let index = 0; index < body.length; index += pieceSize) parts.push(...decoder.push(body.slice(index, index + pieceSize)));
  parts.push(...decoder.end());
  return parts;
}

/** Events as OpenAI sends them: a named event whose data repeats the type, numbered from 0. */
function sse(...events: Array<Record<string, unknown> & { type: string }>): string {
  return events
    .map((event, index) => `event: ${event.type}\ndata: ${JSON.stringify({ ...event, sequence_number: index })}\n\n`)
    .join('');
}

const types = (parts: StreamPart[]) => parts.map((part) => part.type);
const textOf = (parts: StreamPart[], type: 'text-delta' | 'reasoning-delta') =>
  parts.map((part) => (part.type === type ? part.text : '')).join('');

describe('OpenAIResponsesStreamDecoder', () => {
  it('reads a text stream, split anywhere, into metadata, text, usage and stop', () => {
    const body = fixture('openai-responses-text-stream.sse');
    for (const pieceSize of [body.length, 7, 1]) {
      const parts = decode(body, pieceSize);
      expect(parts, `pieces of ${pieceSize}`).toEqual([
        { type: 'metadata', id: 'resp_67c9fdcecf488190bdd9a0409de3a1ec07b8b0ad4e5eb654', model: 'gpt-4.1-2025-04-14' },
        { type: 'text-delta', text: 'Hi' },
        { type: 'text-delta', text: ' there' },
        { type: 'text-delta', text: '! How can I help?' },
        {
          type: 'usage',
          usage: { inputTokens: 37, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 11, reasoningTokens: 0 },
        },
        { type: 'finish', reason: 'stop' },
      ]);
    }
  });

  it('reads reasoning summaries (a paragraph per part) and a function call with its argument deltas', () => {
    const parts = decode(fixture('openai-responses-tool-stream.sse'), 13);
    expect(textOf(parts, 'reasoning-delta')).toBe('**Checking the weather**\n\n**Calling the tool**');
    expect(parts.filter((part) => part.type.startsWith('tool-call'))).toEqual([
      { type: 'tool-call-start', index: 0, id: 'call_pN4mX8rT2vB6yQ1wK9sD3fH7', name: 'get_weather' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: '{"location":' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: '"Paris,' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: ' France"}' },
      { type: 'tool-call-end', index: 0 },
    ]);
    expect(parts.slice(-2)).toEqual([
      {
        type: 'usage',
        usage: { inputTokens: 310, cachedInputTokens: 256, cacheWriteTokens: 0, outputTokens: 84, reasoningTokens: 64 },
      },
      { type: 'finish', reason: 'tool-calls' },
    ]);
    // Arguments are not given twice: the done event repeats what the deltas said.
    expect(parts.filter((part) => part.type === 'tool-call-delta')).toHaveLength(3);
  });

  it('reads a custom tool call with its free-form input as the call arguments', () => {
    const parts = decode(fixture('openai-responses-custom-tool-stream.sse'));
    expect(types(parts)).toEqual([
      'metadata',
      'tool-call-start',
      'tool-call-delta',
      'tool-call-delta',
      'tool-call-end',
      'usage',
      'finish',
    ]);
    expect(parts[1]).toEqual({ type: 'tool-call-start', index: 0, id: 'call_tC5nW1qL7xZ3bR9vM2kS8dF4', name: 'apply_patch' });
    const input = parts.map((part) => (part.type === 'tool-call-delta' ? part.argumentsDelta : '')).join('');
    expect(input).toBe('*** Begin Patch\n*** Add File: hello.txt\n+Hello\n*** End Patch');
    expect(parts.at(-1)).toEqual({ type: 'finish', reason: 'tool-calls' });
  });

  it('ends response.incomplete for max_output_tokens with the usage, then length', () => {
    const parts = decode(fixture('openai-responses-incomplete-stream.sse'));
    expect(textOf(parts, 'text-delta')).toBe('Hi there');
    expect(parts.slice(-2)).toEqual([
      {
        type: 'usage',
        usage: { inputTokens: 37, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 16, reasoningTokens: 0 },
      },
      { type: 'finish', reason: 'length' },
    ]);
  });

  it('ends response.failed with an error part carrying its code, and no finish', () => {
    const parts = decode(fixture('openai-responses-failed-stream.sse'));
    expect(types(parts)).toEqual(['metadata', 'error']);
    expect(parts[1]).toEqual({
      type: 'error',
      error: { code: 'server_error', message: 'The server had an error while processing your request. Sorry about that!' },
    });
  });

  it('ends an error event with an error part, whether its fields are at the top or nested', () => {
    const parts = decode(fixture('openai-responses-error-event-stream.sse'));
    expect(parts.at(-1)).toEqual({
      type: 'error',
      error: {
        code: 'rate_limit_exceeded',
        message:
          'Rate limit reached for gpt-4.1 in organization org-abc on tokens per min (TPM): Limit 30000, Used 30000, Requested 120.',
      },
    });
    const nested = decode(
      sse({
        type: 'error',
        error: {
          type: 'invalid_request_error',
          code: 'context_length_exceeded',
          message: 'Your input exceeds the context window.',
          param: 'input',
        },
      }),
    );
    expect(nested).toEqual([
      {
        type: 'error',
        error: {
          type: 'invalid_request_error',
          code: 'context_length_exceeded',
          message: 'Your input exceeds the context window.',
        },
      },
    ]);
  });

  it('never finishes a stream cut before its terminal event, and reads nothing after one', () => {
    const body = fixture('openai-responses-text-stream.sse');
    const cut = decode(body.slice(0, body.indexOf('event: response.completed')));
    expect(types(cut)).toEqual(['metadata', 'text-delta', 'text-delta', 'text-delta']);
    const trailing = decode(
      `${body}${sse({ type: 'response.output_text.delta', item_id: 'msg_x', output_index: 0, delta: 'late' })}`,
    );
    expect(textOf(trailing, 'text-delta')).not.toContain('late');
    expect(trailing.at(-1)).toEqual({ type: 'finish', reason: 'stop' });
  });

  it('takes a call seen only when done, or with its arguments only in the done event, and ends open calls', () => {
    const call = { id: 'fc_1', type: 'function_call', call_id: 'call_1', name: 'lookup', arguments: '{"q":1}' };
    const onlyDone = decode(
      sse(
        { type: 'response.output_item.done', output_index: 0, item: call },
        { type: 'response.completed', response: { id: 'resp_1', status: 'completed', output: [call] } },
      ),
    );
    expect(onlyDone).toEqual([
      { type: 'tool-call-start', index: 0, id: 'call_1', name: 'lookup' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: '{"q":1}' },
      { type: 'tool-call-end', index: 0 },
      { type: 'finish', reason: 'tool-calls' },
    ]);
    const argumentsInDone = decode(
      sse(
        { type: 'response.output_item.added', output_index: 0, item: { ...call, arguments: '' } },
        { type: 'response.function_call_arguments.done', item_id: 'fc_1', output_index: 0, arguments: '{"q":2}' },
        { type: 'response.completed', response: { status: 'completed', usage: { input_tokens: 3, output_tokens: 2 } } },
      ),
    );
    expect(argumentsInDone).toEqual([
      { type: 'tool-call-start', index: 0, id: 'call_1', name: 'lookup' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: '{"q":2}' },
      { type: 'tool-call-end', index: 0 },
      {
        type: 'usage',
        usage: { inputTokens: 3, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 2, reasoningTokens: 0 },
      },
      { type: 'finish', reason: 'tool-calls' },
    ]);
  });

  it('reads refusal deltas as text ending in a refusal, raw reasoning deltas as reasoning, and skips other events', () => {
    const parts = decode(
      sse(
        { type: 'response.created', response: { id: 'resp_2', model: 'gpt-oss-20b', status: 'in_progress', output: [] } },
        { type: 'response.reasoning_text.delta', item_id: 'rs_2', output_index: 0, content_index: 0, delta: 'Think.' },
        { type: 'response.web_search_call.searching', item_id: 'ws_2', output_index: 1 },
        { type: 'response.refusal.delta', item_id: 'msg_2', output_index: 2, content_index: 0, delta: 'No.' },
        { type: 'response.completed', response: { id: 'resp_2', status: 'completed', output: [] } },
      ),
    );
    expect(parts).toEqual([
      { type: 'metadata', id: 'resp_2', model: 'gpt-oss-20b' },
      { type: 'reasoning-delta', text: 'Think.' },
      { type: 'text-delta', text: 'No.' },
      { type: 'finish', reason: 'refusal' },
    ]);
  });

  it('takes a longer event limit for terminal events that repeat a long answer, ', () => {
    const long = 'x'.repeat(2000);
    const body = sse(
      { type: 'response.output_text.delta', item_id: 'msg_1', output_index: 0, content_index: 0, delta: long },
      {
        type: 'response.completed',
        response: { status: 'completed', output: [{ type: 'message', content: [{ type: 'output_text', text: long }] }] },
      },
    );
    const feed = (decoder: OpenAIResponsesStreamDecoder): StreamPart[] => {
      const parts: StreamPart[] = [];
      for (let index = 0; index < body.length; index += 100) parts.push(...decoder.push(body.slice(index, index + 100)));
      return [...parts, ...decoder.end()];
    };
    expect(() => feed(new OpenAIResponsesStreamDecoder(1500))).toThrow(/SSE event/);
    expect(types(feed(new OpenAIResponsesStreamDecoder(4000)))).toEqual(['text-delta', 'finish']);
  });

  it('reads text deltas exactly however they are spelled', () => {
    const texts = ['plain', 'line\nbreak', 'say "hi"', 'back\\slash\\', 'é ✓ \u2028'];
    const delta = (text: string) => ({
      type: 'response.output_text.delta',
      item_id: 'msg_1',
      output_index: 0,
      content_index: 0,
      delta: text,
      logprobs: [],
      obfuscation: 'aB3',
    });
    const body =
      sse(...texts.map(delta), { ...delta('+'), logprobs: [{ token: '+', logprob: -0.1 }] }) +
      // Spaced JSON is read by the full parse; a bad escape is skipped as any unparsable event.
      'event: response.output_text.delta\ndata: { "type": "response.output_text.delta", "delta": "!" }\n\n' +
      'event: response.output_text.delta\ndata: {"type":"response.output_text.delta","delta":"\\x"}\n\n';
    expect(textOf(decode(body, 5), 'text-delta')).toBe(`${texts.join('')}+!`);
  });
});
