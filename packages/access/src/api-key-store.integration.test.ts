import { createDatabase } from '@switchboard/db';
import { createTestDatabase } from '@switchboard/testkit';
import { describeApiKeyStore } from './describe-api-key-store';

describeApiKeyStore('postgres', async () => {
  const testDatabase = await createTestDatabase();
  const database = await createDatabase({ url: testDatabase.url, maxConnections: 4 });
  return {
    database,
    async dispose() {
      await database.close();
      await testDatabase.drop();
    },
  };
});
