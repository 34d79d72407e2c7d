import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createDatabase } from '@switchboard/db';
import { EnvironmentKeyWrapper } from './environment-key-wrapper';
import { localKekFileName } from './load-or-create-local-kek';
import { ProviderKeyStore } from './provider-key-store';
import { resolveKekRing } from './resolve-kek-ring';
import type { RewrapResult } from './rewrap-provider-keys';
import { rewrapStoredResponses } from './rewrap-stored-responses';
import { VaultError } from './vault-error';

export const defaultDataDirectory = './.data';

export interface RotationResult extends RewrapResult {
  /** The stored Responses API answers, rewrapped the same way. */
  storedResponses: RewrapResult;
}

/**
 * `npm run vault:rotate`: rewraps every provider key's data key, then every live stored
 * response's, under the current KEK (the first one in VAULT_KEK, or in the embedded mode's key
 * file); no secret or response is decrypted. Put the new KEK first and keep the old
 * one after it, run this, then drop the old one. Opens Postgres when DATABASE_URL is set, else
 * the PGlite data under DATA_DIR (default ./.data). Does not migrate.
 */
export async function rotateProviderKeys(
  environment: Readonly<Record<string, string | undefined>> = process.env,
  print: (line: string) => void = console.log,
): Promise<RotationResult> {
  const url = environment.DATABASE_URL || undefined;
  const dataDirectory = environment.DATA_DIR || defaultDataDirectory;
  await refuseToCreateALocalKek(environment, url, dataDirectory);
  const { ring } = await resolveKekRing({ env: environment, dataDirectory, databaseUrlSet: url !== undefined });
  const database = await createDatabase({ url, dataDirectory: join(dataDirectory, 'pglite'), maxConnections: 2 });
  try {
    const wrapper = new EnvironmentKeyWrapper(ring);
    const result = await new ProviderKeyStore(database.db, wrapper).rewrapAll();
    print(`rewrapped ${result.moved} provider keys under KEK ${ring.currentKekId} (${result.unchanged} already current)`);
    // A KEK missing for stored responses fails here, after the provider keys moved: both KEKs are
    // still loaded then, so nothing is lost, and a second run finishes the job.
    const responses = await rewrapStoredResponses(database.db, wrapper);
    print(
      `rewrapped ${responses.moved} stored responses under KEK ${ring.currentKekId} (${responses.unchanged} already current)`,
    );
    return { ...result, storedResponses: responses };
  } finally {
    await database.close();
  }
}

/**
 * resolveKekRing creates the embedded mode's key file when it is missing. A rotation must not:
 * a brand-new KEK unwraps nothing that is stored, and the file would outlive this failed run.
 */
async function refuseToCreateALocalKek(
  environment: Readonly<Record<string, string | undefined>>,
  url: string | undefined,
  dataDirectory: string,
): Promise<void> {
  if (environment.VAULT_KEK || url !== undefined) return;
  const path = join(dataDirectory, localKekFileName);
  try {
    await access(path);
  } catch {
    throw new VaultError(
      'kek_required',
      `no KEK to rotate with: VAULT_KEK is not set and ${path} does not exist (set DATA_DIR to the gateway's data directory, or set VAULT_KEK)`,
    );
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  rotateProviderKeys().catch((error: unknown) => {
    // Vault and database errors name rows and KEK ids, never key material, so the message is safe to show.
    console.error(`vault rotation failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  });
}
