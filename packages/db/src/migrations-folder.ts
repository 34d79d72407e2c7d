import { fileURLToPath } from 'node:url';

/** The committed drizzle-kit output at the repository root, found from this file, not the cwd. */
export const migrationsFolder = fileURLToPath(new URL('../../../migrations', import.meta.url));
