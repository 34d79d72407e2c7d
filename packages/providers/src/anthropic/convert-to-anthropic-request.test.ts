import type { ChatCompletionRequest } from '@switchboard/protocol';
import { describe, expect, it } from 'vitest';
import { JSON_OBJECT_INSTRUCTION } from './convert-anthropic-response-format';
import { convertToAnthropicRequest } from './convert-to-anthropic-request';

const base: ChatCompletionRequest = { model: 'claude', messages: [{ role: 'user', content: 'Hi' }] };

describe('convertToAnthropicRequest', () => {
  it('names the upstream model and defaults max_tokens to 4096', () => {
    expect(convertToAnthropicRequest(base, 'claude-sonnet-4-5', false)).toEqual({
      model: 'claude-sonnet-4-5',
      max_tokens: 4096,
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
    });
  });

  it('prefers max_completion_tokens over max_tokens', () => {
    expect(convertToAnthropicRequest({ ...base, max_tokens: 100 }, 'm', false).max_tokens).toBe(100);
    expect(convertToAnthropicRequest({ ...base, max_tokens: 100, max_completion_tokens: 200 }, 'm', false).max_tokens).toBe(200);
    expect(convertToAnthropicRequest({ ...base, max_tokens: null }, 'm', false).max_tokens).toBe(4096);
  });

  it('turns stop, a string or a list, into stop_sequences', () => {
    expect(convertToAnthropicRequest({ ...base, stop: 'END' }, 'm', false).stop_sequences).toEqual(['END']);
    expect(convertToAnthropicRequest({ ...base, stop: ['a', '', 'b'] }, 'm', false).stop_sequences).toEqual(['a', 'b']);
    expect(convertToAnthropicRequest({ ...base, stop: null }, 'm', false)).not.toHaveProperty('stop_sequences');
  });

  it('passes sampling settings, the user as metadata.user_id, and the stream flag', () => {
    const body = convertToAnthropicRequest(
      { ...base, temperature: 0.2, top_p: 0.9, top_k: 40, user: 'user-123', stream: true },
      'm',
      true,
    );
    expect(body).toMatchObject({ temperature: 0.2, top_p: 0.9, top_k: 40, metadata: { user_id: 'user-123' }, stream: true });
  });

  it('leaves out settings the client set to null and the stream flag when not streaming', () => {
    const body = convertToAnthropicRequest({ ...base, temperature: null, top_p: null, stream: true }, 'm', false);
    expect(Object.keys(body).sort()).toEqual(['max_tokens', 'messages', 'model']);
  });

  it('carries system, tools and tool_choice', () => {
    const body = convertToAnthropicRequest(
      {
        ...base,
        messages: [{ role: 'system', content: 'Be brief.' }, ...base.messages],
        tools: [{ type: 'function', function: { name: 'f', parameters: { type: 'object' } } }],
        tool_choice: 'required',
      },
      'm',
      false,
    );
    expect(body.system).toBe('Be brief.');
    expect(body.tools).toEqual([{ name: 'f', input_schema: { type: 'object' } }]);
    expect(body.tool_choice).toEqual({ type: 'any' });
  });

  it('sends response_format json_schema as output_config.format and json_object as a system instruction', () => {
    const schema = { type: 'object', properties: { a: { type: 'string' } }, required: ['a'], additionalProperties: false };
    const structured = convertToAnthropicRequest(
      { ...base, response_format: { type: 'json_schema', json_schema: { name: 'a', strict: true, schema } } },
      'm',
      false,
    );
    expect(structured.output_config).toEqual({ format: { type: 'json_schema', schema } });
    expect(structured).not.toHaveProperty('tools');
    expect(structured).not.toHaveProperty('system');

    const withSystem = convertToAnthropicRequest(
      {
        ...base,
        messages: [{ role: 'system', content: 'Be brief.' }, ...base.messages],
        response_format: { type: 'json_object' },
      },
      'm',
      false,
    );
    expect(withSystem.system).toBe(`Be brief.\n\n${JSON_OBJECT_INSTRUCTION}`);
    expect(convertToAnthropicRequest({ ...base, response_format: { type: 'json_object' } }, 'm', false).system).toBe(
      JSON_OBJECT_INSTRUCTION,
    );
  });

  it('turns reasoning_effort into thinking, keeps max_tokens above the budget and drops samplers thinking refuses', () => {
    const body = convertToAnthropicRequest(
      { ...base, reasoning_effort: 'medium', max_tokens: 1000, temperature: 0.2, top_k: 40, top_p: 0.5 },
      'm',
      false,
    );
    expect(body.thinking).toEqual({ type: 'enabled', budget_tokens: 8192 });
    expect(body.max_tokens).toBe(9192);
    expect(body).not.toHaveProperty('temperature');
    expect(body).not.toHaveProperty('top_k');
    expect(body).not.toHaveProperty('top_p');
    expect(convertToAnthropicRequest({ ...base, reasoning_effort: 'low', top_p: 0.97 }, 'm', false).top_p).toBe(0.97);
  });

  it('sends no thinking on a tool-result turn, whose assistant tool call carries no signed thinking block', () => {
    const toolCall = { id: 'call_1', type: 'function' as const, function: { name: 'get_weather', arguments: '{}' } };
    const inLoop: ChatCompletionRequest = {
      ...base,
      reasoning_effort: 'medium',
      max_tokens: 1000,
      messages: [
        { role: 'user', content: 'Weather?' },
        { role: 'assistant', content: null, tool_calls: [toolCall] },
        { role: 'tool', tool_call_id: 'call_1', content: 'sunny' },
      ],
    };
    const body = convertToAnthropicRequest(inLoop, 'm', false);
    expect(body).not.toHaveProperty('thinking');
    expect(body.max_tokens).toBe(9192);
    // Once the loop ended in a text answer, the next turn thinks again.
    const after = convertToAnthropicRequest(
      {
        ...inLoop,
        messages: [
          ...inLoop.messages,
          { role: 'assistant', content: 'It is sunny.' },
          { role: 'user', content: 'And tomorrow?' },
        ],
      },
      'm',
      false,
    );
    expect(after.thinking).toEqual({ type: 'enabled', budget_tokens: 8192 });
  });

  it("takes the neutral request's reasoning (the 4th argument) over reasoning_effort", () => {
    const body = convertToAnthropicRequest({ ...base, reasoning_effort: 'high' }, 'm', true, {
      enabled: true,
      budgetTokens: 3000,
    });
    expect(body.thinking).toEqual({ type: 'enabled', budget_tokens: 3000 });
    expect(body.max_tokens).toBe(4096);
    expect(convertToAnthropicRequest({ ...base, reasoning_effort: 'high' }, 'm', true, { enabled: false })).not.toHaveProperty(
      'thinking',
    );
  });

  it('refuses n > 1, logprobs and top_logprobs with a 400 naming the field', () => {
    for (const [fields, param] of [
      [{ n: 3 }, 'n'],
      [{ logprobs: true }, 'logprobs'],
      [{ top_logprobs: 2, logprobs: false }, 'top_logprobs'],
    ] as const) {
      expect(() => convertToAnthropicRequest({ ...base, ...fields }, 'm', false)).toThrow(
        expect.objectContaining({
          status: 400,
          type: 'invalid_request_error',
          param,
          message: expect.stringContaining('Anthropic'),
        }),
      );
    }
    expect(() => convertToAnthropicRequest({ ...base, n: 1, logprobs: null }, 'm', false)).not.toThrow();
  });
});
