import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../gateway-error';
import { validateMessagesRequest } from './validate-messages-request';

const valid = { model: 'claude-sonnet-4-5-20250929', max_tokens: 1024, messages: [{ role: 'user', content: 'Hello, Claude' }] };

function rejection(body: unknown, options?: Parameters<typeof validateMessagesRequest>[1]): GatewayError {
  try {
    validateMessagesRequest(body, options);
  } catch (error) {
    if (error instanceof GatewayError) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}

describe('validateMessagesRequest', () => {
  it('returns the very body it was given, unknown fields and block types included', () => {
    const body = {
      ...valid,
      system: [{ type: 'text', text: 'You are Claude Code.', cache_control: { type: 'ephemeral', ttl: '1h' } }],
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'hi' },
            { type: 'container_upload', file_id: 'f' },
          ],
        },
        { role: 'system', content: 'mid-conversation reminder' },
      ],
      context_management: { edits: [{ type: 'clear_tool_uses_20250919' }] },
      some_future_field: true,
    };
    expect(validateMessagesRequest(body)).toBe(body);
  });

  it('names the missing or malformed field, as a 400 invalid_request_error', () => {
    expect(rejection({ max_tokens: 1, messages: [] })).toMatchObject({ status: 400, param: 'model' });
    expect(rejection({ ...valid, max_tokens: undefined })).toMatchObject({ param: 'max_tokens' });
    expect(rejection({ ...valid, max_tokens: 0 }).param).toBe('max_tokens');
    expect(rejection({ ...valid, max_tokens: 1.5 }).param).toBe('max_tokens');
    expect(rejection({ ...valid, messages: 'hi' }).param).toBe('messages');
    expect(rejection({ ...valid, messages: [] }).param).toBe('messages');
    expect(rejection({ ...valid, messages: [{ role: 'tool', content: 'x' }] }).param).toBe('messages.0.role');
    expect(rejection({ ...valid, messages: [{ role: 'user', content: 42 }] }).param).toBe('messages.0.content');
    expect(rejection({ ...valid, messages: [{ role: 'user', content: ['text'] }] }).param).toBe('messages.0.content.0');
    expect(rejection({ ...valid, system: 7 }).param).toBe('system');
    expect(rejection({ ...valid, stream: 'yes' }).param).toBe('stream');
    expect(rejection({ ...valid, temperature: '1' }).param).toBe('temperature');
    expect(rejection({ ...valid, top_k: 2.5 }).param).toBe('top_k');
    expect(rejection({ ...valid, stop_sequences: [1] }).param).toBe('stop_sequences');
    expect(rejection({ ...valid, tools: {} }).param).toBe('tools');
    expect(rejection({ ...valid, tools: [{ input_schema: {} }] }).param).toBe('tools.0.name');
    expect(rejection({ ...valid, tool_choice: { type: 'tool' } }).param).toBe('tool_choice.name');
    expect(rejection({ ...valid, thinking: { type: 'enabled' } }).param).toBe('thinking.budget_tokens');
    expect(rejection({ ...valid, metadata: 'user' }).param).toBe('metadata');
    expect(rejection([]).status).toBe(400);
    expect(rejection({ ...valid, model: 3 }).message).toContain('model');
  });

  it('lets count_tokens bodies go without max_tokens', () => {
    const { max_tokens: _unused, ...body } = valid;
    expect(validateMessagesRequest(body, { requireMaxTokens: false })).toBe(body);
    expect(rejection(body).param).toBe('max_tokens');
  });

  it('validates a body of several hundred KB quickly', () => {
    const messages = [];
    for (let turn = 0; turn < 400; turn++) {
      messages.push({ role: 'user', content: [{ type: 'text', text: 'x'.repeat(1000) }] });
      messages.push({ role: 'assistant', content: [{ type: 'tool_use', id: `t${turn}`, name: 'Read', input: {} }] });
    }
    const body = { ...valid, messages };
    const started = performance.now();
    for (let round = 0; round < 100; round++) validateMessagesRequest(body);
    expect((performance.now() - started) / 100).toBeLessThan(5);
  });
});
