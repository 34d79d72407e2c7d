import { describe, expect, it } from 'vitest';
import { parseOpenAIStream } from '../contract/parse-openai-stream';
import type { StreamContext } from '../provider-adapter';
import { AnthropicStreamTranslator } from './anthropic-stream-translator';

const context: StreamContext = { id: 'chatcmpl-abc', created: 1_700_000_123, model: 'requested-model', includeUsage: false };

/** Encodes events the way Anthropic sends them: a named event with the same type inside the data. */
function sse(...events: Array<Record<string, unknown> & { type: string }>): string {
  return events.map((event) => `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`).join('');
}

const messageStart = {
  type: 'message_start',
  message: {
    id: 'msg_1',
    type: 'message',
    role: 'assistant',
    content: [],
    model: 'claude-haiku-4-5-20251001',
    stop_reason: null,
    stop_sequence: null,
    usage: { input_tokens: 10, cache_read_input_tokens: 5, cache_creation_input_tokens: 2, output_tokens: 1 },
  },
};
const textStart = (index: number) => ({ type: 'content_block_start', index, content_block: { type: 'text', text: '' } });
const text = (index: number, value: string) => ({
  type: 'content_block_delta',
  index,
  delta: { type: 'text_delta', text: value },
});
const toolStart = (index: number, id: string, name: string) => ({
  type: 'content_block_start',
  index,
  content_block: { type: 'tool_use', id, name, input: {} },
});
const json = (index: number, partial: string) => ({
  type: 'content_block_delta',
  index,
  delta: { type: 'input_json_delta', partial_json: partial },
});
const blockStop = (index: number) => ({ type: 'content_block_stop', index });
const messageDelta = (stopReason: string | null, usage: Record<string, number>) => ({
  type: 'message_delta',
  delta: { stop_reason: stopReason, stop_sequence: null },
  usage,
});
const messageStop = { type: 'message_stop' };

function run(body: string, overrides: Partial<StreamContext> = {}) {
  const translator = new AnthropicStreamTranslator({ ...context, ...overrides });
  const output = translator.push(body) + translator.end();
  return { translator, output, parsed: parseOpenAIStream(output) };
}

