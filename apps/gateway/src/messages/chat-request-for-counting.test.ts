import { describe, expect, it } from 'vitest';
import { chatRequestForCounting } from './chat-request-for-counting';

describe('chatRequestForCounting', () => {
  it('carries system prompts, text, images, tool calls, tool results and tool definitions', () => {
    const request = chatRequestForCounting({
      model: 'gemini-2.5-flash',
      system: [{ type: 'text', text: 'You are Claude Code.' }],
      messages: [
        { role: 'system', content: 'Mid-conversation note.' },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is in it?' },
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } },
          ],
        },
        {
          role: 'assistant',
          content: [
            { type: 'thinking', thinking: 'hidden', signature: 'sig' },
            { type: 'text', text: 'Let me look.' },
            { type: 'tool_use', id: 'toolu_1', name: 'Read', input: { path: 'a.png' } },
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 'toolu_1', content: [{ type: 'text', text: 'a cat' }] },
            { type: 'text', text: 'And now?' },
          ],
        },
      ],
      tools: [
        { name: 'Read', description: 'Reads a file', input_schema: { type: 'object', properties: {} } },
        { type: 'web_search_20250305', name: 'web_search' },
      ],
    });
    expect(request).toEqual({
      model: 'gemini-2.5-flash',
      messages: [
        { role: 'system', content: 'You are Claude Code.' },
        { role: 'system', content: 'Mid-conversation note.' },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is in it?' },
            { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
          ],
        },
        {
          role: 'assistant',
          content: 'Let me look.',
          tool_calls: [{ id: 'toolu_1', type: 'function', function: { name: 'Read', arguments: '{"path":"a.png"}' } }],
        },
        { role: 'tool', tool_call_id: 'toolu_1', content: 'a cat' },
        { role: 'user', content: [{ type: 'text', text: 'And now?' }] },
      ],
      tools: [
        {
          type: 'function',
          function: { name: 'Read', description: 'Reads a file', parameters: { type: 'object', properties: {} } },
        },
      ],
    });
  });
});
