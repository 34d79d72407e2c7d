import { type ChatMessage, GatewayError } from '@switchboard/protocol';
import { describe, expect, it } from 'vitest';
import { convertToGeminiContents, SKIP_THOUGHT_SIGNATURE } from './convert-to-gemini-contents';

const unsigned = { signFunctionCalls: false };

describe('convertToGeminiContents', () => {
  it('hoists system and developer messages into systemInstruction', () => {
    const result = convertToGeminiContents(
      [
        { role: 'system', content: 'Be brief.' },
        { role: 'developer', content: [{ type: 'text', text: 'Use metric units.' }] },
        { role: 'user', content: 'Hi' },
      ],
      unsigned,
    );
    expect(result.systemInstruction).toEqual({ parts: [{ text: 'Be brief.' }, { text: 'Use metric units.' }] });
    expect(result.contents).toEqual([{ role: 'user', parts: [{ text: 'Hi' }] }]);
  });

  it('omits systemInstruction when there is none', () => {
    expect(convertToGeminiContents([{ role: 'user', content: 'Hi' }], unsigned).systemInstruction).toBeUndefined();
  });

  it('maps assistant to model and merges neighbouring turns of one role', () => {
    const result = convertToGeminiContents(
      [
        { role: 'user', content: 'One' },
        { role: 'user', content: 'Two' },
        { role: 'assistant', content: 'Three' },
        { role: 'assistant', content: [{ type: 'text', text: 'Four' }] },
        { role: 'user', content: 'Five' },
      ],
      unsigned,
    );
    expect(result.contents).toEqual([
      { role: 'user', parts: [{ text: 'One' }, { text: 'Two' }] },
      { role: 'model', parts: [{ text: 'Three' }, { text: 'Four' }] },
      { role: 'user', parts: [{ text: 'Five' }] },
    ]);
  });

  it('turns data: URLs into inlineData and http URLs into fileData with a guessed MIME type', () => {
    const result = convertToGeminiContents(
      [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Compare these' },
            { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
            { type: 'image_url', image_url: { url: 'https://example.com/photos/cat.WEBP?size=large' } },
            { type: 'image_url', image_url: { url: 'https://example.com/render', detail: 'high' } },
          ],
        },
      ],
      unsigned,
    );
    expect(result.contents[0]?.parts).toEqual([
      { text: 'Compare these' },
      { inlineData: { mimeType: 'image/png', data: 'iVBORw0KGgo=' } },
      { fileData: { fileUri: 'https://example.com/photos/cat.WEBP?size=large', mimeType: 'image/webp' } },
      { fileData: { fileUri: 'https://example.com/render', mimeType: 'image/jpeg' } },
    ]);
  });

  it('re-encodes a percent-encoded data: URL as base64', () => {
    const result = convertToGeminiContents(
      [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'data:image/svg+xml,%3Csvg%2F%3E' } }] }],
      unsigned,
    );
    expect(result.contents[0]?.parts[0]).toEqual({
      inlineData: { mimeType: 'image/svg+xml', data: Buffer.from('<svg/>').toString('base64') },
    });
  });

  it('accepts audio and inline files, and refuses parts Gemini cannot take', () => {
    const result = convertToGeminiContents(
      [
        {
          role: 'user',
          content: [
            { type: 'input_audio', input_audio: { data: 'UklGRg==', format: 'mp3' } },
            { type: 'file', file: { filename: 'a.pdf', file_data: 'data:application/pdf;base64,JVBERi0=' } },
          ],
        },
      ],
      unsigned,
    );
    expect(result.contents[0]?.parts).toEqual([
      { inlineData: { mimeType: 'audio/mp3', data: 'UklGRg==' } },
      { inlineData: { mimeType: 'application/pdf', data: 'JVBERi0=' } },
    ]);
    expect(() =>
      convertToGeminiContents([{ role: 'user', content: [{ type: 'file', file: { file_id: 'file-123' } }] }], unsigned),
    ).toThrow(GatewayError);
    expect(() => convertToGeminiContents([{ role: 'user', content: [{ type: 'video_url', url: 'x' }] }], unsigned)).toThrow(
      /video_url/,
    );
    expect(() =>
      convertToGeminiContents(
        [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'ftp://host/a.png' } }] }],
        unsigned,
      ),
    ).toThrow(GatewayError);
  });

  it('converts tool calls to functionCall parts and tool results to functionResponse parts', () => {
    const messages: ChatMessage[] = [
      { role: 'user', content: 'Weather in Paris and London?' },
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          { id: 'call_a', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
          { id: 'call_b', type: 'function', function: { name: 'get_forecast', arguments: '' } },
        ],
      },
      { role: 'tool', tool_call_id: 'call_a', content: '{"temperature":21}' },
      { role: 'tool', tool_call_id: 'call_b', content: 'sunny all week' },
      { role: 'user', content: 'Thanks' },
    ];
    expect(convertToGeminiContents(messages, unsigned).contents).toEqual([
      { role: 'user', parts: [{ text: 'Weather in Paris and London?' }] },
      {
        role: 'model',
        parts: [
          { functionCall: { name: 'get_weather', args: { city: 'Paris' } } },
          { functionCall: { name: 'get_forecast', args: {} } },
        ],
      },
      {
        role: 'user',
        parts: [
          { functionResponse: { name: 'get_weather', response: { temperature: 21 } } },
          { functionResponse: { name: 'get_forecast', response: { result: 'sunny all week' } } },
          { text: 'Thanks' },
        ],
      },
    ]);
  });

  it('wraps JSON results that are not objects', () => {
    const messages: ChatMessage[] = [
      { role: 'assistant', tool_calls: [{ id: 'c1', type: 'function', function: { name: 'list', arguments: '{}' } }] },
      { role: 'tool', tool_call_id: 'c1', content: [{ type: 'text', text: '[1,2,3]' }] },
    ];
    expect(convertToGeminiContents(messages, unsigned).contents[1]?.parts).toEqual([
      { functionResponse: { name: 'list', response: { result: [1, 2, 3] } } },
    ]);
  });

  it('refuses a tool result for an unknown call id and tool arguments that are not a JSON object', () => {
    expect(() => convertToGeminiContents([{ role: 'tool', tool_call_id: 'missing', content: 'x' }], unsigned)).toThrow(
      /unknown tool_call_id 'missing'/,
    );
    expect(() =>
      convertToGeminiContents(
        [{ role: 'assistant', tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: '{oops' } }] }],
        unsigned,
      ),
    ).toThrow(/not valid JSON/);
    expect(() =>
      convertToGeminiContents(
        [{ role: 'assistant', tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: '[1]' } }] }],
        unsigned,
      ),
    ).toThrow(/must be a JSON object/);
  });

  it('uses the name on a legacy function message', () => {
    const result = convertToGeminiContents([{ role: 'function', name: 'lookup', content: '{"found":true}' }], unsigned);
    expect(result.contents[0]?.parts).toEqual([{ functionResponse: { name: 'lookup', response: { found: true } } }]);
  });

  it('signs the first function call of each replayed turn when asked', () => {
    const call = (id: string) => ({ id, type: 'function' as const, function: { name: 'f', arguments: '{}' } });
    const messages: ChatMessage[] = [
      { role: 'assistant', tool_calls: [call('a'), call('b')] },
      { role: 'tool', tool_call_id: 'a', content: '1' },
      { role: 'tool', tool_call_id: 'b', content: '2' },
      { role: 'assistant', tool_calls: [call('c')] },
    ];
    const signed = convertToGeminiContents(messages, { signFunctionCalls: true }).contents;
    expect(signed[0]?.parts.map((part) => part.thoughtSignature)).toEqual([SKIP_THOUGHT_SIGNATURE, undefined]);
    expect(signed[2]?.parts[0]?.thoughtSignature).toBe(SKIP_THOUGHT_SIGNATURE);
    const plain = convertToGeminiContents(messages, unsigned).contents;
    expect(plain.flatMap((content) => content.parts).some((part) => part.thoughtSignature)).toBe(false);
  });

  it('drops empty turns and refuses unknown roles', () => {
    const result = convertToGeminiContents(
      [
        { role: 'user', content: '' },
        { role: 'assistant', content: null },
        { role: 'user', content: 'Hi' },
      ],
      unsigned,
    );
    expect(result.contents).toEqual([{ role: 'user', parts: [{ text: 'Hi' }] }]);
    expect(() => convertToGeminiContents([{ role: 'robot' as ChatMessage['role'], content: 'x' }], unsigned)).toThrow(/robot/);
  });
});
