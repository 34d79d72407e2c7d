import { GatewayError } from '@switchboard/protocol';
import { describe, expect, it } from 'vitest';
import { convertToAnthropicMessages } from './convert-to-anthropic-messages';

describe('convertToAnthropicMessages', () => {
  it('lifts system and developer messages into one system prompt, in order', () => {
    const prompt = convertToAnthropicMessages([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Hi' },
      { role: 'developer', content: [{ type: 'text', text: 'Answer in French.' }] },
      { role: 'assistant', content: 'Salut' },
    ]);
    expect(prompt.system).toBe('Be brief.\n\nAnswer in French.');
    expect(prompt.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'Hi' }] },
      { role: 'assistant', content: [{ type: 'text', text: 'Salut' }] },
    ]);
  });

  it('leaves system out when there is none and keeps a multi-turn conversation alternating', () => {
    const prompt = convertToAnthropicMessages([
      { role: 'user', content: 'One' },
      { role: 'assistant', content: 'Two' },
      { role: 'user', content: 'Three' },
    ]);
    expect(prompt.system).toBeUndefined();
    expect(prompt.messages.map((message) => message.role)).toEqual(['user', 'assistant', 'user']);
  });

  it('merges neighbours of the same role, also across a system message between them', () => {
    const prompt = convertToAnthropicMessages([
      { role: 'user', content: 'First' },
      { role: 'system', content: 'Rule' },
      { role: 'user', content: [{ type: 'text', text: 'Second' }] },
      { role: 'assistant', content: 'A' },
      { role: 'assistant', content: 'B' },
    ]);
    expect(prompt.messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'First' },
          { type: 'text', text: 'Second' },
        ],
      },
      {
        role: 'assistant',
        content: [
          { type: 'text', text: 'A' },
          { type: 'text', text: 'B' },
        ],
      },
    ]);
  });

  it('drops empty text, which Anthropic rejects, and messages left with nothing', () => {
    const prompt = convertToAnthropicMessages([
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: '' },
      {
        role: 'user',
        content: [
          { type: 'text', text: '' },
          { type: 'text', text: 'again' },
        ],
      },
    ]);
    expect(prompt.messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Hi' },
          { type: 'text', text: 'again' },
        ],
      },
    ]);
  });

  it('turns data URLs into base64 image sources and http URLs into url sources', () => {
    const prompt = convertToAnthropicMessages([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Compare' },
          { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
          { type: 'image_url', image_url: { url: 'https://example.com/cat.jpg', detail: 'high' } },
        ],
      },
    ]);
    expect(prompt.messages[0]?.content).toEqual([
      { type: 'text', text: 'Compare' },
      { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } },
      { type: 'image', source: { type: 'url', url: 'https://example.com/cat.jpg' } },
    ]);
  });

  it('rejects images Anthropic cannot take as a 400 naming the part', () => {
    const attempt = (url: string) => () =>
      convertToAnthropicMessages([{ role: 'user', content: [{ type: 'image_url', image_url: { url } }] }]);
    expect(attempt('data:image/svg+xml,%3Csvg%3E')).toThrow(GatewayError);
    expect(attempt('ftp://example.com/cat.png')).toThrow(/http\(s\)/);
    expect(attempt('file:///etc/passwd')).toThrow(
      expect.objectContaining({ status: 400, param: 'messages[0].content[0].image_url.url' }),
    );
  });

  it('rejects content parts and roles it cannot express instead of dropping them', () => {
    expect(() =>
      convertToAnthropicMessages([
        { role: 'user', content: [{ type: 'input_audio', input_audio: { data: 'x', format: 'wav' } }] },
      ]),
    ).toThrow(/input_audio/);
    expect(() => convertToAnthropicMessages([{ role: 'function', name: 'f', content: '{}' }])).toThrow(/function/);
  });

  it('turns assistant tool calls into tool_use blocks with parsed input, after the text', () => {
    const prompt = convertToAnthropicMessages([
      { role: 'user', content: 'Weather in Paris and Rome?' },
      {
        role: 'assistant',
        content: 'Checking.',
        tool_calls: [
          { id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
          { id: 'functions.get_weather:1', type: 'function', function: { name: 'get_weather', arguments: '' } },
        ],
      },
    ]);
    expect(prompt.messages[1]).toEqual({
      role: 'assistant',
      content: [
        { type: 'text', text: 'Checking.' },
        { type: 'tool_use', id: 'call_1', name: 'get_weather', input: { city: 'Paris' } },
        // Ids from other providers are rewritten to the characters Anthropic allows.
        { type: 'tool_use', id: 'functions_get_weather_1', name: 'get_weather', input: {} },
      ],
    });
  });

  it('rejects tool call arguments that are not a JSON object', () => {
    const withArguments = (argumentsText: string) => () =>
      convertToAnthropicMessages([
        {
          role: 'assistant',
          content: null,
          tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'f', arguments: argumentsText } }],
        },
      ]);
    expect(withArguments('{"city":')).toThrow(/valid JSON/);
    expect(withArguments('[1,2]')).toThrow(/JSON object/);
  });

  it('puts consecutive tool results into one user message, before any user text that follows', () => {
    const prompt = convertToAnthropicMessages([
      { role: 'user', content: 'Weather?' },
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          { id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
          { id: 'functions.get_weather:1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Rome"}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'call_1', content: '18C' },
      { role: 'tool', tool_call_id: 'functions.get_weather:1', content: [{ type: 'text', text: '24C' }] },
      { role: 'user', content: 'And tomorrow?' },
    ]);
    expect(prompt.messages).toHaveLength(3);
    expect(prompt.messages[2]).toEqual({
      role: 'user',
      content: [
        { type: 'tool_result', tool_use_id: 'call_1', content: '18C' },
        { type: 'tool_result', tool_use_id: 'functions_get_weather_1', content: [{ type: 'text', text: '24C' }] },
        { type: 'text', text: 'And tomorrow?' },
      ],
    });
  });

  it('moves tool results ahead of user text that came before them in the same turn', () => {
    const prompt = convertToAnthropicMessages([
      {
        role: 'assistant',
        content: null,
        tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'f', arguments: '{}' } }],
      },
      { role: 'user', content: 'Note first' },
      { role: 'tool', tool_call_id: 'call_1', content: '' },
    ]);
    expect(prompt.messages[1]?.content).toEqual([
      { type: 'tool_result', tool_use_id: 'call_1' },
      { type: 'text', text: 'Note first' },
    ]);
  });

  it('requires tool_call_id on tool messages', () => {
    expect(() => convertToAnthropicMessages([{ role: 'tool', content: 'x' }])).toThrow(/tool_call_id/);
  });
});
