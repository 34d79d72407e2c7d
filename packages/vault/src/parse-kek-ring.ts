import { decodeStrictBase64 } from './decode-strict-base64';
import { type KekEntry, KekRing } from './kek-ring';
import { VaultError } from './vault-error';

const expectedFormat = 'id:base64key[,id:base64key...], e.g. kek_2025:$(openssl rand -base64 32)';

/**
 * Parses `VAULT_KEK`: `id:base64key`, comma-separated during a rotation with the newest first.
 * Errors point at entries by position and never quote the value, since it may be key material.
 */
export function parseKekRing(value: string, source = 'VAULT_KEK'): KekRing {
  if (value.trim() === '') {
    throw new VaultError('invalid_kek_configuration', `${source} is empty; expected ${expectedFormat}`);
  }
  const entries = value.split(',').map((rawEntry, index) => parseEntry(rawEntry.trim(), `${source} entry ${index + 1}`));
  try {
    return KekRing.fromEntries(entries, source);
  } finally {
    for (const entry of entries) entry.key.fill(0);
  }
}

function parseEntry(entry: string, position: string): KekEntry {
  if (entry === '') {
    throw new VaultError('invalid_kek_configuration', `${position} is empty; expected ${expectedFormat}`);
  }
  const colon = entry.indexOf(':');
  if (colon === -1) {
    throw new VaultError('invalid_kek_configuration', `${position} is not of the form id:base64key`);
  }
  const key = decodeStrictBase64(entry.slice(colon + 1));
  if (key === undefined) {
    throw new VaultError(
      'invalid_kek_configuration',
      `${position}: key is not valid base64 (standard alphabet with padding, as printed by openssl rand -base64 32)`,
    );
  }
  return { id: entry.slice(0, colon), key };
}
