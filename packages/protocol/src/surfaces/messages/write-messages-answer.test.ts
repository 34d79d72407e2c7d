import { describe, expect, it } from 'vitest';
import type { StreamPart } from '../../exchange/stream-part';
import { UNSIGNED_THINKING_SIGNATURE } from './unsigned-thinking-signature';
import { writeMessagesAnswer } from './write-messages-answer';

const meta = { id: 'msg_01XFDUDYJgAACzvnptvVoYEL', model: 'claude-sonnet-4-5-20250929' };

describe('writeMessagesAnswer', () => {
  it("builds Anthropic's documented basic answer", () => {
    const parts: StreamPart[] = [
      { type: 'text-delta', text: 'Hello' },
      { type: 'text-delta', text: '!' },
      {
        type: 'usage',
        usage: { inputTokens: 12, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 6, reasoningTokens: 0 },
      },
      { type: 'finish', reason: 'stop' },
    ];
    expect(writeMessagesAnswer(parts, meta)).toEqual({
      id: 'msg_01XFDUDYJgAACzvnptvVoYEL',
      type: 'message',
      role: 'assistant',
      model: 'claude-sonnet-4-5-20250929',
      content: [{ type: 'text', text: 'Hello!' }],
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: { input_tokens: 12, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 6 },
    });
  });

  it('keeps blocks in order: thinking with its signature, text, tool_use with parsed input', () => {
    const answer = writeMessagesAnswer(
      [
        { type: 'metadata', model: 'claude-opus-4-6' },
        { type: 'reasoning-delta', text: 'Need the weather. ' },
        { type: 'reasoning-delta', text: 'Call the tool.' },
        { type: 'reasoning-signature', signature: 'EqQBCgIYAh' },
        { type: 'text-delta', text: 'Checking.' },
        { type: 'tool-call-start', index: 0, id: 'toolu_01A09q90qw90lq917835lq9', name: 'get_weather' },
        { type: 'tool-call-delta', index: 0, argumentsDelta: '{"location": "San Francisco, CA",' },
        { type: 'tool-call-delta', index: 0, argumentsDelta: ' "unit": "celsius"}' },
        { type: 'tool-call-end', index: 0 },
        { type: 'finish', reason: 'tool-calls' },
      ],
      meta,
    );
    expect(answer.model).toBe('claude-opus-4-6');
    expect(answer.content).toEqual([
      { type: 'thinking', thinking: 'Need the weather. Call the tool.', signature: 'EqQBCgIYAh' },
      { type: 'text', text: 'Checking.' },
      {
        type: 'tool_use',
        id: 'toolu_01A09q90qw90lq917835lq9',
        name: 'get_weather',
        input: { location: 'San Francisco, CA', unit: 'celsius' },
      },
    ]);
    expect(answer.stop_reason).toBe('tool_use');
  });

  it('marks unsigned reasoning, and makes a new thinking block after a signed one', () => {
    const answer = writeMessagesAnswer(
      [
        { type: 'reasoning-delta', text: 'first' },
        { type: 'reasoning-signature', signature: 'sig-1' },
        { type: 'reasoning-delta', text: 'second' },
        { type: 'redacted-reasoning', data: 'EmwKAhgB' },
        { type: 'finish', reason: 'stop' },
      ],
      meta,
    );
    expect(answer.content).toEqual([
      { type: 'thinking', thinking: 'first', signature: 'sig-1' },
      { type: 'thinking', thinking: 'second', signature: UNSIGNED_THINKING_SIGNATURE },
      { type: 'redacted_thinking', data: 'EmwKAhgB' },
    ]);
  });

  it('gives tool calls whose arguments are not a JSON object an empty input', () => {
    const answer = writeMessagesAnswer(
      [
        { type: 'tool-call-start', index: 0, id: 'call_cut', name: 'Write' },
        { type: 'tool-call-delta', index: 0, argumentsDelta: '{"file_path": "/tmp/a", "content": "unfinis' },
        { type: 'tool-call-end', index: 0 },
        { type: 'tool-call-start', index: 1, id: 'call_array', name: 'Read' },
        { type: 'tool-call-delta', index: 1, argumentsDelta: '[1, 2]' },
        { type: 'tool-call-end', index: 1 },
        { type: 'tool-call-start', index: 2, id: 'call_empty', name: 'LS' },
        { type: 'tool-call-end', index: 2 },
        { type: 'finish', reason: 'length' },
      ],
      meta,
    );
    expect(answer.content.map((block) => (block.type === 'tool_use' ? block.input : block))).toEqual([{}, {}, {}]);
    expect(answer.stop_reason).toBe('max_tokens');
  });

  it('reports usage without cache reads and writes in input_tokens, and the stop sequence', () => {
    const answer = writeMessagesAnswer(
      [
        { type: 'text-delta', text: 'a' },
        {
          type: 'usage',
          usage: { inputTokens: 50, cachedInputTokens: 30, cacheWriteTokens: 5, outputTokens: 2, reasoningTokens: 0 },
        },
        { type: 'finish', reason: 'stop-sequence', stopSequence: 'END' },
      ],
      meta,
    );
    expect(answer.usage).toEqual({
      input_tokens: 15,
      cache_read_input_tokens: 30,
      cache_creation_input_tokens: 5,
      output_tokens: 2,
    });
    expect(answer).toMatchObject({ stop_reason: 'stop_sequence', stop_sequence: 'END' });
  });

  it('leaves stop_reason null for parts that never finished', () => {
    expect(writeMessagesAnswer([{ type: 'text-delta', text: 'cut' }], meta)).toMatchObject({
      stop_reason: null,
      stop_sequence: null,
    });
  });
});
