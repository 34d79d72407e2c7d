import { createSecretKey, type KeyObject } from 'node:crypto';
import { aesKeyLength } from './aes-256-gcm';
import { kekIdPattern } from './kek-id-pattern';
import { VaultError } from './vault-error';

export interface KekEntry {
  id: string;
  key: Buffer;
}

/**
 * The loaded key-encryption keys: the first one wraps new data keys, all of them unwrap (several
 * are loaded during a rotation). Keys are held as KeyObjects in a private field, so logging or
 * serialising a ring shows ids only, never key bytes.
 */
export class KekRing {
  readonly currentKekId: string;
  readonly #keys: ReadonlyMap<string, KeyObject>;

  private constructor(currentKekId: string, keys: ReadonlyMap<string, KeyObject>) {
    this.currentKekId = currentKekId;
    this.#keys = keys;
  }

  /**
   * Validates and copies the entries (the caller may zero its buffers afterwards). `source`
   * names where they came from in error messages, e.g. `VAULT_KEK`.
   */
  static fromEntries(entries: readonly KekEntry[], source = 'KEK ring'): KekRing {
    const first = entries[0];
    if (first === undefined) throw new VaultError('invalid_kek_configuration', `${source} holds no KEK`);
    const keys = new Map<string, KeyObject>();
    entries.forEach((entry, index) => {
      const position = `${source} entry ${index + 1}`;
      // The id is echoed only once it is known to be a well-formed id rather than pasted key text.
      if (!kekIdPattern.test(entry.id)) {
        throw new VaultError(
          'invalid_kek_configuration',
          `${position}: KEK id must be 1 to 32 characters of letters, digits, '_', '.', '-', starting with a letter or digit`,
        );
      }
      if (entry.key.length !== aesKeyLength) {
        throw new VaultError(
          'invalid_kek_configuration',
          `${position} (KEK "${entry.id}"): key must be ${aesKeyLength} bytes, got ${entry.key.length}`,
        );
      }
      if (keys.has(entry.id)) {
        throw new VaultError('invalid_kek_configuration', `${position}: KEK id "${entry.id}" appears more than once`);
      }
      keys.set(entry.id, createSecretKey(Buffer.from(entry.key)));
    });
    return new KekRing(first.id, keys);
  }

  /** All loaded ids, the current one first. */
  get ids(): string[] {
    return [...this.#keys.keys()];
  }

  has(kekId: string): boolean {
    return this.#keys.has(kekId);
  }

  keyFor(kekId: string): KeyObject | undefined {
    return this.#keys.get(kekId);
  }

  toJSON(): { currentKekId: string; ids: string[] } {
    return { currentKekId: this.currentKekId, ids: this.ids };
  }
}
