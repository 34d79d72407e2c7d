import { createDatabase } from '@switchboard/db';
import { createTestDatabase } from '@switchboard/testkit';
import { describeAdminTokenStore } from './describe-admin-token-store';

describeAdminTokenStore('postgres', async () => {
  const testDatabase = await createTestDatabase();
  // Several connections, so the concurrent-bootstrap test really runs in parallel.
  const database = await createDatabase({ url: testDatabase.url, maxConnections: 4 });
  return {
    database,
    async dispose() {
      await database.close();
      await testDatabase.drop();
    },
  };
});
