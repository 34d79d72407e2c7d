import { createDatabase, type Database } from '@switchboard/db';
import { describe, expect, it } from 'vitest';
import { AdminTokenStore } from './admin-token-store';
import { describeAdminTokenStore } from './describe-admin-token-store';

describeAdminTokenStore('pglite', async () => {
  const database = await createDatabase({ inMemory: true });
  return { database, dispose: () => database.close() };
});

describe('AdminTokenStore.verify', () => {
  it('refuses malformed tokens before any query', async () => {
    const touched: string[] = [];
    // Any use of the database records what was touched and fails.
    const database = new Proxy({} as Database, {
      get(_target, property) {
        touched.push(String(property));
        throw new Error('the database must not be used');
      },
    });
    const store = new AdminTokenStore(database);
    for (const presented of ['', 'Bearer', 'sb_admin_short', `sb_admin_${'x'.repeat(42)}!`, 'sk-not-an-admin-token']) {
      expect(await store.verify(presented)).toBeUndefined();
    }
    expect(touched).toEqual([]);
  });
});
