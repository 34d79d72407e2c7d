import type { ChangeTopic } from '../changes/change-bus';
import { recordChange } from '../changes/record-change';
import type { AdminContext } from './admin-context';
import { inTransaction } from './in-transaction';

/**
 * inTransaction for a change other instances must apply: the change-feed rows for `topics` commit
 * with the change and its audit entry, then every instance is told (best effort, never an error
 * after the commit: the feed carries the change if the notice is lost).
 */
export async function inChangeTransaction<Result>(
  admin: AdminContext,
  topics: readonly ChangeTopic[],
  entityId: string,
  work: Parameters<typeof inTransaction<Result>>[1],
): Promise<Result> {
  let sequence = 0;
  const result = await inTransaction(admin.db, async (transaction) => {
    const value = await work(transaction);
    for (const topic of topics) sequence = await recordChange(transaction, topic, entityId);
    return value;
  });
  await admin.changes.announce(sequence);
  return result;
}
