import type { CatalogProvider } from '@switchboard/protocol';
import type { ProviderKeyStore } from '@switchboard/vault';
import type { Logger } from 'pino';

/**
 * Keys named by a provider's `apiKeyEnv` are imported into the vault as a key named
 * `env:<VARIABLE>`, idempotently: created when missing, rotated when the variable changed,
 * left alone when an admin revoked it.
 */
export async function importEnvironmentKeys(
  providers: CatalogProvider[],
  env: NodeJS.ProcessEnv,
  store: ProviderKeyStore,
  logger: Logger,
): Promise<{ created: number; rotated: number }> {
  let created = 0;
  let rotated = 0;
  for (const provider of providers) {
    const variable = provider.apiKeyEnv;
    const secret = variable ? env[variable] : undefined;
    if (!variable || !secret) continue;
    const name = `env:${variable}`;
    const existing = (await store.list(provider.id)).find((key) => key.name === name);
    if (!existing) {
      await store.create(provider.id, name, secret);
      created++;
    } else if (existing.status === 'revoked') {
      logger.warn({ provider: provider.id, key: name }, `${variable} is set but its vault key was revoked; not re-importing it`);
    } else if ((await store.openSecret(provider.id, existing.id)) !== secret) {
      await store.rotate(provider.id, existing.id, secret);
      rotated++;
    }
  }
  return { created, rotated };
}
