import { describe, expect, it } from 'vitest';
import type { StreamPart } from '../../exchange/stream-part';
import { ResponsesStreamWriter } from './responses-stream-writer';
import { writeResponsesAnswer } from './write-responses-answer';

const usage = { inputTokens: 36, cachedInputTokens: 6, cacheWriteTokens: 0, outputTokens: 87, reasoningTokens: 10 };

const meta = {
  id: 'resp_67cc',
  model: 'gpt-4.1',
  createdAt: 1_741_476_542,
  request: { model: 'gpt-4.1', input: 'Tell me a story.', metadata: { ticket: '7' } },
  customToolNames: ['apply_patch'],
};

describe('writeResponsesAnswer', () => {
  it("gives OpenAI's documented response shape for a text answer", () => {
    const response = writeResponsesAnswer(
      [
        { type: 'metadata', id: 'up', model: 'gpt-4.1-2025-04-14' },
        { type: 'text-delta', text: 'In a peaceful grove' },
        { type: 'text-delta', text: ' beneath a silver moon...' },
        { type: 'usage', usage },
        { type: 'finish', reason: 'stop' },
      ],
      meta,
    );
    expect(response).toEqual({
      id: 'resp_67cc',
      object: 'response',
      created_at: 1_741_476_542,
      status: 'completed',
      error: null,
      incomplete_details: null,
      instructions: null,
      max_output_tokens: null,
      model: 'gpt-4.1-2025-04-14',
      output: [
        {
          type: 'message',
          id: 'msg_67cc_0',
          status: 'completed',
          role: 'assistant',
          content: [{ type: 'output_text', text: 'In a peaceful grove beneath a silver moon...', annotations: [], logprobs: [] }],
        },
      ],
      parallel_tool_calls: true,
      previous_response_id: null,
      prompt_cache_key: null,
      reasoning: { effort: null, summary: null },
      safety_identifier: null,
      store: true,
      temperature: 1,
      text: { format: { type: 'text' }, verbosity: 'medium' },
      tool_choice: 'auto',
      tools: [],
      top_p: 1,
      truncation: 'disabled',
      usage: {
        input_tokens: 36,
        input_tokens_details: { cached_tokens: 6 },
        output_tokens: 87,
        output_tokens_details: { reasoning_tokens: 10 },
        total_tokens: 123,
      },
      user: null,
      metadata: { ticket: '7' },
    });
  });

  it("equals the stream's final response for the same parts", () => {
    const parts: StreamPart[] = [
      { type: 'reasoning-delta', text: 'Plan.' },
      { type: 'text-delta', text: 'Patching.' },
      { type: 'tool-call-start', index: 0, id: 'call_p', name: 'apply_patch' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: '{"input":"*** Begin Patch"}' },
      { type: 'tool-call-end', index: 0 },
      { type: 'tool-call-start', index: 1, id: 'call_f', name: 'get_weather' },
      { type: 'tool-call-delta', index: 1, argumentsDelta: '{"city":"Oslo"}' },
      { type: 'tool-call-end', index: 1 },
      { type: 'usage', usage },
      { type: 'finish', reason: 'tool-calls' },
    ];
    const stream = new ResponsesStreamWriter(meta);
    stream.write(parts);
    const whole = writeResponsesAnswer(parts, meta);
    expect(whole).toEqual(stream.response);
    expect(whole.output.map((item) => [item.type, item.id])).toEqual([
      ['reasoning', 'rs_67cc_0'],
      ['message', 'msg_67cc_1'],
      ['custom_tool_call', 'ctc_67cc_2'],
      ['function_call', 'fc_67cc_3'],
    ]);
    expect(whole.output[2]).toMatchObject({ input: '*** Begin Patch', call_id: 'call_p' });
  });

  it('says a cut answer is incomplete and an upstream error failed', () => {
    expect(
      writeResponsesAnswer(
        [
          { type: 'text-delta', text: 'x' },
          { type: 'finish', reason: 'length' },
        ],
        meta,
      ),
    ).toMatchObject({
      status: 'incomplete',
      incomplete_details: { reason: 'max_output_tokens' },
    });
    expect(
      writeResponsesAnswer([{ type: 'error', error: { message: 'Slow down', type: 'rate_limit_error' } }], meta),
    ).toMatchObject({ status: 'failed', error: { code: 'rate_limit_exceeded', message: 'Slow down' }, usage: null });
  });

  it("writes a custom tool's input as the model wrote it when its arguments are not the `input` object", () => {
    const call = (argumentsText: string) =>
      writeResponsesAnswer(
        [
          { type: 'tool-call-start', index: 0, id: 'call_p', name: 'apply_patch' },
          { type: 'tool-call-delta', index: 0, argumentsDelta: argumentsText },
          { type: 'tool-call-end', index: 0 },
          { type: 'finish', reason: 'tool-calls' },
        ],
        meta,
      ).output[0];
    expect(call('*** Begin Patch')).toMatchObject({ type: 'custom_tool_call', input: '*** Begin Patch' });
    expect(call('"quoted"')).toMatchObject({ input: 'quoted' });
    expect(call('{"input":"x\\ny"}')).toMatchObject({ input: 'x\ny' });
    expect(call('{"input":{"a":1}}')).toMatchObject({ input: '{"a":1}' });
    expect(call('{"input":"cut')).toMatchObject({ input: '{"input":"cut' });
  });

  it('closes parts without a finish as a completed answer', () => {
    const response = writeResponsesAnswer([{ type: 'text-delta', text: 'Hi' }], meta);
    expect(response.status).toBe('completed');
    expect(response.output).toHaveLength(1);
  });
});