describe('AnthropicStreamTranslator', () => {
  it('opens with the assistant role and stamps every chunk with the context id, created and upstream model', () => {
    const { parsed } = run(
      sse(messageStart, textStart(0), text(0, 'Hi'), blockStop(0), messageDelta('end_turn', { output_tokens: 3 }), messageStop),
    );
    expect(parsed.chunks[0]?.choices[0]?.delta.role).toBe('assistant');
    expect(parsed.chunks.filter((chunk) => chunk.choices[0]?.delta.role !== undefined)).toHaveLength(1);
    for (const chunk of parsed.chunks) {
      expect(chunk).toMatchObject({ id: 'chatcmpl-abc', created: 1_700_000_123, model: 'claude-haiku-4-5-20251001' });
    }
  });

  it('gives the role to the first chunk even when message_start never came', () => {
    const { parsed } = run(sse(textStart(0), text(0, 'Hi')));
    expect(parsed.chunks[0]?.choices[0]?.delta).toEqual({ role: 'assistant', content: 'Hi' });
    expect(parsed.chunks[0]?.model).toBe('requested-model');
  });

  it('ignores ping and unknown events', () => {
    const withNoise = run(
      sse(messageStart, { type: 'ping' }, textStart(0), { type: 'future_event', x: 1 }, text(0, 'Hi'), messageStop),
    );
    const plain = run(sse(messageStart, textStart(0), text(0, 'Hi'), messageStop));
    expect(withNoise.output).toBe(plain.output);
  });

  it('sends the finish reason and [DONE] only at message_stop', () => {
    const beforeStop = run(sse(messageStart, textStart(0), text(0, 'Hi'), messageDelta('max_tokens', { output_tokens: 2 })));
    expect(beforeStop.parsed.finishReason).toBeNull();
    expect(beforeStop.output).not.toContain('[DONE]');
    expect(beforeStop.translator.done).toBe(false);

    const complete = run(
      sse(messageStart, textStart(0), text(0, 'Hi'), messageDelta('max_tokens', { output_tokens: 2 }), messageStop),
    );
    expect(complete.parsed.finishReason).toBe('length');
    expect(complete.output.endsWith('data: [DONE]\n\n')).toBe(true);
    expect(complete.translator.done).toBe(true);
  });

  it('ignores anything after message_stop', () => {
    const { parsed } = run(sse(messageStart, textStart(0), text(0, 'Hi'), messageStop, text(0, ' again')));
    expect(parsed.text).toBe('Hi');
  });

  it('numbers tool calls on their own, whatever the block index, and streams their arguments', () => {
    const { parsed, translator } = run(
      sse(
        messageStart,
        textStart(0),
        text(0, 'Both:'),
        blockStop(0),
        toolStart(1, 'toolu_a', 'get_weather'),
        json(1, ''),
        json(1, '{"city":'),
        json(1, '"Paris"}'),
        blockStop(1),
        toolStart(2, 'toolu_b', 'get_time'),
        json(2, '{"zone":"CET"}'),
        blockStop(2),
        messageDelta('tool_use', { output_tokens: 40 }),
        messageStop,
      ),
    );
    expect(parsed.toolCalls).toEqual([
      { id: 'toolu_a', name: 'get_weather', arguments: '{"city":"Paris"}' },
      { id: 'toolu_b', name: 'get_time', arguments: '{"zone":"CET"}' },
    ]);
    expect(parsed.finishReason).toBe('tool_calls');
    const firstToolChunk = parsed.chunks.find((chunk) => chunk.choices[0]?.delta.tool_calls);
    expect(firstToolChunk?.choices[0]?.delta.tool_calls?.[0]).toEqual({
      index: 0,
      id: 'toolu_a',
      type: 'function',
      function: { name: 'get_weather', arguments: '' },
    });
    // Empty argument pieces send nothing.
    expect(parsed.chunks.filter((chunk) => chunk.choices[0]?.delta.tool_calls)).toHaveLength(5);
    expect(translator.deliveredCharacters).toBe('Both:'.length + '{"city":"Paris"}'.length + '{"zone":"CET"}'.length);
  });

  it('streams thinking as reasoning_content and drops signatures and server tool input', () => {
    const { parsed, translator } = run(
      sse(
        messageStart,
        { type: 'content_block_start', index: 0, content_block: { type: 'thinking', thinking: '' } },
        { type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: 'Hmm.' } },
        { type: 'content_block_delta', index: 0, delta: { type: 'signature_delta', signature: 'EqQB' } },
        {
          type: 'content_block_start',
          index: 1,
          content_block: { type: 'server_tool_use', id: 'srvtoolu_1', name: 'web_search', input: {} },
        },
        json(1, '{"query":"x"}'),
        textStart(2),
        text(2, 'Done.'),
        messageStop,
      ),
    );
    expect(parsed.reasoning).toBe('Hmm.');
    expect(parsed.text).toBe('Done.');
    expect(parsed.toolCalls).toEqual([]);
    expect(translator.deliveredCharacters).toBe('Hmm.Done.'.length);
  });

  it('keeps input usage from message_start and replaces counts with the cumulative message_delta ones', () => {
    const { translator } = run(
      sse(
        messageStart,
        textStart(0),
        text(0, 'Hi'),
        messageDelta(null, { output_tokens: 7 }),
        messageDelta('end_turn', { output_tokens: 9, input_tokens: 11 }),
        messageStop,
      ),
    );
    expect(translator.usage).toEqual({
      inputTokens: 11 + 5 + 2,
      cachedInputTokens: 5,
      cacheWriteTokens: 2,
      outputTokens: 9,
      reasoningTokens: 0,
    });
  });

  it('reports usage from message_start before the stream ends, and none before it starts', () => {
    const translator = new AnthropicStreamTranslator(context);
    expect(translator.usage).toBeUndefined();
    translator.push(sse(messageStart));
    expect(translator.usage?.inputTokens).toBe(17);
    expect(translator.usage?.outputTokens).toBe(1);
  });

  it('adds one usage-only chunk before [DONE] when asked', () => {
    const { output, parsed } = run(
      sse(messageStart, textStart(0), text(0, 'Hi'), messageDelta('end_turn', { output_tokens: 4 }), messageStop),
      { includeUsage: true },
    );
    const last = parsed.chunks.at(-1);
    expect(last?.choices).toEqual([]);
    expect(last?.usage).toMatchObject({
      prompt_tokens: 17,
      completion_tokens: 4,
      total_tokens: 21,
      prompt_tokens_details: { cached_tokens: 5 },
    });
    expect(parsed.chunks.at(-2)?.choices[0]?.finish_reason).toBe('stop');
    expect(output.endsWith('data: [DONE]\n\n')).toBe(true);
  });

  it('turns an error event into a final error chunk and stops there', () => {
    const { parsed, translator, output } = run(
      sse(
        messageStart,
        textStart(0),
        text(0, 'Once'),
        { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } },
        text(0, ' more'),
        messageStop,
      ),
    );
    expect(parsed.text).toBe('Once');
    const last = parsed.chunks.at(-1);
    expect(last?.error).toEqual({ message: 'Overloaded', type: 'overloaded_error' });
    expect(last?.choices[0]?.finish_reason).toBe('error');
    expect(translator.upstreamError).toEqual({ message: 'Overloaded', type: 'overloaded_error' });
    expect(translator.done).toBe(false);
    expect(output).not.toContain('[DONE]');
  });

  it('still finds a final event that lacks its closing blank line when the stream ends', () => {
    const translator = new AnthropicStreamTranslator(context);
    let output = translator.push(sse(messageStart, textStart(0), text(0, 'Hi')));
    output += translator.push('event: message_stop\ndata: {"type":"message_stop"}');
    expect(output).not.toContain('[DONE]');
    output += translator.end();
    expect(output.endsWith('data: [DONE]\n\n')).toBe(true);
    expect(translator.done).toBe(true);
  });

  it('skips a garbled event without failing the stream', () => {
    const { parsed } = run(
      `${sse(messageStart, textStart(0))}event: content_block_delta\ndata: {not json\n\n${sse(text(0, 'ok'), messageStop)}`,
    );
    expect(parsed.text).toBe('ok');
    expect(parsed.done).toBe(true);
  });
});
