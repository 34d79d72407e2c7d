import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The committed drizzle-kit output at the repository root, found from this file, not the cwd. The
 * nearest ancestor holding `migrations/meta/_journal.json` wins, so the same lookup works from
 * packages/db/src (tsx) and from a production bundle in dist/ (see infra/build-production.mjs).
 */
export function findMigrationsFolder(moduleUrl: string): string {
  const start = dirname(fileURLToPath(moduleUrl));
  for (let directory = start; ; directory = dirname(directory)) {
    const candidate = join(directory, 'migrations');
    if (existsSync(join(candidate, 'meta', '_journal.json'))) return candidate;
    if (dirname(directory) === directory) break;
  }
  // Nothing found: name where the sources expect it, so the error message points somewhere useful.
  return fileURLToPath(new URL('../../../migrations', moduleUrl));
}

export const migrationsFolder = findMigrationsFolder(import.meta.url);
