import type { KekRing } from './kek-ring';
import { loadOrCreateLocalKek } from './load-or-create-local-kek';
import { parseKekRing } from './parse-kek-ring';
import { VaultError } from './vault-error';

export interface ResolveKekRingOptions {
  env: Readonly<Record<string, string | undefined>>;
  dataDirectory: string;
  databaseUrlSet: boolean;
}

export type ResolvedKekRing =
  | { ring: KekRing; source: 'environment' }
  | { ring: KekRing; source: 'local-file'; path: string; created: boolean };

/**
 * Where the KEKs come from: VAULT_KEK when set; otherwise, in the embedded mode only, a local
 * key file. With a shared database a local file would tie every secret to one machine's disk,
 * so that case is refused. An empty VAULT_KEK counts as unset (compose files pass `VAULT_KEK=`).
 */
export async function resolveKekRing(options: ResolveKekRingOptions): Promise<ResolvedKekRing> {
  const value = options.env.VAULT_KEK;
  if (value !== undefined && value !== '') return { ring: parseKekRing(value, 'VAULT_KEK'), source: 'environment' };
  if (options.databaseUrlSet) {
    throw new VaultError(
      'kek_required',
      'VAULT_KEK must be set when DATABASE_URL is set: provider keys in a shared database cannot depend on a key file ' +
        'on one machine. Generate a key with `openssl rand -base64 32` and set VAULT_KEK=<id>:<that base64>, ' +
        'for example VAULT_KEK="kek_1:$(openssl rand -base64 32)". Keep it safe: losing it loses every stored provider key.',
    );
  }
  const local = await loadOrCreateLocalKek(options.dataDirectory);
  return { ring: local.ring, source: 'local-file', path: local.path, created: local.created };
}
