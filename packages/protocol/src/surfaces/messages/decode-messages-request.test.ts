import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../gateway-error';
import type { AnthropicMessagesRequest } from './anthropic-messages-types';
import { decodeMessagesRequest } from './decode-messages-request';
import { UNSIGNED_THINKING_SIGNATURE } from './unsigned-thinking-signature';

function request(fields: Partial<AnthropicMessagesRequest>): AnthropicMessagesRequest {
  return { model: 'claude-sonnet-4-5-20250929', max_tokens: 1024, messages: [{ role: 'user', content: 'Hello' }], ...fields };
}

function decode(fields: Partial<AnthropicMessagesRequest>, headers: Record<string, string | string[] | undefined> = {}) {
  return decodeMessagesRequest(request(fields), headers);
}

describe('decodeMessagesRequest', () => {
  it('keeps the body whole for native upstreams with the Anthropic headers', () => {
    const body = request({ context_management: { edits: [] } });
    const neutral = decodeMessagesRequest(body, {
      'anthropic-version': '2023-06-01',
      'anthropic-beta': ['interleaved-thinking-2025-05-14', 'context-management-2025-06-27'],
      'x-api-key': 'sb_live_secret',
    });
    expect(neutral.surface).toBe('messages');
    expect(neutral.native).toEqual({
      format: 'anthropic-messages',
      body,
      headers: {
        'anthropic-version': '2023-06-01',
        'anthropic-beta': 'interleaved-thinking-2025-05-14,context-management-2025-06-27',
      },
    });
    expect(neutral.native?.body).toBe(body);
    expect(decode({}, { 'Anthropic-Version': '2026-10-21' }).native?.headers).toEqual({ 'anthropic-version': '2026-10-21' });
  });

  it('carries the sampling knobs, limits, user and streaming into the chat request', () => {
    const neutral = decode({
      temperature: 0.2,
      top_p: 0.9,
      top_k: 40,
      stop_sequences: ['\n\nHuman:'],
      metadata: { user_id: 'user_2c1d' },
      stream: true,
    });
    expect(neutral.chat).toEqual({
      model: 'claude-sonnet-4-5-20250929',
      messages: [{ role: 'user', content: 'Hello' }],
      max_tokens: 1024,
      temperature: 0.2,
      top_p: 0.9,
      top_k: 40,
      stop: ['\n\nHuman:'],
      user: 'user_2c1d',
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(neutral.droppedFields).toEqual([]);
    expect(decode({ stream: false }).chat.stream).toBeUndefined();
  });

  it('makes system blocks and mid-conversation system messages system messages, naming cache_control', () => {
    const neutral = decode({
      system: [
        { type: 'text', text: "You are Claude Code, Anthropic's official CLI for Claude." },
        { type: 'text', text: 'Be terse.', cache_control: { type: 'ephemeral', ttl: '1h' } },
      ],
      messages: [
        { role: 'user', content: 'hi' },
        { role: 'system', content: [{ type: 'text', text: 'The date changed.' }] },
        { role: 'user', content: 'and now?' },
      ],
    });
    expect(neutral.chat.messages).toEqual([
      { role: 'system', content: "You are Claude Code, Anthropic's official CLI for Claude.\n\nBe terse." },
      { role: 'user', content: 'hi' },
      { role: 'system', content: 'The date changed.' },
      { role: 'user', content: 'and now?' },
    ]);
    expect(neutral.droppedFields).toEqual(['system.1.cache_control']);
    expect(decode({ system: 'Plain.' }).chat.messages[0]).toEqual({ role: 'system', content: 'Plain.' });
  });

  it('turns text, images and documents into content parts', () => {
    const neutral = decode({
      messages: [
        {
          role: 'user',
          content: [
            { type: 'image', source: { type: 'base64', media_type: 'image/jpeg', data: '/9j/4AAQSkZJRg==' } },
            { type: 'image', source: { type: 'url', url: 'https://upload.wikimedia.org/a.jpg' } },
            { type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'The grass is green.' }, title: 'Facts' },
            { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: 'JVBERi0x' } },
            { type: 'document', source: { type: 'url', url: 'https://example.com/a.pdf' } },
            { type: 'text', text: 'Describe these.', cache_control: { type: 'ephemeral' } },
          ],
        },
      ],
    });
    expect(neutral.chat.messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'image_url', image_url: { url: 'data:image/jpeg;base64,/9j/4AAQSkZJRg==' } },
          { type: 'image_url', image_url: { url: 'https://upload.wikimedia.org/a.jpg' } },
          { type: 'text', text: 'Facts\n\nThe grass is green.' },
          { type: 'file', file: { filename: 'document.pdf', file_data: 'data:application/pdf;base64,JVBERi0x' } },
          { type: 'text', text: 'Describe these.' },
        ],
      },
    ]);
    expect(neutral.droppedFields).toEqual(['messages.0.content.4', 'messages.0.content.5.cache_control']);
  });

  it('replays a tool use round trip as assistant tool_calls and tool messages before the remaining text', () => {
    const neutral = decode({
      tools: [
        {
          name: 'get_weather',
          description: 'Get the current weather in a given location',
          input_schema: {
            $schema: 'http://json-schema.org/draft-07/schema#',
            type: 'object',
            properties: { location: { type: 'string' } },
            required: ['location'],
          },
        },
      ],
      messages: [
        { role: 'user', content: 'What is the weather like in San Francisco?' },
        {
          role: 'assistant',
          content: [
            { type: 'thinking', thinking: 'I should call get_weather.', signature: 'EqQBCgIYAh' },
            { type: 'text', text: "I'll check." },
            {
              type: 'tool_use',
              id: 'toolu_01A09q90qw90lq917835lq9',
              name: 'get_weather',
              input: { location: 'San Francisco, CA' },
            },
            { type: 'tool_use', id: 'toolu_02', name: 'get_weather', input: { location: 'Oakland, CA' } },
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Both done.' },
            { type: 'tool_result', tool_use_id: 'toolu_01A09q90qw90lq917835lq9', content: '15 degrees' },
            { type: 'tool_result', tool_use_id: 'toolu_02', content: [{ type: 'text', text: 'City not found' }], is_error: true },
          ],
        },
      ],
    });
    expect(neutral.chat.tools).toEqual([
      {
        type: 'function',
        function: {
          name: 'get_weather',
          description: 'Get the current weather in a given location',
          parameters: { type: 'object', properties: { location: { type: 'string' } }, required: ['location'] },
        },
      },
    ]);
    expect(neutral.chat.messages.slice(1)).toEqual([
      {
        role: 'assistant',
        content: "I'll check.",
        reasoning_content: 'I should call get_weather.',
        tool_calls: [
          {
            id: 'toolu_01A09q90qw90lq917835lq9',
            type: 'function',
            function: { name: 'get_weather', arguments: '{"location":"San Francisco, CA"}' },
          },
          { id: 'toolu_02', type: 'function', function: { name: 'get_weather', arguments: '{"location":"Oakland, CA"}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'toolu_01A09q90qw90lq917835lq9', content: '15 degrees' },
      { role: 'tool', tool_call_id: 'toolu_02', content: 'Error: City not found' },
      { role: 'user', content: 'Both done.' },
    ]);
    expect(neutral.droppedFields).toEqual(['messages.1.content.0.signature']);
  });

  it('gives assistant turns with only tool calls null content, and carries images of tool results into the user message', () => {
    const neutral = decode({
      messages: [
        { role: 'user', content: 'Read the screenshot.' },
        {
          role: 'assistant',
          content: [
            { type: 'thinking', thinking: 'Use Read.', signature: UNSIGNED_THINKING_SIGNATURE },
            { type: 'tool_use', id: 'call_1', name: 'Read', input: { file_path: '/tmp/a.png' } },
          ],
        },
        {
          role: 'user',
          content: [
            {
              type: 'tool_result',
              tool_use_id: 'call_1',
              content: [{ type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } }],
            },
          ],
        },
      ],
    });
    expect(neutral.chat.messages.slice(1)).toEqual([
      {
        role: 'assistant',
        content: null,
        reasoning_content: 'Use Read.',
        tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'Read', arguments: '{"file_path":"/tmp/a.png"}' } }],
      },
      { role: 'tool', tool_call_id: 'call_1', content: '' },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Attachments of the result of tool call call_1:' },
          { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
        ],
      },
    ]);
    // Our own unsigned marker is no loss, so it is not named.
    expect(neutral.droppedFields).toEqual([]);
  });

  it('names what a translated provider cannot take, with its path', () => {
    const neutral = decode({
      context_management: { edits: [{ type: 'clear_tool_uses_20250919' }] },
      service_tier: 'auto',
      container: 'container_1',
      tools: [
        { name: 'Bash', input_schema: { type: 'object' }, cache_control: { type: 'ephemeral' } },
        { type: 'web_search_20250305', name: 'web_search', max_uses: 5 },
      ],
      messages: [
        { role: 'user', content: 'q' },
        {
          role: 'assistant',
          content: [
            { type: 'redacted_thinking', data: 'EmwKAhgB' },
            { type: 'server_tool_use', id: 'srvtoolu_1', name: 'web_search', input: { query: 'q' } },
            { type: 'web_search_tool_result', tool_use_id: 'srvtoolu_1', content: [] },
            { type: 'text', text: 'Found it.', citations: [{ type: 'web_search_result_location' }] },
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'thanks' },
            { type: 'search_result', source: 'x' },
          ],
        },
      ],
    });
    expect(neutral.droppedFields).toEqual([
      'messages.1.content.0 (redacted_thinking)',
      'messages.1.content.1 (server_tool_use)',
      'messages.1.content.2 (web_search_tool_result)',
      'messages.1.content.3.citations',
      'messages.2.content.1 (search_result)',
      'tools.0.cache_control',
      'tools.1 (web_search_20250305)',
      'context_management',
      'service_tier',
      'container',
    ]);
    expect(neutral.chat.tools?.map((tool) => tool.function.name)).toEqual(['Bash']);
    expect(neutral.chat.messages[1]).toEqual({ role: 'assistant', content: 'Found it.' });
    expect(neutral.chat.messages[2]).toEqual({ role: 'user', content: 'thanks' });
  });

  it('maps tool_choice, parallel tool use included', () => {
    const tools = [{ name: 'get_weather', input_schema: { type: 'object' } }];
    expect(decode({ tools, tool_choice: { type: 'auto' } }).chat.tool_choice).toBe('auto');
    expect(decode({ tools, tool_choice: { type: 'any' } }).chat.tool_choice).toBe('required');
    expect(decode({ tools, tool_choice: { type: 'none' } }).chat.tool_choice).toBe('none');
    const forced = decode({ tools, tool_choice: { type: 'tool', name: 'get_weather', disable_parallel_tool_use: true } });
    expect(forced.chat.tool_choice).toEqual({ type: 'function', function: { name: 'get_weather' } });
    expect(forced.chat.parallel_tool_calls).toBe(false);
    expect(decode({ tools }).chat.parallel_tool_calls).toBeUndefined();
  });

  it('refuses with a 400 naming tool_choice when it forces a tool only Anthropic can run', () => {
    const tools = [{ type: 'web_search_20250305', name: 'web_search' }];
    const refusal = (fields: Partial<AnthropicMessagesRequest>) => {
      try {
        decode(fields);
      } catch (error) {
        return error as GatewayError;
      }
      throw new Error('expected a refusal');
    };
    expect(refusal({ tools, tool_choice: { type: 'tool', name: 'web_search' } })).toMatchObject({
      status: 400,
      param: 'tool_choice.name',
    });
    expect(refusal({ tools, tool_choice: { type: 'any' } })).toMatchObject({ status: 400, param: 'tool_choice' });
    expect(refusal({ tools, tool_choice: { type: 'any' } })).toBeInstanceOf(GatewayError);
    // Not forced: the server tool is only named as dropped.
    expect(decode({ tools, tool_choice: { type: 'auto' } }).chat.tool_choice).toBeUndefined();
  });

  it('derives reasoning from thinking and output_config.effort', () => {
    expect(decode({ thinking: { type: 'enabled', budget_tokens: 4000 } }).reasoning).toEqual({
      enabled: true,
      budgetTokens: 4000,
      effort: 'low',
    });
    expect(decode({ thinking: { type: 'enabled', budget_tokens: 10000 } }).reasoning?.effort).toBe('medium');
    expect(decode({ thinking: { type: 'enabled', budget_tokens: 31999 } }).reasoning?.effort).toBe('high');
    expect(decode({ thinking: { type: 'adaptive' } }).reasoning).toEqual({ enabled: true, effort: 'medium' });
    expect(decode({ thinking: { type: 'adaptive' }, output_config: { effort: 'low' } }).reasoning).toEqual({
      enabled: true,
      effort: 'low',
    });
    expect(decode({ thinking: { type: 'adaptive' }, output_config: { effort: 'max' } }).reasoning?.effort).toBe('high');
    expect(decode({ thinking: { type: 'disabled' } }).reasoning).toEqual({ enabled: false });
    expect(decode({}).reasoning).toBeUndefined();
    expect(decode({ output_config: { effort: 'high' } }).droppedFields).toEqual(['output_config.effort']);
  });

  it('carries native structured output as a JSON schema response format', () => {
    const schema = { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] };
    expect(decode({ output_config: { format: { type: 'json_schema', schema } } }).chat.response_format).toEqual({
      type: 'json_schema',
      json_schema: { name: 'response', schema, strict: true },
    });
  });

  it('decodes a conversation of several hundred KB in a few milliseconds', () => {
    const messages: AnthropicMessagesRequest['messages'] = [];
    for (let turn = 0; turn < 300; turn++) {
      messages.push({
        role: 'assistant',
        content: [{ type: 'tool_use', id: `t${turn}`, name: 'Read', input: { file_path: '/a' } }],
      });
      messages.push({ role: 'user', content: [{ type: 'tool_result', tool_use_id: `t${turn}`, content: 'x'.repeat(1500) }] });
    }
    const body = request({ messages: [{ role: 'user', content: 'start' }, ...messages] });
    expect(JSON.stringify(body).length).toBeGreaterThan(400_000);
    const started = performance.now();
    for (let round = 0; round < 20; round++) decodeMessagesRequest(body, {});
    expect((performance.now() - started) / 20).toBeLessThan(20);
    expect(decodeMessagesRequest(body, {}).chat.messages).toHaveLength(601);
  });
});
