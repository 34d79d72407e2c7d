import { randomBytes } from 'node:crypto';
import { aesKeyLength } from './aes-256-gcm';
import { kekIdPattern } from './kek-id-pattern';
import { VaultError } from './vault-error';

/**
 * A fresh KEK as `id:base64key`, ready for VAULT_KEK. The default id carries the date, so an
 * operator can tell which of several loaded KEKs is older.
 */
export function generateKek(id: string = defaultKekId(new Date())): string {
  if (!kekIdPattern.test(id)) {
    throw new VaultError(
      'invalid_input',
      "KEK id must be 1 to 32 characters of letters, digits, '_', '.', '-', starting with a letter or digit",
    );
  }
  return `${id}:${randomBytes(aesKeyLength).toString('base64')}`;
}

function defaultKekId(now: Date): string {
  const date = now.toISOString().slice(0, 10).replaceAll('-', '');
  // The random suffix keeps two KEKs generated on one day distinct.
  return `kek_${date}_${randomBytes(2).toString('hex')}`;
}
