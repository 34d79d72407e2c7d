import { describe, expect, it } from 'vitest';
import { toAnthropicStopReason } from './to-anthropic-stop-reason';

describe('toAnthropicStopReason', () => {
  it('maps every neutral finish reason', () => {
    const plain = { calledTools: false };
    expect(toAnthropicStopReason('stop', plain)).toBe('end_turn');
    expect(toAnthropicStopReason('length', plain)).toBe('max_tokens');
    expect(toAnthropicStopReason('tool-calls', plain)).toBe('tool_use');
    expect(toAnthropicStopReason('stop-sequence', plain)).toBe('stop_sequence');
    expect(toAnthropicStopReason('content-filter', plain)).toBe('refusal');
    expect(toAnthropicStopReason('refusal', plain)).toBe('refusal');
    expect(toAnthropicStopReason('pause', plain)).toBe('pause_turn');
    expect(toAnthropicStopReason('other', plain)).toBe('end_turn');
  });

  it('says tool_use when a provider stopped normally after calling tools, stop_sequence when it names one', () => {
    expect(toAnthropicStopReason('stop', { calledTools: true })).toBe('tool_use');
    expect(toAnthropicStopReason('stop', { calledTools: false, stopSequence: '\n\nHuman:' })).toBe('stop_sequence');
    expect(toAnthropicStopReason('length', { calledTools: true })).toBe('max_tokens');
  });
});
