import { describe, expect, it } from 'vitest';
import { mapGeminiFinishReason } from './map-gemini-finish-reason';

describe('mapGeminiFinishReason', () => {
  it('maps STOP to stop, or tool_calls when the candidate called a function', () => {
    expect(mapGeminiFinishReason('STOP', false)).toBe('stop');
    expect(mapGeminiFinishReason('STOP', true)).toBe('tool-calls');
  });

  it('maps MAX_TOKENS to length, even after a function call', () => {
    expect(mapGeminiFinishReason('MAX_TOKENS', false)).toBe('length');
    expect(mapGeminiFinishReason('MAX_TOKENS', true)).toBe('length');
  });

  it('maps every policy stop to content_filter', () => {
    for (const reason of ['SAFETY', 'RECITATION', 'BLOCKLIST', 'PROHIBITED_CONTENT', 'SPII', 'IMAGE_SAFETY']) {
      expect(mapGeminiFinishReason(reason, false)).toBe('content-filter');
    }
  });

  it('maps a missing reason to stop, and other and unknown reasons to other', () => {
    expect(mapGeminiFinishReason(undefined, false)).toBe('stop');
    for (const reason of ['OTHER', 'LANGUAGE', 'MALFORMED_FUNCTION_CALL', 'FINISH_REASON_UNSPECIFIED', 'SOMETHING_NEW']) {
      expect(mapGeminiFinishReason(reason, false)).toBe('other');
    }
  });
});
