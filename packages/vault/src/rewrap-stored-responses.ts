import { type Database, storedResponses } from '@switchboard/db';
import { and, asc, eq, gt, ne } from 'drizzle-orm';
import type { KeyWrapper } from './key-wrapper';
import type { RewrapResult } from './rewrap-provider-keys';
import { storedResponseWrapContext } from './stored-response-wrap-context';
import { VaultError } from './vault-error';

// Stored responses can be many: read and rewritten a page at a time, never all at once.
const pageSize = 500;

/**
 * KEK rotation for the stored Responses API answers: each live row's data key is unwrapped and
 * wrapped again under the current KEK; the sealed body (ciphertext, nonce, tag) is not read, so
 * no response is decrypted. Every KEK still in use is checked first, so a missing one fails the
 * run before a row changes. Expired rows are left to the retention job. A row is written only if
 * it still holds the wrap that was read (a row deleted meanwhile is simply gone).
 */
export async function rewrapStoredResponses(db: Database, wrapper: KeyWrapper, now = new Date()): Promise<RewrapResult> {
  const behind = and(ne(storedResponses.kekId, wrapper.currentKekId), gt(storedResponses.expiresAt, now));
  const kekIds = await db.selectDistinct({ kekId: storedResponses.kekId }).from(storedResponses).where(behind);
  for (const { kekId } of kekIds) {
    if (!wrapper.canUnwrap(kekId)) {
      throw new VaultError(
        'kek_not_loaded',
        `stored responses are sealed with KEK "${kekId}", which is not loaded (with the environment KEK: add it to VAULT_KEK after the current one)`,
      );
    }
  }

  let moved = 0;
  let after = '';
  for (;;) {
    const rows = await db
      .select({
        id: storedResponses.id,
        ownerKeyId: storedResponses.ownerKeyId,
        wrappedDek: storedResponses.wrappedDek,
        kekId: storedResponses.kekId,
      })
      .from(storedResponses)
      .where(and(behind, gt(storedResponses.id, after)))
      .orderBy(asc(storedResponses.id))
      .limit(pageSize);
    for (const row of rows) {
      const context = storedResponseWrapContext(row.id, row.ownerKeyId);
      const dataKey = await wrapper.unwrap(row.wrappedDek, row.kekId, context);
      let wrapped: Awaited<ReturnType<KeyWrapper['wrap']>>;
      try {
        wrapped = await wrapper.wrap(dataKey, context);
      } finally {
        dataKey.fill(0);
      }
      const updated = await db
        .update(storedResponses)
        .set({ wrappedDek: wrapped.wrappedDek, kekId: wrapped.kekId })
        .where(
          and(
            eq(storedResponses.id, row.id),
            eq(storedResponses.kekId, row.kekId),
            eq(storedResponses.wrappedDek, row.wrappedDek),
          ),
        )
        .returning({ id: storedResponses.id });
      moved += updated.length;
    }
    if (rows.length < pageSize) break;
    after = rows[rows.length - 1]!.id;
  }
  // Rows now under the current KEK that this run did not move were there already.
  const current = await db.$count(storedResponses, eq(storedResponses.kekId, wrapper.currentKekId));
  return { moved, unchanged: Math.max(0, current - moved) };
}
