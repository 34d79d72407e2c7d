import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { firstStartNotice } from './first-start-notice';
import { FIRST_START_SECRETS_FILE, writeFirstStartSecrets } from './write-first-start-secrets';

const KEY = 'sb_live_first_key_for_the_test';
const TOKEN = 'sb_admin_generated_token_for_the_test';

describe('first-start secrets', () => {
  const directories: string[] = [];
  afterEach(async () => {
    for (const directory of directories.splice(0)) await rm(directory, { recursive: true, force: true });
  });

  it('writes them to a 0600 file in a 0700 directory it creates, appending rather than replacing', async () => {
    const parent = await mkdtemp(join(tmpdir(), 'switchboard-secrets-'));
    directories.push(parent);
    const dataDirectory = join(parent, 'data');
    const path = await writeFirstStartSecrets(dataDirectory, { firstApiKey: KEY, bootstrapToken: TOKEN });
    expect(path).toBe(join(dataDirectory, FIRST_START_SECRETS_FILE));
    expect((await stat(dataDirectory)).mode & 0o777).toBe(0o700);
    expect((await stat(path!)).mode & 0o777).toBe(0o600);
    await writeFirstStartSecrets(dataDirectory, { firstApiKey: undefined, bootstrapToken: 'sb_admin_second' });
    const text = await readFile(path!, 'utf8');
    expect(text).toContain(`FIRST_GATEWAY_KEY=${KEY}`);
    expect(text).toContain(`ADMIN_TOKEN=${TOKEN}`);
    expect(text).toContain('ADMIN_TOKEN=sb_admin_second');
  });

  it('writes nothing when the start generated nothing', async () => {
    expect(await writeFirstStartSecrets('/nonexistent/never', { firstApiKey: undefined, bootstrapToken: undefined })).toBe(
      undefined,
    );
  });

  it('prints the secrets only to a terminal; elsewhere only where they are', () => {
    const notice = { url: 'http://127.0.0.1:8080', firstApiKey: KEY, bootstrapToken: TOKEN, secretsPath: '/data/x.txt' };
    const terminal = firstStartNotice(notice, true);
    expect(terminal).toContain(KEY);
    expect(terminal).toContain(TOKEN);
    const log = firstStartNotice(notice, false);
    expect(log).not.toContain(KEY);
    expect(log).not.toContain(TOKEN);
    expect(log).toContain('/data/x.txt');
    expect(log).toContain('a gateway key and an admin token');
    expect(firstStartNotice({ ...notice, firstApiKey: undefined, bootstrapToken: undefined }, true)).toBe('');
  });
});
