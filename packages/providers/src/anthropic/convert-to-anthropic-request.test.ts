import type { ChatCompletionRequest } from '@switchboard/protocol';
import { describe, expect, it } from 'vitest';
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
});
