import { providerKeyStatuses } from '@switchboard/db';
import { describe, expect, it } from 'vitest';
import { nextProviderKeyStatus, type ProviderKeyEvent, providerKeyTransitions } from './provider-key-transitions';

describe('the provider-key state diagram', () => {
  it.each<[string, ProviderKeyEvent, string | undefined]>([
    // A 401 makes an active key suspect; a probe decides.
    ['active', 'upstreamRefused', 'suspect'],
    ['suspect', 'probeAccepted', 'active'],
    ['suspect', 'probeRefused', 'disabled'],
    ['suspect', 'probeOutOfCredit', 'out_of_credit'],
    // A 402 moves an active or suspect key out of credit; a passing probe restores it.
    ['active', 'upstreamOutOfCredit', 'out_of_credit'],
    ['suspect', 'upstreamOutOfCredit', 'out_of_credit'],
    ['out_of_credit', 'probeAccepted', 'active'],
    ['out_of_credit', 'probeRefused', 'disabled'],
    // The gateway's evidence never overrides an admin's decision.
    ['disabled', 'upstreamRefused', undefined],
    ['disabled', 'upstreamOutOfCredit', undefined],
    ['disabled', 'probeAccepted', undefined],
    ['needs_confirmation', 'upstreamRefused', undefined],
    ['needs_confirmation', 'probeAccepted', undefined],
    ['revoked', 'probeAccepted', undefined],
    // An origin change holds every usable key, an admin's confirmation alone releases it.
    ['active', 'originChanged', 'needs_confirmation'],
    ['disabled', 'originChanged', 'needs_confirmation'],
    ['revoked', 'originChanged', undefined],
    ['needs_confirmation', 'confirmed', 'active'],
    ['active', 'confirmed', undefined],
    ['needs_confirmation', 'enabled', undefined],
    ['needs_confirmation', 'disabled', undefined],
    ['needs_confirmation', 'revoked', 'revoked'],
    // A row that does not decrypt is marked from any loaded status, and an admin may retry it.
    ['active', 'decryptionFailed', 'undecryptable'],
    ['out_of_credit', 'decryptionFailed', 'undecryptable'],
    ['disabled', 'decryptionFailed', undefined],
    ['undecryptable', 'enabled', 'active'],
    // Revoked is final.
    ['revoked', 'enabled', undefined],
    ['revoked', 'disabled', undefined],
    ['revoked', 'revoked', undefined],
  ])('%s --%s--> %s', (from, event, to) => {
    expect(nextProviderKeyStatus(from as (typeof providerKeyStatuses)[number], event)).toBe(to);
  });

  it('names only statuses the database allows, and reaches every one of them', () => {
    const reached = new Set<string>(['active']);
    for (const { from, to } of Object.values(providerKeyTransitions)) {
      for (const status of from) expect(providerKeyStatuses).toContain(status);
      expect(providerKeyStatuses).toContain(to);
      reached.add(to);
    }
    expect([...reached].sort()).toEqual([...providerKeyStatuses].sort());
  });
});
