import type { Database } from '@switchboard/db';
import { newId } from '@switchboard/protocol';
import { type KeyWrapper, type ProviderKeyEvent, ProviderKeyStore } from '@switchboard/vault';
import { inTransaction } from '../admin/in-transaction';
import { recordAudit } from '../admin/record-audit';
import type { KeyStateStore } from './vault-key-source';

/** The audit action each gateway-made change is recorded as (an admin's own disable is `provider_key.disable` too). */
const AUDIT_ACTION: Partial<Record<ProviderKeyEvent, string>> = {
  upstreamRefused: 'provider_key.suspect',
  upstreamOutOfCredit: 'provider_key.out_of_credit',
  probeOutOfCredit: 'provider_key.out_of_credit',
  probeAccepted: 'provider_key.restore',
  probeRefused: 'provider_key.disable',
};

/**
 * The vault store as the key source's state store, each change with the audit row an admin's own
 * change gets: a key the gateway moves shows who (actor `gateway`), why and when.
 */
export function auditedKeyStateStore(db: Database, wrapper: KeyWrapper): KeyStateStore {
  const store = new ProviderKeyStore(db, wrapper);
  return {
    markUsed: (keyIds, at) => store.markUsed(keyIds, at),
    claimDueProbes: (now, next) => store.claimDueProbes(now, next),
    transition: (providerId, keyId, event, reason, nextProbeAt) =>
      inTransaction(db, async (transaction) => {
        const moved = await new ProviderKeyStore(transaction, wrapper).transition(providerId, keyId, event, reason, nextProbeAt);
        if (moved)
          await recordAudit(transaction, {
            actor: 'gateway',
            action: AUDIT_ACTION[event] ?? `provider_key.${moved.status}`,
            targetType: 'provider_key',
            targetId: keyId,
            requestId: newId('req'),
            details: { providerId, reason, event, status: moved.status },
          });
        return moved !== undefined;
      }),
  };
}
