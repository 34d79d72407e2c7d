import { createDatabase } from '@switchboard/db';
import { createTestDatabase } from '@switchboard/testkit';
import { describeProviderKeyStore } from './describe-provider-key-store';

describeProviderKeyStore('postgres', async () => {
  const testDatabase = await createTestDatabase();
  const database = await createDatabase({ url: testDatabase.url, maxConnections: 2 });
  return {
    database,
    async dispose() {
      await database.close();
      await testDatabase.drop();
    },
  };
});
