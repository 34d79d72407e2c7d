import { describe, expect, it } from 'vitest';
import { missingThinkingBlock } from './missing-thinking-block';

const thinking = { type: 'enabled', budget_tokens: 2048 };
const toolTurn = [
  { role: 'user', content: 'Weather?' },
  { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'weather', input: {} }] },
  { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'sunny' }] },
];

describe('missingThinkingBlock', () => {
  it('refuses a tool loop turn without its thinking block while thinking is on, naming the block', () => {
    expect(missingThinkingBlock({ thinking, messages: toolTurn })).toMatch(
      /^messages\.1\.content\.0\.type: Expected `thinking` or `redacted_thinking`, but found `tool_use`/,
    );
  });

  it('accepts the turn with its thinking block, without thinking, or once the loop ended in text', () => {
    const signed = structuredClone(toolTurn);
    (signed[1]!.content as unknown[]).unshift({ type: 'thinking', thinking: 'Look it up.', signature: 'sig' });
    expect(missingThinkingBlock({ thinking, messages: signed })).toBeUndefined();
    expect(missingThinkingBlock({ messages: toolTurn })).toBeUndefined();
    const ended = [
      ...toolTurn,
      { role: 'assistant', content: [{ type: 'text', text: 'Sunny.' }] },
      { role: 'user', content: 'Thanks' },
    ];
    expect(missingThinkingBlock({ thinking, messages: ended })).toBeUndefined();
  });
});
