import { describe, expect, it } from 'vitest';
import { clientTraceparent } from './client-traceparent';

describe('clientTraceparent', () => {
  it('keeps a well-formed traceparent and drops anything else', () => {
    const valid = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    expect(clientTraceparent(valid)).toBe(valid);
    expect(clientTraceparent(undefined)).toBeUndefined();
    expect(clientTraceparent([valid, valid])).toBeUndefined();
    expect(clientTraceparent('00-00000000000000000000000000000000-b7ad6b7169203331-01')).toBeUndefined();
    expect(clientTraceparent('00-0af7651916cd43dd8448eb211c80319c-0000000000000000-01')).toBeUndefined();
    expect(clientTraceparent('ff-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01')).toBeUndefined();
    expect(clientTraceparent('00-0AF7651916CD43DD8448EB211C80319C-b7ad6b7169203331-01')).toBeUndefined();
    expect(clientTraceparent(`${valid}\r\nx-injected: 1`)).toBeUndefined();
  });
});
