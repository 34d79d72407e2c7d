import type { ProviderKeyStatus } from '@switchboard/db';

/**
 * What can happen to a provider key, and from which statuses it may happen (DESIGN.md contract
 * 6). Every status change the store makes goes through this table, as one conditional UPDATE, so
 * two instances racing on the same key cannot both win and an admin's decision is never
 * overwritten by the gateway's own evidence.
 */
export const providerKeyTransitions = {
  /** The provider answered 401 to live traffic: a probe is queued. */
  upstreamRefused: { from: ['active'], to: 'suspect' },
  /** The provider answered 402: the account behind the key has no credit. */
  upstreamOutOfCredit: { from: ['active', 'suspect'], to: 'out_of_credit' },
  /** A probe (models list, or one-token completion for credit) passed. */
  probeAccepted: { from: ['suspect', 'out_of_credit'], to: 'active' },
  /** A probe was answered 401: the key itself is refused. */
  probeRefused: { from: ['suspect', 'out_of_credit'], to: 'disabled' },
  /** A probe of a suspect key was answered 402. */
  probeOutOfCredit: { from: ['suspect'], to: 'out_of_credit' },
  /** The provider's base URL origin changed through the admin API. */
  originChanged: { from: ['active', 'suspect', 'out_of_credit', 'disabled', 'undecryptable'], to: 'needs_confirmation' },
  /** An admin with the `keys` permission confirmed the key for the provider's new origin. */
  confirmed: { from: ['needs_confirmation'], to: 'active' },
  /** The row did not decrypt when an instance loaded it. */
  decryptionFailed: { from: ['active', 'suspect', 'out_of_credit'], to: 'undecryptable' },
  /**
   * An admin enables a key. Not from needs_confirmation (that takes the audited confirmation) nor
   * from revoked (final).
   */
  enabled: { from: ['active', 'suspect', 'out_of_credit', 'disabled', 'undecryptable'], to: 'active' },
  /** An admin disables a key; a key waiting on confirmation is confirmed or revoked instead. */
  disabled: { from: ['active', 'suspect', 'out_of_credit', 'disabled', 'undecryptable'], to: 'disabled' },
  revoked: {
    from: ['active', 'suspect', 'out_of_credit', 'needs_confirmation', 'undecryptable', 'disabled'],
    to: 'revoked',
  },
} as const satisfies Record<string, { from: readonly ProviderKeyStatus[]; to: ProviderKeyStatus }>;

export type ProviderKeyEvent = keyof typeof providerKeyTransitions;

/** The status `event` moves a key in `status` to, or undefined when the event does not apply there. */
export function nextProviderKeyStatus(status: ProviderKeyStatus, event: ProviderKeyEvent): ProviderKeyStatus | undefined {
  const transition = providerKeyTransitions[event];
  return (transition.from as readonly ProviderKeyStatus[]).includes(status) ? transition.to : undefined;
}

/** The statuses whose secrets an instance decrypts: the ones that serve, or that a probe may restore. */
export const loadedProviderKeyStatuses = ['active', 'suspect', 'out_of_credit'] as const satisfies readonly ProviderKeyStatus[];
export type LoadedProviderKeyStatus = (typeof loadedProviderKeyStatuses)[number];

/** The statuses waiting on a probe, re-probed on a schedule. */
export const probedProviderKeyStatuses = ['suspect', 'out_of_credit'] as const satisfies readonly ProviderKeyStatus[];
