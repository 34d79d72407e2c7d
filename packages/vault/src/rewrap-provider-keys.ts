import { type Database, providerKeys } from '@switchboard/db';
import { and, asc, eq, sql } from 'drizzle-orm';
import type { KeyWrapper } from './key-wrapper';
import { ProviderKeyStoreError } from './provider-key-store-error';
import { rewrapSealedSecret } from './rewrap-sealed-secret';
import type { SealedSecret } from './sealed-secret';
import { sealedSecretFromRow } from './sealed-secret-from-row';
import { VaultError } from './vault-error';

export interface RewrapResult {
  /** Rows whose data key this run moved to the current KEK. */
  moved: number;
  /** Rows already under the current KEK. */
  unchanged: number;
}

// A row that keeps changing under a rotation run is being edited by someone; stop and say so.
const attemptsPerRow = 3;

const sealedRowColumns = {
  id: providerKeys.id,
  providerId: providerKeys.providerId,
  ciphertext: providerKeys.ciphertext,
  nonce: providerKeys.nonce,
  authTag: providerKeys.authTag,
  wrappedDek: providerKeys.wrappedDek,
  kekId: providerKeys.kekId,
  last4: providerKeys.last4,
};

type SealedRow = SealedSecret & { id: string; providerId: string };

/**
 * KEK rotation over the whole table: every row's data key is rewrapped under the wrapper's current
 * KEK; secrets are never decrypted. All-or-nothing up to the writes: every row's KEK is checked,
 * then every rewrap is computed, and only then are rows written, so a missing KEK or a tampered
 * row fails the run before anything changes. A run that fails during the writes (a lost
 * connection) leaves a mix of KEKs that both still unwrap; running again finishes the job.
 */
export async function rewrapProviderKeys(db: Database, wrapper: KeyWrapper): Promise<RewrapResult> {
  const rows = await db.select(sealedRowColumns).from(providerKeys).orderBy(asc(providerKeys.id));
  for (const row of rows) {
    if (row.kekId !== wrapper.currentKekId && !wrapper.canUnwrap(row.kekId)) throw VaultError.kekNotLoaded(row.id, row.kekId);
  }

  const pending: { row: SealedRow; rewrapped: SealedSecret }[] = [];
  let unchanged = 0;
  for (const row of rows) {
    const rewrapped = await rewrapRow(row, wrapper);
    if (rewrapped === 'unchanged') unchanged++;
    else pending.push({ row, rewrapped });
  }

  let moved = 0;
  for (const { row, rewrapped } of pending) {
    const outcome = await writeRewrapped(db, wrapper, row, rewrapped);
    if (outcome === 'moved') moved++;
    if (outcome === 'unchanged') unchanged++;
  }
  return { moved, unchanged };
}

function rewrapRow(row: SealedRow, wrapper: KeyWrapper): Promise<SealedSecret | 'unchanged'> {
  return rewrapSealedSecret(sealedSecretFromRow(row), { providerKeyId: row.id, providerId: row.providerId }, wrapper);
}

/**
 * Writes one row's new wrap only if the row still holds the data key that was rewrapped. Without
 * that guard, a secret rotated meanwhile (new ciphertext, new data key) would get the old data
 * key back and never decrypt again. A row that changed is read again and redone.
 */
async function writeRewrapped(
  db: Database,
  wrapper: KeyWrapper,
  row: SealedRow,
  rewrapped: SealedSecret,
): Promise<'moved' | 'unchanged' | 'gone'> {
  let current = row;
  let next = rewrapped;
  for (let attempt = 1; attempt <= attemptsPerRow; attempt++) {
    const updated = await db
      .update(providerKeys)
      // Only the wrap changes; the key itself was not edited, so updated_at keeps its value.
      .set({ kekId: next.kekId, wrappedDek: next.wrappedDek, updatedAt: sql`${providerKeys.updatedAt}` })
      .where(
        and(
          eq(providerKeys.id, current.id),
          eq(providerKeys.kekId, current.kekId),
          eq(providerKeys.wrappedDek, current.wrappedDek),
        ),
      )
      .returning({ id: providerKeys.id });
    if (updated.length === 1) return 'moved';

    const [reread] = await db.select(sealedRowColumns).from(providerKeys).where(eq(providerKeys.id, row.id));
    if (reread === undefined) return 'gone';
    const again = await rewrapRow(reread, wrapper);
    if (again === 'unchanged') return 'unchanged';
    current = reread;
    next = again;
  }
  throw new ProviderKeyStoreError('conflict', `provider key ${row.id} kept changing during KEK rotation; run the rotation again`);
}
