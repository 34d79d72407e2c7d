import { describe, expect, it } from 'vitest';
import { clientRequestIdFrom, newRequestId } from './request-id';

describe('request ids', () => {
  it('the gateway makes its own, different every time', () => {
    const ids = new Set(Array.from({ length: 500 }, () => newRequestId()));
    expect(ids.size).toBe(500);
    for (const id of ids) expect(id).toMatch(/^req_[0-9A-Za-z]{20}$/);
  });

  it("keeps a client's sane id to echo and store, and ignores anything else", () => {
    expect(clientRequestIdFrom('trace-42:a.b_c')).toBe('trace-42:a.b_c');
    expect(clientRequestIdFrom(undefined)).toBeUndefined();
    expect(clientRequestIdFrom('')).toBeUndefined();
    expect(clientRequestIdFrom('has space')).toBeUndefined();
    expect(clientRequestIdFrom('x'.repeat(129))).toBeUndefined();
    expect(clientRequestIdFrom(['a', 'b'])).toBeUndefined();
  });
});
