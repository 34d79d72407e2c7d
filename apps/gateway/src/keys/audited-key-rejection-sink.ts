import type { Database } from '@switchboard/db';
import { newId } from '@switchboard/protocol';
import { type KeyWrapper, ProviderKeyStore } from '@switchboard/vault';
import { inTransaction } from '../admin/in-transaction';
import { recordAudit } from '../admin/record-audit';
import type { KeyRejectionSink } from './vault-key-source';

/**
 * The vault store as the key source's sink, with the audit row an admin's own disable gets:
 * a key the gateway disables after a refused probe shows who (actor `gateway`) and why.
 */
export function auditedKeyRejectionSink(db: Database, wrapper: KeyWrapper): KeyRejectionSink {
  const store = new ProviderKeyStore(db, wrapper);
  return {
    markUsed: (keyIds, at) => store.markUsed(keyIds, at),
    disableAfterUpstreamRejection: (providerId, keyId, reason) =>
      inTransaction(db, async (transaction) => {
        const changed = await new ProviderKeyStore(transaction, wrapper).disableAfterUpstreamRejection(providerId, keyId, reason);
        if (changed)
          await recordAudit(transaction, {
            actor: 'gateway',
            action: 'provider_key.disable',
            targetType: 'provider_key',
            targetId: keyId,
            requestId: newId('req'),
            details: { providerId, reason, cause: 'probe_refused' },
          });
        return changed;
      }),
  };
}
