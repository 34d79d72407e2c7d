import { GatewayError } from '@switchboard/protocol';
import { describe, expect, it } from 'vitest';
import { readCountTokensBody } from './count-tokens-body';

function refusal(value: unknown): GatewayError {
  try {
    readCountTokensBody(value);
  } catch (error) {
    if (error instanceof GatewayError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('readCountTokensBody', () => {
  it('accepts a Messages body with string and block content and keeps unknown fields', () => {
    const value = {
      model: 'claude-sonnet-4-5',
      system: 'Be brief.',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
      context_management: { edits: [] },
    };
    expect(readCountTokensBody(value)).toBe(value);
  });

  it('names the field that is wrong with a 400', () => {
    expect(refusal([]).status).toBe(400);
    expect(refusal({ messages: [] }).param).toBe('model');
    expect(refusal({ model: 'm' }).param).toBe('messages');
    expect(refusal({ model: 'm', messages: [{ role: 'user', content: [{ text: 'no type' }] }] }).param).toBe('messages.0');
    expect(refusal({ model: 'm', messages: [], system: 3 }).param).toBe('system');
    expect(refusal({ model: 'm', messages: [], tools: {} }).param).toBe('tools');
  });
});
