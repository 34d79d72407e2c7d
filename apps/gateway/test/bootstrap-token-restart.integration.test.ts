import { readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { AdminTokenStore } from '@switchboard/access';
import { auditLog, createDatabase } from '@switchboard/db';
import { createTestDatabase } from '@switchboard/testkit';
import { generateKek } from '@switchboard/vault';
import { describe, expect, it } from 'vitest';
import { startSwitchboard } from '../src/app/start-switchboard';
import { FIRST_START_SECRETS_FILE } from '../src/app/write-first-start-secrets';
import { createLogger } from '../src/logging/create-logger';
import { testSettings } from './gateway-harness';
import { startSwitchboardHarness } from './switchboard-harness';

interface AuditRow {
  action: string;
  actor: string;
}

describe('the bootstrap admin token across restarts', () => {
  it('a revoked bootstrap token stays revoked when an instance restarts with the same ADMIN_TOKEN, with a log line and an audit row', async () => {
    const first = await startSwitchboardHarness();
    try {
      const ops = await first.admin<{ token: string }>('POST', '/admin/tokens', { name: 'ops', role: 'admin' });
      expect(ops.status, ops.text).toBe(201);
      const listed = await first.admin<{ data: { id: string; name: string }[] }>('GET', '/admin/tokens');
      const bootstrap = listed.body.data.find((token) => token.name === 'bootstrap')!;
      expect((await first.admin('DELETE', `/admin/tokens/${bootstrap.id}`, undefined, ops.body.token)).status).toBe(200);

      // A restart: a new instance on the same database with the same environment (ADMIN_TOKEN set).
      const restarted = await startSwitchboardHarness({ join: first });
      try {
        expect((await restarted.admin('GET', '/admin/tokens')).status).toBe(401);
        const warning = restarted.logs.find((line) => line.includes('refused_revoked'));
        expect(warning).toBeDefined();
        expect(warning).toContain('stays revoked');
        expect(warning).toContain('set ADMIN_TOKEN to a new value');
        expect(warning).not.toContain(restarted.adminToken);
        const audit = await restarted.admin<{ data: AuditRow[] }>('GET', '/admin/audit', undefined, ops.body.token);
        expect(audit.body.data).toContainEqual(
          expect.objectContaining({ action: 'admin_token.bootstrap_refused_revoked', actor: 'gateway' }),
        );
        expect(audit.body.data).toContainEqual(expect.objectContaining({ action: 'admin_token.bootstrap_created' }));
      } finally {
        await restarted.close();
      }
    } finally {
      await first.close();
    }
  });

  it('with no ADMIN_TOKEN and every admin token revoked, a start puts the new token in the 0600 secrets file, not in the log', async () => {
    const database = await createTestDatabase();
    const directory = join(tmpdir(), `switchboard-bootstrap-${process.pid}-${Date.now()}`);
    const env = { VAULT_KEK: generateKek() };
    const logs: string[] = [];
    const logger = createLogger(
      'info',
      new Writable({
        write(chunk, _encoding, callback) {
          logs.push(chunk.toString());
          callback();
        },
      }),
    );
    const settings = testSettings({ databaseUrl: database.url, dataDirectory: directory });
    try {
      const firstStart = await startSwitchboard({ settings, env, logger });
      const firstToken = firstStart.bootstrapToken!;
      await firstStart.close();
      const handle = await createDatabase({ url: database.url });
      const store = new AdminTokenStore(handle.db);
      for (const token of await store.list()) await store.revoke(token.id);

      const secondStart = await startSwitchboard({ settings, env, logger });
      const secondToken = secondStart.bootstrapToken!;
      await secondStart.close();
      expect(secondToken).toMatch(/^sb_admin_/);
      expect(secondToken).not.toBe(firstToken);
      const path = join(directory, FIRST_START_SECRETS_FILE);
      expect((await stat(path)).mode & 0o777).toBe(0o600);
      expect(await readFile(path, 'utf8')).toContain(`ADMIN_TOKEN=${secondToken}`);
      expect(logs.join('')).not.toContain(secondToken);
      expect(logs.join('')).toContain('generated a bootstrap admin token into the first-start secrets file');
      const rows = (await handle.db.select().from(auditLog)).map((row) => row.action);
      expect(rows.filter((action) => action === 'admin_token.bootstrap_minted')).toHaveLength(2);
      await handle.close();
    } finally {
      await database.drop();
      await rm(directory, { recursive: true, force: true });
    }
  });
});
