import { randomBytes } from 'node:crypto';
import { link, mkdir, open, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { generateKek } from './generate-kek';
import type { KekRing } from './kek-ring';
import { parseKekRing } from './parse-kek-ring';

export const localKekFileName = 'vault-kek';

export interface LocalKek {
  ring: KekRing;
  /** True when this call generated the file: the caller should warn that the key lives on disk. */
  created: boolean;
  path: string;
}

/**
 * The embedded mode's KEK: `<dataDirectory>/vault-kek`, mode 0600, in VAULT_KEK's own format so
 * an operator can move it into the environment as it is. An existing file is never overwritten:
 * replacing it would make every sealed secret unreadable.
 */
export async function loadOrCreateLocalKek(dataDirectory: string): Promise<LocalKek> {
  const path = join(dataDirectory, localKekFileName);
  const existing = await readIfExists(path);
  if (existing !== undefined) return { ring: parseKekRing(existing.trim(), path), created: false, path };

  await mkdir(dataDirectory, { recursive: true, mode: 0o700 });
  const created = await createExclusively(dataDirectory, path, `${generateKek()}\n`);
  const content = await readFile(path, 'utf8');
  return { ring: parseKekRing(content.trim(), path), created, path };
}

async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if (isErrorCode(error, 'ENOENT')) return undefined;
    throw error;
  }
}

/**
 * Writes a complete, synced temporary file and hard-links it into place: link fails if the target
 * exists, so two processes starting at once cannot both create a key, and nobody ever reads a
 * half-written one. Returns false when another process won.
 */
async function createExclusively(directory: string, path: string, content: string): Promise<boolean> {
  const temporaryPath = join(directory, `.${localKekFileName}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const handle = await open(temporaryPath, 'wx', 0o600);
    try {
      // The mode passed to open is reduced by the umask; set it exactly.
      await handle.chmod(0o600);
      await handle.writeFile(content, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await link(temporaryPath, path);
    return true;
  } catch (error) {
    if (isErrorCode(error, 'EEXIST')) return false;
    throw error;
  } finally {
    await rm(temporaryPath, { force: true });
  }
}

function isErrorCode(error: unknown, code: string): boolean {
  return error instanceof Error && 'code' in error && error.code === code;
}
