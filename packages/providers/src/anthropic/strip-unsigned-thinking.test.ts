import { UNSIGNED_THINKING_SIGNATURE } from '@switchboard/protocol';
import { describe, expect, it } from 'vitest';
import { stripUnsignedThinking } from './strip-unsigned-thinking';

describe('stripUnsignedThinking', () => {
  it("removes only the thinking blocks the gateway signed with its marker, keeping Anthropic's own", () => {
    const native = {
      headers: {},
      body: {
        model: 'claude-sonnet-4-5',
        messages: [
          { role: 'user', content: 'Hi' },
          {
            role: 'assistant',
            content: [
              { type: 'thinking', thinking: 'from DeepSeek', signature: UNSIGNED_THINKING_SIGNATURE },
              { type: 'thinking', thinking: 'from Claude', signature: 'EqQBCgIYAhIM' },
              { type: 'text', text: 'Hello' },
            ],
          },
        ],
      },
    };
    const stripped = stripUnsignedThinking(native);
    expect((stripped.body.messages as { content: unknown }[])[1]!.content).toEqual([
      { type: 'thinking', thinking: 'from Claude', signature: 'EqQBCgIYAhIM' },
      { type: 'text', text: 'Hello' },
    ]);
    // The client's own body is never edited in place.
    expect((native.body.messages[1]!.content as unknown[]).length).toBe(3);
  });

  it('returns the same request when nothing carries the marker', () => {
    const native = { headers: {}, body: { messages: [{ role: 'assistant', content: [{ type: 'text', text: 'x' }] }] } };
    expect(stripUnsignedThinking(native)).toBe(native);
  });
});
