import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signWebhook } from './sign-webhook';

describe('signWebhook', () => {
  it('is t=<seconds>,v1=<hex HMAC-SHA256 of "t.body">, so the timestamp is covered', () => {
    const body = '{"id":"alf_1"}';
    const signature = signWebhook('whsec_x', body, 1_800_000_000);
    const mac = createHmac('sha256', 'whsec_x').update(`1800000000.${body}`).digest('hex');
    expect(signature).toBe(`t=1800000000,v1=${mac}`);
    expect(signWebhook('whsec_x', body, 1_800_000_001)).not.toBe(signature);
  });
});
