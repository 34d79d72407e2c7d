import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { anthropicErrorDetails } from './anthropic-error-details';

describe('anthropicErrorDetails', () => {
  it("reads Anthropic's error shape", () => {
    const body = readFileSync(new URL('./__fixtures__/error-invalid-request.json', import.meta.url), 'utf8');
    expect(anthropicErrorDetails(400, body)).toEqual({
      message: 'messages: roles must alternate between "user" and "assistant", but found multiple "user" roles in a row',
      type: 'invalid_request_error',
    });
  });

  it('gives the status text for an HTML page, without the page', () => {
    const details = anthropicErrorDetails(502, `<html><body>${'x'.repeat(5000)}</body></html>`);
    expect(details.message).toBe('Anthropic: upstream answered 502 Bad Gateway');
    expect(details.type).toBeUndefined();
  });

  it('reads a top-level message from gateways in front of Anthropic', () => {
    expect(anthropicErrorDetails(429, '{"message":"Too many requests"}')).toEqual({ message: 'Too many requests' });
  });

  it('falls back to the status for empty bodies and JSON without a message', () => {
    expect(anthropicErrorDetails(529, '').message).toBe('Anthropic: upstream answered 529 Unknown status');
    expect(anthropicErrorDetails(500, '{"error":{"type":"api_error"}}').message).toBe(
      'Anthropic: upstream answered 500 Internal Server Error',
    );
  });
});
